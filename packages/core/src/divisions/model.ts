/**
 * The division registry's state and the one function that applies an event to it, with or without
 * checking the invariants. The decider checks (so commands are refused with clear errors) and the
 * read models do not (the log is already valid). Both use the same code, so they never disagree.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import { KIND_LABEL, LEVEL_OF, PARENT_LEVEL, codeProblem, divisionEvent, type DivisionKind, type Level } from '@xianzhi/divisions-contract';
import type { Move } from '@xianzhi/divisions-contract';

export interface EventRef {
  eventId: string;
  effectiveAt: string;
  documentNo?: string;
}

export interface Division {
  id: string;
  code?: string;
  name: string;
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
}

export function emptyRegistry(): RegistryState {
  return { divisions: new Map(), codes: new Map(), retired: new Map() };
}

export function describe(d: Pick<Division, 'kind' | 'name' | 'code' | 'id'>): string {
  return `${KIND_LABEL[d.kind].zh} ${d.name}（${d.code ?? d.id}）`;
}

function refOf(event: RecordedEvent): EventRef {
  const r: EventRef = { eventId: event.id, effectiveAt: event.metadata.effectiveAt };
  if (event.metadata.authority) r.documentNo = event.metadata.authority.documentNo;
  return r;
}

function when(ref: EventRef): string {
  return ref.documentNo ? `${ref.effectiveAt} (${ref.documentNo})` : ref.effectiveAt;
}

/** The active division `id`, or an InvariantViolation saying why it cannot take part in `action`. */
export function activeDivision(state: RegistryState, id: string, action: string, at: string): Division {
  const d = state.divisions.get(id);
  if (!d) throw new InvariantViolation(`division ${id} does not exist as of ${at}; it cannot be ${action}`, { divisionId: id });
  if (d.ended) {
    const how = { merged: 'merged into another', split: 'split', abolished: 'abolished' }[d.ended.how];
    throw new InvariantViolation(`${describe(d)} was ${how} on ${when(d.ended)}; it cannot be ${action} on ${at}`, {
      divisionId: id,
      endedBy: d.ended.eventId,
    });
  }
  return d;
}

function checkCodeFree(state: RegistryState, code: string | undefined, forId: string, at: string): void {
  if (code === undefined) return;
  const holder = state.codes.get(code);
  if (holder !== undefined && holder !== forId) {
    const d = state.divisions.get(holder)!;
    throw new InvariantViolation(`code ${code} is already held by ${describe(d)} on ${at}`, { code, heldBy: holder });
  }
  const retired = state.retired.get(code);
  if (retired && retired.id !== forId) {
    const d = state.divisions.get(retired.id);
    throw new InvariantViolation(
      `code ${code} was retired on ${when(retired)}${d ? ` (it belonged to ${describe(d)})` : ''}; a retired code is never reused`,
      { code },
    );
  }
}

function setCode(state: RegistryState, d: Division, code: string | undefined, ref: EventRef): void {
  if (d.code === code) return;
  if (d.code !== undefined) {
    state.codes.delete(d.code);
    state.retired.set(d.code, { id: d.id, ...ref });
  }
  d.code = code;
  if (code !== undefined) {
    state.codes.set(code, d.id);
    state.retired.delete(code);
  }
}

function end(state: RegistryState, d: Division, how: 'merged' | 'split' | 'abolished', successorIds: string[], ref: EventRef): void {
  d.ended = { ...ref, how, successorIds };
  if (d.code !== undefined) {
    state.codes.delete(d.code);
    state.retired.set(d.code, { id: d.id, ...ref });
  }
  const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
  if (parent) parent.children = parent.children.filter((c) => c !== d.id);
}

function applyMoves(state: RegistryState, moves: readonly Move[], allowedFrom: ReadonlySet<string>, check: boolean, at: string, ref: EventRef): void {
  for (const m of moves) {
    const child = check ? activeDivision(state, m.id, 'moved', at) : state.divisions.get(m.id)!;
    const to = check ? activeDivision(state, m.to, 'given children', at) : state.divisions.get(m.to)!;
    if (check) {
      if (!child.parentId || !allowedFrom.has(child.parentId)) {
        throw new InvariantViolation(`${describe(child)} is not a child of the divisions this change affects`, { divisionId: child.id });
      }
      if (PARENT_LEVEL[child.level] !== to.level) {
        throw new InvariantViolation(`${describe(child)} cannot be placed under ${describe(to)}: wrong level`, { divisionId: child.id });
      }
      if (m.code !== undefined || child.code !== undefined) {
        const problem = codeProblem(m.code, child.kind, to.code, false);
        if (problem) throw new InvariantViolation(`moving ${describe(child)}: ${problem}`, { divisionId: child.id });
        if (m.code !== child.code) checkCodeFree(state, m.code, child.id, at);
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
 * Applies one registry event. With `check`, throws an InvariantViolation when the event breaks a
 * rule as of its effective date (the state must be the registry as of that date).
 */
export function applyEvent(state: RegistryState, event: RecordedEvent, check: boolean): void {
  const at = event.metadata.effectiveAt;
  const ref = refOf(event);
  if (!divisionEvent.is(event)) return; // other events on the registry stream (a plugin's) are not the registry's
  switch (event.type) {
    case 'divisions.established': {
      const e = event.data;
      const level = LEVEL_OF[e.kind];
      let parent: Division | undefined;
      if (check) {
        if (state.divisions.has(e.id)) throw new InvariantViolation(`division id ${e.id} is already used`, { divisionId: e.id });
        const parentLevel = PARENT_LEVEL[level];
        if (parentLevel) {
          if (!e.parentId) throw new InvariantViolation(`a ${KIND_LABEL[e.kind].zh} needs a parent ${parentLevel}`, { field: 'parent' });
          parent = activeDivision(state, e.parentId, `given a new ${KIND_LABEL[e.kind].zh}`, at);
          if (parent.level !== parentLevel) {
            throw new InvariantViolation(`a ${KIND_LABEL[e.kind].zh} must belong to a ${parentLevel}, not to ${describe(parent)}`, { field: 'parent' });
          }
        } else if (e.parentId) {
          throw new InvariantViolation('a county has no parent in its own registry', { field: 'parent' });
        }
        const problem = codeProblem(e.code, e.kind, parent?.code, e.source === undefined);
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        checkCodeFree(state, e.code, e.id, at);
      } else if (e.parentId) parent = state.divisions.get(e.parentId);
      const d: Division = { id: e.id, name: e.name, level, kind: e.kind, established: ref, children: [] };
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
      const target = check ? activeDivision(state, e.targetId, 'merged into', at) : state.divisions.get(e.targetId)!;
      const sources = e.sourceIds.map((id) => (check ? activeDivision(state, id, 'merged', at) : state.divisions.get(id)!));
      if (check) {
        for (const s of sources) {
          if (s.id === target.id) throw new InvariantViolation(`${describe(s)} cannot be merged into itself`, { divisionId: s.id });
          if (s.level !== target.level) {
            throw new InvariantViolation(`${describe(s)} and ${describe(target)} are not on the same level`, { divisionId: s.id });
          }
        }
        if (new Set(e.sourceIds).size !== e.sourceIds.length) throw new InvariantViolation('a source is listed twice', { field: 'sources' });
      }
      applyMoves(state, e.moves, new Set(e.sourceIds), check, at, ref);
      for (const s of sources) {
        if (check) requireNoChildrenLeft(s, 'merged');
        end(state, s, 'merged', [target.id], ref);
      }
      return;
    }
    case 'divisions.split': {
      const e = event.data;
      const source = check ? activeDivision(state, e.sourceId, 'split', at) : state.divisions.get(e.sourceId)!;
      if (check) {
        for (const p of e.partIds) {
          const part = activeDivision(state, p, 'a part of a split', at);
          if (part.level !== source.level) throw new InvariantViolation(`${describe(part)} is not on the level of ${describe(source)}`, { divisionId: p });
        }
      }
      applyMoves(state, e.moves, new Set([e.sourceId]), check, at, ref);
      if (e.sourceEnds) {
        if (check) requireNoChildrenLeft(source, 'split and ends');
        end(state, source, 'split', e.partIds, ref);
      }
      return;
    }
    case 'divisions.abolished': {
      const e = event.data;
      const d = check ? activeDivision(state, e.id, 'abolished', at) : state.divisions.get(e.id)!;
      if (check) {
        const absorber = activeDivision(state, e.absorbedById, 'given the territory of an abolished division', at);
        if (absorber.id === d.id) throw new InvariantViolation(`${describe(d)} cannot absorb itself`, { divisionId: d.id });
        if (absorber.level !== d.level) throw new InvariantViolation(`${describe(absorber)} is not on the level of ${describe(d)}`, { divisionId: absorber.id });
      }
      applyMoves(state, e.moves, new Set([e.id]), check, at, ref);
      if (check) requireNoChildrenLeft(d, 'abolished');
      end(state, d, 'abolished', [e.absorbedById], ref);
      return;
    }
    case 'divisions.renamed': {
      const e = event.data;
      const d = check ? activeDivision(state, e.id, 'renamed', at) : state.divisions.get(e.id)!;
      if (check && d.name === e.name) throw new InvariantViolation(`${describe(d)} is already called ${e.name}`, { field: 'name' });
      d.name = e.name;
      return;
    }
    case 'divisions.kind-changed': {
      const e = event.data;
      const d = check ? activeDivision(state, e.id, 'changed in kind', at) : state.divisions.get(e.id)!;
      if (check) {
        if (LEVEL_OF[e.kind] !== d.level) throw new InvariantViolation(`${describe(d)} cannot become a ${KIND_LABEL[e.kind].zh}: another level`, { field: 'kind' });
        if (e.kind === d.kind) throw new InvariantViolation(`${describe(d)} is already a ${KIND_LABEL[e.kind].zh}`, { field: 'kind' });
        const parent = d.parentId ? state.divisions.get(d.parentId) : undefined;
        const problem = codeProblem(e.code, e.kind, parent?.code);
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        if (e.code !== d.code) checkCodeFree(state, e.code, d.id, at);
      }
      d.kind = e.kind;
      setCode(state, d, e.code, ref);
      applyMoves(state, e.moves, new Set([d.id]), check, at, ref);
      return;
    }
    case 'divisions.reclassified': {
      const e = event.data;
      const d = check ? activeDivision(state, e.id, 'reclassified', at) : state.divisions.get(e.id)!;
      if (e.classification === null) delete d.classification;
      else d.classification = e.classification;
      return;
    }
    case 'divisions.transferred': {
      const e = event.data;
      const d = check ? activeDivision(state, e.id, 'transferred', at) : state.divisions.get(e.id)!;
      const to = check ? activeDivision(state, e.parentId, 'given a transferred division', at) : state.divisions.get(e.parentId)!;
      if (check) {
        if (PARENT_LEVEL[d.level] !== to.level) throw new InvariantViolation(`${describe(d)} cannot belong to ${describe(to)}: wrong level`, { field: 'parent' });
        if (d.parentId === to.id) throw new InvariantViolation(`${describe(d)} already belongs to ${describe(to)}`, { field: 'parent' });
        const problem = codeProblem(e.code, d.kind, to.code, false);
        if (problem) throw new InvariantViolation(problem, { field: 'code' });
        checkCodeFree(state, e.code, d.id, at);
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
      const d = check ? activeDivision(state, e.id, 'given a new seat', at) : state.divisions.get(e.id)!;
      d.seat = e.seat;
      return;
    }
    case 'divisions.boundary-adjusted': {
      const e = event.data;
      if (check) {
        const from = activeDivision(state, e.fromId, 'adjusted', at);
        const to = activeDivision(state, e.toId, 'adjusted', at);
        if (from.level !== to.level) throw new InvariantViolation(`${describe(from)} and ${describe(to)} are not on the same level`, { field: 'to' });
        for (const m of e.moves) if (m.to !== e.toId) throw new InvariantViolation('every move of a boundary adjustment goes to its `to` division', { field: 'moves' });
      }
      applyMoves(state, e.moves, new Set([e.fromId]), check, at, ref);
      return;
    }
  }
}
