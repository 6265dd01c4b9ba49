/**
 * The state of the read model `health.facilities`: the townships and villages (from the core
 * `divisions.*` events) and the facilities (from the health events), as of a date — and the helpers
 * its queries share: which facilities are open and which township each counts under on that date.
 */
import { on } from '@xianzhi/kernel';
import {
  emptyDivisionIndex,
  followDivisions,
  placeInScope,
  scopeTownship as townshipOfScope,
  type DivisionIndex,
  type Place,
  type TownshipScope,
} from '@xianzhi/divisions-contract';
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
export type Scope = TownshipScope;

export interface Placed {
  facility: Facility;
  /** The township the facility counts under as of the date (undefined when it is unknown). */
  township: Place | undefined;
}

/** The township a scope's `townshipId` names (a township, or a village's township, or the survivor of an ended one), as of the state's date. */
export const scopeTownship = (state: HealthState, scope: Scope | undefined): Place | null | undefined =>
  townshipOfScope(state.divisions, scope, { villages: true });

/** The facilities of the scope (open ones unless `includeClosed`), each with its township now. */
export const placedFacilities = (
  state: HealthState,
  scope: Scope | undefined,
  includeClosed = false,
): Placed[] =>
  placeInScope(state.divisions, state.facilities.values(), (x) => x.divisionId, scope, {
    includeClosed,
    villages: true,
  }).map(({ record, township }) => ({ facility: record, township }));
