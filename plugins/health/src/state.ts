/**
 * The state of the read model `health.facilities`: the townships and villages (from the core
 * `divisions.*` events) and the facilities (from the health events), as of a date — and the helpers
 * its queries share: which facilities are open and which township each counts under on that date.
 */
import { on } from '@xianzhi/kernel';
import { emptyDivisionIndex, findPlace, followDivisions, townshipOf, type DivisionIndex, type Place } from '@xianzhi/divisions-contract';
import { applyHealthEvent, healthEvent, type FacilitiesState, type Facility } from './model';

export interface HealthState extends FacilitiesState {
  divisions: DivisionIndex;
}

export const emptyHealth = (): HealthState => ({ divisions: emptyDivisionIndex(), facilities: new Map() });

export const evolve = {
  ...followDivisions((state: HealthState) => state.divisions),
  ...on(healthEvent, (state: HealthState, event) => {
    applyHealthEvent(state, event, false);
    return state;
  }),
};

/** Which facilities a query is about: one county, one township (id or code), or all. */
export interface Scope {
  countyCode?: string;
  /** A township id or code; an ended township stands for the township it counts under now. */
  townshipId?: string;
  /** Set by the access layer for a token limited to a division: only facilities of these townships. */
  within?: readonly string[];
}

export interface Placed {
  facility: Facility;
  /** The township the facility counts under as of the date (undefined when it is unknown). */
  township: Place | undefined;
}

/** The township a scope's `townshipId` names, as of the state's date (null: no such township). */
export function scopeTownship(state: HealthState, scope: Scope | undefined): Place | null | undefined {
  if (scope?.townshipId === undefined) return undefined;
  const p = findPlace(state.divisions, scope.townshipId);
  return (p && townshipOf(state.divisions, p.id)) ?? null;
}

/** The facilities of the scope (open ones unless `includeClosed`), each with its township now. */
export function placedFacilities(state: HealthState, scope: Scope | undefined, includeClosed = false): Placed[] {
  const township = scopeTownship(state, scope);
  if (township === null) return [];
  const within = scope?.within === undefined ? undefined : new Set(scope.within);
  const out: Placed[] = [];
  for (const facility of state.facilities.values()) {
    if (!includeClosed && facility.closed) continue;
    if (scope?.countyCode !== undefined && facility.countyCode !== scope.countyCode) continue;
    const t = townshipOf(state.divisions, facility.divisionId);
    if (township && t?.id !== township.id) continue;
    if (within !== undefined && (t === undefined || !within.has(t.id))) continue;
    out.push({ facility, township: t });
  }
  return out.sort((a, b) => (a.township?.code ?? '~').localeCompare(b.township?.code ?? '~') || a.facility.id.localeCompare(b.facility.id, 'en', { numeric: true }));
}
