/**
 * The state of the read model `education.schools`: the townships (from the core `divisions.*`
 * events) and the schools (from the education events), as of a date — and the helpers its queries
 * share: which schools are open and which township each counts under on that date.
 */
import { on } from '@xianzhi/kernel';
import { emptyDivisionIndex, findPlace, followDivisions, townshipOf, type DivisionIndex, type Place } from '@xianzhi/divisions-contract';
import { applyEducationEvent, educationEvent, type School, type SchoolsState } from './model';

export interface EducationState extends SchoolsState {
  divisions: DivisionIndex;
}

export const emptyEducation = (): EducationState => ({ divisions: emptyDivisionIndex(), schools: new Map() });

export const evolve = {
  ...followDivisions((state: EducationState) => state.divisions),
  ...on(educationEvent, (state: EducationState, event) => {
    applyEducationEvent(state, event, false);
    return state;
  }),
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

/** The township a scope's `townshipId` names (a township, or the survivor of an ended one), as of the state's date. */
export function scopeTownship(state: EducationState, scope: Scope | undefined): Place | null | undefined {
  if (scope?.townshipId === undefined) return undefined;
  const p = findPlace(state.divisions, scope.townshipId);
  return (p?.level === 'township' && townshipOf(state.divisions, p.id)) || null;
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
    const t = townshipOf(state.divisions, school.townshipId);
    if (township && t?.id !== township.id) continue;
    if (within !== undefined && (t === undefined || !within.has(t.id))) continue;
    out.push({ school, township: t });
  }
  return out.sort((a, b) => (a.township?.code ?? '~').localeCompare(b.township?.code ?? '~') || a.school.id.localeCompare(b.school.id, 'en', { numeric: true }));
}

/** A ratio as a percentage with one decimal, or null without a denominator. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
