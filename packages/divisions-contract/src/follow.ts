/**
 * Following the divisions: the fold every module (core or plugin) uses to know, as of the date a
 * fold has reached, which live township holds a division — across mergers, splits, abolitions,
 * transfers, boundary adjustments, re-codes and renames — and what a statistical code names on
 * that date. The runtime folds in effective order, as of the date asked, so a read model that
 * keeps a `DivisionIndex` answers "as of D" without knowing any of the rules below.
 *
 * - A division that ends keeps its successor: a merger's target, an abolished division's absorber,
 *   a split source's first part. `currentPlace` follows successors to the live division. A division
 *   abolished with no absorber (its children moved elsewhere first) ends with no successor.
 * - A re-code (`divisions.recoded`) gives a division a new code in place; its old code is retired
 *   (still names it), its children take the codes in `moves`.
 * - Inferred changes that a real document superseded (`divisions.inferred-superseded`, effective
 *   before them) are skipped — only once that event is part of the fold: as known at a time before
 *   the document was recorded, the inferred changes still hold.
 * - A village that moves (the `moves` of a merger, abolition, split, change of kind or boundary
 *   adjustment; a transfer) takes its new township and, when given, its new code.
 * - Counties, townships and villages are kept; groups (村民小组、居民小组) only in an index made
 *   with `emptyDivisionIndex({ groups: true })` (a read model about groups — party branches set up
 *   on villager groups — asks for them; the others keep no group).
 *
 * Events are decoded through their typed definitions (`divisionEvent`), never by string and cast;
 * a new divisions event type fails the exhaustive switch below until it is followed.
 */
import { eventFamily, on, type Evolver, type RecordedEvent, type RecordedEventOf } from '@xianzhi/kernel';
import { divisionEvents, type Move } from './events';
import { LEVEL_OF, type DivisionKind } from './kinds';

/** Every divisions event, as one family: `divisionEvent.is(event)` narrows a stored event. */
export const divisionEvent = eventFamily(divisionEvents);
export type DivisionEvent = RecordedEventOf<(typeof divisionEvents)[number]>;
/** A divisions event's type and data (what a decider emits, before it is recorded). */
export type DivisionChange = DivisionEvent extends infer E
  ? E extends DivisionEvent
    ? Pick<E, 'type' | 'data'>
    : never
  : never;

export type PlaceLevel = 'county' | 'township' | 'village';

export interface Ending {
  /** The effective date of the change that ended it. */
  on: string;
  how: 'merged' | 'split' | 'abolished';
  /** Where what belonged to it went (a split's first part); absent when abolished with no absorber. */
  successorId?: string;
  documentNo?: string;
}

/** A county, township or village as of the fold's date. */
export interface Place {
  id: string;
  code?: string;
  name: string;
  /** The official full name (塔山镇大石村民委员会), when it differs from the name. */
  fullName?: string;
  level: PlaceLevel;
  kind: DivisionKind;
  parentId?: string;
  establishedAt: string;
  ended?: Ending;
}

/** A villager or resident group as of the fold's date (kept only when the index asks for groups). */
export interface GroupPlace {
  id: string;
  name: string;
  kind: DivisionKind;
  /** Its village (a group has no national code). */
  parentId: string;
  establishedAt: string;
  ended?: Ending;
}

export interface DivisionIndex {
  places: Map<string, Place>;
  /** Statistical code in use → division id. */
  codes: Map<string, string>;
  /** Code no longer in use → the division that held it last (an ended one, or one re-coded since). */
  retired: Map<string, string>;
  /** Ids of inferred events a folded `divisions.inferred-superseded` took out: they are skipped. */
  superseded: Set<string>;
  /** Villager and resident groups, when the index was made with `{ groups: true }`. */
  groups?: Map<string, GroupPlace>;
}

/**
 * An empty index. With `groups: true` it keeps the groups too (`groupOf`, `currentGroup`).
 *
 * @example
 * const state = { divisions: emptyDivisionIndex({ groups: true }), branches: new Map() };
 */
export function emptyDivisionIndex(options: { groups?: boolean } = {}): DivisionIndex {
  const index: DivisionIndex = {
    places: new Map(),
    codes: new Map(),
    retired: new Map(),
    superseded: new Set(),
  };
  if (options.groups) index.groups = new Map();
  return index;
}

/** The full name to keep: none when absent or the same as the name. */
function setFullName(place: Place, fullName: string | null | undefined): void {
  if (fullName === undefined || fullName === null || fullName === place.name) delete place.fullName;
  else place.fullName = fullName;
}

function setCode(index: DivisionIndex, place: Place, code: string | undefined): void {
  if (code === undefined || code === place.code) return;
  if (place.code !== undefined) retire(index, place);
  place.code = code;
  index.codes.set(code, place.id);
  index.retired.delete(code);
}

function retire(index: DivisionIndex, place: Place): void {
  if (place.code === undefined) return;
  if (index.codes.get(place.code) === place.id) index.codes.delete(place.code);
  index.retired.set(place.code, place.id);
}

function applyMoves(index: DivisionIndex, moves: readonly Move[]): void {
  for (const m of moves) {
    const place = index.places.get(m.id);
    if (place) {
      place.parentId = m.to;
      setCode(index, place, m.code);
      continue;
    }
    const group = index.groups?.get(m.id); // a group: followed only when the index keeps groups
    if (group) group.parentId = m.to;
  }
}

function end(
  index: DivisionIndex,
  id: string,
  how: Ending['how'],
  successorId: string | undefined,
  event: DivisionEvent,
): void {
  const place = index.places.get(id) ?? index.groups?.get(id);
  if (!place || successorId === id) return;
  const documentNo = event.metadata.authority?.documentNo;
  place.ended = {
    on: event.metadata.effectiveAt,
    how,
    ...(successorId === undefined ? {} : { successorId }),
    ...(documentNo ? { documentNo } : {}),
  };
  if ('level' in place) retire(index, place);
}

/** Applies one divisions event (the log is valid: nothing is checked). */
export function applyDivisionEvent(index: DivisionIndex, event: DivisionEvent): void {
  if (index.superseded.has(event.id)) return; // an inferred change a real document replaced
  switch (event.type) {
    case 'divisions.established': {
      const e = event.data;
      const level = LEVEL_OF[e.kind];
      if (level === 'group') {
        if (index.groups && e.parentId !== undefined)
          index.groups.set(e.id, {
            id: e.id,
            name: e.name,
            kind: e.kind,
            parentId: e.parentId,
            establishedAt: event.metadata.effectiveAt,
          });
        return;
      }
      const place: Place = {
        id: e.id,
        name: e.name,
        level,
        kind: e.kind,
        establishedAt: event.metadata.effectiveAt,
      };
      if (e.parentId !== undefined) place.parentId = e.parentId;
      setFullName(place, e.fullName);
      index.places.set(e.id, place);
      setCode(index, place, e.code);
      return;
    }
    case 'divisions.merged':
      applyMoves(index, event.data.moves);
      for (const source of event.data.sourceIds) end(index, source, 'merged', event.data.targetId, event);
      return;
    case 'divisions.split':
      applyMoves(index, event.data.moves);
      if (event.data.sourceEnds) end(index, event.data.sourceId, 'split', event.data.partIds[0], event);
      return;
    case 'divisions.abolished':
      applyMoves(index, event.data.moves);
      end(index, event.data.id, 'abolished', event.data.absorbedById, event);
      return;
    case 'divisions.renamed': {
      const group = index.groups?.get(event.data.id);
      if (group) group.name = event.data.name;
      const place = index.places.get(event.data.id);
      if (!place) return;
      const { name, fullName } = event.data;
      // an absent full name keeps the one it had; null (or the short name) drops it
      const keep = fullName === undefined ? place.fullName : fullName;
      place.name = name;
      setFullName(place, keep);
      return;
    }
    case 'divisions.kind-changed': {
      const place = index.places.get(event.data.id);
      if (place) {
        place.kind = event.data.kind;
        setCode(index, place, event.data.code);
      }
      const group = index.groups?.get(event.data.id);
      if (group) group.kind = event.data.kind;
      applyMoves(index, event.data.moves);
      return;
    }
    case 'divisions.transferred': {
      const place = index.places.get(event.data.id);
      if (place) {
        place.parentId = event.data.parentId;
        setCode(index, place, event.data.code);
      }
      const group = index.groups?.get(event.data.id);
      if (group) group.parentId = event.data.parentId;
      return;
    }
    case 'divisions.boundary-adjusted':
      applyMoves(index, event.data.moves);
      return;
    case 'divisions.reclassified':
    case 'divisions.seat-moved':
      return; // neither changes where anything belongs
    case 'divisions.recoded': {
      const place = index.places.get(event.data.id);
      if (place) setCode(index, place, event.data.code);
      applyMoves(index, event.data.moves);
      return;
    }
    case 'divisions.inferred-superseded':
      for (const id of event.data.eventIds) index.superseded.add(id);
      return;
    case 'divisions.changes-inferred':
      return; // opens an inferred adjustment: its own events say what changed
  }
}

/**
 * The divisions an event names — what it establishes, changes, ends or moves, and where to — each
 * once, in the order the event names them (for history and lineage read models).
 */
export function divisionIdsOf(event: DivisionChange): string[] {
  const moved = (moves: readonly Move[]) => moves.map((m) => m.id);
  const ids = ((): string[] => {
    switch (event.type) {
      case 'divisions.established':
      case 'divisions.renamed':
      case 'divisions.reclassified':
      case 'divisions.transferred':
      case 'divisions.seat-moved':
        return [event.data.id];
      case 'divisions.kind-changed':
      case 'divisions.recoded':
        return [event.data.id, ...moved(event.data.moves)];
      case 'divisions.merged':
        return [event.data.targetId, ...event.data.sourceIds, ...moved(event.data.moves)];
      case 'divisions.split':
        return [event.data.sourceId, ...event.data.partIds, ...moved(event.data.moves)];
      case 'divisions.abolished': {
        const { absorbedById } = event.data;
        return [
          event.data.id,
          ...(absorbedById === undefined ? [] : [absorbedById]),
          ...moved(event.data.moves),
        ];
      }
      case 'divisions.boundary-adjusted':
        return [event.data.fromId, event.data.toId, ...moved(event.data.moves)];
      case 'divisions.changes-inferred':
      case 'divisions.inferred-superseded':
        return []; // they name events and counts, no division
    }
  })();
  return [...new Set(ids)];
}

/**
 * Evolve handlers that keep the `DivisionIndex` inside a projection's state up to date: spread them
 * into the projection's `evolve`.
 *
 * @example
 * evolve: { ...followDivisions((s: SchoolsState) => s.divisions), ...on(schoolOpened, …) }
 */
export function followDivisions<State>(
  indexOf: (state: State) => DivisionIndex,
): Record<DivisionEvent['type'], Evolver<State>> {
  return on(divisionEvent, (state: State, event) => {
    applyDivisionEvent(indexOf(state), event);
    return state;
  });
}

/** Applies `event` when it is a divisions event; answers whether it was. For models that fold a mixed stream. */
export function followIfDivisionEvent(index: DivisionIndex, event: RecordedEvent): boolean {
  if (!divisionEvent.is(event)) return false;
  applyDivisionEvent(index, event);
  return true;
}
