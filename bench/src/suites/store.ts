/**
 * Suite `store`: the event store's write and read paths, three contestants on the same workload
 * in the same run, each workload on a fresh temp database file:
 *
 * - limit: raw better-sqlite3 on our table layout and pragmas, one transaction per append, no
 *   validation, no hash chain (NULL hash columns), stream revisions kept in a Map — what the disk
 *   and SQLite allow at best;
 * - ours:  `openSqliteEventStore` through the EventStore port (hash chain on);
 * - peer:  Emmett's SQLite event store (@event-driven-io/emmett-sqlite), installed on demand.
 *
 * Two more contestants measure what integrity costs (docs/integrity.md), beside the same limit:
 * - chained (in append-batch-100, reported as the line `chain-batch-100`): the limit doing exactly
 *   the hash chain's work as well (canonical JSON of the data, sha256 of the canonical envelope per
 *   event, the two hash columns, the chain head row); 1 − chained/limit is the chain's share of raw
 *   append throughput;
 * - personal (`*-personal` lines): ours with personal data sealed (`withPersonalData`, one
 *   AES-256-GCM field per event, keys in their own file), against the limit writing the same data
 *   in the clear.
 */
import Database from 'better-sqlite3';
import { z } from 'zod';
import { rmSync } from 'node:fs';
import { EventRegistry, canonicalJsonOf, defineEvent, parseEffectiveAt, seededRandom } from '@xianzhi/kernel';
import { chainHashOf, uuidv7 } from '@xianzhi/event-store';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { SqliteKeyStore, withPersonalData } from '@xianzhi/personal-data';
import { INSERT_EVENT_SQL, SCHEMA_SQL } from '../../../packages/event-store-sqlite/src/schema';
import { loadPeer, type EmmettSqlite, type PeerEvent } from '../peer/emmett';
import type { BenchContext, BenchLine, Suite } from '../types';
import {
  collectGarbage,
  errorMessage,
  fsyncLatencyUs,
  median,
  now,
  rate,
  tempDatabase,
  withTempDatabase,
} from '../util';

// ── the bench's event ────────────────────────────────────────────────────────────────────────

const KINDS = [
  'consultation',
  'certificate-issued',
  'subsidy-applied',
  'complaint-received',
  'household-registered',
] as const;

/** A citizen served at a county service point (便民服务点). */
export const serviceActionRecorded = defineEvent(
  'service.action-recorded',
  1,
  z.object({
    pointId: z.string().regex(/^svc-\d{6}-\d{4}$/, { error: 'a service point id such as svc-510722-0042' }),
    kind: z.enum(KINDS),
    citizen: z.string().regex(/^\p{Script=Han}{2,4}$/u, { error: 'a Chinese name of 2 to 4 characters' }),
    note: z.string().trim().min(1).max(500),
  }),
);
type ServiceAction = z.output<typeof serviceActionRecorded.schema>;
const TYPE = serviceActionRecorded.type;
const SCHEMA_VERSION = serviceActionRecorded.version;

/** The same action with the citizen's id: their name is personal data, sealed with their own key. */
export const citizenServed = defineEvent(
  'service.citizen-served',
  1,
  serviceActionRecorded.schema.extend({ citizenId: z.string().regex(/^c-\d{6}$/) }),
  { personal: { subject: 'citizenId', fields: ['citizen'] } },
);
/** Citizens served in the personal workloads (each gets one key, made on their first event). */
const CITIZENS = 2_000;

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '欧阳',
  '司马',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
];
const NOTES = [
  '窗口办理，材料齐全，当场办结。',
  '线上预约，补交户口簿复印件后办结。',
  '代办员上门服务，申请人年逾八十、行动不便。',
  '咨询城乡居民医保缴费标准，已告知并发放宣传单。',
  '反映村道路灯损坏，已转乡镇综治中心，三日内回复。',
  '申请临时救助，家庭因病致困，已受理并入户核查。',
  '办理新生儿户口登记，父母双方到场。',
];

interface Item {
  /** `citizenId` only in the personal workloads. */
  data: ServiceAction & { citizenId?: string };
  /** A date (valid time), as a caller gives it. */
  effectiveAt: string;
  /** Its point on the time axis (the limit writes it precomputed). */
  effectiveMs: number;
}
interface AppendCall {
  stream: string;
  items: Item[];
}
/** What a read returns: how many events, and a checksum over the parsed data (all must agree). */
interface Tally {
  events: number;
  checksum: number;
}

/** A deterministic random source (the kernel's seeded PRNG), so every run and contestant writes the same events. */
const random = (seed: number): (() => number) => seededRandom(seed).next;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/**
 * `count` service actions over the year 2024 in recording order: each is effective on the day it
 * is recorded (the day advances with the sequence), except 5% entered late, backdated 1–60 days.
 * (Uniformly random dates would make every insert into events_by_effective land on a random page;
 * see the README.)
 */
function makeItems(count: number, seed: number): Item[] {
  const rnd = random(seed);
  const items = new Array<Item>(count);
  const day0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    let day = Math.floor((i * 366) / count);
    if (rnd() < 0.05) day = Math.max(0, day - 1 - Math.floor(rnd() * 60));
    const effectiveAt = new Date(day0 + day * 86_400_000).toISOString().slice(0, 10);
    items[i] = {
      data: {
        pointId: `svc-510722-${String(Math.floor(rnd() * 400)).padStart(4, '0')}`,
        kind: pick(rnd, KINDS),
        citizen: pick(rnd, SURNAMES) + pick(rnd, GIVEN),
        note: pick(rnd, NOTES),
      },
      effectiveAt,
      effectiveMs: parseEffectiveAt(effectiveAt)!.ms,
    };
  }
  return items;
}

/** The same items, each naming one of `CITIZENS` citizens (the personal workloads). */
function withCitizens(items: Item[], seed: number): Item[] {
  const rnd = random(seed);
  return items.map((it) => ({
    ...it,
    data: { ...it.data, citizenId: `c-${String(Math.floor(rnd() * CITIZENS)).padStart(6, '0')}` },
  }));
}

const streamName = (i: number) => `service-point-${String(i).padStart(4, '0')}`;

/** `count` events, `perAppend` per call, streams taken round-robin from `streams`. */
function plan(items: readonly Item[], perAppend: number, streams: number): AppendCall[] {
  const calls: AppendCall[] = [];
  for (let i = 0, call = 0; i < items.length; i += perAppend, call++) {
    calls.push({ stream: streamName(call % streams), items: items.slice(i, i + perAppend) });
  }
  return calls;
}

function tallyData(t: Tally, data: unknown): void {
  const d = data as ServiceAction;
  t.events += 1;
  t.checksum += d.citizen.length + d.note.length;
}

// ── contestants ──────────────────────────────────────────────────────────────────────────────

type ContestantName = 'limit' | 'ours' | 'peer' | 'chained' | 'personal';

interface Contestant {
  /** Builds the inputs in this contestant's shape (untimed) and returns the timed loop. */
  appender(calls: readonly AppendCall[]): () => Promise<void>;
  /** Every event in log order, data parsed. */
  readAll(): Promise<Tally>;
  /** Every event of each stream, in stream order, data parsed. */
  readStreams(streams: readonly string[]): Promise<Tally>;
  close(): Promise<void>;
}

const PAGE = 10_000;

/** A row of `SELECT *` in raw mode: our columns in table order (data at 6, metadata at 7). */
type EventRow = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string | null,
  ...rest: unknown[],
];

/**
 * The limit. With `chain`, it also does exactly the hash chain's work as the embedded store does it
 * in its append: the data's canonical JSON (stored as the data), `chainHashOf` per event, the hash
 * and previous hash columns, and the chain head row — nothing else of ours.
 */
function openLimit(path: string, options: { chain?: boolean } = {}): Contestant {
  const db = new Database(path);
  // The same pragmas as SqliteEventStore's constructor.
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.exec(SCHEMA_SQL);
  const insert = db.prepare(INSERT_EVENT_SQL);
  const putHead = db.prepare("INSERT OR REPLACE INTO store_info (key, value) VALUES ('chain_head', ?)");
  const revisions = new Map<string, number>();
  let previous: string | null = null;
  const tx = db.transaction((call: AppendCall) => {
    const recordedMs = Date.now();
    const recordedAt = new Date(recordedMs).toISOString();
    let revision = revisions.get(call.stream) ?? -1;
    let position = 0;
    for (const item of call.items) {
      revision += 1;
      const id = uuidv7();
      let data: string;
      let hash: string | null = null;
      if (options.chain) {
        const canonical = canonicalJsonOf(item.data);
        data = canonical.nfcChanged ? JSON.stringify(item.data) : canonical.text;
        const metadata = { effectiveAt: item.effectiveAt, recordedAt };
        hash = chainHashOf(
          { id, stream: call.stream, revision, type: TYPE, schemaVersion: SCHEMA_VERSION, metadata },
          canonical.text,
          previous,
        );
      } else {
        data = JSON.stringify(item.data);
      }
      const info = insert.run(
        id,
        call.stream,
        revision,
        TYPE,
        SCHEMA_VERSION,
        data,
        null,
        item.effectiveAt,
        item.effectiveMs,
        recordedAt,
        recordedMs,
        hash, // NULL without the chain: the plain limit does none of its work
        hash === null ? null : previous,
      );
      position = Number(info.lastInsertRowid);
      if (hash !== null) previous = hash;
    }
    revisions.set(call.stream, revision);
    if (options.chain)
      putHead.run(JSON.stringify({ position, hash: previous, stream: call.stream, revision }));
  });
  // Raw mode (arrays) and pages of 10,000: the fastest way better-sqlite3 offers (measured
  // against object rows, one .all() and .iterate()); no event objects are built.
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
  const byStream = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').raw(true);
  const parse = (rows: EventRow[], t: Tally) => {
    for (const row of rows) {
      tallyData(t, JSON.parse(row[6]));
      if (row[7] !== null) JSON.parse(row[7]);
    }
  };
  return {
    appender: (calls) => async () => {
      for (const call of calls) tx.immediate(call);
    },
    readAll: async () => {
      const t = { events: 0, checksum: 0 };
      let from = 0;
      for (;;) {
        const rows = page.all(from, PAGE) as EventRow[];
        parse(rows, t);
        if (rows.length < PAGE) break;
        from = rows[rows.length - 1]![0];
      }
      return t;
    },
    readStreams: async (streams) => {
      const t = { events: 0, checksum: 0 };
      for (const s of streams) parse(byStream.all(s) as EventRow[], t);
      return t;
    },
    close: async () => {
      db.close();
    },
  };
}

/**
 * Ours: the embedded store through the port. With `personal`, wrapped by `withPersonalData` with a
 * key store in its own file beside it, writing `citizenServed` (the citizen's name sealed).
 */
function openOurs(path: string, options: { personal?: boolean } = {}): Contestant {
  const definition = options.personal ? citizenServed : serviceActionRecorded;
  const inner = openSqliteEventStore({ path, registry: new EventRegistry([definition]) });
  const keyPath = `${path}-keys.db`;
  const store = options.personal ? withPersonalData(inner, new SqliteKeyStore(keyPath)) : inner;
  return {
    appender: (calls) => {
      const built = calls.map((c) => ({
        stream: c.stream,
        events: c.items.map((it) =>
          definition.create(it.data as z.input<typeof citizenServed.schema>, { effectiveAt: it.effectiveAt }),
        ),
      }));
      return async () => {
        for (const c of built) await store.append(c.stream, c.events);
      };
    },
    readAll: async () => {
      const t = { events: 0, checksum: 0 };
      let from = 0;
      for (;;) {
        const page = await store.readAll({ fromPosition: from, limit: PAGE });
        for (const e of page) tallyData(t, e.data);
        if (page.length < PAGE) break;
        from = page[page.length - 1]!.position;
      }
      return t;
    },
    readStreams: async (streams) => {
      const t = { events: 0, checksum: 0 };
      for (const s of streams) for (const e of await store.readStream(s)) tallyData(t, e.data);
      return t;
    },
    close: async () => {
      await store.close();
      if (options.personal)
        for (const suffix of ['', '-wal', '-shm']) rmSync(keyPath + suffix, { force: true });
    },
  };
}

async function openPeer(module: EmmettSqlite, path: string): Promise<Contestant> {
  // One long-lived connection, handed to the pool (see PeerEventStoreOptions.connectionOptions).
  const connection = module.sqliteConnection({ fileName: path });
  const store = module.getSQLiteEventStore({
    fileName: path,
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true, connection },
  });
  await store.schema.migrate();
  return {
    appender: (calls) => {
      const built = calls.map((c) => ({
        stream: c.stream,
        events: c.items.map((it): PeerEvent => ({
          type: TYPE,
          data: { ...it.data },
          metadata: { effectiveAt: it.effectiveAt },
        })),
      }));
      return async () => {
        for (const c of built) await store.appendToStream(c.stream, c.events);
      };
    },
    readAll: async () => {
      const t = { events: 0, checksum: 0 };
      let after = 0n;
      for (;;) {
        const batch = await module.readMessagesBatch(connection, { after, batchSize: PAGE });
        for (const e of batch.messages) tallyData(t, e.data);
        if (!batch.areEventsLeft) break;
        after = batch.currentGlobalPosition;
      }
      return t;
    },
    readStreams: async (streams) => {
      const t = { events: 0, checksum: 0 };
      for (const s of streams) {
        const result = await store.readStream(s);
        for (const e of result.events) tallyData(t, e.data);
      }
      return t;
    },
    close: async () => {
      connection.close();
      // node-sqlite3 closes asynchronously and Emmett's close() gives no callback.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

/** The peer's effective journal mode and synchronous level (it sets WAL; synchronous is SQLite's default). */
async function peerPragmas(module: EmmettSqlite, path: string): Promise<string> {
  const c = module.sqliteConnection({ fileName: path });
  try {
    // Its constructor queues `PRAGMA journal_mode = WAL`; a query after it sees the result.
    const j = await c.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
    const s = await c.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    const names = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
    return `journal_mode=${j?.journal_mode ?? '?'}, synchronous=${s ? (names[s.synchronous] ?? String(s.synchronous)) : '?'}`;
  } finally {
    c.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ── workloads ────────────────────────────────────────────────────────────────────────────────
//
// All three contestants of a workload are open at once, each on its own fresh temp file, and are
// measured interleaved — appends in ~1,000 chunks (limit, ours, peer, ours, peer, limit…), reads
// rep by rep — so that drift in the disk's fsync latency or in CPU load hits all three alike.

interface Sizes {
  events: number;
  streams: number;
  batchStreams: number;
  readReps: number;
}

interface Workload {
  bench: string;
  targets: { limit?: number; peer?: number };
  /** Who runs it: limit, ours and the peer unless said otherwise. `personal` stands for ours. */
  entrants?: readonly ContestantName[];
  /** Written untimed by each contestant before the timed part. */
  seed?: () => AppendCall[];
  /** Appends: the calls to time, in chunks. */
  appends?: () => AppendCall[];
  /** Reads: one timed read of everything (the Tally is checked). */
  read?: (c: Contestant) => Promise<Tally>;
  note: string;
}

/** Appends are timed in about this many interleaved chunks (fsync latency on a VM drifts within seconds). */
const CHUNKS = 1_000;
/** Progress lines per append workload. */
const PROGRESS_LINES = 10;

function workloads(sizes: Sizes): Workload[] {
  const { events, streams } = sizes;
  const n = (x: number) => x.toLocaleString('en-US');
  // The read data set: `events` events over `streams` streams, written 10 per append round-robin,
  // so a stream's events are spread through the log (as in a real county's log).
  const perStream = Math.max(1, Math.floor(events / streams));
  const seedBatch = Math.min(10, perStream);
  const readSeed = () => plan(makeItems(streams * perStream, 3), seedBatch, streams);
  const personalReadSeed = () => plan(withCitizens(makeItems(streams * perStream, 3), 6), seedBatch, streams);
  const streamNames = Array.from({ length: streams }, (_, i) => streamName(i));
  const readNote =
    `${n(streams * perStream)} events (${n((streams * perStream) / seedBatch)} appends of ${seedBatch}, round-robin over ` +
    `${n(streams)} streams); median of ${sizes.readReps} interleaved reads after a warm-up`;
  return [
    {
      bench: 'append-single',
      targets: { limit: 0.7, peer: 3 },
      appends: () => plan(makeItems(events, 1), 1, streams),
      note: `${n(events)} appends of 1 event, round-robin over ${n(streams)} streams`,
    },
    {
      bench: 'append-batch-100',
      targets: { limit: 0.7, peer: 2 },
      entrants: ['limit', 'ours', 'peer', 'chained'],
      appends: () => plan(makeItems(events, 2), 100, sizes.batchStreams),
      note: `${n(events / 100)} appends of 100 events, round-robin over ${n(sizes.batchStreams)} streams`,
    },
    {
      bench: 'read-all',
      targets: { limit: 0.7, peer: 2 },
      seed: readSeed,
      read: (c) => c.readAll(),
      note: `${readNote}; pages of ${n(PAGE)}`,
    },
    {
      bench: 'read-streams',
      targets: { limit: 0.7, peer: 2 },
      seed: readSeed,
      read: (c) => c.readStreams(streamNames),
      note: `${readNote}; ${n(streams)} stream reads`,
    },
    {
      bench: 'append-batch-100-personal',
      targets: {},
      entrants: ['limit', 'personal'],
      appends: () => plan(withCitizens(makeItems(events, 2), 5), 100, sizes.batchStreams),
      note:
        `${n(events / 100)} appends of 100 events (${n(CITIZENS)} citizens); ours seals each citizen's name ` +
        `(withPersonalData, AES-256-GCM, keys in their own file), chain on; the limit writes it in the clear`,
    },
    {
      bench: 'read-all-personal',
      targets: {},
      entrants: ['limit', 'personal'],
      seed: personalReadSeed,
      read: (c) => c.readAll(),
      note: `${readNote}; pages of ${n(PAGE)}; ours opens each sealed name (one key-store query per page)`,
    },
  ];
}

interface Entrant {
  label: ContestantName;
  open: (path: string) => Promise<Contestant>;
  /** The peer may fail: it is then dropped from the workload and reported as null. */
  optional: boolean;
}

interface Running {
  label: ContestantName;
  contestant: Contestant;
  optional: boolean;
  /** Timed milliseconds (appends) or per-rep rates (reads). */
  ms: number;
  rates: number[];
  failed?: string;
}

async function runWorkload(
  ctx: BenchContext,
  w: Workload,
  entrants: Entrant[],
  sizes: Sizes,
): Promise<Map<ContestantName, number | string>> {
  const files = entrants.map((e) => tempDatabase(`${w.bench}-${e.label}`));
  const running: Running[] = [];
  const result = new Map<ContestantName, number | string>();
  const report = (label: ContestantName, error: unknown) => {
    const reason = errorMessage(error).split('\n')[0] ?? 'unknown error';
    result.set(label, reason);
    ctx.log(`  ${w.bench} ${label} failed, reporting null — ${errorMessage(error)}`);
    return reason;
  };
  const fail = (r: Running, error: unknown) => {
    if (!r.optional) throw error;
    r.failed = report(r.label, error);
  };
  const live = () => running.filter((r) => r.failed === undefined);
  /** The live contestants, starting with a different one each round (GC debt and cache warmth rotate too). */
  const rotation = (round: number) => {
    const l = live();
    const k = l.length === 0 ? 0 : round % l.length;
    return [...l.slice(k), ...l.slice(0, k)];
  };
  try {
    for (let i = 0; i < entrants.length; i++) {
      const e = entrants[i]!;
      try {
        const contestant = await e.open(files[i]!.path);
        running.push({ label: e.label, optional: e.optional, contestant, ms: 0, rates: [] });
      } catch (error) {
        if (!e.optional) throw error;
        report(e.label, error);
      }
    }
    if (w.seed) {
      const seed = w.seed();
      for (const r of live()) {
        const t0 = now();
        try {
          await r.contestant.appender(seed)();
          ctx.log(
            `    ${r.label}: seeded ${n0(seed.length)} appends in ${((now() - t0) / 1000).toFixed(1)} s`,
          );
        } catch (error) {
          fail(r, error);
        }
      }
    }
    if (w.appends) {
      const calls = w.appends();
      const count = calls.reduce((sum, c) => sum + c.items.length, 0);
      const size = Math.ceil(calls.length / CHUNKS);
      const every = Math.ceil(calls.length / size / PROGRESS_LINES);
      for (let from = 0; from < calls.length; from += size) {
        const chunk = calls.slice(from, from + size);
        for (const r of rotation(from / size)) {
          const run = r.contestant.appender(chunk);
          try {
            const t0 = now();
            await run();
            r.ms += now() - t0;
          } catch (error) {
            fail(r, error);
          }
        }
        const round = from / size + 1;
        if (round % every !== 0 && from + size < calls.length) continue;
        ctx.log(
          `    ${n0(Math.min(from + size, calls.length))} / ${n0(calls.length)} appends: ${live()
            .map((r) => `${r.label} ${n0(rate(count * ((from + chunk.length) / calls.length), r.ms))}/s`)
            .join(', ')}`,
        );
      }
      for (const r of running) result.set(r.label, r.failed ?? rate(count, r.ms));
    } else if (w.read) {
      const read = w.read;
      let expected: Tally | undefined;
      const check = (r: Running, t: Tally) => {
        expected ??= t;
        if (t.events !== expected.events || t.checksum !== expected.checksum) {
          throw new Error(
            `${w.bench}/${r.label}: read ${t.events} events (checksum ${t.checksum}), expected ${expected.events} (${expected.checksum})`,
          );
        }
      };
      for (let rep = -1; rep < sizes.readReps; rep++) {
        for (const r of rotation(rep + 1)) {
          try {
            collectGarbage();
            const t0 = now();
            const t = await read(r.contestant);
            const ms = now() - t0;
            check(r, t);
            if (rep >= 0) r.rates.push(rate(t.events, ms));
          } catch (error) {
            fail(r, error);
          }
        }
      }
      for (const r of running) {
        if (r.failed === undefined) ctx.log(`    ${r.label}: ${r.rates.map(n0).join(' / ')} events/s`);
        result.set(r.label, r.failed ?? median(r.rates));
      }
    }
    return result;
  } finally {
    for (const r of running) await r.contestant.close().catch(() => undefined);
    for (const f of files) f.remove();
  }
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export const storeSuite: Suite = {
  name: 'store',
  async run(ctx) {
    const sizes: Sizes = ctx.quick
      ? { events: 10_000, streams: 2_000, batchStreams: 200, readReps: 5 }
      : { events: 100_000, streams: 2_000, batchStreams: 200, readReps: 9 };

    const entrants: Entrant[] = [
      { label: 'limit', open: async (path) => openLimit(path), optional: false },
      { label: 'ours', open: async (path) => openOurs(path), optional: false },
    ];
    let peerNote: string | undefined;
    if (ctx.peer) {
      try {
        const loaded = await loadPeer();
        const pragmas = await withTempDatabase('peer-pragmas', (path) => peerPragmas(loaded.module, path));
        ctx.machine.peer = `${loaded.description}; ${pragmas}`;
        entrants.push({ label: 'peer', open: (path) => openPeer(loaded.module, path), optional: true });
      } catch (error) {
        ctx.log(`peer unavailable, reporting peer: null — ${errorMessage(error)}`);
        peerNote = `peer unavailable: ${errorMessage(error).split('\n')[0]}`;
      }
    } else {
      peerNote = 'peer skipped (--no-peer)';
    }

    entrants.push(
      { label: 'chained', open: async (path) => openLimit(path, { chain: true }), optional: false },
      { label: 'personal', open: async (path) => openOurs(path, { personal: true }), optional: false },
    );

    const fsyncBefore = fsyncLatencyUs();
    const lines: BenchLine[] = [];
    const chosen = workloads(sizes).filter(
      (w) => ctx.workloads.length === 0 || ctx.workloads.includes(w.bench),
    );
    const unknown = ctx.workloads.filter((name) => !workloads(sizes).some((w) => w.bench === name));
    if (unknown.length > 0)
      throw new Error(
        `unknown store workload ${unknown.join(', ')}; known: ${workloads(sizes)
          .map((w) => w.bench)
          .join(', ')}`,
      );
    for (const w of chosen) {
      ctx.log(`store/${w.bench}`);
      const who = w.entrants ?? ['limit', 'ours', 'peer'];
      const result = await runWorkload(
        ctx,
        w,
        entrants.filter((e) => who.includes(e.label)),
        sizes,
      );
      const limit = result.get('limit');
      const ours = result.get(who.includes('personal') ? 'personal' : 'ours');
      if (typeof limit !== 'number' || typeof ours !== 'number')
        throw new Error(`${w.bench}: no result for limit or ours`);
      const peer = result.get('peer');
      const notes = [w.note];
      if (typeof peer === 'string') notes.push(`peer failed: ${peer}`);
      else if (peerNote && who.includes('peer')) notes.push(peerNote);
      if (w.bench === 'read-all' && typeof peer === 'number') {
        notes.push('peer reads the log with its exported readMessagesBatch (what its consumers page with)');
      }
      ctx.log(
        `  ${w.bench}: limit ${n0(limit)}, ours ${n0(ours)}, peer ${typeof peer === 'number' ? n0(peer) : 'null'} events/s`,
      );
      lines.push({
        bench: w.bench,
        unit: 'events/s',
        ours,
        peer: typeof peer === 'number' ? peer : null,
        limit,
        targets: w.targets,
        note: notes.join('; '),
      });
      const chained = result.get('chained');
      if (typeof chained === 'number') {
        // What the chain adds per event on the limit, as a share of ours' throughput in the same run.
        const perEventUs = (1 / chained - 1 / limit) * 1e6;
        const ofOurs = Math.max(0, perEventUs * 1e-6 * ours);
        ctx.log(
          `  chain-batch-100: limit ${n0(limit)}, chained ${n0(chained)} events/s; the chain ${perEventUs.toFixed(1)} µs/event`,
        );
        lines.push({
          bench: 'chain-batch-100',
          unit: 'events/s',
          ours: chained,
          peer: null,
          limit,
          targets: { limit: 0.9 },
          note:
            `measured within ${w.bench}, interleaved with it; "ours" is the limit doing the hash chain's work as well ` +
            `(canonical JSON, sha256 per event, hash columns, chain head): the chain costs ${perEventUs.toFixed(1)} µs/event, ` +
            `${(100 * (1 - chained / limit)).toFixed(1)}% of the limit's throughput and ${(100 * ofOurs).toFixed(1)}% of ours'`,
        });
      }
    }
    ctx.machine.fsync = `${n0(fsyncBefore)} µs before, ${n0(fsyncLatencyUs())} µs after (median of 200 × write 4 KiB + fsync in tmpdir)`;
    return lines;
  },
};
