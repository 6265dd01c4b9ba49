/**
 * Building utilisation (校舍利用率): enrolment / capacity, per school, per township and for the
 * county, as of the date. Enrolment is a school's latest report (plus the pupils of schools merged
 * into it since); schools without any report yet are listed but left out of the rates.
 */
import { SCHOOL_KIND_LABEL, TERM_LABEL, UTILISATION_TARGET } from './index';
import { percent } from '@xianzhi/divisions-contract';
import { placedSchools, type EducationState, type Scope } from './state';

export interface SchoolUtilisationRow {
  schoolId: string;
  name: string;
  kind: string;
  townshipId: string;
  township: string;
  enrolled: number | null;
  capacity: number;
  /** Percent, one decimal; null without a report. */
  rate: number | null;
  term: string;
}

export interface TownshipUtilisationRow {
  townshipId: string;
  township: string;
  schools: number;
  /** Schools without any enrolment report (left out of the rate). */
  unreported: number;
  enrolled: number;
  capacity: number;
  rate: number | null;
}

export interface UtilisationSummary {
  schools: number;
  unreported: number;
  enrolled: number;
  capacity: number;
  rate: number | null;
  /** The county target in percent (94). */
  target: number;
  meets: boolean;
  /** Percentage points still to gain (0 when met). */
  gap: number | null;
}

export function utilisationBySchool(state: EducationState, scope: Scope | undefined): SchoolUtilisationRow[] {
  return placedSchools(state, scope).map(({ school, township }) => ({
    schoolId: school.id,
    name: school.name,
    kind: SCHOOL_KIND_LABEL[school.kind].zh,
    townshipId: township?.id ?? school.townshipId,
    township: township?.name ?? school.townshipId,
    enrolled: school.enrolled ?? null,
    capacity: school.capacity,
    rate: school.enrolled === undefined ? null : percent(school.enrolled, school.capacity),
    term: school.term ? TERM_LABEL(school.term) : '',
  }));
}

export function utilisationByTownship(
  state: EducationState,
  scope: Scope | undefined,
): TownshipUtilisationRow[] {
  const rows = new Map<string, TownshipUtilisationRow>();
  for (const { school, township } of placedSchools(state, scope)) {
    const key = township?.id ?? school.townshipId;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          townshipId: key,
          township: township?.name ?? key,
          schools: 0,
          unreported: 0,
          enrolled: 0,
          capacity: 0,
          rate: null,
        }),
      );
    r.schools += 1;
    if (school.enrolled === undefined) r.unreported += 1;
    else {
      r.enrolled += school.enrolled;
      r.capacity += school.capacity;
    }
  }
  for (const r of rows.values()) r.rate = percent(r.enrolled, r.capacity);
  return [...rows.values()];
}

export function utilisationSummary(state: EducationState, scope: Scope | undefined): UtilisationSummary {
  const s: UtilisationSummary = {
    schools: 0,
    unreported: 0,
    enrolled: 0,
    capacity: 0,
    rate: null,
    target: UTILISATION_TARGET,
    meets: false,
    gap: null,
  };
  for (const { school } of placedSchools(state, scope)) {
    s.schools += 1;
    if (school.enrolled === undefined) s.unreported += 1;
    else {
      s.enrolled += school.enrolled;
      s.capacity += school.capacity;
    }
  }
  s.rate = percent(s.enrolled, s.capacity);
  if (s.rate !== null) {
    s.meets = s.rate >= UTILISATION_TARGET;
    s.gap = s.meets ? 0 : Math.round((UTILISATION_TARGET - s.rate) * 10) / 10;
  }
  return s;
}
