/**
 * The division registry's state and the one function that applies an event to it, with or without
 * checking the invariants. The decider checks (so commands are refused with clear errors) and the
 * read models do not (the log is already valid). Both use the same code, so they never disagree.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import {
  KIND_LABEL,
  LEVEL_OF,
  PARENT_LEVEL,
  codeProblem,
  divisionEvent,
  type DivisionKind,
  type Level,
  type Move,
} from '@xianzhi/divisions-contract';

export interface EventRef {
  eventId: string;
  /** The adjustment the event belongs to (its correlation id). */
  adjustmentId: string;
  effectiveAt: string;
  documentNo?: string;
}

/**
 * How `applyEvent` treats the rules:
 * - `fold`: applies without checking (read models: the log is already valid);
 * - `check`: refuses an event that breaks a rule as of its effective date;
 * - `adjustment`: the same, except for the rules one adjustment may break on its way to a valid
 *   result — who holds a code and whether a code starts with its parent's (a swap of two codes, a
 *   village given its new township's code before the township is re-coded). `checkAdjustmentCodes`
 *   checks those on the adjustment's result; a code released earlier in the same adjustment may be
 *   taken again.
 */
export type ApplyMode = 'fold' | 'check' | 'adjustment';

export interface Division {
  id: string;
  code?: string;
  name: string;
  /** The official full name as published, when it differs from `name`. */
  fullName?: string;
  level: Level;
  kind: DivisionKind;
  parentId?: string;
  classification?: string;
  seat?: string;
  established: EventRef;
  ended?: EventRef & { how: 'merged' | 'split' | 'abolished'; successorIds: string[] };
  /** Ids of the active children. */
  children: string[];
}

export interface RegistryState {
  divisions: Map<string, Division>;
  /** Active code → division id. */
  codes: Map<string, string>;
  /** Retired code → who held it and when it was retired. */
  retired: Map<string, { id: string } & EventRef>;
  /** Adjustments (correlation ids) whose changes were inferred from snapshots of the national codes. */
  inferred: Set<string>;
  /** Inferred events superseded by a real document: they take no part in the registry. */
  superseded: Set<string>;
}

export function emptyRegistry(): RegistryState {
  return {
    divisions: new Map(),
    codes: new Map(),
    retired: new Map(),
    inferred: new Set(),
    superseded: new Set(),
  };
}

/** Whether an event was superseded by a real document (as far as the state has been folded). */
export const isSuperseded = (state: RegistryState, event: RecordedEvent): boolean =>
  state.superseded.has(event.id);

export function describe(d: Pick<Division, 'kind' | 'name' | 'code' | 'id'>): string {
  return `${KIND_LABEL[d.kind].zh} ${d.name}（${d.code ?? d.id}）`;
}

function refOf(event: RecordedEvent): EventRef {
  const r: EventRef = {
    eventId: event.id,
    adjustmentId: event.metadata.correlationId ?? event.id,
    effectiveAt: event.metadata.effectiveAt,
  };
  if (event.metadata.authority) r.documentNo = event.metadata.authority.documentNo;
  return r;
}

function when(ref: EventRef): string {
  return ref.documentNo ? `${ref.effectiveAt} (${ref.documentNo})` : ref.effectiveAt;
}

/** The active division `id`, or an InvariantViolation saying why it cannot take part in `action`. */
export function activeDivision(state: RegistryState, id: string, action: string, at: string): Division {
  const d = state.divisions.get(id);
  if (!d)
    throw new InvariantViolation(
      `division ${id} does not exist as of ${at}; it cannot be ${action}`,
      { divisionId: id },
      { reason: { code: 'division.noneAsOf', params: { ref: id, at } } },
    );
  if (d.ended) {
    const how = { merged: 'merged into another', split: 'split', abolished: 'abolished' }[d.ended.how];
    throw new InvariantViolation(
      `${describe(d)} was ${how} on ${when(d.ended)}; it cannot be ${action} on ${at}`,
      { divisionId: id, endedBy: d.ended.eventId },
      {
        reason: {
          code: `division.ended.${d.ended.how}`,
          params: { name: d.name, endedOn: d.ended.effectiveAt, documentNo: d.ended.documentNo ?? '', at },
        },
      },
    );
  }
  return d;
}

function checkCodeFree(
  state: RegistryState,
  code: string | undefined,
  forId: string,
  mode: ApplyMode,
  ref: EventRef,
): void {
  if (code === undefined) return;
  const at = ref.effectiveAt;
  const holder = state.codes.get(code);
  if (mode === 'check' && holder !== undefined && holder !== forId) {
    const d = state.divisions.get(holder)!;
    throw new InvariantViolation(`code ${code} is already held by ${describe(d)} on ${at}`, {
      code,
      heldBy: holder,
    });
  }
  const retired = state.retired.get(code);
  // The national data is the authority on its own codes: an inferred adjustment may reuse one.
  const releasedNow = mode === 'adjustment' && retired?.adjustmentId === ref.adjustmentId;
  if (retired && retired.id !== forId && !releasedNow && !state.inferred.has(ref.adjustmentId)) {
    const d = state.divisions.get(retired.id);
    throw new InvariantViolation(
      `code ${code} was retired on ${when(retired)}${d ? ` (it belonged to ${describe(d)})` : ''}; a retired code is never reused`,
      { code },
    );
  }
}

/** Releases `d`'s code: retired, unless another division took it earlier in the same adjustment. */
function releaseCode(state: RegistryState, d: Division, ref: EventRef): void {
  if (d.code === undefined || state.codes.get(d.code) !== d.id) return;
  state.codes.delete(d.code);
  state.retired.set(d.code, { id: d.id, ...ref });
}

function setCode(state: RegistryState, d: Division, code: string | undefined, ref: EventRef): void {
  if (d.code === code) return;
  releaseCode(state, d, ref);
  d.code = code;
  if (code !== undefined) {
    state.codes.set(code, d.id);
    state.retired.delete(code);
  }
}

function end(
  state: RegistryState,
  d: Division,
  how: 'merged' | 'split' | 'abolished',
  successorIds: string[],
  ref: EventRef,
): void {
  d.ended = { ...ref, how, successorIds };
  releaseCode(state, d, ref);
  const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
  if (parent) parent.children = parent.children.filter((c) => c !== d.id);
}

/** Whether code range rules are relaxed for this event: national data (imported or inferred) is its own authority. */
const fromNationalData = (state: RegistryState, ref: EventRef, source: string | undefined) =>
  source !== undefined || state.inferred.has(ref.adjustmentId);

function applyMoves(
  state: RegistryState,
  moves: readonly Move[],
  allowedFrom: ReadonlySet<string>,
  mode: ApplyMode,
  ref: EventRef,
): void {
  const at = ref.effectiveAt;
  const check = mode !== 'fold';
  for (const m of moves) {
    const child = check ? activeDivision(state, m.id, 'moved', at) : state.divisions.get(m.id)!;
    const to = check ? activeDivision(state, m.to, 'given children', at) : state.divisions.get(m.to)!;
    if (check) {
      if (!child.parentId || !allowedFrom.has(child.parentId)) {
        throw new InvariantViolation(
          `${describe(child)} is not a child of the divisions this change affects`,
          { divisionId: child.id },
        );
      }
      if (PARENT_LEVEL[child.level] !== to.level) {
        throw new InvariantViolation(
          `${describe(child)} cannot be placed under ${describe(to)}: wrong level`,
          { divisionId: child.id },
        );
      }
      if (m.code !== undefined || child.code !== undefined) {
        const problem = codeProblem(m.code, child.kind, mode === 'check' ? to.code : undefined, false);
        if (problem)
          throw new InvariantViolation(`moving ${describe(child)}: ${problem}`, { divisionId: child.id });
        if (m.code !== child.code) checkCodeFree(state, m.code, child.id, mode, ref);
      }
    }
    const from = child.parentId ? state.divisions.get(child.parentId) : undefined;
    if (from) from.children = from.children.filter((c) => c !== child.id);
    child.parentId = to.id;
    to.children.push(child.id);
    if (m.code !== undefined) setCode(state, child, m.code, ref);
  }
}

function requireNoChildrenLeft(d: Division, action: string): void {
  if (d.children.length > 0) {
    throw new InvariantViolation(
      `${describe(d)} still has ${d.children.length} children after it is ${action}; every child must move to a live division (no orphans)`,
      { divisionId: d.id, children: d.children.slice(0, 10) },
    );
  }
}

/**
 * Applies one registry event. In `check` and `adjustment` modes, throws an InvariantViolation when
 * the event breaks a rule as of its effective date (the state must be the registry as of that date).
 */
export function applyEvent(state: RegistryState, event: RecordedEvent, mode: ApplyMode): void {
  if (!divisionEvent.is(event)) return; // other events on the registry stream (a plugin's) are not the registry's
  if (state.superseded.has(event.id)) return;
  const at = event.metadata.effectiveAt;
  const ref = refOf(event);
  const check = mode !== 'fold';
  /** The parent's code when a code must start with it now (not deferred to the adjustment's end). */
  const prefixOf = (parent: Division | undefined) => (mode === 'check' ? parent?.code : undefined);
  const get = (id: string, action: string) =>
    check ? activeDivision(state, id, action, at) : state.divisions.get(id)!;
  switch (event.type) {
    case 'divisions.established': {
      const e = event.data;
      const level = LEVEL_OF[e.kind];
      let parent: Division | undefined;
      if (check) {
        if (state.divisions.has(e.id))
          throw new InvariantViolation(`division id ${e.id} is already used`, { divisionId: e.id });
        const parentLevel = PARENT_LEVEL[level];
        if (parentLevel) {
          if (!e.parentId)
            throw new InvariantViolation(`a ${KIND_LABEL[e.kind].zh} needs a parent ${parentLevel}`, {
              field: 'parent',
            });
          parent = activeDivision(state, e.parentId, `given a new ${KIND_LABEL[e.kind].zh}`, at);
          if (parent.level !== parentLevel) {
            throw new InvariantViolation(
              `a ${KIND_LABEL[e.kind].zh} must belong to a ${parentLevel}, not to ${describe(parent)}`,
              { field: 'parent' },
            );
          }
        } else if (e.parentId) {
          throw new InvariantViolation('a county has no parent in its own registry', { field: 'parent' });
        }
        const problem = codeProblem(
          e.code,
          e.kind,
          prefixOf(parent),
          !fromNationalData(state, ref, e.source),
        );
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        checkCodeFree(state, e.code, e.id, mode, ref);
      } else if (e.parentId) parent = state.divisions.get(e.parentId);
      const d: Division = { id: e.id, name: e.name, level, kind: e.kind, established: ref, children: [] };
      if (e.fullName !== undefined && e.fullName !== e.name) d.fullName = e.fullName;
      if (e.parentId) d.parentId = e.parentId;
      if (e.classification) d.classification = e.classification;
      if (e.seat) d.seat = e.seat;
      state.divisions.set(d.id, d);
      if (e.code !== undefined) setCode(state, d, e.code, ref);
      parent?.children.push(d.id);
      return;
    }
    case 'divisions.merged': {
      const e = event.data;
      const target = get(e.targetId, 'merged into');
      const sources = e.sourceIds.map((id) => get(id, 'merged'));
      if (check) {
        for (const s of sources) {
          if (s.id === target.id)
            throw new InvariantViolation(`${describe(s)} cannot be merged into itself`, { divisionId: s.id });
          if (s.level !== target.level) {
            throw new InvariantViolation(`${describe(s)} and ${describe(target)} are not on the same level`, {
              divisionId: s.id,
            });
          }
        }
        if (new Set(e.sourceIds).size !== e.sourceIds.length)
          throw new InvariantViolation('a source is listed twice', { field: 'sources' });
      }
      applyMoves(state, e.moves, new Set(e.sourceIds), mode, ref);
      for (const s of sources) {
        if (check) requireNoChildrenLeft(s, 'merged');
        end(state, s, 'merged', [target.id], ref);
      }
      return;
    }
    case 'divisions.split': {
      const e = event.data;
      const source = get(e.sourceId, 'split');
      if (check) {
        for (const p of e.partIds) {
          const part = activeDivision(state, p, 'a part of a split', at);
          if (part.level !== source.level)
            throw new InvariantViolation(`${describe(part)} is not on the level of ${describe(source)}`, {
              divisionId: p,
            });
        }
      }
      applyMoves(state, e.moves, new Set([e.sourceId]), mode, ref);
      if (e.sourceEnds) {
        if (check) requireNoChildrenLeft(source, 'split and ends');
        end(state, source, 'split', e.partIds, ref);
      }
      return;
    }
    case 'divisions.abolished': {
      const e = event.data;
      const d = get(e.id, 'abolished');
      if (check && e.absorbedById !== undefined) {
        const absorber = activeDivision(
          state,
          e.absorbedById,
          'given the territory of an abolished division',
          at,
        );
        if (absorber.id === d.id)
          throw new InvariantViolation(`${describe(d)} cannot absorb itself`, { divisionId: d.id });
        if (absorber.level !== d.level)
          throw new InvariantViolation(`${describe(absorber)} is not on the level of ${describe(d)}`, {
            divisionId: absorber.id,
          });
      }
      applyMoves(state, e.moves, new Set([e.id]), mode, ref);
      if (check) requireNoChildrenLeft(d, 'abolished');
      end(state, d, 'abolished', e.absorbedById === undefined ? [] : [e.absorbedById], ref);
      return;
    }
    case 'divisions.renamed': {
      const e = event.data;
      const d = get(e.id, 'renamed');
      const fullName =
        e.fullName === undefined
          ? d.fullName
          : e.fullName === null || e.fullName === e.name
            ? undefined
            : e.fullName;
      if (check && d.name === e.name && d.fullName === fullName) {
        throw new InvariantViolation(
          `${describe(d)} is already called ${e.name}${fullName ? `（${fullName}）` : ''}`,
          { field: 'name' },
        );
      }
      d.name = e.name;
      if (fullName === undefined) delete d.fullName;
      else d.fullName = fullName;
      return;
    }
    case 'divisions.kind-changed': {
      const e = event.data;
      const d = get(e.id, 'changed in kind');
      if (check) {
        if (LEVEL_OF[e.kind] !== d.level)
          throw new InvariantViolation(
            `${describe(d)} cannot become a ${KIND_LABEL[e.kind].zh}: another level`,
            { field: 'kind' },
          );
        if (e.kind === d.kind)
          throw new InvariantViolation(`${describe(d)} is already a ${KIND_LABEL[e.kind].zh}`, {
            field: 'kind',
          });
        const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
        const problem = codeProblem(
          e.code,
          e.kind,
          prefixOf(parent),
          !fromNationalData(state, ref, e.source),
        );
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        if (e.code !== d.code) checkCodeFree(state, e.code, d.id, mode, ref);
      }
      d.kind = e.kind;
      setCode(state, d, e.code, ref);
      applyMoves(state, e.moves, new Set([d.id]), mode, ref);
      return;
    }
    case 'divisions.recoded': {
      const e = event.data;
      const d = get(e.id, 're-coded');
      if (check) {
        if (d.code === e.code)
          throw new InvariantViolation(`${describe(d)} already has the code ${e.code}`, { field: 'code' });
        const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
        const problem = codeProblem(
          e.code,
          d.kind,
          prefixOf(parent),
          !fromNationalData(state, ref, undefined),
        );
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        checkCodeFree(state, e.code, d.id, mode, ref);
      }
      setCode(state, d, e.code, ref);
      applyMoves(state, e.moves, new Set([d.id]), mode, ref);
      return;
    }
    case 'divisions.reclassified': {
      const e = event.data;
      const d = get(e.id, 'reclassified');
      if (e.classification === null) delete d.classification;
      else d.classification = e.classification;
      return;
    }
    case 'divisions.transferred': {
      const e = event.data;
      const d = get(e.id, 'transferred');
      const to = get(e.parentId, 'given a transferred division');
      if (check) {
        if (PARENT_LEVEL[d.level] !== to.level)
          throw new InvariantViolation(`${describe(d)} cannot belong to ${describe(to)}: wrong level`, {
            field: 'parent',
          });
        if (d.parentId === to.id)
          throw new InvariantViolation(`${describe(d)} already belongs to ${describe(to)}`, {
            field: 'parent',
          });
        const problem = codeProblem(e.code, d.kind, prefixOf(to), false);
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        checkCodeFree(state, e.code, d.id, mode, ref);
      }
      const from = d.parentId ? state.divisions.get(d.parentId) : undefined;
      if (from) from.children = from.children.filter((c) => c !== d.id);
      d.parentId = to.id;
      to.children.push(d.id);
      setCode(state, d, e.code, ref);
      return;
    }
    case 'divisions.seat-moved': {
      const e = event.data;
      const d = get(e.id, 'given a new seat');
      d.seat = e.seat;
      return;
    }
    case 'divisions.boundary-adjusted': {
      const e = event.data;
      if (check) {
        const from = activeDivision(state, e.fromId, 'adjusted', at);
        const to = activeDivision(state, e.toId, 'adjusted', at);
        if (from.level !== to.level)
          throw new InvariantViolation(`${describe(from)} and ${describe(to)} are not on the same level`, {
            field: 'to',
          });
        for (const m of e.moves)
          if (m.to !== e.toId)
            throw new InvariantViolation('every move of a boundary adjustment goes to its `to` division', {
              field: 'moves',
            });
      }
      applyMoves(state, e.moves, new Set([e.fromId]), mode, ref);
      return;
    }
    case 'divisions.changes-inferred':
      state.inferred.add(ref.adjustmentId);
      return;
    case 'divisions.inferred-superseded': {
      const e = event.data;
      for (const id of e.eventIds) state.superseded.add(id);
      return;
    }
  }
}

/** The divisions an event touches (for the checks on an adjustment's result and for read models). */
export function touchedBy(event: { data: unknown }): string[] {
  const d = event.data as {
    id?: string;
    sourceIds?: string[];
    targetId?: string;
    sourceId?: string;
    partIds?: string[];
    absorbedById?: string;
    fromId?: string;
    toId?: string;
    moves?: { id: string }[];
  };
  const ids = new Set<string>();
  for (const x of [d.id, d.targetId, d.sourceId, d.absorbedById, d.fromId, d.toId]) if (x) ids.add(x);
  for (const x of d.sourceIds ?? []) ids.add(x);
  for (const x of d.partIds ?? []) ids.add(x);
  for (const m of d.moves ?? []) ids.add(m.id);
  return [...ids];
}

/**
 * The rules `adjustment` mode leaves to the adjustment's result: every active division it touched
 * (and their children) holds a code no other active division holds, starting with its parent's.
 * `claimed` lists the divisions whose code this adjustment set; a conflict names the other holder.
 */
export function checkAdjustmentCodes(
  state: RegistryState,
  touched: Iterable<string>,
  claimed: ReadonlySet<string>,
  at: string,
): void {
  const check = new Map<string, Division>();
  for (const id of touched) {
    const d = state.divisions.get(id);
    if (!d || d.ended) continue;
    check.set(d.id, d);
    for (const c of d.children) check.set(c, state.divisions.get(c)!);
  }
  const codes = new Set<string>();
  for (const d of check.values()) if (d.code !== undefined) codes.add(d.code);
  const holders = new Map<string, Division[]>();
  for (const d of state.divisions.values()) {
    if (d.ended || d.code === undefined || !codes.has(d.code)) continue;
    const list = holders.get(d.code);
    if (list) list.push(d);
    else holders.set(d.code, [d]);
  }
  // Latest first: of two changes giving one code, the later one is named.
  for (const d of [...check.values()].reverse()) {
    if (d.code === undefined) continue;
    // A division whose code this adjustment set meets any other holder; the others meet it.
    const others = claimed.has(d.id) ? holders.get(d.code)!.filter((h) => h.id !== d.id) : [];
    const holder = others.find((h) => !claimed.has(h.id));
    if (holder) {
      throw new InvariantViolation(`code ${d.code} is already held by ${describe(holder)} on ${at}`, {
        code: d.code,
        heldBy: holder.id,
        divisionId: d.id,
      });
    }
    if (others.length > 0) {
      throw new InvariantViolation(
        `code ${d.code} is given to both ${describe(d)} and ${describe(others[0]!)} on ${at}`,
        { code: d.code, divisionId: d.id },
      );
    }
    const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
    if (parent?.code !== undefined && !d.code.startsWith(parent.code)) {
      throw new InvariantViolation(
        `${describe(d)}: code ${d.code} must start with its parent's code ${parent.code} (${describe(parent)})`,
        { divisionId: d.id, field: 'code' },
      );
    }
  }
}
