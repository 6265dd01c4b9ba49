/**
 * Query `progress`: the number of open schools of each kind as of the date against the county's
 * 2025 targets (84 primary, 30 junior high, 3 nine-year, 39 kindergartens).
 * `gap` = target − current: positive, schools still to open; negative, schools still to merge or close.
 */
import { SCHOOL_KINDS, SCHOOL_KIND_LABEL, TARGETS_2025, type SchoolKind } from './index';
import { placedSchools, type EducationState, type Scope } from './state';

export interface ProgressRow {
  kind: SchoolKind;
  label: string;
  current: number;
  target: number;
  gap: number;
}

export function progress(state: EducationState, scope: Scope | undefined): ProgressRow[] {
  const counts = Object.fromEntries(SCHOOL_KINDS.map((k) => [k, 0])) as Record<SchoolKind, number>;
  for (const { school } of placedSchools(state, scope)) counts[school.kind] += 1;
  return (['primary', 'junior-high', 'nine-year', 'kindergarten'] as const).map((kind) => ({
    kind,
    label: SCHOOL_KIND_LABEL[kind].zh,
    current: counts[kind],
    target: TARGETS_2025[kind],
    gap: TARGETS_2025[kind] - counts[kind],
  }));
}
