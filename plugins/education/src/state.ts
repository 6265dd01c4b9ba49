/**
 * The state of the read model `education.schools`: the townships (from the core `divisions.*`
 * events) and the schools (from the education events), as of a date — and the helpers its queries
 * share: which schools are open and which township each counts under on that date.
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
export type Scope = TownshipScope;

export interface Placed {
  school: School;
  /** The township the school counts under as of the date (undefined when it is unknown). */
  township: Place | undefined;
}

/** The township a scope's `townshipId` names (a township, or the survivor of an ended one), as of the state's date. */
export const scopeTownship = (state: EducationState, scope: Scope | undefined): Place | null | undefined =>
  townshipOfScope(state.divisions, scope);

/** The schools of the scope (open ones unless `includeClosed`), each with its township now. */
export const placedSchools = (
  state: EducationState,
  scope: Scope | undefined,
  includeClosed = false,
): Placed[] =>
  placeInScope(state.divisions, state.schools.values(), (x) => x.townshipId, scope, { includeClosed }).map(
    ({ record, township }) => ({ school: record, township }),
  );
