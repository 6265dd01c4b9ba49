/**
 * Which of a module's records a query is about, township by township: the records of one county,
 * one township (id or code; an ended township stands for the township it counts under now) or all,
 * each placed in the live township that holds it on the date the fold reached.
 */
import type { DivisionIndex, Place } from './follow';
import { findPlace, townshipOf } from './where';

/** Which records a query is about: one county, one township (id or code), or all. */
export interface TownshipScope {
  countyCode?: string;
  /** A township id or code; an ended township stands for the township it counts under now. */
  townshipId?: string;
  /** Set by the access layer for a token limited to a division: only records of these townships. */
  within?: readonly string[];
}

/** What a record must tell to be placed: its id, county, whether it is closed. */
export interface PlaceableRecord {
  id: string;
  countyCode: string;
  closed?: unknown;
}

export interface ScopeOptions {
  /** Whether a village's id or code names its township (otherwise only a township does). */
  villages?: boolean;
}

/**
 * The township a scope's `townshipId` names (a township, or the survivor of an ended one), as of the
 * index's date: undefined when the scope names none, null when it names no such township.
 */
export function scopeTownship(
  index: DivisionIndex,
  scope: TownshipScope | undefined,
  options: ScopeOptions = {},
): Place | null | undefined {
  if (scope?.townshipId === undefined) return undefined;
  const p = findPlace(index, scope.townshipId);
  if (!p || (!options.villages && p.level !== 'township')) return null;
  return townshipOf(index, p.id) ?? null;
}

export interface PlacedRecord<T> {
  record: T;
  /** The township the record counts under as of the date (undefined when it is unknown). */
  township: Place | undefined;
}

/**
 * The records of the scope (open ones unless `includeClosed`), each with the township that holds
 * `divisionOf(record)` now; by township code (unknown last), then by record id.
 */
export function placeInScope<T extends PlaceableRecord>(
  index: DivisionIndex,
  records: Iterable<T>,
  divisionOf: (record: T) => string,
  scope: TownshipScope | undefined,
  { includeClosed = false, ...options }: ScopeOptions & { includeClosed?: boolean } = {},
): PlacedRecord<T>[] {
  const township = scopeTownship(index, scope, options);
  if (township === null) return [];
  const within = scope?.within === undefined ? undefined : new Set(scope.within);
  const out: PlacedRecord<T>[] = [];
  for (const record of records) {
    if (!includeClosed && record.closed) continue;
    if (scope?.countyCode !== undefined && record.countyCode !== scope.countyCode) continue;
    const t = townshipOf(index, divisionOf(record));
    if (township && t?.id !== township.id) continue;
    if (within !== undefined && (t === undefined || !within.has(t.id))) continue;
    out.push({ record, township: t });
  }
  return out.sort(
    (a, b) =>
      (a.township?.code ?? '~').localeCompare(b.township?.code ?? '~') ||
      a.record.id.localeCompare(b.record.id, 'en', { numeric: true }),
  );
}

/** A ratio as a percentage with one decimal, or null without a (positive) denominator. */
export const percent = (part: number, whole: number | null | undefined): number | null =>
  whole !== null && whole !== undefined && whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
