/**
 * Read model `divisions.tree`: every county's divisions as of a date — the tree, counts by level
 * and kind, search by name or code.
 *
 * `within` (set by the access layer for a token limited to one division, never by a client): only
 * the divisions with these ids are shown or counted.
 */
import { defineProjection, type RecordedEvent } from '@xianzhi/kernel';
import { DIVISION_EVENT_TYPES } from '@xianzhi/divisions-contract';
import {
  CLASSIFICATION_LABEL,
  KIND_LABEL,
  LEVELS,
  type DivisionKind,
  type Level,
} from '@xianzhi/divisions-contract';
import { applyEvent, emptyRegistry, type Division, type RegistryState } from './model';

export interface TreeNode {
  id: string;
  code?: string;
  name: string;
  /** The official full name as published (the short name when none was recorded). */
  fullName: string;
  level: Level;
  kind: DivisionKind;
  kindLabel: string;
  classification?: string;
  seat?: string;
  establishedAt: string;
  children: TreeNode[];
}

/** A row of `divisions.list` (and of its CSV/XLSX export). */
export interface ListRow {
  id: string;
  code: string;
  name: string;
  fullName: string;
  kind: string;
  parent: string;
  parentCode: string;
  classification: string;
}

export interface Counts {
  byLevel: Record<Level, number>;
  byKind: Partial<Record<DivisionKind, number>>;
}

const evolve = Object.fromEntries(
  DIVISION_EVENT_TYPES.map((type) => [
    type,
    (state: RegistryState, event: RecordedEvent) => {
      applyEvent(state, event, 'fold');
      return state;
    },
  ]),
);

/** Ids a limited caller may see (undefined: all). */
type Within = readonly string[] | undefined;
const allowed = (within: Within) => {
  if (within === undefined) return () => true;
  const set = new Set(within);
  return (d: Division) => set.has(d.id);
};

function node(
  state: RegistryState,
  d: Division,
  depth: number,
  show: (d: Division) => boolean = () => true,
): TreeNode {
  const n: TreeNode = {
    id: d.id,
    name: d.name,
    fullName: d.fullName ?? d.name,
    level: d.level,
    kind: d.kind,
    kindLabel: KIND_LABEL[d.kind].zh,
    establishedAt: d.established.effectiveAt,
    children:
      depth <= 0
        ? []
        : d.children
            .map((c) => state.divisions.get(c)!)
            .filter(show)
            .sort(byCode)
            .map((c) => node(state, c, depth - 1, show)),
  };
  if (d.code !== undefined) n.code = d.code;
  if (d.classification) n.classification = d.classification;
  if (d.seat) n.seat = d.seat;
  return n;
}

const byCode = (a: Division, b: Division) => (a.code ?? a.id).localeCompare(b.code ?? b.id);

function roots(state: RegistryState, rootId?: string): Division[] {
  if (rootId !== undefined) {
    const d = state.divisions.get(rootId) ?? state.divisions.get(state.codes.get(rootId) ?? '');
    return d && !d.ended ? [d] : [];
  }
  return [...state.divisions.values()].filter((d) => d.level === 'county' && !d.ended).sort(byCode);
}

function countUnder(
  state: RegistryState,
  list: Division[],
  show: (d: Division) => boolean = () => true,
): Counts {
  const counts: Counts = {
    byLevel: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
    byKind: {},
  };
  const stack = list.filter(show);
  while (stack.length) {
    const d = stack.pop()!;
    counts.byLevel[d.level] += 1;
    counts.byKind[d.kind] = (counts.byKind[d.kind] ?? 0) + 1;
    for (const c of d.children) {
      const child = state.divisions.get(c)!;
      if (show(child)) stack.push(child);
    }
  }
  return counts;
}

/** The active divisions under the roots (themselves included). */
function activeUnder(state: RegistryState, list: Division[]): Set<string> {
  const ids = new Set<string>();
  const stack = [...list];
  while (stack.length) {
    const d = stack.pop()!;
    ids.add(d.id);
    for (const c of d.children) stack.push(state.divisions.get(c)!);
  }
  return ids;
}

/**
 * The active divisions under a root and every ended division whose successors (through merges,
 * splits and abolitions, transitively) lie under it — what a token limited to the root answers for.
 */
function answeredFor(state: RegistryState, rootId: string): string[] {
  const active = activeUnder(state, roots(state, rootId));
  const memo = new Map<string, boolean>();
  const leadsInto = (id: string, seen: Set<string>): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false;
    seen.add(id);
    const d = state.divisions.get(id);
    const result =
      d === undefined
        ? false
        : d.ended
          ? d.ended.successorIds.some((s) => leadsInto(s, seen))
          : active.has(id);
    memo.set(id, result);
    return result;
  };
  const out = [...active];
  for (const d of state.divisions.values()) if (d.ended && leadsInto(d.id, new Set())) out.push(d.id);
  return out;
}

export const divisionTree = defineProjection({
  name: 'divisions.tree',
  version: 2,
  initialState: emptyRegistry,
  evolve,
  queries: {
    /** The tree under a division (id or code) or under every county, `depth` levels deep (default all). */
    tree: (state: RegistryState, input: { rootId?: string; depth?: number; within?: Within } | undefined) => {
      const show = allowed(input?.within);
      return roots(state, input?.rootId)
        .filter(show)
        .map((d) => node(state, d, input?.depth ?? 9, show));
    },
    /** Counts by level and kind under a division (or of everything). */
    counts: (state: RegistryState, input: { rootId?: string; within?: Within } | undefined) =>
      countUnder(state, roots(state, input?.rootId), allowed(input?.within)),
    /** One division as of the date (active or ended), with its parent chain. */
    get: (state: RegistryState, input: { id: string; within?: Within }) => {
      const d = state.divisions.get(input.id) ?? state.divisions.get(state.codes.get(input.id) ?? '');
      const show = allowed(input.within);
      if (!d || !show(d)) return null;
      const path: { id: string; name: string; code?: string }[] = [];
      for (
        let p = d.parentId ? state.divisions.get(d.parentId) : undefined;
        p;
        p = p.parentId ? state.divisions.get(p.parentId) : undefined
      ) {
        path.unshift(
          p.code === undefined ? { id: p.id, name: p.name } : { id: p.id, name: p.name, code: p.code },
        );
      }
      return { ...node(state, d, 1, show), ended: d.ended ?? null, path };
    },
    /** The ids of the active divisions under a division (id or code), itself included. */
    under: (state: RegistryState, input: { rootId: string }) => [
      ...activeUnder(state, roots(state, input.rootId)),
    ],
    /** What a token limited to a division answers for on the date (see `answeredFor`): ids. */
    within: (state: RegistryState, input: { rootId: string }) => answeredFor(state, input.rootId),
    /** Active divisions whose name contains `q` or whose code starts with it. */
    search: (state: RegistryState, input: { q: string; limit?: number; within?: Within }) => {
      const q = input.q.trim();
      const show = allowed(input.within);
      const out: TreeNode[] = [];
      for (const d of state.divisions.values()) {
        if (d.ended || !show(d)) continue;
        if (d.name.includes(q) || d.fullName?.includes(q) || (d.code !== undefined && d.code.startsWith(q)))
          out.push(node(state, d, 0));
        if (out.length >= (input.limit ?? 50)) break;
      }
      return out;
    },
    /** The active divisions of one level, as rows (for tables and exports). */
    list: (state: RegistryState, input: { level: Level; rootId?: string; within?: Within }): ListRow[] => {
      const rows: ListRow[] = [];
      const show = allowed(input.within);
      const stack = roots(state, input.rootId).filter(show);
      while (stack.length) {
        const d = stack.pop()!;
        if (d.level === input.level) {
          const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
          rows.push({
            id: d.id,
            code: d.code ?? '',
            name: d.name,
            fullName: d.fullName ?? d.name,
            kind: KIND_LABEL[d.kind].zh,
            parent: parent?.name ?? '',
            parentCode: parent?.code ?? '',
            classification: d.classification
              ? (CLASSIFICATION_LABEL[d.classification]?.zh ?? d.classification)
              : '',
          });
        } else
          for (const c of d.children) if (show(state.divisions.get(c)!)) stack.push(state.divisions.get(c)!);
      }
      return rows.sort((a, b) => a.code.localeCompare(b.code));
    },
  },
});
