/**
 * The bench's three reference projections, over the events of ./events.ts. Their states stay
 * moderate (tens of kilobytes): the runtime snapshots them every few thousand events.
 *
 * The evolve functions of `countsByTownship` read only `event.type` and `event.data`, so the peer
 * (whose events have another envelope) folds with the very same functions.
 */
import { countyDate, defineProjection, type RecordedEvent } from '@xianzhi/kernel';
import {
  divisionEstablished,
  divisionMerged,
  divisionRenamed,
  officialAppointed,
  officialDismissed,
  serviceAccepted,
  serviceCompleted,
  serviceRejected,
  serviceRequested,
  type DivisionEstablished,
  type DivisionMerged,
  type DivisionRenamed,
  type OfficialAppointed,
  type OfficialDismissed,
  type ServiceRef,
} from './events';

/** What the evolve functions of counts-by-township read (a RecordedEvent, or the peer's event). */
export interface TypedData {
  type: string;
  data: unknown;
}

// ── (a) counts by township ───────────────────────────────────────────────────────────────────

export const SERVICE_ACTIONS = ['requested', 'accepted', 'completed', 'rejected'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

export interface TownshipCounts {
  name: string;
  mergedInto: string | null;
  villages: number;
  /** action → service kind → count, e.g. `services.completed.subsidy`. */
  services: Record<ServiceAction, Record<string, number>>;
}

export interface CountsState {
  townships: Record<string, TownshipCounts>;
  /** village → its township. */
  villageOf: Record<string, string>;
}

function town(s: CountsState, id: string): TownshipCounts {
  let t = s.townships[id];
  if (!t) {
    t = {
      name: '',
      mergedInto: null,
      villages: 0,
      services: { requested: {}, accepted: {}, completed: {}, rejected: {} },
    };
    s.townships[id] = t;
  }
  return t;
}

function countService(action: ServiceAction) {
  return (s: CountsState, e: TypedData): CountsState => {
    const d = e.data as ServiceRef;
    const counts = town(s, d.townshipId).services[action];
    counts[d.kind] = (counts[d.kind] ?? 0) + 1;
    return s;
  };
}

export const countsEvolve = {
  [divisionEstablished.type]: (s: CountsState, e: TypedData): CountsState => {
    const d = e.data as DivisionEstablished;
    if (d.level === 'township') {
      town(s, d.divisionId).name = d.name;
      return s;
    }
    const old = s.villageOf[d.divisionId];
    if (old !== undefined) town(s, old).villages -= 1;
    s.villageOf[d.divisionId] = d.parentId ?? '';
    town(s, d.parentId ?? '').villages += 1;
    return s;
  },
  [divisionMerged.type]: (s: CountsState, e: TypedData): CountsState => {
    const d = e.data as DivisionMerged;
    if (d.level === 'village') {
      const t = s.villageOf[d.divisionId];
      if (t !== undefined) {
        town(s, t).villages -= 1;
        delete s.villageOf[d.divisionId];
      }
      return s;
    }
    const from = town(s, d.divisionId);
    const into = town(s, d.intoId);
    from.mergedInto = d.intoId;
    for (const v in s.villageOf) {
      if (s.villageOf[v] === d.divisionId) {
        s.villageOf[v] = d.intoId;
        from.villages -= 1;
        into.villages += 1;
      }
    }
    return s;
  },
  [divisionRenamed.type]: (s: CountsState, e: TypedData): CountsState => {
    const d = e.data as DivisionRenamed;
    if (d.level === 'township') town(s, d.divisionId).name = d.name;
    return s;
  },
  [serviceRequested.type]: countService('requested'),
  [serviceAccepted.type]: countService('accepted'),
  [serviceCompleted.type]: countService('completed'),
  [serviceRejected.type]: countService('rejected'),
};

function serviceTotal(t: TownshipCounts): number {
  let n = 0;
  for (const action of SERVICE_ACTIONS) for (const k in t.services[action]) n += t.services[action][k]!;
  return n;
}

export const countsByTownship = defineProjection({
  name: 'bench.counts-by-township',
  version: 1,
  initialState: (): CountsState => ({ townships: {}, villageOf: {} }),
  evolve: countsEvolve,
  queries: {
    township: (s: CountsState, id: string) => s.townships[id] ?? null,
    totals: (s: CountsState) => {
      const out: Record<string, { services: number; villages: number }> = {};
      for (const [id, t] of Object.entries(s.townships))
        out[id] = { services: serviceTotal(t), villages: t.villages };
      return out;
    },
  },
});

// ── (b) post holders ─────────────────────────────────────────────────────────────────────────

export interface Holder {
  personId: string;
  name: string;
  divisionId: string;
  /** effectiveAt of the appointment. */
  since: string;
}

export interface PostsState {
  holders: Record<string, Holder>;
  appointments: number;
  dismissals: number;
  /** Posts left empty because their division was merged away. */
  vacatedByMerge: number;
}

export const postHolders = defineProjection({
  name: 'bench.post-holders',
  version: 1,
  initialState: (): PostsState => ({ holders: {}, appointments: 0, dismissals: 0, vacatedByMerge: 0 }),
  evolve: {
    [officialAppointed.type]: (s: PostsState, e: RecordedEvent) => {
      const d = e.data as OfficialAppointed;
      s.holders[d.postId] = {
        personId: d.personId,
        name: d.name,
        divisionId: d.divisionId,
        since: e.metadata.effectiveAt,
      };
      s.appointments += 1;
      return s;
    },
    // Order-sensitive: a dismissal only empties the post if that person still holds it.
    [officialDismissed.type]: (s: PostsState, e: RecordedEvent) => {
      const d = e.data as OfficialDismissed;
      if (s.holders[d.postId]?.personId === d.personId) {
        delete s.holders[d.postId];
        s.dismissals += 1;
      }
      return s;
    },
    [divisionMerged.type]: (s: PostsState, e: RecordedEvent) => {
      const d = e.data as DivisionMerged;
      for (const post in s.holders) {
        if (s.holders[post]!.divisionId === d.divisionId) {
          delete s.holders[post];
          s.vacatedByMerge += 1;
        }
      }
      return s;
    },
  },
  queries: {
    holder: (s: PostsState, postId: string) => s.holders[postId] ?? null,
    filled: (s: PostsState) => Object.keys(s.holders).length,
    ofDivision: (s: PostsState, divisionId: string) =>
      Object.entries(s.holders)
        .filter(([, h]) => h.divisionId === divisionId)
        .map(([post, h]) => ({ post, ...h })),
  },
});

// ── (c) service lead times ───────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
/** Histogram bins of lead time in days: [0,1) [1,2) [2,4) [4,8) [8,16) [16,32) [32,64) [64,∞). */
export const LEAD_BINS = [1, 2, 4, 8, 16, 32, 64, Infinity] as const;
/** Open requests older than this (in effective time) are forgotten, so the state stays bounded. */
const OPEN_HORIZON_MS = 180 * DAY_MS;

export interface MonthStats {
  n: number;
  totalMs: number;
  hist: number[];
}

export interface LeadState {
  /** requestId → [townshipId, requested effectiveMs]. */
  open: Record<string, [string, number]>;
  /** townshipId → YYYY-MM (month of completion) → stats. */
  stats: Record<string, Record<string, MonthStats>>;
  /** A merged township → the one it was merged into. */
  alias: Record<string, string>;
  /** Completions with no open request (e.g. the request is effective later, or forgotten). */
  unmatched: number;
  rejected: number;
  forgotten: number;
  /** Effective month (months since 1970) of the last pruning of `open`. */
  prunedMonth: number;
}

function resolveTownship(alias: Record<string, string>, id: string): string {
  let t = id;
  for (let i = 0; i < 50 && alias[t] !== undefined; i++) t = alias[t]!;
  return t;
}

/** County month of a point in time: [months since year 0, "YYYY-MM"], memoised by county day. */
const monthsByDay = new Map<number, [number, string]>();
function countyMonth(ms: number): [number, string] {
  const day = Math.floor((ms + 8 * 3_600_000) / DAY_MS);
  let m = monthsByDay.get(day);
  if (!m) {
    const date = countyDate(ms);
    m = [Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1, date.slice(0, 7)];
    if (monthsByDay.size > 100_000) monthsByDay.clear();
    monthsByDay.set(day, m);
  }
  return m;
}

function summarise(st: MonthStats | undefined) {
  if (!st || st.n === 0) return null;
  let acc = 0;
  let median = 0;
  for (let i = 0; i < st.hist.length; i++) {
    acc += st.hist[i]!;
    if (acc * 2 >= st.n) {
      median = i;
      break;
    }
  }
  return {
    completed: st.n,
    meanDays: Math.round((st.totalMs / st.n / DAY_MS) * 100) / 100,
    /** The median's bin, in days: [from, to). */
    medianDays: [median === 0 ? 0 : LEAD_BINS[median - 1]!, LEAD_BINS[median]!] as [number, number],
  };
}

export const serviceLeadTimes = defineProjection({
  name: 'bench.service-lead-times',
  version: 1,
  initialState: (): LeadState => ({
    open: {},
    stats: {},
    alias: {},
    unmatched: 0,
    rejected: 0,
    forgotten: 0,
    prunedMonth: 0,
  }),
  evolve: {
    [serviceRequested.type]: (s: LeadState, e: RecordedEvent) => {
      const d = e.data as ServiceRef;
      const month = countyMonth(e.effectiveMs)[0];
      if (month > s.prunedMonth) {
        s.prunedMonth = month;
        const horizon = e.effectiveMs - OPEN_HORIZON_MS;
        for (const r in s.open) {
          if (s.open[r]![1] < horizon) {
            delete s.open[r];
            s.forgotten += 1;
          }
        }
      }
      s.open[d.requestId] = [d.townshipId, e.effectiveMs];
      return s;
    },
    [serviceCompleted.type]: (s: LeadState, e: RecordedEvent) => {
      const d = e.data as ServiceRef;
      const o = s.open[d.requestId];
      if (!o) {
        s.unmatched += 1;
        return s;
      }
      delete s.open[d.requestId];
      const township = resolveTownship(s.alias, o[0]);
      const month = countyMonth(e.effectiveMs)[1];
      const byMonth = (s.stats[township] ??= {});
      let st = byMonth[month];
      if (!st) {
        st = { n: 0, totalMs: 0, hist: [0, 0, 0, 0, 0, 0, 0, 0] };
        byMonth[month] = st;
      }
      const lead = Math.max(0, e.effectiveMs - o[1]);
      const days = lead / DAY_MS;
      let bin = 0;
      while (days >= LEAD_BINS[bin]!) bin++;
      st.n += 1;
      st.totalMs += lead;
      st.hist[bin]! += 1;
      return s;
    },
    [serviceRejected.type]: (s: LeadState, e: RecordedEvent) => {
      const d = e.data as ServiceRef;
      if (s.open[d.requestId]) delete s.open[d.requestId];
      s.rejected += 1;
      return s;
    },
    [divisionMerged.type]: (s: LeadState, e: RecordedEvent) => {
      const d = e.data as DivisionMerged;
      if (d.level === 'township' && d.divisionId !== d.intoId) s.alias[d.divisionId] = d.intoId;
      return s;
    },
  },
  queries: {
    /** Lead times of requests completed in `month` (YYYY-MM) in one township (merged ones included). */
    month: (s: LeadState, input: { townshipId: string; month: string }) => {
      const merged: MonthStats = { n: 0, totalMs: 0, hist: [0, 0, 0, 0, 0, 0, 0, 0] };
      const wanted = resolveTownship(s.alias, input.townshipId);
      for (const [township, byMonth] of Object.entries(s.stats)) {
        const st = byMonth[input.month];
        if (!st || resolveTownship(s.alias, township) !== wanted) continue;
        merged.n += st.n;
        merged.totalMs += st.totalMs;
        st.hist.forEach((h, i) => (merged.hist[i]! += h));
      }
      return summarise(merged);
    },
    open: (s: LeadState) => Object.keys(s.open).length,
  },
});

export const BENCH_PROJECTIONS = [countsByTownship, postHolders, serviceLeadTimes] as const;
