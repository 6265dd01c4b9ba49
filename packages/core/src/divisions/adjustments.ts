/**
 * Read model `divisions.adjustments`: the timeline of adjustments — each approved act with its
 * document, dates and what it changed. Events of one command share a correlation id.
 */
import { defineProjection, type RecordedEvent } from '@xianzhi/kernel';
import { DIVISION_EVENT_TYPES, changesInferred, inferredSuperseded } from '@xianzhi/divisions-contract';

export interface AdjustmentSummary {
  id: string;
  stream: string;
  effectiveAt: string;
  effectiveMs: number;
  recordedAt: string;
  documentNo: string | null;
  issuedBy: string | null;
  approvedOn: string | null;
  /** Number of changes of each type, e.g. { 'divisions.merged': 3 } (superseded ones not counted). */
  changes: Record<string, number>;
  eventIds: string[];
  /** Set when the changes were inferred from two snapshots of the national codes. */
  inferred: {
    source: string;
    fromSnapshot: string;
    toSnapshot: string;
    counts: Record<string, number>;
  } | null;
  /** Events of this adjustment that a real document superseded (inferred adjustments only). */
  supersededEventIds: string[];
}

interface State {
  list: AdjustmentSummary[];
  byId: Map<string, number>;
  superseded: Set<string>;
}

function evolve(state: State, e: RecordedEvent): State {
  const id = e.metadata.correlationId ?? e.id;
  let i = state.byId.get(id);
  if (i === undefined) {
    i =
      state.list.push({
        id,
        stream: e.stream,
        effectiveAt: e.metadata.effectiveAt,
        effectiveMs: e.effectiveMs,
        recordedAt: e.metadata.recordedAt,
        documentNo: e.metadata.authority?.documentNo ?? null,
        issuedBy: e.metadata.authority?.issuedBy ?? null,
        approvedOn: e.metadata.authority?.approvedOn ?? null,
        changes: {},
        eventIds: [],
        inferred: null,
        supersededEventIds: [],
      }) - 1;
    state.byId.set(id, i);
  }
  const a = state.list[i]!;
  a.eventIds.push(e.id);
  if (changesInferred.is(e)) a.inferred = e.data;
  if (inferredSuperseded.is(e)) for (const x of e.data.eventIds) state.superseded.add(x);
  if (state.superseded.has(e.id)) a.supersededEventIds.push(e.id);
  else a.changes[e.type] = (a.changes[e.type] ?? 0) + 1;
  return state;
}

export const divisionAdjustments = defineProjection({
  name: 'divisions.adjustments',
  version: 2,
  initialState: (): State => ({ list: [], byId: new Map(), superseded: new Set() }),
  evolve: Object.fromEntries(DIVISION_EVENT_TYPES.map((t) => [t, evolve])),
  queries: {
    /** Adjustments in effective order; `after` (epoch ms) keeps only those effective later. */
    timeline: (state: State, input: { after?: number; stream?: string } | undefined) =>
      state.list
        .filter(
          (a) =>
            (input?.after === undefined || a.effectiveMs > input.after) &&
            (input?.stream === undefined || a.stream === input.stream),
        )
        .sort((a, b) => a.effectiveMs - b.effectiveMs),
  },
});
