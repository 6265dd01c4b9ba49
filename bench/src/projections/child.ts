/**
 * The projections suite's measurements, each run in a child process of its own (so that peak RSS
 * and heap state belong to one measurement): `node --import tsx child.ts <mode> '<json args>'`.
 * Progress goes to stderr; the result is one JSON line on stdout.
 *
 * Modes:
 * - `limit`   : the raw read+parse+fold loop over the history file (better-sqlite3, raw rows);
 * - `rebuild` : a fresh runtime over the history file, `await runtime.start()`;
 * - `live`    : a live runtime over a copy of the file: as-of queries against the naive fold,
 *               backdated appends, correctness checks;
 * - `peer`    : Emmett's consumer + projection processor folding counts-by-township from its own
 *               store (written once from the history, cached).
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import {
  countyDate,
  type AnyProjection,
  type ProjectionDefinition,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { ManualClock, createProjectionRuntime } from '@xianzhi/projections';
import { naiveAsOf } from '@xianzhi/testkit';
import { benchRegistry, divisionMerged } from './events';
import {
  COUNTY_STREAM,
  HISTORY_END_MS,
  HISTORY_START_MS,
  NOW_MS,
  random,
  type HistoryStats,
} from './history';
import {
  BENCH_PROJECTIONS,
  countsByTownship,
  countsEvolve,
  type CountsState,
  type TypedData,
} from './projections';
import { loadPeerConsumers, type EmmettSqliteConsumers } from '../peer/emmett-consumer';
import type { PeerEvent } from '../peer/emmett';

const log = (m: string) => process.stderr.write(`${m}\n`);
const now = () => performance.now();
const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** CPU time of this process (user + system, all threads), in ms: steadier than wall time on a busy machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const PAGE = 10_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
function distribution(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50), 3),
    p95: round(percentile(s, 95), 3),
    p99: round(percentile(s, 99), 3),
    max: round(s[s.length - 1] ?? Number.NaN, 3),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), 3),
  };
}

// ── limit ────────────────────────────────────────────────────────────────────────────────────

type LimitRow = [
  position: number,
  type: string,
  data: string,
  metadata: string | null,
  effectiveMs: number,
  recordedMs: number,
];

function runLimit(args: { path: string }) {
  const db = new Database(args.path, { readonly: true });
  db.pragma('cache_size = -65536');
  const page = db
    .prepare(
      'SELECT position, type, data, metadata, effective_ms, recorded_ms FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw(true);
  const t0 = now();
  const c0 = cpuMs();
  const byType = new Map<string, number>();
  let events = 0;
  let from = 0;
  let check = 0;
  for (;;) {
    const rows = page.all(from, PAGE) as LimitRow[];
    for (const row of rows) {
      const data = JSON.parse(row[2]) as Record<string, unknown>;
      if (row[3] !== null) JSON.parse(row[3]);
      byType.set(row[1], (byType.get(row[1]) ?? 0) + 1);
      if (data.kind !== undefined) check += 1;
      events += 1;
    }
    if (rows.length < PAGE) break;
    from = rows[rows.length - 1]![0];
  }
  const ms = now() - t0;
  const cpu = cpuMs() - c0;
  db.close();
  return {
    ms: round(ms, 1),
    cpuMs: round(cpu, 0),
    events,
    check,
    types: byType.size,
    maxRssMiB: maxRssMiB(),
  };
}

// ── rebuild ──────────────────────────────────────────────────────────────────────────────────

function projectionsFor(which: 'all' | 'counts'): AnyProjection[] {
  return which === 'all' ? [...BENCH_PROJECTIONS] : [countsByTownship];
}

async function runRebuild(args: { path: string; projections: 'all' | 'counts' }) {
  const store = openSqliteEventStore({ path: args.path, registry: benchRegistry(), now: () => NOW_MS });
  let loadEnd = 0;
  const t0 = now();
  const c0 = cpuMs();
  const runtime = createProjectionRuntime({
    store,
    projections: projectionsFor(args.projections),
    clock: new ManualClock(NOW_MS),
    cache: ':memory:',
    onProgress: (p) => {
      if (p.phase === 'loading') loadEnd = now();
    },
  });
  await runtime.start();
  const ms = now() - t0;
  const cpu = cpuMs() - c0;
  const health = runtime.health();
  const result = {
    ms: round(ms, 1),
    cpuMs: round(cpu, 0),
    loadMs: round(loadEnd - t0, 1),
    events: runtime.headPosition,
    maxRssMiB: maxRssMiB(),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    snapshots: Object.fromEntries(health.map((h) => [h.name, h.snapshots])),
    status: health.map((h) => h.status),
  };
  await runtime.stop();
  await store.close();
  return result;
}

// ── live: as-of queries and backdated events ─────────────────────────────────────────────────

interface LiveArgs {
  path: string;
  stats: HistoryStats;
  queries: number;
  naiveSamples: number;
  backdatedReps: number;
  seed: number;
}

interface Query {
  projection: string;
  query: string;
  input: unknown;
  D: number;
  /** undefined: as known now. */
  T: number | undefined;
}

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE });
    for (const e of page) events.push(e);
    if (page.length < PAGE) break;
    from = page[page.length - 1]!.position;
  }
  return events;
}

/** The first path at which two values differ (for a bug report). */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: runtime ${JSON.stringify(a)} vs naive ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return `${path}: differ (prototype or non-enumerable)`;
}

async function runLive(args: LiveArgs) {
  const projections = [...BENCH_PROJECTIONS] as unknown as ProjectionDefinition<unknown>[];
  const copy = `${args.path}.live-${process.pid}`;
  const removeCopy = () => {
    for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true });
  };
  removeCopy();
  copyFileSync(args.path, copy);
  // Appends of this run are recorded at NOW, NOW + 1 ms, … so each can be told apart by knownAt.
  let appendClock = NOW_MS;
  const store = openSqliteEventStore({ path: copy, registry: benchRegistry(), now: () => appendClock });
  const clock = new ManualClock(NOW_MS);
  const runtime = createProjectionRuntime({ store, projections, clock, cache: ':memory:' });
  const mismatches: string[] = [];
  const checks: string[] = [];
  const snapshots = () => runtime.health().map((h) => h.snapshots);
  try {
    let t0 = now();
    await runtime.start();
    const startMs = now() - t0;
    log(`  live runtime started in ${(startMs / 1000).toFixed(1)} s`);
    const snapshotsAfterStart = snapshots();

    // 1. As-of queries, timed first, with nothing else in the process's heap (the naive
    //    reference's copy of the events is read afterwards).
    const rnd = random(args.seed + 1);
    const townships = Array.from({ length: 30 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
    const posts = [
      ...townships.flatMap((t) => ['party-secretary', 'head', 'deputy-head-1'].map((p) => `${t}.${p}`)),
      ...Array.from({ length: 400 }, (_, i) => `v${String(i + 1).padStart(4, '0')}.party-secretary`),
    ];
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const span = HISTORY_END_MS - HISTORY_START_MS;
    const makeQuery = (i: number, bitemporal: boolean): Query => {
      const D = HISTORY_START_MS + Math.floor(rnd() * span);
      const T = bitemporal
        ? args.stats.firstRecordedMs +
          Math.floor(rnd() * (args.stats.lastRecordedMs - args.stats.firstRecordedMs))
        : undefined;
      switch (i % 3) {
        case 0:
          return { projection: BENCH_PROJECTIONS[0].name, query: 'township', input: pick(townships), D, T };
        case 1:
          return { projection: BENCH_PROJECTIONS[1].name, query: 'holder', input: pick(posts), D, T };
        default:
          return {
            projection: BENCH_PROJECTIONS[2].name,
            query: 'month',
            input: { townshipId: pick(townships), month: countyDate(D).slice(0, 7) },
            D,
            T,
          };
      }
    };
    const at = (q: { D: number; T: number | undefined }) =>
      q.T === undefined ? { asOf: q.D } : { asOf: q.D, knownAt: q.T };
    const kinds = ['now', 'bitemporal'] as const;
    const timed: Record<
      string,
      {
        queries: Query[];
        latencies: number[];
        cpu: number[];
        byProjection: Record<string, number[]>;
        totalMs: number;
        before: number[];
        after: number[];
      }
    > = {};
    for (const label of kinds) {
      const queries = Array.from({ length: args.queries }, (_, i) => makeQuery(i, label === 'bitemporal'));
      const latencies: number[] = [];
      const cpu: number[] = [];
      const byProjection: Record<string, number[]> = {};
      const before = snapshots();
      const started = now();
      for (const q of queries) {
        const t = now();
        const c = cpuMs();
        await runtime.query(q.projection, q.query, q.input, at(q));
        const ms = now() - t;
        cpu.push(cpuMs() - c);
        latencies.push(ms);
        (byProjection[q.projection] ??= []).push(ms);
      }
      timed[label] = {
        queries,
        latencies,
        cpu,
        byProjection,
        totalMs: now() - started,
        before,
        after: snapshots(),
      };
      const d = distribution(latencies);
      log(`  as-of ${label}: p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms`);
    }

    // 2. Backdated events: a township merged, effective 1 day / 30 days / 1 year before the latest
    //    effective date (division-merged is handled by all three projections).
    const db = new Database(copy, { readonly: true });
    const latestEff = db
      .prepare('SELECT max(effective_ms) FROM events WHERE effective_ms <= ?')
      .pluck()
      .get(NOW_MS) as number;
    db.close();
    const standing = [...args.stats.townships];
    const into = standing.shift()!;
    const backdated: Record<string, { ms: number[]; knownAt: number; snapshots: number[] }> = {};
    for (const [label, days] of [
      ['1d', 1],
      ['30d', 30],
      ['1y', 365],
    ] as const) {
      const ms: number[] = [];
      for (let rep = 0; rep < args.backdatedReps; rep++) {
        const from = standing.shift();
        if (from === undefined) break;
        const effectiveAt = new Date(latestEff - days * 86_400_000).toISOString();
        const event = divisionMerged.create(
          { divisionId: from, level: 'township', intoId: into },
          {
            effectiveAt,
            authority: { documentNo: '川府民政〔2024〕3号', issuedBy: '四川省人民政府' },
            actor: 'county-office',
          },
        );
        appendClock += 1;
        const t = now();
        const result = await store.append(COUNTY_STREAM, [event]);
        await runtime.waitForPosition(result.lastPosition);
        ms.push(round(now() - t, 2));
      }
      backdated[label] = { ms, knownAt: appendClock, snapshots: snapshots() };
      log(`  backdated ${label}: ${ms.join(' / ')} ms`);
    }

    // 3. The reference: every event (with the appended ones) in memory, and the checks.
    t0 = now();
    const events = await readEverything(store);
    log(
      `  naive reference: ${events.length.toLocaleString('en-US')} events read in ${((now() - t0) / 1000).toFixed(1)} s`,
    );
    const END = Number.MAX_SAFE_INTEGER;
    const compare = async (label: string, D: number | undefined, T: number | undefined) => {
      for (const p of projections) {
        const ours = await runtime.state(p.name, {
          ...(D === undefined ? {} : { asOf: D }),
          ...(T === undefined ? {} : { knownAt: T }),
        });
        const naive = naiveAsOf(events, p, D ?? NOW_MS, T ?? END, () => NOW_MS);
        const diff = firstDifference(ours, naive);
        if (diff) {
          const where = `asOf ${D === undefined ? 'now' : `${new Date(D).toISOString()} (${D})`}, knownAt ${T === undefined ? 'now' : `${new Date(T).toISOString()} (${T})`}`;
          mismatches.push(`${label}: ${p.name} ${where}: ${diff}`);
          log(`  MISMATCH ${label}: ${p.name} ${where}: ${diff}`);
        }
      }
    };
    await compare('live state at the end', undefined, undefined);
    checks.push('live state at the end (after the backdated merges) = naive, 3 projections');
    for (const [label, b] of Object.entries(backdated)) {
      await compare(`as known right after the backdated ${label} merges`, undefined, b.knownAt);
    }
    await compare('as known before the backdated merges', undefined, args.stats.lastRecordedMs);
    checks.push(
      'state as known after each group of backdated merges, and before them = naive, 3 projections',
    );

    const asOf: Record<string, unknown> = {};
    for (const label of kinds) {
      const r = timed[label]!;
      const sample = r.queries.slice(0, args.naiveSamples);
      const naiveMs: number[] = [];
      const oursSampleMs: number[] = [];
      for (const q of sample) {
        const p = projections.find((x) => x.name === q.projection)!;
        const fn = p.queries[q.query] as (s: unknown, i: unknown) => unknown;
        // "As known now" is as known at the end of the history (before this run's appends).
        const T = q.T ?? args.stats.lastRecordedMs;
        let t = now();
        const naive = fn(
          naiveAsOf(events, p, q.D, T, () => NOW_MS),
          q.input,
        );
        naiveMs.push(now() - t);
        t = now();
        const ours = await runtime.query(q.projection, q.query, q.input, { asOf: q.D, knownAt: T });
        oursSampleMs.push(now() - t);
        const diff = firstDifference(ours, naive);
        if (diff) {
          mismatches.push(
            `as-of ${label} query ${q.projection}.${q.query}(${JSON.stringify(q.input)}) D=${q.D} T=${T}: ${diff}`,
          );
          log(`  MISMATCH as-of ${label} query ${q.projection}.${q.query}: ${diff}`);
        }
        await compare(`as-of ${label}`, q.D, T);
      }
      checks.push(
        `as-of ${label}: ${sample.length} sampled (D, T): query answers and full states of all 3 projections = naive`,
      );
      asOf[label] = {
        ours: distribution(r.latencies),
        cpu: distribution(r.cpu),
        byProjection: Object.fromEntries(
          Object.entries(r.byProjection).map(([k, v]) => [k, distribution(v)]),
        ),
        totalMs: round(r.totalMs, 1),
        naive: distribution(naiveMs),
        oursOnSample: distribution(oursSampleMs),
        snapshotsBefore: r.before,
        snapshotsAfter: r.after,
      };
      log(`  naive ${label}: p50 ${distribution(naiveMs).p50} ms over ${sample.length}`);
    }

    return {
      startMs: round(startMs, 1),
      events: events.length,
      snapshotsAfterStart,
      asOf,
      backdated,
      latestEffective: new Date(latestEff).toISOString(),
      checks,
      mismatches,
      maxRssMiB: maxRssMiB(),
    };
  } finally {
    await runtime.stop();
    await store.close();
    removeCopy();
  }
}

// ── peer ─────────────────────────────────────────────────────────────────────────────────────

type HistoryRow = [
  position: number,
  stream: string,
  type: string,
  data: string,
  metadata: string | null,
  effectiveAt: string,
  recordedAt: string,
];

function* historyRows(path: string): Generator<HistoryRow> {
  const db = new Database(path, { readonly: true });
  try {
    const page = db
      .prepare(
        'SELECT position, stream, type, data, metadata, effective_at, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
      )
      .raw(true);
    let from = 0;
    for (;;) {
      const rows = page.all(from, PAGE) as HistoryRow[];
      yield* rows;
      if (rows.length < PAGE) break;
      from = rows[rows.length - 1]![0];
    }
  } finally {
    db.close();
  }
}

/** The largest batch the peer's append takes: one INSERT with 10 parameters per event (SQLite allows 32,766). */
const PEER_BATCH = 3_000;

async function writePeerStore(module: EmmettSqliteConsumers, history: string, path: string): Promise<number> {
  const tmp = `${path}.tmp-${process.pid}`;
  const remove = (p: string) => {
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(p + s, { force: true });
  };
  remove(tmp);
  const connection = module.sqliteConnection({ fileName: tmp });
  const store = module.getSQLiteEventStore({
    fileName: tmp,
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true, connection },
  });
  await store.schema.migrate();
  const t0 = now();
  let written = 0;
  let lastLog = now();
  // Same streams, same data, same metadata; the peer's biggest batches. Events are buffered per
  // stream and a stream's batch is appended when full, so the peer's log follows ours closely
  // (the order within each stream is the same).
  const buffers = new Map<string, PeerEvent[]>();
  const append = async (stream: string, batch: PeerEvent[]) => {
    await store.appendToStream(stream, batch);
    written += batch.length;
    if (now() - lastLog > 10_000) {
      lastLog = now();
      log(
        `  peer store: ${written.toLocaleString('en-US')} events appended (${Math.round((written * 1000) / (now() - t0)).toLocaleString('en-US')} events/s)`,
      );
    }
  };
  try {
    for (const [, stream, type, data, metadata, effectiveAt, recordedAt] of historyRows(history)) {
      let buffer = buffers.get(stream);
      if (!buffer) buffers.set(stream, (buffer = []));
      buffer.push({
        type,
        data: JSON.parse(data) as Record<string, unknown>,
        metadata: {
          ...(metadata === null ? {} : (JSON.parse(metadata) as Record<string, unknown>)),
          effectiveAt,
          recordedAt,
        },
      });
      if (buffer.length >= PEER_BATCH) {
        buffers.set(stream, []);
        await append(stream, buffer);
      }
    }
    for (const [stream, buffer] of buffers) if (buffer.length > 0) await append(stream, buffer);
  } finally {
    connection.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const ms = now() - t0;
  renameSync(tmp, path);
  remove(tmp);
  return ms;
}

async function runPeer(args: { history: string; peerPath: string; events: number }) {
  const { module, description } = await loadPeerConsumers();
  let appendMs: number | null = null;
  if (!existsSync(args.peerPath)) {
    log(
      `  peer store: writing ${args.events.toLocaleString('en-US')} events with its appendToStream (batches of ${PEER_BATCH}) into ${args.peerPath} …`,
    );
    appendMs = await writePeerStore(module, args.history, args.peerPath);
    log(
      `  peer store: written in ${(appendMs / 1000).toFixed(1)} s (${Math.round((args.events * 1000) / appendMs).toLocaleString('en-US')} events/s)`,
    );
  }
  // One connection for everything (the pool reuses a connection only when it is given one).
  const connection = module.sqliteConnection({ fileName: args.peerPath });
  const store = module.getSQLiteEventStore({
    fileName: args.peerPath,
    schema: { autoMigration: 'None' },
    connectionOptions: { singleton: true, connection },
  });
  const processorId = `bench-counts-${process.pid}`;
  try {
    const head = await connection.querySingle<{ p: number; n: number }>(
      'SELECT max(global_position) AS p, count(*) AS n FROM emt_messages',
    );
    if (!head || head.n !== args.events)
      throw new Error(`the peer store holds ${head?.n ?? 0} events, expected ${args.events}`);
    const last = BigInt(head.p);
    let state = countsByTownship.initialState();
    let handled = 0;
    let seen = 0;
    const evolve = countsEvolve as Record<string, (s: CountsState, e: TypedData) => CountsState>;
    const consumer = store.consumer({ pulling: { batchSize: 1_000, pullingFrequencyInMs: 0 } });
    consumer.processor({
      processorId,
      startFrom: 'BEGINNING',
      projection: module.sqliteProjection({
        name: countsByTownship.name,
        canHandle: Object.keys(countsEvolve),
        handle: async (events) => {
          for (const e of events) {
            state = evolve[e.type]!(state, e);
            handled += 1;
          }
        },
      }),
      stopAfter: (m) => {
        seen += 1;
        return m.metadata.globalPosition >= last;
      },
    });
    const t0 = now();
    await consumer.start();
    const ms = now() - t0;
    const checkpoint = await connection.querySingle<{ c: string | number }>(
      'SELECT last_processed_checkpoint AS c FROM emt_processors WHERE processor_id = ?',
      [processorId],
    );
    await connection.query('DELETE FROM emt_processors WHERE processor_id = ?', [processorId]);
    // Check: the same fold over our log in log order (the peer does not interpret retractions,
    // and counts-by-township commutes except within the county stream, whose order both keep).
    let expected = countsByTownship.initialState();
    for (const [, , type, data] of historyRows(args.history)) {
      const fn = evolve[type];
      if (fn) expected = fn(expected, { type, data: JSON.parse(data) });
    }
    const equal = isDeepStrictEqual(state, expected);
    return {
      description,
      appendMs: appendMs === null ? null : round(appendMs, 0),
      ms: round(ms, 1),
      events: seen,
      handled,
      equal,
      checkpoint: checkpoint ? String(checkpoint.c) : null,
      head: String(last),
      maxRssMiB: maxRssMiB(),
    };
  } finally {
    connection.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const [mode, raw] = process.argv.slice(2);
  const args = JSON.parse(raw ?? '{}') as Record<string, unknown>;
  let result: unknown;
  switch (mode ?? '') {
    case 'limit':
      result = runLimit(args as { path: string });
      break;
    case 'rebuild':
      result = await runRebuild(args as { path: string; projections: 'all' | 'counts' });
      break;
    case 'live':
      result = await runLive(args as unknown as LiveArgs);
      break;
    case 'peer':
      result = await runPeer(args as { history: string; peerPath: string; events: number });
      break;
    default:
      throw new Error(`unknown mode ${String(mode)}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `projections child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
