/**
 * Read model `services.activity`: what the service points did, as of any date — counts per level,
 * point, kind and month, the median lead time (requested → completed, hours, one decimal), the
 * share proxied (民事代办), and the open requests of a point.
 *
 * Figures are by cohort: a request counts in the month it was requested, and its later steps
 * (accepted, proxied, completed, rejected) count in that same month. The state stays compact for
 * hundreds of thousands of requests: only open requests are kept one by one; closed ones leave a
 * count and a lead time (in seconds) in their bucket (point × kind × month).
 */
import { countyDate, defineProjection, on, type RecordedEvent } from '@xianzhi/kernel';
import {
  pointOpened,
  serviceAccepted,
  serviceCompleted,
  serviceProxied,
  serviceRejected,
  serviceRequested,
} from './events';
import {
  POINT_LEVEL_LABEL,
  SERVICE_KINDS,
  SERVICE_KIND_LABEL,
  type PointLevel,
  type RequestStatus,
  type ServiceKind,
} from './vocabulary';

interface PointInfo {
  countyCode: string;
  level: PointLevel;
  divisionId: string;
  name: string;
}

export interface OpenRequest {
  requestId: string;
  pointId: string;
  kind: ServiceKind;
  status: RequestStatus;
  requestedAt: string;
  requestedMs: number;
  lastAt: string;
  month: string;
}

/**
 * A bucket (point × kind × month) as a plain number array: five counts, then the lead times of the
 * completed requests in seconds. Arrays of small integers keep the state small, which matters:
 * the runtime serialises it for every snapshot.
 */
type Bucket = number[];
const [REQUESTED, ACCEPTED, PROXIED, COMPLETED, REJECTED, LEAD] = [0, 1, 2, 3, 4, 5] as const;

export interface ActivityState {
  points: Map<string, PointInfo>;
  /** Point id → its number in bucket keys (points are numbered as they first appear). */
  pointNumbers: Map<string, number>;
  pointIds: string[];
  open: Map<string, OpenRequest>;
  /** `${pointNumber}:${kindNumber}:${YYYY-MM}` → bucket */
  buckets: Map<string, Bucket>;
}

const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part * 1000) / whole) / 10;

function pointNumber(state: ActivityState, pointId: string): number {
  let n = state.pointNumbers.get(pointId);
  if (n === undefined) {
    n = state.pointIds.push(pointId) - 1;
    state.pointNumbers.set(pointId, n);
  }
  return n;
}

function bucketOf(state: ActivityState, r: Pick<OpenRequest, 'pointId' | 'kind' | 'month'>): Bucket {
  const key = `${pointNumber(state, r.pointId)}:${SERVICE_KINDS.indexOf(r.kind)}:${r.month}`;
  let b = state.buckets.get(key);
  if (!b) {
    b = [0, 0, 0, 0, 0];
    state.buckets.set(key, b);
  }
  return b;
}

const INDEX = { accepted: ACCEPTED, proxied: PROXIED, completed: COMPLETED, rejected: REJECTED } as const;

function step(status: 'accepted' | 'proxied' | 'completed' | 'rejected') {
  return (state: ActivityState, e: RecordedEvent<string, { requestId: string }>): ActivityState => {
    const r = state.open.get(e.data.requestId);
    if (!r) return state;
    const b = bucketOf(state, r);
    b[INDEX[status]]! += 1;
    if (status === 'completed') b.push(Math.round((e.effectiveMs - r.requestedMs) / 1000));
    if (status === 'completed' || status === 'rejected') state.open.delete(r.requestId);
    else {
      r.status = status;
      r.lastAt = e.metadata.effectiveAt;
    }
    return state;
  };
}

const evolve = {
  ...on(pointOpened, (state: ActivityState, e) => {
    const d = e.data;
    state.points.set(d.pointId, {
      countyCode: d.countyCode,
      level: d.level,
      divisionId: d.divisionId,
      name: d.name,
    });
    pointNumber(state, d.pointId);
    return state;
  }),
  ...on(serviceRequested, (state: ActivityState, e) => {
    const d = e.data;
    const r: OpenRequest = {
      requestId: d.requestId,
      pointId: d.pointId,
      kind: d.kind,
      status: 'requested',
      requestedAt: e.metadata.effectiveAt,
      requestedMs: e.effectiveMs,
      lastAt: e.metadata.effectiveAt,
      month: countyDate(e.effectiveMs).slice(0, 7),
    };
    state.open.set(r.requestId, r);
    bucketOf(state, r)[REQUESTED]! += 1;
    return state;
  }),
  ...on(serviceAccepted, step('accepted')),
  ...on(serviceProxied, step('proxied')),
  ...on(serviceCompleted, step('completed')),
  ...on(serviceRejected, step('rejected')),
};

export const GROUP_BY = ['level', 'point', 'kind', 'month', 'year'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ActivityFilter {
  level?: PointLevel;
  pointId?: string;
  divisionId?: string;
  kind?: ServiceKind;
  countyCode?: string;
  /** First month (YYYY-MM), inclusive. */
  from?: string;
  /** Last month (YYYY-MM), inclusive. */
  to?: string;
  /** Set by the access layer for a token limited to a division: only points of these divisions. */
  within?: readonly string[];
}

export interface ActivityRow {
  level?: PointLevel | '(unknown)';
  levelLabel?: string;
  pointId?: string;
  pointName?: string;
  kind?: ServiceKind;
  kindLabel?: string;
  month?: string;
  year?: string;
  requested: number;
  accepted: number;
  proxied: number;
  completed: number;
  rejected: number;
  /** Requested and neither completed nor rejected (as of the date). */
  open: number;
  medianLeadTimeHours: number | null;
  /** proxied / requested × 100, one decimal. */
  proxiedPercent: number | null;
}

/** The median of the values, in hours, one decimal (null when there are none). */
export function medianHours(seconds: number[]): number | null {
  if (seconds.length === 0) return null;
  const s = Float64Array.from(seconds).sort();
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(median / 360) / 10;
}

interface BucketView {
  pointId: string;
  kind: ServiceKind;
  month: string;
  b: Bucket;
}

function* views(state: ActivityState): Generator<BucketView> {
  for (const [key, b] of state.buckets) {
    const [p, k, month] = key.split(':') as [string, string, string];
    yield { pointId: state.pointIds[Number(p)]!, kind: SERVICE_KINDS[Number(k)]!, month, b };
  }
}

function matches(
  state: ActivityState,
  v: BucketView,
  f: ActivityFilter,
  within: ReadonlySet<string> | undefined,
): boolean {
  if (f.pointId !== undefined && v.pointId !== f.pointId) return false;
  if (f.kind !== undefined && v.kind !== f.kind) return false;
  if (f.from !== undefined && v.month < f.from) return false;
  if (f.to !== undefined && v.month > f.to) return false;
  if (
    f.level === undefined &&
    f.divisionId === undefined &&
    f.countyCode === undefined &&
    within === undefined
  )
    return true;
  const p = state.points.get(v.pointId);
  return (
    !!p &&
    (f.level === undefined || p.level === f.level) &&
    (f.divisionId === undefined || p.divisionId === f.divisionId) &&
    (f.countyCode === undefined || p.countyCode === f.countyCode) &&
    (within === undefined || within.has(p.divisionId))
  );
}

function statistics(
  state: ActivityState,
  input: (ActivityFilter & { groupBy?: GroupBy[] }) | undefined,
): { rows: ActivityRow[]; total: ActivityRow } {
  const within = input?.within === undefined ? undefined : new Set(input.within);
  const groupBy = input?.groupBy ?? [];
  const groups = new Map<string, { row: ActivityRow; lead: number[] }>();
  const total = { row: emptyRow({}), lead: [] as number[] };
  for (const v of views(state)) {
    if (input && !matches(state, v, input, within)) continue;
    const p = state.points.get(v.pointId);
    const dims: Partial<ActivityRow> = {};
    for (const g of groupBy) {
      if (g === 'level')
        Object.assign(
          dims,
          p
            ? { level: p.level, levelLabel: POINT_LEVEL_LABEL[p.level] }
            : { level: '(unknown)', levelLabel: '未知' },
        );
      if (g === 'point') Object.assign(dims, { pointId: v.pointId, pointName: p?.name ?? v.pointId });
      if (g === 'kind') Object.assign(dims, { kind: v.kind, kindLabel: SERVICE_KIND_LABEL[v.kind] });
      if (g === 'month') dims.month = v.month;
      if (g === 'year') dims.year = v.month.slice(0, 4);
    }
    const key = groupBy.map((g) => String(dims[g === 'point' ? 'pointId' : g])).join('\u0000');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { row: emptyRow(dims), lead: [] }));
    for (const target of [group, total]) {
      const r = target.row;
      r.requested += v.b[REQUESTED]!;
      r.accepted += v.b[ACCEPTED]!;
      r.proxied += v.b[PROXIED]!;
      r.completed += v.b[COMPLETED]!;
      r.rejected += v.b[REJECTED]!;
      for (let i = LEAD; i < v.b.length; i++) target.lead.push(v.b[i]!);
    }
  }
  const finish = ({ row, lead }: { row: ActivityRow; lead: number[] }): ActivityRow => ({
    ...row,
    open: row.requested - row.completed - row.rejected,
    medianLeadTimeHours: medianHours(lead),
    proxiedPercent: percent(row.proxied, row.requested),
  });
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => finish(g));
  return { rows, total: finish(total) };
}

function emptyRow(dims: Partial<ActivityRow>): ActivityRow {
  return {
    ...dims,
    requested: 0,
    accepted: 0,
    proxied: 0,
    completed: 0,
    rejected: 0,
    open: 0,
    medianLeadTimeHours: null,
    proxiedPercent: null,
  };
}

export const serviceActivity = defineProjection({
  name: 'services.activity',
  version: 1,
  initialState: (): ActivityState => ({
    points: new Map(),
    pointNumbers: new Map(),
    pointIds: [],
    open: new Map(),
    buckets: new Map(),
  }),
  evolve,
  queries: {
    /**
     * Counts, median lead time and share proxied, grouped by any of level, point, kind, month, year;
     * `total` is the same over every row.
     */
    statistics,
    /** The requests not yet completed or rejected, oldest first. */
    openRequests: (
      state: ActivityState,
      input:
        | {
            pointId?: string;
            level?: PointLevel;
            countyCode?: string;
            limit?: number;
            within?: readonly string[];
          }
        | undefined,
    ) => {
      const list: OpenRequest[] = [];
      const within = input?.within === undefined ? undefined : new Set(input.within);
      for (const r of state.open.values()) {
        if (input?.pointId !== undefined && r.pointId !== input.pointId) continue;
        if (input?.level !== undefined || input?.countyCode !== undefined || within !== undefined) {
          const p = state.points.get(r.pointId);
          if (
            !p ||
            (input?.level !== undefined && p.level !== input?.level) ||
            (input?.countyCode !== undefined && p.countyCode !== input?.countyCode)
          )
            continue;
          if (within !== undefined && !within.has(p.divisionId)) continue;
        }
        list.push(r);
      }
      list.sort((a, b) => a.requestedMs - b.requestedMs || (a.requestId < b.requestId ? -1 : 1));
      return { total: list.length, requests: list.slice(0, input?.limit ?? 100).map((r) => ({ ...r })) };
    },
  },
});
