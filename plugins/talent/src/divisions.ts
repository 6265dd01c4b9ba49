/**
 * The plugin's own view of the county's divisions, folded from the core `divisions.*` events (no
 * import of the core module: the event shapes are the contract). It answers, as of the date the
 * fold reached, "which live township holds division X now?" — following `divisions.merged` sources
 * to their target, `divisions.abolished` to the absorber, a split source that ends to its first
 * part, and the `moves` of villages from one township to another. Groups are not tracked.
 */
import type { RecordedEvent } from '@xianzhi/kernel';

export type PlaceLevel = 'county' | 'township' | 'village';

export interface Ending {
  at: string;
  how: 'merged' | 'split' | 'abolished';
  /** Where what belonged to it went (a split's first part). */
  successorId: string;
  documentNo?: string;
}

export interface Place {
  id: string;
  code?: string;
  name: string;
  level: PlaceLevel;
  kind: string;
  parentId?: string;
  establishedAt: string;
  ended?: Ending;
}

export interface DivisionIndex {
  places: Map<string, Place>;
  /** Active statistical code → division id. */
  codes: Map<string, string>;
}

const LEVEL_OF_KIND: Record<string, PlaceLevel | undefined> = {
  county: 'county',
  town: 'township',
  xiang: 'township',
  'ethnic-xiang': 'township',
  subdistrict: 'township',
  zone: 'township',
  village: 'village',
  community: 'village',
};

/** The core division events this view folds. */
export const DIVISION_EVENT_TYPES = [
  'divisions.established',
  'divisions.merged',
  'divisions.split',
  'divisions.abolished',
  'divisions.renamed',
  'divisions.kind-changed',
  'divisions.transferred',
  'divisions.boundary-adjusted',
] as const;

const DIVISION_TYPES: ReadonlySet<string> = new Set(DIVISION_EVENT_TYPES);
export const isDivisionEvent = (type: string): boolean => DIVISION_TYPES.has(type);

export function emptyDivisionIndex(): DivisionIndex {
  return { places: new Map(), codes: new Map() };
}

interface Move {
  id: string;
  to: string;
  code?: string;
}

function setCode(index: DivisionIndex, place: Place, code: string | undefined): void {
  if (code === undefined || code === place.code) return;
  if (place.code !== undefined && index.codes.get(place.code) === place.id) index.codes.delete(place.code);
  place.code = code;
  index.codes.set(code, place.id);
}

function applyMoves(index: DivisionIndex, moves: readonly Move[] | undefined): void {
  for (const m of moves ?? []) {
    const place = index.places.get(m.id);
    if (!place) continue; // a group: not tracked
    place.parentId = m.to;
    setCode(index, place, m.code);
  }
}

function end(index: DivisionIndex, id: string, how: Ending['how'], successorId: string | undefined, event: RecordedEvent): void {
  const place = index.places.get(id);
  if (!place || successorId === undefined) return;
  place.ended = { at: event.metadata.effectiveAt, how, successorId };
  const doc = event.metadata.authority?.documentNo;
  if (doc) place.ended.documentNo = doc;
  if (place.code !== undefined && index.codes.get(place.code) === id) index.codes.delete(place.code);
}

/** Applies one core division event (the log is valid: nothing is checked). */
export function applyDivisionEvent(index: DivisionIndex, event: RecordedEvent): void {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'divisions.established': {
      const e = d as { id: string; code?: string; name: string; kind: string; parentId?: string };
      const level = LEVEL_OF_KIND[e.kind];
      if (!level) return;
      const place: Place = { id: e.id, name: e.name, level, kind: e.kind, establishedAt: event.metadata.effectiveAt };
      if (e.parentId !== undefined) place.parentId = e.parentId;
      index.places.set(e.id, place);
      setCode(index, place, e.code);
      return;
    }
    case 'divisions.merged': {
      const e = d as { sourceIds: string[]; targetId: string; moves: Move[] };
      applyMoves(index, e.moves);
      for (const s of e.sourceIds) end(index, s, 'merged', e.targetId, event);
      return;
    }
    case 'divisions.split': {
      const e = d as { sourceId: string; partIds: string[]; sourceEnds: boolean; moves: Move[] };
      applyMoves(index, e.moves);
      if (e.sourceEnds) end(index, e.sourceId, 'split', e.partIds[0], event);
      return;
    }
    case 'divisions.abolished': {
      const e = d as { id: string; absorbedById: string; moves: Move[] };
      applyMoves(index, e.moves);
      end(index, e.id, 'abolished', e.absorbedById, event);
      return;
    }
    case 'divisions.renamed': {
      const e = d as { id: string; name: string };
      const place = index.places.get(e.id);
      if (place) place.name = e.name;
      return;
    }
    case 'divisions.kind-changed': {
      const e = d as { id: string; kind: string; code?: string; moves: Move[] };
      const place = index.places.get(e.id);
      if (place) {
        place.kind = e.kind;
        setCode(index, place, e.code);
      }
      applyMoves(index, e.moves);
      return;
    }
    case 'divisions.transferred': {
      const e = d as { id: string; parentId: string; code?: string };
      const place = index.places.get(e.id);
      if (place) {
        place.parentId = e.parentId;
        setCode(index, place, e.code);
      }
      return;
    }
    case 'divisions.boundary-adjusted':
      applyMoves(index, (d as { moves: Move[] }).moves);
      return;
    default:
      return;
  }
}

/** A division by id, or by its statistical code active as of the fold. */
export function findPlace(index: DivisionIndex, ref: string): Place | undefined {
  return index.places.get(ref) ?? index.places.get(index.codes.get(ref) ?? '');
}

/** The live division that carries `id` on: itself, or its successor after mergers and abolitions. */
export function currentPlace(index: DivisionIndex, id: string): Place | undefined {
  let place = findPlace(index, id);
  for (let hops = 0; place?.ended && hops < 100; hops++) place = index.places.get(place.ended.successorId);
  return place?.ended ? undefined : place;
}

/** The live township that holds division `id` (a township or a village) as of the fold. */
export function townshipOf(index: DivisionIndex, id: string): Place | undefined {
  const place = currentPlace(index, id);
  if (!place) return undefined;
  if (place.level === 'township') return place;
  if (place.level === 'village' && place.parentId !== undefined) {
    const parent = currentPlace(index, place.parentId);
    return parent?.level === 'township' ? parent : undefined;
  }
  return undefined;
}

/** The statistical code of the county a division lies in. */
export function countyCodeOf(index: DivisionIndex, place: Place): string | undefined {
  let p: Place | undefined = place;
  for (let hops = 0; p && p.level !== 'county' && hops < 10; hops++) p = p.parentId === undefined ? undefined : index.places.get(p.parentId);
  return p?.level === 'county' ? p.code : undefined;
}

/** The live divisions of a level (in one county, when given), by code. */
export function livePlaces(index: DivisionIndex, level: PlaceLevel, countyCode?: string): Place[] {
  const out: Place[] = [];
  for (const p of index.places.values()) {
    if (p.level !== level || p.ended) continue;
    if (countyCode !== undefined && countyCodeOf(index, p) !== countyCode) continue;
    out.push(p);
  }
  return out.sort(byCode);
}

export const byCode = (a: Place, b: Place): number => (a.code ?? a.id).localeCompare(b.code ?? b.id, 'en', { numeric: true });

/** 青龙镇（510799101） */
export function describePlace(place: Pick<Place, 'name' | 'code' | 'id'>): string {
  return `${place.name}（${place.code ?? place.id}）`;
}

/** Why `place` cannot take part in something on `at`, or undefined when it is live. */
export function endedReason(index: DivisionIndex, place: Place): string | undefined {
  if (!place.ended) return undefined;
  const how = { merged: 'merged into', split: 'split, its first part being', abolished: 'abolished and absorbed by' }[place.ended.how];
  const successor = index.places.get(place.ended.successorId);
  const doc = place.ended.documentNo ? ` (${place.ended.documentNo})` : '';
  return `${describePlace(place)} was ${how} ${successor ? describePlace(successor) : place.ended.successorId} on ${place.ended.at}${doc}`;
}
