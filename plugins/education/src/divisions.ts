/**
 * The plugin's own view of the county's townships, folded from the core `divisions.*` events (the
 * plugin never imports the divisions module). A township that ends — merged (`divisions.merged`),
 * abolished (`divisions.abolished`) or split (`divisions.split` with `sourceEnds`) — keeps a
 * successor, so a school recorded in it counts under the surviving township from the end date on,
 * and under itself as of any earlier date (the runtime folds in effective order, as of the date).
 */
import type { RecordedEvent } from '@xianzhi/kernel';

export type Level = 'county' | 'township';

export interface Place {
  id: string;
  name: string;
  kind: string;
  level: Level;
  code?: string;
  parentId?: string;
  establishedAt: string;
  ended?: { on: string; how: 'merged' | 'abolished' | 'split'; successorId: string; documentNo?: string };
}

export type Places = Map<string, Place>;

const LEVEL_OF_KIND: Record<string, Level | undefined> = {
  county: 'county',
  town: 'township',
  xiang: 'township',
  'ethnic-xiang': 'township',
  subdistrict: 'township',
  zone: 'township',
};

export const KIND_LABEL: Record<string, string> = { county: '县', town: '镇', xiang: '乡', 'ethnic-xiang': '民族乡', subdistrict: '街道', zone: '农场/园区' };

export const DIVISION_EVENT_TYPES = [
  'divisions.established',
  'divisions.merged',
  'divisions.abolished',
  'divisions.split',
  'divisions.renamed',
  'divisions.kind-changed',
  'divisions.transferred',
] as const;

interface Data {
  id?: string;
  name?: string;
  kind?: string;
  code?: string;
  parentId?: string;
  sourceIds?: string[];
  targetId?: string;
  absorbedById?: string;
  sourceId?: string;
  partIds?: string[];
  sourceEnds?: boolean;
}

function end(places: Places, id: string, how: 'merged' | 'abolished' | 'split', successorId: string | undefined, event: RecordedEvent): void {
  const p = places.get(id);
  if (!p || successorId === undefined || successorId === id) return;
  const documentNo = event.metadata.authority?.documentNo;
  p.ended = { on: event.metadata.effectiveAt, how, successorId, ...(documentNo ? { documentNo } : {}) };
}

/** Applies one `divisions.*` event; villages and groups are not kept (schools belong to townships). */
export function applyDivisionEvent(places: Places, event: RecordedEvent): Places {
  const d = event.data as Data;
  switch (event.type) {
    case 'divisions.established': {
      const level = d.kind ? LEVEL_OF_KIND[d.kind] : undefined;
      if (!level || !d.id) break;
      places.set(d.id, {
        id: d.id,
        name: d.name ?? d.id,
        kind: d.kind!,
        level,
        ...(d.code ? { code: d.code } : {}),
        ...(d.parentId ? { parentId: d.parentId } : {}),
        establishedAt: event.metadata.effectiveAt,
      });
      break;
    }
    case 'divisions.merged':
      for (const source of d.sourceIds ?? []) end(places, source, 'merged', d.targetId, event);
      break;
    case 'divisions.abolished':
      if (d.id) end(places, d.id, 'abolished', d.absorbedById, event);
      break;
    case 'divisions.split':
      // Schools record only their township: those of a split township count under its first part.
      if (d.sourceId && d.sourceEnds) end(places, d.sourceId, 'split', d.partIds?.[0], event);
      break;
    case 'divisions.renamed': {
      const p = d.id ? places.get(d.id) : undefined;
      if (p && d.name) p.name = d.name;
      break;
    }
    case 'divisions.kind-changed': {
      const p = d.id ? places.get(d.id) : undefined;
      if (p && d.kind) p.kind = d.kind;
      if (p && d.code) p.code = d.code;
      break;
    }
    case 'divisions.transferred': {
      const p = d.id ? places.get(d.id) : undefined;
      if (p && d.parentId) p.parentId = d.parentId;
      if (p && d.code) p.code = d.code;
      break;
    }
  }
  return places;
}

/** The active township a township id counts under now: itself, or the survivor of its merger(s). */
export function townshipOf(places: Places, id: string): Place | undefined {
  let p = places.get(id);
  for (let hops = 0; p && hops < 64; hops++) {
    if (p.ended) {
      p = places.get(p.ended.successorId);
      continue;
    }
    return p.level === 'township' ? p : undefined;
  }
  return undefined;
}

/** The statistical code of the county a division lies in. */
export function countyCodeOf(places: Places, id: string): string | undefined {
  let p = places.get(id);
  for (let hops = 0; p && hops < 8; hops++) {
    if (p.level === 'county') return p.code;
    p = p.parentId ? places.get(p.parentId) : undefined;
  }
  return undefined;
}

/** A division by id, or by statistical code (the active holder of the code, else the last one). */
export function findPlace(places: Places, idOrCode: string): Place | undefined {
  const byId = places.get(idOrCode);
  if (byId) return byId;
  let found: Place | undefined;
  for (const p of places.values()) {
    if (p.code !== idOrCode) continue;
    if (!p.ended) return p;
    found = p;
  }
  return found;
}

/** The active townships (of one county, or of all), by code. */
export function activeTownships(places: Places, countyCode?: string): Place[] {
  const out: Place[] = [];
  for (const p of places.values()) {
    if (p.level !== 'township' || p.ended) continue;
    if (countyCode !== undefined && countyCodeOf(places, p.id) !== countyCode) continue;
    out.push(p);
  }
  return out.sort((a, b) => (a.code ?? a.id).localeCompare(b.code ?? b.id));
}

/** What the guard of a command needs to know about a division as of a date. */
export interface DivisionInfo {
  id: string;
  name: string;
  code: string | null;
  level: Level;
  kind: string;
  countyCode: string | null;
  active: boolean;
  ended: { on: string; how: 'merged' | 'abolished' | 'split'; successorId: string; successorName: string; documentNo: string | null } | null;
}

export function divisionInfo(places: Places, idOrCode: string): DivisionInfo | null {
  const p = findPlace(places, idOrCode);
  if (!p) return null;
  const survivor = p.ended ? townshipOf(places, p.id) : undefined;
  return {
    id: p.id,
    name: p.name,
    code: p.code ?? null,
    level: p.level,
    kind: p.kind,
    countyCode: countyCodeOf(places, p.id) ?? null,
    active: !p.ended,
    ended: p.ended
      ? {
          on: p.ended.on,
          how: p.ended.how,
          successorId: survivor?.id ?? p.ended.successorId,
          successorName: survivor?.name ?? places.get(p.ended.successorId)?.name ?? p.ended.successorId,
          documentNo: p.ended.documentNo ?? null,
        }
      : null,
  };
}
