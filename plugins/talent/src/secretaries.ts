/**
 * First secretaries (第一书记): the state folded from the county's registry stream (core division
 * events and this plugin's dispatch and recall events) and the one function applying an event to
 * it, with or without the rules. The decider checks; the read model does not (the log is valid).
 *
 * A posting keeps the village it was dispatched to; the village it serves *now* follows that
 * village's mergers: from a merger's effective date, a merged village's secretary serves the
 * surviving village (which may then have two — it is covered once, and both are listed).
 */
import { InvariantViolation, eventFamily, type RecordedEvent } from '@xianzhi/kernel';
import {
  currentPlace,
  describePlace,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { firstSecretaryDispatched, firstSecretaryRecalled } from './index';

export interface Posting {
  postingId: string;
  countyCode: string;
  /** The village dispatched to. */
  villageId: string;
  personId: string;
  name: string;
  unit: string;
  dispatchedAt: string;
  recalledAt?: string;
}

export interface SecretariesState {
  divisions: DivisionIndex;
  postings: Map<string, Posting>;
}

export function emptySecretaries(): SecretariesState {
  return { divisions: emptyDivisionIndex(), postings: new Map() };
}

/** The dispatch and recall events (recorded on the registry stream, beside the divisions events). */
export const secretaryEvent = eventFamily([firstSecretaryDispatched, firstSecretaryRecalled]);

/** The first secretaries in post whose village is (now, as of the fold) `villageId`. */
export function secretariesIn(state: SecretariesState, villageId: string): Posting[] {
  const out: Posting[] = [];
  for (const p of state.postings.values()) {
    if (p.recalledAt === undefined && currentPlace(state.divisions, p.villageId)?.id === villageId)
      out.push(p);
  }
  return out.sort(
    (a, b) => a.dispatchedAt.localeCompare(b.dispatchedAt) || a.postingId.localeCompare(b.postingId),
  );
}

function inPost(state: SecretariesState, personId: string): Posting | undefined {
  for (const p of state.postings.values())
    if (p.recalledAt === undefined && p.personId === personId) return p;
  return undefined;
}

function where(state: SecretariesState, posting: Posting): string {
  const village = currentPlace(state.divisions, posting.villageId);
  return village ? describePlace(village) : posting.villageId;
}

/** Applies one event of the registry stream. With `check`, the rules are checked before any change. */
export function applySecretaryEvent(state: SecretariesState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !secretaryEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  switch (event.type) {
    case 'talent.first-secretary-dispatched': {
      const e = event.data;
      if (check) {
        if (state.postings.has(e.postingId))
          throw new InvariantViolation(`the posting id ${e.postingId} is already used; choose another`, {
            postingId: e.postingId,
            path: ['postingId'],
          });
        const village = findPlace(state.divisions, e.villageId);
        if (!village) {
          throw new InvariantViolation(
            `no village ${e.villageId} exists as of ${at}; a first secretary is dispatched to an existing village`,
            { villageId: e.villageId, path: ['villageId'] },
          );
        }
        if (village.level !== 'village') {
          throw new InvariantViolation(
            `${describePlace(village)} is a ${village.level}: first secretaries are dispatched to villages`,
            { villageId: village.id, path: ['villageId'] },
          );
        }
        const ended = endedReason(state.divisions, village);
        if (ended) {
          const successor = currentPlace(state.divisions, village.id);
          throw new InvariantViolation(
            `${ended}; no first secretary can be dispatched there on ${at}${successor ? ` — dispatch to ${describePlace(successor)}` : ''}`,
            { villageId: village.id, path: ['villageId'] },
          );
        }
        const present = secretariesIn(state, village.id)[0];
        if (present) {
          throw new InvariantViolation(
            `${describePlace(village)} already has first secretary ${present.name} (${present.unit}) since ${present.dispatchedAt}; ` +
              'a village has one first secretary at a time — recall them first',
            { villageId: village.id, postingId: present.postingId, path: ['villageId'] },
          );
        }
        const busy = inPost(state, e.personId);
        if (busy) {
          throw new InvariantViolation(
            `${busy.name} (${busy.personId}) is already first secretary of ${where(state, busy)} since ${busy.dispatchedAt}; recall them before dispatching them again`,
            { personId: e.personId, postingId: busy.postingId, path: ['personId'] },
          );
        }
      }
      state.postings.set(e.postingId, { ...e, dispatchedAt: at });
      return;
    }
    case 'talent.first-secretary-recalled': {
      const e = event.data;
      const posting = state.postings.get(e.postingId);
      if (check) {
        if (!posting)
          throw new InvariantViolation(
            `no first secretary was dispatched under posting ${e.postingId} as of ${at}; nothing to recall`,
            { postingId: e.postingId, path: ['postingId'] },
          );
        if (posting.recalledAt !== undefined) {
          throw new InvariantViolation(
            `${posting.name} (posting ${e.postingId}, ${where(state, posting)}) was recalled on ${posting.recalledAt}; a first secretary is recalled only while in post`,
            {
              postingId: e.postingId,
              path: ['postingId'],
            },
          );
        }
      }
      if (posting && posting.recalledAt === undefined) posting.recalledAt = at;
      return;
    }
  }
}
