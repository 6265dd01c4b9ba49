/**
 * The party organisation commands and their decider: the divisions and the organisations are rebuilt
 * as of the decision's date, each change becomes an event applied with the rules checked (see
 * model.ts), and every later event is applied again on top — a backdated change that contradicts a
 * later one is refused, naming it and its document.
 *
 * Organisations are recorded on the county's division registry stream: "serves a live division of
 * its parent's" and "organisations merge where their divisions have merged" are rules across the
 * registry and the organisations, and a decider sees only its own stream — so the check and the
 * append are atomic. Party decisions are rare (a few a year), like division changes.
 */
import {
  InvariantViolation,
  defineCommand,
  timelineDecider,
  type Decider,
  type Timeline,
  type TimelineHistory,
} from '@xianzhi/kernel';
import type { z } from 'zod';
import { findPlace } from '@xianzhi/divisions-contract';
import { registryStream } from '../divisions/adjustment';
import { eachChange } from '../command-kit';
import {
  partyEvent,
  partyOrganisationDissolved,
  partyOrganisationEstablished,
  partyOrganisationReassigned,
  partyOrganisationReattached,
  partyOrganisationRenamed,
  partyOrganisationRetyped,
  partyOrganisationsMerged,
  partySecretaryPostLinked,
} from './events';
import {
  changePartyOrganisationTypeInput,
  dissolvePartyOrganisationInput,
  establishPartyOrganisationsInput,
  linkPartySecretaryInput,
  mergePartyOrganisationsInput,
  recordPartyDecisionInput,
  type PartyChange,
  type PartyDecision,
} from './inputs';
import { applyPartyEvent, childrenOf, emptyPartyState, servedUnit, type PartyState } from './model';

function decide(decision: PartyDecision, { state, history, emit }: Timeline<PartyState>): void {
  const used = new Set(
    history.flatMap((e) =>
      partyEvent.is(e) && e.type === 'party.organisation-established' ? [e.data.orgId] : [],
    ),
  );
  let n = used.size;
  const nextId = () => {
    let id: string;
    do id = `party-${decision.countyCode}-${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  /** A division named by code is stored by id (a group, which has no code, by its id). */
  const division = (ref: string) => findPlace(state.divisions, ref)?.id ?? ref;
  const org = (id: string) => state.organisations.get(id);

  const apply = (c: PartyChange): void => {
    switch (c.op) {
      case 'establish': {
        const { op: _op, orgId, divisionId, parentId, secretaryPostId, ...rest } = c;
        const id = orgId ?? nextId();
        used.add(id);
        emit(
          partyOrganisationEstablished.create({
            orgId: id,
            countyCode: decision.countyCode,
            ...rest,
            divisionId: division(divisionId),
            ...(parentId === undefined ? {} : { parentId }),
            ...(secretaryPostId === undefined ? {} : { secretaryPostId }),
          }),
        );
        return;
      }
      case 'retype':
        emit(
          partyOrganisationRetyped.create({
            orgId: c.orgId,
            type: c.type,
            previousType: org(c.orgId)?.type ?? c.type,
            ...(c.name === undefined ? {} : { name: c.name }),
          }),
        );
        return;
      case 'rename': {
        const previous = org(c.orgId)?.name;
        if (previous === c.name)
          throw new InvariantViolation(`party organisation ${c.orgId} is already named ${c.name}`, {
            orgId: c.orgId,
            path: ['name'],
          });
        emit(
          partyOrganisationRenamed.create({ orgId: c.orgId, name: c.name, previousName: previous ?? c.name }),
        );
        return;
      }
      case 'reattach':
        emit(
          partyOrganisationReattached.create({
            orgId: c.orgId,
            parentId: c.parentId,
            previousParentId: org(c.orgId)?.parentId ?? c.parentId,
          }),
        );
        return;
      case 'reassign': {
        const id = division(c.divisionId);
        emit(
          partyOrganisationReassigned.create({
            orgId: c.orgId,
            divisionId: id,
            previousDivisionId: org(c.orgId)?.divisionId ?? id,
          }),
        );
        return;
      }
      case 'merge': {
        const sources = [...new Set(c.sources)];
        // the sources' live children move to the target (recorded, like a divisions merger's moves)
        const moves = sources.flatMap((from) =>
          org(from)
            ? childrenOf(state, from).map((child) => {
                const unit = servedUnit(state.divisions, child.divisionId);
                return unit?.ended === undefined
                  ? { orgId: child.id, from }
                  : { orgId: child.id, from, divisionId: unit.id };
              })
            : [],
        );
        emit(partyOrganisationsMerged.create({ sourceIds: sources, targetId: c.into, moves }));
        return;
      }
      case 'dissolve':
        emit(
          partyOrganisationDissolved.create({ orgId: c.orgId, ...(c.reason ? { reason: c.reason } : {}) }),
        );
        return;
      case 'link-secretary':
        emit(partySecretaryPostLinked.create({ orgId: c.orgId, postId: c.postId }));
        return;
    }
  };
  eachChange('changes', decision.changes, apply);
}

/** A backdated division merger may leave later organisations inconsistent: that blocks no unrelated decision. */
const decisionDecider = timelineDecider({ initialState: emptyPartyState, apply: applyPartyEvent }, decide, {
  noun: 'party decision',
  recheck: 'new-conflicts',
});

/** A decider for one party command: `toDecision` turns its input into a decision. */
export function partyDecider<Command>(
  toDecision: (command: Command) => PartyDecision,
): Decider<TimelineHistory, Command> {
  return {
    ...decisionDecider,
    decide: (command, history) => decisionDecider.decide(toDecision(command), history),
  };
}

type Base = Pick<PartyDecision, 'countyCode' | 'effectiveAt' | 'authority'>;

function command<Schema extends z.ZodType<Base>>(
  name: string,
  input: Schema,
  toChanges: (rest: Omit<z.output<Schema>, keyof Base>) => PartyChange[],
) {
  return defineCommand({
    name,
    input,
    stream: (i: z.output<Schema>) => registryStream(i.countyCode),
    decider: partyDecider((i: z.output<Schema>) => {
      const { countyCode, effectiveAt, authority, ...rest } = i;
      return { countyCode, effectiveAt, ...(authority ? { authority } : {}), changes: toChanges(rest) };
    }),
  });
}

export const recordPartyDecision = command('recordPartyDecision', recordPartyDecisionInput, (c) => c.changes);
export const establishPartyOrganisations = command(
  'establishPartyOrganisations',
  establishPartyOrganisationsInput,
  (c) => c.organisations.map((o) => ({ op: 'establish' as const, ...o })),
);
export const changePartyOrganisationType = command(
  'changePartyOrganisationType',
  changePartyOrganisationTypeInput,
  (c) => [{ op: 'retype', ...c }],
);
export const mergePartyOrganisations = command(
  'mergePartyOrganisations',
  mergePartyOrganisationsInput,
  (c) => [{ op: 'merge', ...c }],
);
export const dissolvePartyOrganisation = command(
  'dissolvePartyOrganisation',
  dissolvePartyOrganisationInput,
  (c) => [{ op: 'dissolve', ...c }],
);
export const linkPartySecretary = command('linkPartySecretary', linkPartySecretaryInput, (c) => [
  { op: 'link-secretary', ...c },
]);

export const partyCommands = {
  recordPartyDecision,
  establishPartyOrganisations,
  changePartyOrganisationType,
  mergePartyOrganisations,
  dissolvePartyOrganisation,
  linkPartySecretary,
};
