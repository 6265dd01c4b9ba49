/**
 * Questions to a `DivisionIndex`, answered as of the date the fold reached: what a reference (id or
 * statistical code) names, which live division carries it on, which township holds it, which
 * county it lies in.
 */
import type { DivisionIndex, Ending, GroupPlace, Place, PlaceLevel } from './follow';

/** Hops followed at most through successors or parents (guards a corrupt index from looping). */
const MAX_HOPS = 64;

/**
 * A division by id, or by statistical code: the code's holder on the date, else the division that
 * held it last (a merged township's code still names that township — and `currentPlace` its survivor).
 */
export function findPlace(index: DivisionIndex, ref: string): Place | undefined {
  const id = index.places.has(ref) ? ref : (index.codes.get(ref) ?? index.retired.get(ref));
  return id === undefined ? undefined : index.places.get(id);
}

/** The live division that carries `ref` on: itself, or its successor after mergers, splits and abolitions. */
export function currentPlace(index: DivisionIndex, ref: string): Place | undefined {
  let place = findPlace(index, ref);
  for (let hops = 0; place?.ended && hops < MAX_HOPS; hops++) {
    const { successorId } = place.ended;
    place = successorId === undefined ? undefined : index.places.get(successorId); // none: abolished outright
  }
  return place?.ended ? undefined : place;
}

/**
 * The live group that carries group `id` on (itself, or the group it merged into), in an index that
 * keeps groups (`emptyDivisionIndex({ groups: true })`); undefined otherwise.
 */
export function currentGroup(index: DivisionIndex, id: string): GroupPlace | undefined {
  let group = index.groups?.get(id);
  for (let hops = 0; group?.ended && hops < MAX_HOPS; hops++) {
    const { successorId } = group.ended;
    group = successorId === undefined ? undefined : index.groups?.get(successorId);
  }
  return group?.ended ? undefined : group;
}

/** The live village a group (by id) lies in on the date: its village, after the mergers of both. */
export function villageOfGroup(index: DivisionIndex, id: string): Place | undefined {
  const group = currentGroup(index, id) ?? index.groups?.get(id);
  return group ? currentPlace(index, group.parentId) : undefined;
}

/**
 * The live township that holds `ref` (a township, or a village through its township — or a group
 * through its village, in an index that keeps groups) on the date.
 */
export function townshipOf(index: DivisionIndex, ref: string): Place | undefined {
  let place = currentPlace(index, ref) ?? (index.groups?.has(ref) ? villageOfGroup(index, ref) : undefined);
  for (let hops = 0; place && hops < MAX_HOPS; hops++) {
    if (place.level === 'township') return place;
    if (place.level !== 'village' || place.parentId === undefined) return undefined;
    place = currentPlace(index, place.parentId);
  }
  return undefined;
}

/** The statistical code of the county a division lies in. */
export function countyCodeOf(index: DivisionIndex, place: Place): string | undefined {
  let p: Place | undefined = place;
  for (let hops = 0; p && hops < MAX_HOPS; hops++) {
    if (p.level === 'county') return p.code;
    p = p.parentId === undefined ? undefined : index.places.get(p.parentId);
  }
  return undefined;
}

export const byCode = (a: Place, b: Place): number =>
  (a.code ?? a.id).localeCompare(b.code ?? b.id, 'en', { numeric: true });

/** The live divisions of a level (of one county, when given), by code. */
export function livePlaces(index: DivisionIndex, level: PlaceLevel, countyCode?: string): Place[] {
  const out: Place[] = [];
  for (const p of index.places.values()) {
    if (p.level !== level || p.ended) continue;
    if (countyCode !== undefined && countyCodeOf(index, p) !== countyCode) continue;
    out.push(p);
  }
  return out.sort(byCode);
}

/** One township's line of a count: the township that holds the records on the date, and how many. */
export interface TownshipCount {
  townshipId: string;
  code: string;
  township: string;
  count: number;
}

/**
 * Counts records under the township that holds each one on the index's date (a merged township's
 * records under its survivor, a village's under its township), by township code. A record whose
 * division the index does not know counts under its own id, so nothing is silently dropped.
 */
export function countByTownship<T>(
  index: DivisionIndex,
  records: Iterable<T>,
  divisionOf: (record: T) => string,
): TownshipCount[] {
  const rows = new Map<string, TownshipCount>();
  for (const record of records) {
    const ref = divisionOf(record);
    const t = townshipOf(index, ref);
    const id = t?.id ?? ref;
    const row = rows.get(id) ?? { townshipId: id, code: t?.code ?? '', township: t?.name ?? ref, count: 0 };
    row.count += 1;
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/** 青龙镇（510799101） */
export function describePlace(place: Pick<Place, 'name' | 'code' | 'id'>): string {
  return `${place.name}（${place.code ?? place.id}）`;
}

/** Why `place` can take part in nothing new (it has ended), or undefined when it is live. */
export function endedReason(index: DivisionIndex, place: Place): string | undefined {
  if (!place.ended) return undefined;
  const { successorId } = place.ended;
  const doc = place.ended.documentNo ? ` (${place.ended.documentNo})` : '';
  if (successorId === undefined)
    return `${describePlace(place)} was abolished with no successor on ${place.ended.on}${doc}`;
  const how = {
    merged: 'merged into',
    split: 'split, its first part being',
    abolished: 'abolished and absorbed by',
  }[place.ended.how];
  const successor = index.places.get(successorId);
  return `${describePlace(place)} was ${how} ${successor ? describePlace(successor) : successorId} on ${place.ended.on}${doc}`;
}

/** What a command's guard needs to know about a division on a date (a read model's answer: plain JSON). */
export interface DivisionInfo {
  id: string;
  name: string;
  code: string | null;
  level: PlaceLevel;
  kind: string;
  countyCode: string | null;
  active: boolean;
  /** `successorId`/`successorName` are null for a division abolished with no successor. */
  ended:
    | (Pick<Ending, 'on' | 'how'> & {
        successorId: string | null;
        successorName: string | null;
        documentNo: string | null;
      })
    | null;
}

/** The division `ref` names (id or code) as of the date, with its live successor when it has ended. */
export function divisionInfo(index: DivisionIndex, ref: string): DivisionInfo | null {
  const p = findPlace(index, ref);
  if (!p) return null;
  const survivor = p.ended ? currentPlace(index, p.id) : undefined;
  return {
    id: p.id,
    name: p.name,
    code: p.code ?? null,
    level: p.level,
    kind: p.kind,
    countyCode: countyCodeOf(index, p) ?? null,
    active: !p.ended,
    ended: p.ended
      ? {
          on: p.ended.on,
          how: p.ended.how,
          successorId: survivor?.id ?? p.ended.successorId ?? null,
          successorName:
            survivor?.name ??
            (p.ended.successorId === undefined
              ? null
              : (index.places.get(p.ended.successorId)?.name ?? p.ended.successorId)),
          documentNo: p.ended.documentNo ?? null,
        }
      : null,
  };
}
