/**
 * The party organisations state (folded from the county's registry stream: the divisions, groups
 * included, and the organisations) and the one function that applies an event to it, with or
 * without the rules — shared by the decider and the read model.
 *
 * Rules, as of each event's date:
 * - every organisation but a township committee has a live parent organisation that ranks above it
 *   (党委 > 党总支 > 党支部), and a village's committee hangs under a township committee;
 * - it serves a live division of the level its kind serves, inside its parent's division;
 * - a township has one township committee, a village one party organisation of its own (the one
 *   under the township committee) at a time;
 * - a merger's sources serve the target's division (after the divisions merged) and rank no higher;
 * - an organisation with live children is neither dissolved nor downgraded below them.
 *
 * What an organisation serves follows the divisions: from a merger's date, an organisation of a
 * merged village serves the surviving village (and counts in its township).
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import {
  countyCodeOf,
  currentGroup,
  currentPlace,
  describePlace,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { partyEvent } from './events';
import { PARTY_ORG_RANK, PARTY_ORG_TYPE_LABEL, SERVES, type PartyOrgType } from './vocabulary';

export interface PartyOrganisation {
  id: string;
  countyCode: string;
  name: string;
  type: PartyOrgType;
  /** The division as recorded; what it serves now follows the divisions (see `servedUnit`). */
  divisionId: string;
  parentId?: string;
  secretaryPostId?: string;
  establishedAt: string;
  documentNo?: string;
  ended?: { on: string; how: 'merged' | 'dissolved'; intoId?: string; documentNo?: string };
}

export interface PartyState {
  /** The divisions, groups included (branches are set up on villager groups). */
  divisions: DivisionIndex;
  organisations: Map<string, PartyOrganisation>;
}

export const emptyPartyState = (): PartyState => ({
  divisions: emptyDivisionIndex({ groups: true }),
  organisations: new Map(),
});

/** What an organisation serves on the fold's date: the live division its recorded one carries on as. */
export interface ServedUnit {
  id: string;
  name: string;
  /** 一村（510799101201）: its name and code (a group: its village's name and its own, and its id). */
  label: string;
  level: 'township' | 'village' | 'group';
  /** The village itself, or a group's village. */
  villageId?: string;
  townshipId?: string;
  /** Why the recorded division can take no new organisation (it has ended), if it has. */
  ended?: string;
}

export function servedUnit(divisions: DivisionIndex, divisionId: string): ServedUnit | undefined {
  const group = divisions.groups?.get(divisionId);
  if (group) {
    const now = currentGroup(divisions, divisionId) ?? group;
    const village = currentPlace(divisions, now.parentId);
    const township = village?.parentId === undefined ? undefined : currentPlace(divisions, village.parentId);
    const name = village ? `${village.name}${now.name}` : now.name;
    return {
      id: now.id,
      name,
      label: `${name}（${now.id}）`,
      level: 'group',
      ...(village ? { villageId: village.id } : {}),
      ...(township ? { townshipId: township.id } : {}),
      ...(group.ended
        ? { ended: `group ${group.name}（${group.id}） was merged into ${now.id} on ${group.ended.on}` }
        : {}),
    };
  }
  const recorded = findPlace(divisions, divisionId);
  if (!recorded || recorded.level === 'county') return undefined;
  const place = currentPlace(divisions, divisionId) ?? recorded;
  const ended = endedReason(divisions, recorded);
  const label = describePlace(place);
  if (place.level === 'township')
    return {
      id: place.id,
      name: place.name,
      label,
      level: 'township',
      townshipId: place.id,
      ...(ended ? { ended } : {}),
    };
  const township = place.parentId === undefined ? undefined : currentPlace(divisions, place.parentId);
  return {
    id: place.id,
    name: place.name,
    label,
    level: 'village',
    villageId: place.id,
    ...(township ? { townshipId: township.id } : {}),
    ...(ended ? { ended } : {}),
  };
}

export const describeOrganisation = (o: Pick<PartyOrganisation, 'id' | 'name' | 'type'>): string =>
  `${PARTY_ORG_TYPE_LABEL[o.type].zh} ${o.name}（${o.id}）`;

const withDoc = (date: string, doc?: string) => (doc ? `${date} (${doc})` : date);

/** The live organisations whose parent is `id`. */
export function childrenOf(state: PartyState, id: string): PartyOrganisation[] {
  const out: PartyOrganisation[] = [];
  for (const o of state.organisations.values()) if (o.parentId === id && o.ended === undefined) out.push(o);
  return out;
}

/** A village's own party organisation (村党组织): the live one serving it under a township committee. */
export function isVillageTop(state: PartyState, o: PartyOrganisation): boolean {
  const parent = o.parentId === undefined ? undefined : state.organisations.get(o.parentId);
  return o.type !== 'township-committee' && parent?.type === 'township-committee';
}

function live(state: PartyState, id: string, at: string, field = 'orgId'): PartyOrganisation {
  const o = state.organisations.get(id);
  if (!o)
    throw new InvariantViolation(`no party organisation ${id} exists as of ${at}`, {
      orgId: id,
      path: [field],
    });
  if (o.ended) {
    const into = o.ended.intoId ? state.organisations.get(o.ended.intoId) : undefined;
    const how =
      o.ended.how === 'merged'
        ? `was merged into ${into ? describeOrganisation(into) : o.ended.intoId}`
        : 'was dissolved';
    throw new InvariantViolation(
      `${describeOrganisation(o)} ${how} on ${withDoc(o.ended.on, o.ended.documentNo)}`,
      { orgId: id, path: [field] },
    );
  }
  return o;
}

function serves(
  state: PartyState,
  o: Pick<PartyOrganisation, 'type' | 'divisionId' | 'name'>,
  at: string,
): ServedUnit {
  const unit = servedUnit(state.divisions, o.divisionId);
  if (!unit)
    throw new InvariantViolation(
      `no township, village or group ${o.divisionId} exists as of ${at}; ${o.name} must serve one`,
      { divisionId: o.divisionId, path: ['divisionId'] },
    );
  if (unit.ended)
    throw new InvariantViolation(`${unit.ended}; ${o.name} cannot serve it on ${at}`, {
      divisionId: o.divisionId,
      path: ['divisionId'],
    });
  if (!SERVES[o.type].includes(unit.level)) {
    const levels = SERVES[o.type]
      .map((l) => ({ township: '乡镇', village: '村（社区）', group: '村民小组' })[l])
      .join('或');
    throw new InvariantViolation(
      `${unit.label} is a ${unit.level}; a ${PARTY_ORG_TYPE_LABEL[o.type].zh} serves a ${levels}`,
      { divisionId: o.divisionId, path: ['divisionId'] },
    );
  }
  return unit;
}

/** Whether `child` (what an organisation serves) lies in `parent` (what its parent serves), on the fold's date. */
function inside(child: ServedUnit, parent: ServedUnit): boolean {
  if (parent.level === 'township') return child.townshipId === parent.id;
  if (parent.level === 'village') return child.villageId === parent.id;
  return child.id === parent.id;
}

function checkParent(
  state: PartyState,
  o: Pick<PartyOrganisation, 'id' | 'type' | 'name' | 'divisionId'>,
  parentId: string | undefined,
  unit: ServedUnit,
  at: string,
): void {
  const label = PARTY_ORG_TYPE_LABEL[o.type].zh;
  if (o.type === 'township-committee') {
    if (parentId !== undefined)
      throw new InvariantViolation(
        `a township committee (${o.name}) has no parent organisation in the county's tree; leave parentId out`,
        { path: ['parentId'] },
      );
    return;
  }
  if (parentId === undefined) {
    throw new InvariantViolation(
      `a ${label} (${o.name}) cannot exist without a parent organisation; name its parentId (the township committee, village committee or general branch it belongs to)`,
      {
        path: ['parentId'],
      },
    );
  }
  const parent = live(state, parentId, at, 'parentId');
  if (parent.id === o.id)
    throw new InvariantViolation(`${describeOrganisation(parent)} cannot be its own parent`, {
      orgId: o.id,
      path: ['parentId'],
    });
  for (
    let p: PartyOrganisation | undefined = parent, hops = 0;
    p && hops < 64;
    p = p.parentId === undefined ? undefined : state.organisations.get(p.parentId), hops++
  ) {
    if (p.id === o.id)
      throw new InvariantViolation(
        `${describeOrganisation(parent)} lies under ${o.name}; an organisation cannot hang under its own child`,
        { orgId: o.id, path: ['parentId'] },
      );
  }
  if (PARTY_ORG_RANK[parent.type] <= PARTY_ORG_RANK[o.type]) {
    throw new InvariantViolation(
      `a ${label} (${o.name}) cannot hang under ${describeOrganisation(parent)}: a parent ranks above its children (党委 > 党总支 > 党支部)`,
      { orgId: o.id, path: ['parentId'] },
    );
  }
  if (o.type === 'village-committee' && parent.type !== 'township-committee') {
    throw new InvariantViolation(
      `a village party committee (${o.name}) hangs under a township committee, not under ${describeOrganisation(parent)}`,
      { orgId: o.id, path: ['parentId'] },
    );
  }
  const parentUnit = servedUnit(state.divisions, parent.divisionId);
  if (!parentUnit || !inside(unit, parentUnit)) {
    throw new InvariantViolation(
      `${unit.label} does not lie in ${parentUnit ? parentUnit.label : parent.divisionId}, which ${describeOrganisation(parent)} serves, as of ${at}`,
      { orgId: o.id, path: ['divisionId'] },
    );
  }
  if (parent.type === 'township-committee') checkOneTop(state, o.id, unit, at);
}

function checkOneTop(state: PartyState, orgId: string, unit: ServedUnit, at: string): void {
  for (const other of state.organisations.values()) {
    if (other.id === orgId || other.ended || !isVillageTop(state, other)) continue;
    // one serving a village that has merged into this one waits for its own merger: it does not count
    const served = servedUnit(state.divisions, other.divisionId);
    if (served?.id === unit.id && served.ended === undefined) {
      throw new InvariantViolation(
        `${unit.label} already has its party organisation ${describeOrganisation(other)} since ${withDoc(other.establishedAt, other.documentNo)}; a village has one at a time — merge, upgrade or attach a new one under it (as of ${at})`,
        { orgId, existing: other.id, path: ['divisionId'] },
      );
    }
  }
}

function checkChildrenRank(state: PartyState, o: PartyOrganisation, type: PartyOrgType): void {
  const blocking = childrenOf(state, o.id).filter((c) => PARTY_ORG_RANK[c.type] >= PARTY_ORG_RANK[type]);
  if (blocking.length > 0) {
    throw new InvariantViolation(
      `${describeOrganisation(o)} cannot become a ${PARTY_ORG_TYPE_LABEL[type].zh}: ${blocking.map(describeOrganisation).join('、')} would no longer rank below it — attach them elsewhere first`,
      { orgId: o.id, path: ['type'] },
    );
  }
}

/**
 * Applies one event of the registry stream (divisions and party; others are skipped). With `check`,
 * throws an InvariantViolation before changing anything when the event breaks a rule as of its date.
 */
export function applyPartyEvent(state: PartyState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !partyEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  const documentNo = event.metadata.authority?.documentNo;
  switch (event.type) {
    case 'party.organisation-established': {
      const { orgId, parentId, secretaryPostId, ...rest } = event.data;
      if (check) {
        const existing = state.organisations.get(orgId);
        if (existing)
          throw new InvariantViolation(
            `${describeOrganisation(existing)} already exists (established on ${existing.establishedAt}); an organisation id is never reused`,
            { orgId, path: ['orgId'] },
          );
        const unit = serves(state, { ...event.data, name: rest.name }, at);
        const place = findPlace(state.divisions, unit.townshipId ?? unit.id);
        if (place && countyCodeOf(state.divisions, place) !== rest.countyCode) {
          throw new InvariantViolation(`${describePlace(place)} is not in county ${rest.countyCode}`, {
            divisionId: rest.divisionId,
            path: ['divisionId'],
          });
        }
        if (rest.type === 'township-committee') {
          for (const other of state.organisations.values()) {
            if (
              other.ended === undefined &&
              other.type === 'township-committee' &&
              servedUnit(state.divisions, other.divisionId)?.id === unit.id
            ) {
              throw new InvariantViolation(
                `${unit.label} already has ${describeOrganisation(other)} since ${withDoc(other.establishedAt, other.documentNo)}; a township has one party committee`,
                {
                  orgId,
                  existing: other.id,
                  path: ['divisionId'],
                },
              );
            }
          }
        }
        checkParent(
          state,
          { id: orgId, type: rest.type, name: rest.name, divisionId: rest.divisionId },
          parentId,
          unit,
          at,
        );
      }
      state.organisations.set(orgId, {
        id: orgId,
        ...rest,
        ...(parentId === undefined ? {} : { parentId }),
        ...(secretaryPostId === undefined ? {} : { secretaryPostId }),
        establishedAt: at,
        ...(documentNo === undefined ? {} : { documentNo }),
      });
      return;
    }
    case 'party.organisation-retyped': {
      const d = event.data;
      const o = check ? live(state, d.orgId, at) : state.organisations.get(d.orgId);
      if (!o) return;
      if (check) {
        if (o.type === d.type)
          throw new InvariantViolation(
            `${describeOrganisation(o)} is already a ${PARTY_ORG_TYPE_LABEL[d.type].zh}`,
            { orgId: o.id, path: ['type'] },
          );
        if (o.type === 'township-committee' || d.type === 'township-committee') {
          throw new InvariantViolation(
            `a township committee is neither upgraded to nor downgraded from; ${describeOrganisation(o)} cannot become a ${PARTY_ORG_TYPE_LABEL[d.type].zh}`,
            { orgId: o.id, path: ['type'] },
          );
        }
        const unit = serves(state, { ...o, type: d.type }, at);
        checkParent(state, { ...o, type: d.type }, o.parentId, unit, at);
        checkChildrenRank(state, o, d.type);
      }
      o.type = d.type;
      if (d.name !== undefined) o.name = d.name;
      return;
    }
    case 'party.organisation-renamed': {
      const o = check ? live(state, event.data.orgId, at) : state.organisations.get(event.data.orgId);
      if (o) o.name = event.data.name;
      return;
    }
    case 'party.organisation-reattached': {
      const d = event.data;
      const o = check ? live(state, d.orgId, at) : state.organisations.get(d.orgId);
      if (!o) return;
      if (check) {
        if (o.parentId === d.parentId)
          throw new InvariantViolation(`${describeOrganisation(o)} already belongs to ${d.parentId}`, {
            orgId: o.id,
            path: ['parentId'],
          });
        checkParent(state, o, d.parentId, serves(state, o, at), at);
      }
      o.parentId = d.parentId;
      return;
    }
    case 'party.organisation-reassigned': {
      const d = event.data;
      const o = check ? live(state, d.orgId, at) : state.organisations.get(d.orgId);
      if (!o) return;
      if (check) {
        const moved = { ...o, divisionId: d.divisionId };
        const unit = serves(state, moved, at);
        if (
          unit.id === servedUnit(state.divisions, o.divisionId)?.id &&
          !servedUnit(state.divisions, o.divisionId)?.ended
        ) {
          throw new InvariantViolation(`${describeOrganisation(o)} already serves ${unit.label}`, {
            orgId: o.id,
            path: ['divisionId'],
          });
        }
        checkParent(state, moved, o.parentId, unit, at);
        for (const child of childrenOf(state, o.id)) {
          const childUnit = servedUnit(state.divisions, child.divisionId);
          if (!childUnit || !inside(childUnit, unit)) {
            throw new InvariantViolation(
              `${describeOrganisation(child)} serves ${childUnit?.label ?? child.divisionId}, outside ${unit.label}; attach it elsewhere first`,
              { orgId: o.id, path: ['divisionId'] },
            );
          }
        }
      }
      o.divisionId = d.divisionId;
      return;
    }
    case 'party.organisations-merged': {
      const d = event.data;
      const target = check ? live(state, d.targetId, at, 'into') : state.organisations.get(d.targetId);
      if (!target) return;
      if (check) {
        const targetUnit = serves(state, target, at);
        for (const sourceId of d.sourceIds) {
          if (sourceId === d.targetId)
            throw new InvariantViolation(`${describeOrganisation(target)} cannot merge into itself`, {
              orgId: sourceId,
              path: ['sources'],
            });
          const source = live(state, sourceId, at, 'sources');
          if (PARTY_ORG_RANK[source.type] > PARTY_ORG_RANK[target.type]) {
            throw new InvariantViolation(
              `${describeOrganisation(source)} cannot merge into ${describeOrganisation(target)}, which ranks below it; upgrade the target first`,
              { orgId: sourceId, path: ['sources'] },
            );
          }
          const unit = servedUnit(state.divisions, source.divisionId);
          if (!unit || !inside(unit, targetUnit)) {
            throw new InvariantViolation(
              `${describeOrganisation(source)} serves ${unit ? unit.label : source.divisionId}, which does not lie in ${targetUnit.label} as of ${at}; ` +
                'organisations merge where their divisions have merged — record the divisions merger first',
              { orgId: sourceId, path: ['sources'] },
            );
          }
        }
        for (const m of d.moves) {
          const child = live(state, m.orgId, at, 'sources');
          if (PARTY_ORG_RANK[child.type] >= PARTY_ORG_RANK[target.type]) {
            throw new InvariantViolation(
              `${describeOrganisation(child)} of ${m.from} cannot move under ${describeOrganisation(target)}, which does not rank above it; upgrade the target first`,
              {
                orgId: child.id,
                path: ['into'],
              },
            );
          }
          const unit = servedUnit(state.divisions, child.divisionId);
          if (!unit || !inside(unit, targetUnit)) {
            throw new InvariantViolation(
              `${describeOrganisation(child)} of ${m.from} serves ${unit ? unit.label : child.divisionId}, outside ${targetUnit.label}; attach it to an organisation there first`,
              { orgId: child.id, path: ['into'] },
            );
          }
        }
      }
      for (const sourceId of d.sourceIds) {
        const source = state.organisations.get(sourceId);
        if (source)
          source.ended = {
            on: at,
            how: 'merged',
            intoId: d.targetId,
            ...(documentNo === undefined ? {} : { documentNo }),
          };
      }
      for (const m of d.moves) {
        const child = state.organisations.get(m.orgId);
        if (!child) continue;
        child.parentId = d.targetId;
        if (m.divisionId !== undefined) child.divisionId = m.divisionId;
      }
      return;
    }
    case 'party.organisation-dissolved': {
      const o = check ? live(state, event.data.orgId, at) : state.organisations.get(event.data.orgId);
      if (!o) return;
      if (check) {
        const children = childrenOf(state, o.id);
        if (children.length > 0) {
          throw new InvariantViolation(
            `${describeOrganisation(o)} still has ${children.map(describeOrganisation).join('、')}; dissolve them or attach them elsewhere first`,
            { orgId: o.id, path: ['orgId'] },
          );
        }
      }
      o.ended = { on: at, how: 'dissolved', ...(documentNo === undefined ? {} : { documentNo }) };
      return;
    }
    case 'party.secretary-post-linked': {
      const o = check ? live(state, event.data.orgId, at) : state.organisations.get(event.data.orgId);
      if (!o) return;
      if (event.data.postId === null) delete o.secretaryPostId;
      else o.secretaryPostId = event.data.postId;
      return;
    }
  }
}
