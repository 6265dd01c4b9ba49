/**
 * Read model `education.schools`: the county's schools as of any date, under the township each
 * counts in on that date (it follows township mergers), with the layout, utilisation and progress
 * queries built on it. One state serves every query, so the events are folded once.
 */
import { defineProjection } from '@xianzhi/kernel';
import { divisionInfo, percent } from '@xianzhi/divisions-contract';
import { SCHOOL_KIND_LABEL, TERM_LABEL, type SchoolKind } from './index';
import { layout, layoutSummary } from './layout';
import { progress } from './progress';
import { emptyEducation, evolve, placedSchools, type EducationState, type Placed, type Scope } from './state';
import { utilisationBySchool, utilisationByTownship, utilisationSummary } from './utilisation';

export interface SchoolRow {
  schoolId: string;
  name: string;
  kind: SchoolKind;
  kindLabel: string;
  /** The township the school counts under as of the date. */
  townshipId: string;
  township: string;
  /** The township it was opened in (differs after a merger of townships). */
  openedInId: string;
  openedIn: string;
  capacity: number;
  enrolled: number | null;
  rate: number | null;
  term: string;
  boarding: boolean;
  public: boolean;
  openedAt: string;
  status: 'open' | 'closed' | 'merged';
  closedAt: string | null;
  mergedInto: string | null;
  mergedFrom: string[];
}

function schoolRow(state: EducationState, { school, township }: Placed): SchoolRow {
  return {
    schoolId: school.id,
    name: school.name,
    kind: school.kind,
    kindLabel: SCHOOL_KIND_LABEL[school.kind].zh,
    townshipId: township?.id ?? school.townshipId,
    township: township?.name ?? school.townshipId,
    openedInId: school.townshipId,
    openedIn: state.divisions.places.get(school.townshipId)?.name ?? school.townshipId,
    capacity: school.capacity,
    enrolled: school.enrolled ?? null,
    rate: school.enrolled === undefined ? null : percent(school.enrolled, school.capacity),
    term: school.term ? TERM_LABEL(school.term) : '',
    boarding: school.boarding,
    public: school.public,
    openedAt: school.openedAt,
    status: school.closed ? (school.closed.how === 'merged' ? 'merged' : 'closed') : 'open',
    closedAt: school.closed?.on ?? null,
    mergedInto: school.closed?.intoId ?? null,
    mergedFrom: [...school.mergedFrom],
  };
}

export const educationSchools = defineProjection({
  name: 'education.schools',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: emptyEducation,
  evolve,
  queries: {
    /** The schools (open ones unless `includeClosed`), optionally of one kind. */
    schools: (
      state: EducationState,
      input: (Scope & { kind?: SchoolKind; includeClosed?: boolean }) | undefined,
    ) =>
      placedSchools(state, input, input?.includeClosed ?? false)
        .filter((p) => input?.kind === undefined || p.school.kind === input.kind)
        .map((p) => schoolRow(state, p)),
    /** One school as of the date (open or not), or null when it is not opened yet. */
    school: (state: EducationState, input: { schoolId: string }) => {
      const p = placedSchools(state, {}, true).find((x) => x.school.id === input.schoolId);
      return p ? schoolRow(state, p) : null;
    },
    layout: (state: EducationState, input: Scope | undefined) => layout(state, input),
    layoutSummary: (state: EducationState, input: Scope | undefined) => layoutSummary(state, input),
    utilisationBySchool: (state: EducationState, input: Scope | undefined) =>
      utilisationBySchool(state, input),
    utilisationByTownship: (state: EducationState, input: Scope | undefined) =>
      utilisationByTownship(state, input),
    utilisationSummary: (state: EducationState, input: Scope | undefined) => utilisationSummary(state, input),
    progress: (state: EducationState, input: { countyCode?: string } | undefined) => progress(state, input),
    /** A division (township id or code) as the plugin knows it on the date: for the commands' guard. */
    division: (state: EducationState, input: { id: string }) => divisionInfo(state.divisions, input.id),
  },
});
