/**
 * Read model `enforcement.cases`: enforcement cases per township and month as of a date — opened,
 * closed, and the median days from opening to closing (one decimal) — and per township for a
 * cohort of opening months, with the cases still pending and the split by category.
 *
 * A case counts under the township that holds the division it names *as of the date asked*: on or
 * after a township merger, the sources' cases (their earlier months included) count under the
 * surviving township; before it, under the sources. A case naming a division this read model does
 * not know is reported under that id.
 */
import { countyDate, defineProjection, on } from '@xianzhi/kernel';
import {
  emptyDivisionIndex,
  followDivisions,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import {
  CASE_CATEGORIES,
  caseClosed,
  caseOpened,
  type CaseCategory,
  type CaseMonthRow,
  type CaseOutcome,
  type CaseTownshipRow,
} from './index';

const DAY_MS = 86_400_000;

interface CaseEntry {
  caseId: string;
  countyCode: string;
  townshipId: string;
  category: CaseCategory;
  caseNo?: string;
  openedAt: string;
  openedMs: number;
  closedAt?: string;
  closedMs?: number;
  outcome?: CaseOutcome;
}

export interface CasesState {
  divisions: DivisionIndex;
  cases: Map<string, CaseEntry>;
}

export interface CaseFilter {
  countyCode?: string;
  townshipId?: string;
  category?: CaseCategory;
  /** First month (YYYY-MM), inclusive. */
  from?: string;
  /** Last month (YYYY-MM), inclusive. */
  to?: string;
  /** Set by the access layer for a token limited to a division: only cases of these townships. */
  within?: readonly string[];
}

const monthOf = (ms: number) => countyDate(ms).slice(0, 7);
const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/** The median of the numbers, one decimal (null for none). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return oneDecimal(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

const zeroByCategory = () =>
  Object.fromEntries(CASE_CATEGORIES.map((c) => [c, 0])) as Record<CaseCategory, number>;

interface Where {
  townshipId: string;
  code: string;
  township: string;
}

/** The cases passing the filter's county and category, each with the township it counts under now. */
function located(state: CasesState, filter: CaseFilter): { entry: CaseEntry; where: Where }[] {
  const only =
    filter.townshipId === undefined
      ? undefined
      : (townshipOf(state.divisions, filter.townshipId)?.id ?? filter.townshipId);
  const out: { entry: CaseEntry; where: Where }[] = [];
  for (const entry of state.cases.values()) {
    if (filter.countyCode !== undefined && entry.countyCode !== filter.countyCode) continue;
    if (filter.category !== undefined && entry.category !== filter.category) continue;
    const t = townshipOf(state.divisions, entry.townshipId);
    const where = t
      ? { townshipId: t.id, code: t.code ?? '', township: t.name }
      : { townshipId: entry.townshipId, code: '', township: entry.townshipId };
    if (only !== undefined && where.townshipId !== only) continue;
    if (filter.within !== undefined && !filter.within.includes(where.townshipId)) continue;
    out.push({ entry, where });
  }
  return out;
}

const inRange = (month: string, f: CaseFilter) =>
  (f.from === undefined || month >= f.from) && (f.to === undefined || month <= f.to);
const byPlace = (a: Where, b: Where) =>
  a.code.localeCompare(b.code, 'en', { numeric: true }) || a.townshipId.localeCompare(b.townshipId);

export const casesProjection = defineProjection({
  name: 'enforcement.cases',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: (): CasesState => ({ divisions: emptyDivisionIndex(), cases: new Map() }),
  evolve: {
    ...followDivisions((state: CasesState) => state.divisions),
    ...on(caseOpened, (state: CasesState, event) => {
      const e = event.data;
      const entry: CaseEntry = {
        caseId: e.caseId,
        countyCode: e.countyCode,
        townshipId: e.townshipId,
        category: e.category,
        openedAt: event.metadata.effectiveAt,
        openedMs: event.effectiveMs,
      };
      if (e.caseNo !== undefined) entry.caseNo = e.caseNo;
      state.cases.set(e.caseId, entry);
      return state;
    }),
    ...on(caseClosed, (state: CasesState, event) => {
      const entry = state.cases.get(event.data.caseId);
      if (entry) {
        entry.closedAt = event.metadata.effectiveAt;
        entry.closedMs = event.effectiveMs;
        if (event.data.outcome !== undefined) entry.outcome = event.data.outcome;
      }
      return state;
    }),
  },
  queries: {
    /**
     * Per township and month: cases opened in the month, cases closed in the month, and the median
     * days from opening to closing of those closed in the month.
     */
    byTownshipMonth: (state: CasesState, input: CaseFilter | undefined): CaseMonthRow[] => {
      const filter = input ?? {};
      const buckets = new Map<string, CaseMonthRow & { days: number[] }>();
      const bucket = (where: Where, month: string) => {
        const key = `${where.townshipId}\u0000${month}`;
        let b = buckets.get(key);
        if (!b) buckets.set(key, (b = { ...where, month, opened: 0, closed: 0, medianDays: null, days: [] }));
        return b;
      };
      for (const { entry, where } of located(state, filter)) {
        const opened = monthOf(entry.openedMs);
        if (inRange(opened, filter)) bucket(where, opened).opened += 1;
        if (entry.closedMs !== undefined) {
          const closed = monthOf(entry.closedMs);
          if (!inRange(closed, filter)) continue;
          const b = bucket(where, closed);
          b.closed += 1;
          b.days.push((entry.closedMs - entry.openedMs) / DAY_MS);
        }
      }
      return [...buckets.values()]
        .sort((a, b) => byPlace(a, b) || a.month.localeCompare(b.month))
        .map(({ days, ...row }) => ({ ...row, medianDays: median(days) }));
    },
    /**
     * Per township, the cases opened in the months `from`–`to` (all, when omitted): how many were
     * opened, closed and are still pending as of the date, the median handling days of the closed
     * ones, and the number opened per category; with the county total.
     */
    byTownship: (
      state: CasesState,
      input: CaseFilter | undefined,
    ): { rows: CaseTownshipRow[]; total: Omit<CaseTownshipRow, 'townshipId' | 'code' | 'township'> } => {
      const filter = input ?? {};
      const rows = new Map<string, CaseTownshipRow & { days: number[] }>();
      const allDays: number[] = [];
      const total = {
        opened: 0,
        closed: 0,
        pending: 0,
        medianDays: null as number | null,
        byCategory: zeroByCategory(),
      };
      for (const { entry, where } of located(state, filter)) {
        if (!inRange(monthOf(entry.openedMs), filter)) continue;
        let r = rows.get(where.townshipId);
        if (!r)
          rows.set(
            where.townshipId,
            (r = {
              ...where,
              opened: 0,
              closed: 0,
              pending: 0,
              medianDays: null,
              byCategory: zeroByCategory(),
              days: [],
            }),
          );
        for (const x of [r, total]) {
          x.opened += 1;
          x.byCategory[entry.category] += 1;
          if (entry.closedMs === undefined) x.pending += 1;
          else x.closed += 1;
        }
        if (entry.closedMs !== undefined) {
          const days = (entry.closedMs - entry.openedMs) / DAY_MS;
          r.days.push(days);
          allDays.push(days);
        }
      }
      total.medianDays = median(allDays);
      return {
        rows: [...rows.values()]
          .sort(byPlace)
          .map(({ days, ...row }) => ({ ...row, medianDays: median(days) })),
        total,
      };
    },
    /** One case as of the date (null if not opened by then). */
    case: (state: CasesState, input: { caseId: string }) => {
      const entry = state.cases.get(input.caseId);
      if (!entry) return null;
      const t = townshipOf(state.divisions, entry.townshipId);
      return {
        ...entry,
        township: t?.name ?? entry.townshipId,
        countsUnder: t?.id ?? entry.townshipId,
        handlingDays:
          entry.closedMs === undefined ? null : oneDecimal((entry.closedMs - entry.openedMs) / DAY_MS),
      };
    },
  },
});
