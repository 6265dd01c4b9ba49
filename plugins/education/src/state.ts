/**
 * The state of the read model `education.schools`: the townships (from the core `divisions.*`
 * events) and the schools (from the education events), as of a date — and the helpers its queries
 * share: which schools are open and which township each counts under on that date.
 */
import type { RecordedEvent } from '@xianzhi/kernel';
import { applyDivisionEvent, findPlace, townshipOf, type Place, type Places } from './divisions';
import { EDUCATION_EVENT_TYPES } from './index';
import { applyEducationEvent, type School, type SchoolsState } from './model';
import { DIVISION_EVENT_TYPES } from './divisions';

export interface EducationState extends SchoolsState {
  places: Places;
}

export const emptyEducation = (): EducationState => ({ places: new Map(), schools: new Map() });

export const evolve: Record<string, (state: EducationState, event: RecordedEvent) => EducationState> = {
  ...Object.fromEntries(
    DIVISION_EVENT_TYPES.map((type) => [
      type,
      (state: EducationState, event: RecordedEvent) => {
        applyDivisionEvent(state.places, event);
        return state;
      },
    ]),
  ),
  ...Object.fromEntries(EDUCATION_EVENT_TYPES.map((type) => [type, (state: EducationState, event: RecordedEvent) => applyEducationEvent(state, event, false) as EducationState])),
};

/** Which schools a query is about: one county, one township (id or code), or all. */
export interface Scope {
  countyCode?: string;
  /** A township id or code; an ended township stands for the township it counts under now. */
  townshipId?: string;
  /** Set by the access layer for a token limited to a division: only schools of these townships. */
  within?: readonly string[];
}

export interface Placed {
  school: School;
  /** The township the school counts under as of the date (undefined when it is unknown). */
  township: Place | undefined;
}

/** The township a scope's `townshipId` names, as of the state's date. */
export function scopeTownship(state: EducationState, scope: Scope | undefined): Place | null | undefined {
  if (scope?.townshipId === undefined) return undefined;
  const p = findPlace(state.places, scope.townshipId);
  return (p && townshipOf(state.places, p.id)) ?? null;
}

/** The schools of the scope (open ones unless `includeClosed`), each with its township now. */
export function placedSchools(state: EducationState, scope: Scope | undefined, includeClosed = false): Placed[] {
  const township = scopeTownship(state, scope);
  if (township === null) return [];
  const within = scope?.within === undefined ? undefined : new Set(scope.within);
  const out: Placed[] = [];
  for (const school of state.schools.values()) {
    if (!includeClosed && school.closed) continue;
    if (scope?.countyCode !== undefined && school.countyCode !== scope.countyCode) continue;
    const t = townshipOf(state.places, school.townshipId);
    if (township && t?.id !== township.id) continue;
    if (within !== undefined && (t === undefined || !within.has(t.id))) continue;
    out.push({ school, township: t });
  }
  return out.sort((a, b) => (a.township?.code ?? '~').localeCompare(b.township?.code ?? '~') || a.school.id.localeCompare(b.school.id, 'en', { numeric: true }));
}

/** A ratio as a percentage with one decimal, or null without a denominator. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
