/**
 * The schools of a county as of a date, and how each education event changes them. The same
 * `applyEducationEvent` serves the decider (strict: a rule broken throws InvariantViolation) and the
 * read model (lenient: an event that no longer fits — e.g. after a retraction — is skipped).
 */
import { InvariantViolation, eventFamily, type RecordedEvent } from '@xianzhi/kernel';
import {
  SCHOOL_KIND_LABEL,
  TERM_LABEL,
  educationEvents,
  schoolsMerged,
  termOrder,
  type SchoolKind,
} from './index';

export interface School {
  id: string;
  countyCode: string;
  name: string;
  kind: SchoolKind;
  /** The township the school was opened in (the read model follows where it counts now). */
  townshipId: string;
  capacity: number;
  boarding: boolean;
  public: boolean;
  openedAt: string;
  closed?: { on: string; how: 'closed' | 'merged'; intoId?: string; reason?: string };
  /** The latest reported enrolment, plus the pupils of schools merged into this one since. */
  enrolled?: number;
  /** The term of the latest report. */
  term?: string;
  /** Every term reported (one report per school and term). */
  terms: string[];
  /** Schools merged into this one. */
  mergedFrom: string[];
}

export interface SchoolsState {
  schools: Map<string, School>;
}

export const emptySchools = (): SchoolsState => ({ schools: new Map() });

export const describeSchool = (s: Pick<School, 'id' | 'name' | 'kind'>): string =>
  `${SCHOOL_KIND_LABEL[s.kind].zh} ${s.name}（${s.id}）`;

/** Every education event, as one family (`educationEvent.is(event)` narrows a stored event). */
export const educationEvent = eventFamily(educationEvents);

class Skip extends Error {}

/** The school, open as of the event; throws (strict) or skips (lenient) otherwise. */
function openSchool(state: SchoolsState, id: string, action: string, at: string, strict: boolean): School {
  const s = state.schools.get(id);
  if (!s) {
    if (!strict) throw new Skip();
    throw new InvariantViolation(
      `no school ${id} exists as of ${at}; it cannot be ${action}. Open it first, or check the id`,
      { schoolId: id },
    );
  }
  if (s.closed) {
    if (!strict) throw new Skip();
    const how =
      s.closed.how === 'merged' ? `was merged into ${s.closed.intoId ?? 'another school'}` : 'was closed';
    throw new InvariantViolation(
      `${describeSchool(s)} ${how} on ${s.closed.on}; it cannot be ${action} on ${at}`,
      { schoolId: id, closedOn: s.closed.on },
    );
  }
  return s;
}

/**
 * Applies one education event. With `strict`, a broken rule throws InvariantViolation naming the
 * school and the date; without, the event is skipped. Returns the state (mutated).
 */
export function applyEducationEvent(
  state: SchoolsState,
  event: RecordedEvent,
  strict: boolean,
): SchoolsState {
  if (!educationEvent.is(event)) return state;
  const at = event.metadata.effectiveAt;
  try {
    switch (event.type) {
      case 'education.school-opened': {
        const d = event.data;
        const existing = state.schools.get(d.schoolId);
        if (existing) {
          if (!strict) throw new Skip();
          throw new InvariantViolation(
            `the id ${d.schoolId} is already used by ${describeSchool(existing)}, opened on ${existing.openedAt}; give the new school another id`,
            {
              schoolId: d.schoolId,
            },
          );
        }
        state.schools.set(d.schoolId, {
          id: d.schoolId,
          countyCode: d.countyCode,
          name: d.name,
          kind: d.kind,
          townshipId: d.townshipId,
          capacity: d.capacity,
          boarding: d.boarding,
          public: d.public,
          openedAt: at,
          terms: [],
          mergedFrom: [],
        });
        break;
      }
      case 'education.school-changed': {
        const d = event.data;
        const s = openSchool(state, d.schoolId, 'changed', at, strict);
        if (d.name !== undefined) s.name = d.name;
        if (d.capacity !== undefined) s.capacity = d.capacity;
        if (d.boarding !== undefined) s.boarding = d.boarding;
        if (d.public !== undefined) s.public = d.public;
        break;
      }
      case 'education.enrolment-reported': {
        const d = event.data;
        const s = openSchool(
          state,
          d.schoolId,
          `given an enrolment report (${TERM_LABEL(d.term)})`,
          at,
          strict,
        );
        if (s.terms.includes(d.term)) {
          if (!strict) throw new Skip();
          throw new InvariantViolation(
            `${describeSchool(s)} already has an enrolment report for ${TERM_LABEL(d.term)}; to correct it, retract that report (retractEvent) and report again`,
            { schoolId: s.id, term: d.term },
          );
        }
        s.terms.push(d.term);
        // Reports arrive in effective order; a report of an earlier term recorded late does not
        // replace a later term's figure.
        if (s.term === undefined || termOrder(s.term) <= termOrder(d.term)) {
          s.enrolled = d.enrolled;
          s.term = d.term;
        }
        break;
      }
      case 'education.school-closed': {
        const d = event.data;
        const s = openSchool(state, d.schoolId, 'closed', at, strict);
        s.closed = { on: at, how: 'closed', ...(d.reason ? { reason: d.reason } : {}) };
        break;
      }
      case 'education.schools-merged': {
        const d = event.data;
        if (strict) {
          if (d.sourceIds.includes(d.targetId)) {
            throw new InvariantViolation(
              `school ${d.targetId} cannot be merged into itself; name another school as the target`,
              { schoolId: d.targetId },
            );
          }
          const dup = d.sourceIds.find((id, i) => d.sourceIds.indexOf(id) !== i);
          if (dup)
            throw new InvariantViolation(`school ${dup} is named twice among the sources of the merger`, {
              schoolId: dup,
            });
        }
        const target = openSchool(state, d.targetId, 'the target of a merger', at, strict);
        const sources = d.sourceIds
          .filter((id) => id !== target.id)
          .map((id) => openSchool(state, id, 'merged', at, strict));
        for (const s of sources) {
          s.closed = { on: at, how: 'merged', intoId: target.id };
          target.capacity += s.capacity;
          if (s.enrolled !== undefined) target.enrolled = (target.enrolled ?? 0) + s.enrolled;
          target.mergedFrom.push(s.id);
        }
        break;
      }
    }
  } catch (error) {
    if (error instanceof Skip) return state;
    throw error;
  }
  return state;
}

/** The school ids an event concerns (for the decider's check of later events). */
export function schoolsOf(event: RecordedEvent): string[] {
  if (schoolsMerged.is(event)) return [...event.data.sourceIds, event.data.targetId];
  return educationEvent.is(event) && 'schoolId' in event.data ? [event.data.schoolId] : [];
}
