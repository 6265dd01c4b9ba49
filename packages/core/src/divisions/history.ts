/**
 * Read models `divisions.history` (one division's names, codes, parents, kinds, classes and seats
 * over time, each change with its document) and `divisions.lineage` (predecessors and successors
 * through merges, splits and abolitions; renames and re-codes keep the same division).
 */
import { defineProjection, on, parseEffectiveAt } from '@xianzhi/kernel';
import { divisionEvent, divisionIdsOf, type DivisionEvent } from '@xianzhi/divisions-contract';
import { KIND_LABEL, type DivisionKind, type Level } from '@xianzhi/divisions-contract';
import { applyEvent, emptyRegistry, isSuperseded, type Division, type RegistryState } from './model';

const ATTRS = ['name', 'fullName', 'code', 'parentId', 'kind', 'classification', 'seat'] as const;
type Attr = (typeof ATTRS)[number];

export interface Period {
  value: string | null;
  from: string;
  to: string | null;
  documentNo?: string;
}

export interface HistoryChange {
  eventId: string;
  type: string;
  effectiveAt: string;
  documentNo?: string;
  issuedBy?: string;
  /** Inferred from two snapshots of the national codes, not read from a document. */
  inferred?: true;
  /** What changed for this division: attribute → [before, after]. */
  fields: Partial<Record<Attr | 'status', [string | null, string | null]>>;
}

interface DivisionRecord {
  id: string;
  level: Level;
  periods: Record<Attr, Period[]>;
  changes: HistoryChange[];
  endedAt: string | null;
}

interface HistoryState {
  registry: RegistryState;
  records: Map<string, DivisionRecord>;
  /** code → ids that held it, in order */
  codeHolders: Map<string, string[]>;
  edges: LineageEdge[];
  /** id → indexes into edges */
  edgesOf: Map<string, number[]>;
}

export interface LineageEdge {
  from: string;
  to: string;
  how: 'merged' | 'split' | 'absorbed';
  effectiveAt: string;
  documentNo?: string;
  eventId: string;
}

function attrsOf(d: Division | undefined): Record<Attr, string | null> | undefined {
  if (!d) return undefined;
  return {
    name: d.name,
    fullName: d.fullName ?? null,
    code: d.code ?? null,
    parentId: d.parentId ?? null,
    kind: d.kind,
    classification: d.classification ?? null,
    seat: d.seat ?? null,
  };
}

function addEdge(state: HistoryState, edge: LineageEdge): void {
  const i = state.edges.push(edge) - 1;
  for (const id of [edge.from, edge.to]) {
    const list = state.edgesOf.get(id);
    if (list) list.push(i);
    else state.edgesOf.set(id, [i]);
  }
}

function evolve(state: HistoryState, event: DivisionEvent): HistoryState {
  if (isSuperseded(state.registry, event)) return state;
  const ids = divisionIdsOf(event);
  const before = new Map(ids.map((id) => [id, attrsOf(state.registry.divisions.get(id))]));
  applyEvent(state.registry, event, 'fold');
  const at = event.metadata.effectiveAt;
  const documentNo = event.metadata.authority?.documentNo;
  const issuedBy = event.metadata.authority?.issuedBy;
  const inferred = state.registry.inferred.has(event.metadata.correlationId ?? event.id);
  for (const id of ids) {
    const d = state.registry.divisions.get(id);
    if (!d) continue;
    const after = attrsOf(d)!;
    const prev = before.get(id);
    let record = state.records.get(id);
    if (!record) {
      record = {
        id,
        level: d.level,
        periods: { name: [], fullName: [], code: [], parentId: [], kind: [], classification: [], seat: [] },
        changes: [],
        endedAt: null,
      };
      state.records.set(id, record);
    }
    const change: HistoryChange = { eventId: event.id, type: event.type, effectiveAt: at, fields: {} };
    if (documentNo) change.documentNo = documentNo;
    if (issuedBy) change.issuedBy = issuedBy;
    if (inferred) change.inferred = true;
    for (const attr of ATTRS) {
      const old = prev ? prev[attr] : null;
      const now = after[attr];
      if (prev && old === now) continue;
      if (!prev && now === null) continue;
      change.fields[attr] = [old, now];
      const periods = record.periods[attr];
      const open = periods[periods.length - 1];
      if (open && open.to === null) open.to = at;
      const period: Period = { value: now, from: at, to: null };
      if (documentNo) period.documentNo = documentNo;
      periods.push(period);
      if (attr === 'code' && now !== null) {
        const holders = state.codeHolders.get(now);
        if (holders) {
          if (!holders.includes(id)) holders.push(id);
        } else state.codeHolders.set(now, [id]);
      }
    }
    if (d.ended && record.endedAt === null && d.ended.eventId === event.id) {
      record.endedAt = at;
      change.fields.status = ['active', d.ended.how];
      for (const attr of ATTRS) {
        const open = record.periods[attr][record.periods[attr].length - 1];
        if (open && open.to === null) open.to = at;
      }
    }
    if (!prev) change.fields.status = [null, 'established'];
    if (Object.keys(change.fields).length > 0 || ids.length === 1) record.changes.push(change);
  }
  const base = { effectiveAt: at, eventId: event.id, ...(documentNo ? { documentNo } : {}) };
  if (event.type === 'divisions.merged')
    for (const s of event.data.sourceIds)
      addEdge(state, { from: s, to: event.data.targetId, how: 'merged', ...base });
  if (event.type === 'divisions.split')
    for (const p of event.data.partIds)
      addEdge(state, { from: event.data.sourceId, to: p, how: 'split', ...base });
  if (event.type === 'divisions.abolished' && event.data.absorbedById !== undefined)
    addEdge(state, { from: event.data.id, to: event.data.absorbedById, how: 'absorbed', ...base });
  return state;
}

const initialState = (): HistoryState => ({
  registry: emptyRegistry(),
  records: new Map(),
  codeHolders: new Map(),
  edges: [],
  edgesOf: new Map(),
});
const handlers = on(divisionEvent, evolve);

function findId(state: HistoryState, idOrCode: string, on?: string): string | undefined {
  if (state.records.has(idOrCode)) return idOrCode;
  const holders = state.codeHolders.get(idOrCode);
  if (!holders) return undefined;
  if (on === undefined) return holders[holders.length - 1];
  const onMs = parseEffectiveAt(on)?.ms ?? Number.POSITIVE_INFINITY;
  for (const id of holders) {
    const held = state.records.get(id)!.periods.code.find((p) => p.value === idOrCode);
    if (
      held &&
      parseEffectiveAt(held.from)!.ms <= onMs &&
      (held.to === null || parseEffectiveAt(held.to)!.ms > onMs)
    )
      return id;
  }
  return undefined;
}

export interface LineageNode {
  id: string;
  name: string;
  fullName: string;
  code: string | null;
  kind: DivisionKind;
  kindLabel: string;
  level: Level;
  establishedAt: string;
  endedAt: string | null;
  names: Period[];
  codes: Period[];
}

function lineageNode(state: HistoryState, id: string): LineageNode | undefined {
  const r = state.records.get(id);
  const d = state.registry.divisions.get(id);
  if (!r || !d) return undefined;
  return {
    id,
    name: d.name,
    fullName: d.fullName ?? d.name,
    code: d.code ?? null,
    kind: d.kind,
    kindLabel: KIND_LABEL[d.kind].zh,
    level: d.level,
    establishedAt: d.established.effectiveAt,
    endedAt: r.endedAt,
    names: r.periods.name,
    codes: r.periods.code,
  };
}

function successorsOf(state: HistoryState, idOrCode: string, on: string | undefined): LineageNode[] | null {
  const start = findId(state, idOrCode, on);
  if (start === undefined) return null;
  const out = new Set<string>();
  const stack = [start];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const r = state.records.get(id);
    if (r && r.endedAt === null) {
      out.add(id);
      continue;
    }
    for (const i of state.edgesOf.get(id) ?? []) {
      const e = state.edges[i]!;
      if (e.from === id) stack.push(e.to);
    }
  }
  return [...out].map((id) => lineageNode(state, id)!);
}

export const divisionHistory = defineProjection({
  name: 'divisions.history',
  version: 2,
  initialState,
  evolve: handlers,
  queries: {
    /** A division's attributes over time and every change, by id or by a code (held on `on`). */
    history: (state: HistoryState, input: { id: string; on?: string }) => {
      const id = findId(state, input.id, input.on);
      const r = id === undefined ? undefined : state.records.get(id);
      if (!r) return null;
      const node = lineageNode(state, r.id)!;
      return { ...node, periods: r.periods, changes: r.changes };
    },
    /**
     * Predecessors and successors to `depth` steps (default 10) through merges, splits and
     * abolitions, as a graph of nodes and edges with dates and documents.
     */
    lineage: (state: HistoryState, input: { id: string; on?: string; depth?: number }) => {
      const start = findId(state, input.id, input.on);
      if (start === undefined) return null;
      const depth = input.depth ?? 10;
      const seen = new Map<string, number>([[start, 0]]);
      const edgeSet = new Set<number>();
      const queue = [start];
      while (queue.length) {
        const id = queue.shift()!;
        const dist = seen.get(id)!;
        if (dist >= depth) continue;
        for (const i of state.edgesOf.get(id) ?? []) {
          edgeSet.add(i);
          const e = state.edges[i]!;
          const other = e.from === id ? e.to : e.from;
          if (!seen.has(other)) {
            seen.set(other, dist + 1);
            queue.push(other);
          }
        }
      }
      return {
        root: start,
        nodes: [...seen.keys()].map((id) => lineageNode(state, id)!).filter(Boolean),
        edges: [...edgeSet].sort((a, b) => a - b).map((i) => state.edges[i]!),
      };
    },
    /** "What is X today?": the live divisions X became (itself if it still exists). */
    successors: (state: HistoryState, input: { id: string; on?: string }) =>
      successorsOf(state, input.id, input.on),
    /** The same for many divisions at once: one row per id or code asked, `successors` null when unknown. */
    successorsOf: (state: HistoryState, input: { ids: string[]; on?: string }) =>
      input.ids.map((ref) => ({ ref, successors: successorsOf(state, ref, input.on) })),
  },
});
