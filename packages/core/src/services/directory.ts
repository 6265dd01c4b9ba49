/**
 * Read model `services.points`: the service points as of any date — a list by level or division,
 * one point, and counts per level. Small and separate from `services.activity`, so listing the
 * points never folds the requests.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { servicePointEvents } from './events';
import { applyPointEvent, emptyPoints, type PointsState, type ServicePoint } from './points';
import { POINT_LEVELS, POINT_LEVEL_LABEL, type PointLevel } from './vocabulary';

export interface PointRow extends Omit<ServicePoint, 'children'> {
  levelLabel: string;
  children: number;
}

const row = (p: ServicePoint): PointRow => ({
  ...p,
  levelLabel: POINT_LEVEL_LABEL[p.level],
  children: p.children.length,
});

const evolve = on(servicePointEvents, (state: PointsState, event) => {
  applyPointEvent(state, event, false);
  return state;
});

export const servicePoints = defineProjection({
  name: 'services.points',
  version: 1,
  initialState: emptyPoints,
  evolve,
  queries: {
    /**
     * Open points (closed ones too with `includeClosed`), filtered by level, division, parent or
     * county; `within` (set by the access layer for a limited token): only points of these divisions.
     */
    list: (
      state: PointsState,
      input:
        | {
            level?: PointLevel;
            divisionId?: string;
            parentPointId?: string;
            countyCode?: string;
            includeClosed?: boolean;
            within?: readonly string[];
          }
        | undefined,
    ): PointRow[] => {
      const out: PointRow[] = [];
      const within = input?.within === undefined ? undefined : new Set(input.within);
      for (const p of state.points.values()) {
        if (within !== undefined && !within.has(p.divisionId)) continue;
        if (p.closedAt !== undefined && !input?.includeClosed) continue;
        if (input?.level !== undefined && p.level !== input.level) continue;
        if (input?.divisionId !== undefined && p.divisionId !== input.divisionId) continue;
        if (input?.parentPointId !== undefined && p.parentPointId !== input.parentPointId) continue;
        if (input?.countyCode !== undefined && p.countyCode !== input.countyCode) continue;
        out.push(row(p));
      }
      return out.sort(
        (a, b) => POINT_LEVELS.indexOf(a.level) - POINT_LEVELS.indexOf(b.level) || a.id.localeCompare(b.id),
      );
    },
    get: (state: PointsState, input: { pointId: string }): PointRow | null => {
      const p = state.points.get(input.pointId);
      return p ? row(p) : null;
    },
    /** Open points per level (the four-level system at a glance). */
    counts: (
      state: PointsState,
      input: { countyCode?: string; within?: readonly string[] } | undefined,
    ): Record<PointLevel, number> => {
      const counts = Object.fromEntries(POINT_LEVELS.map((l) => [l, 0])) as Record<PointLevel, number>;
      const within = input?.within === undefined ? undefined : new Set(input.within);
      for (const p of state.points.values()) {
        if (within !== undefined && !within.has(p.divisionId)) continue;
        if (
          p.closedAt === undefined &&
          (input?.countyCode === undefined || p.countyCode === input.countyCode)
        )
          counts[p.level] += 1;
      }
      return counts;
    },
  },
});
