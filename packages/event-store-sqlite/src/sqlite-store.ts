/**
 * The embedded default event store: one SQLite file through better-sqlite3, in WAL mode.
 *
 * Durability: `synchronous = FULL`. In WAL mode FULL syncs the WAL on every commit, so an append
 * that returned has reached the disk and survives a power cut, not just a process crash. NORMAL
 * would be faster but may lose the last commits on power loss — an acknowledged official record
 * must never be lost, so we pay for the fsync.
 *
 * Several processes may share one file: writers take the write lock up front (BEGIN IMMEDIATE)
 * and wait up to `busyTimeoutMs` for it, so concurrent appends serialise instead of failing, and
 * expected revisions are checked inside the locked transaction, so no update is ever lost.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  ConcurrencyError,
  IdempotencyKeyReused,
  ValidationError,
  canonicalJsonOf,
  type EventMetadata,
  type EventRegistry,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import {
  chainHashOf,
  describeRevision,
  effectiveBounds,
  prepareAppend,
  revisionMatches,
  type AppendOptions,
  type AppendResult,
  type ChainHead,
  type ChainLink,
  type EventStore,
  type EventStoreOptions,
  type PreparedAppend,
  type PreparedEvent,
  type ReadAllOptions,
  type ReadChainOptions,
  type ReadEffectiveOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
  type RecordedHead,
} from '@xianzhi/event-store';
import {
  CHAIN_COLUMNS,
  EVENT_COLUMNS,
  INSERT_EVENT_SQL,
  MIGRATE_TO_2_SQL,
  SCHEMA_SQL,
  SCHEMA_VERSION,
} from './schema';
import { SqliteSubscription } from './subscription';

export interface SqliteEventStoreOptions extends EventStoreOptions {
  /** The database file (created with its folder if missing), or ':memory:'. */
  path: string;
  /** How long a writer waits for another process's write lock (default 10 s). */
  busyTimeoutMs?: number;
  /** How often live subscriptions look for commits by other processes (default 50 ms). */
  pollIntervalMs?: number;
}

type Row = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string | null,
  effectiveAt: string,
  effectiveMs: number,
  recordedAt: string,
  recordedMs: number,
  /** Lower-case hex; '' when the event predates the chain (SQLite's hex(NULL)). */
  hash: string,
];

type ChainRow = [...Row, previousHash: string];

const ALL_TYPES = null;

export class SqliteEventStore implements EventStore {
  readonly registry: EventRegistry;
  readonly path: string;
  readonly pollIntervalMs: number;
  /** One writer at a time (BEGIN IMMEDIATE), so the chain is one line through the whole log. */
  readonly chainScope = 'log' as const;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #subscriptions = new Set<SqliteSubscription>();
  readonly #waiters = new Set<() => void>();
  #closed = false;

  readonly #stmt: {
    insert: Database.Statement;
    streamRevision: Database.Statement;
    last: Database.Statement;
    head: Database.Statement;
    putHead: Database.Statement;
    getHead: Database.Statement;
    chain: Database.Statement;
    chainHead: Database.Statement;
    keyGet: Database.Statement;
    keyPut: Database.Statement;
    range: Database.Statement;
    streamFwd: Database.Statement;
    streamBwd: Database.Statement;
    all: Database.Statement;
    allTyped: Database.Statement;
    allUpTo: Database.Statement;
    allTypedUpTo: Database.Statement;
    effective: Database.Statement;
    effectiveTyped: Database.Statement;
    byId: Database.Statement;
    dataVersion: Database.Statement;
  };
  readonly #appendTx: (prepared: PreparedAppend) => AppendResult;
  readonly #appendManyTx: (prepared: PreparedAppend[]) => AppendResult[];

  constructor(options: SqliteEventStoreOptions) {
    this.registry = options.registry;
    this.path = options.path;
    this.#now = options.now ?? Date.now;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    this.#db = db;
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
      if (options.path !== ':memory:' && mode !== 'wal')
        throw new Error(`could not switch ${options.path} to WAL (got ${mode})`);
      db.pragma('synchronous = FULL');
      db.pragma('cache_size = -65536');
      db.exec(SCHEMA_SQL);
      db.prepare("INSERT OR IGNORE INTO store_info (key, value) VALUES ('schema_version', ?)").run(
        String(SCHEMA_VERSION),
      );
      const stored = db
        .prepare("SELECT value FROM store_info WHERE key = 'schema_version'")
        .pluck()
        .get() as string;
      if (Number(stored) > SCHEMA_VERSION) {
        throw new Error(
          `${options.path} was written by a newer Xianzhi (store schema ${stored}); upgrade before opening it`,
        );
      }
      if (Number(stored) < SCHEMA_VERSION) migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    const sel = `SELECT ${EVENT_COLUMNS} FROM events`;
    const raw = (sql: string) => db.prepare(sql).raw(true);
    this.#stmt = {
      insert: db.prepare(INSERT_EVENT_SQL),
      streamRevision: db
        .prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1')
        .pluck(),
      last: db
        .prepare('SELECT recorded_ms, lower(hex(hash)) FROM events ORDER BY position DESC LIMIT 1')
        .raw(true),
      head: db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck(),
      putHead: db.prepare("INSERT OR REPLACE INTO store_info (key, value) VALUES ('chain_head', ?)"),
      getHead: db.prepare("SELECT value FROM store_info WHERE key = 'chain_head'").pluck(),
      chain: raw(`SELECT ${CHAIN_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      chainHead: db
        .prepare(
          'SELECT position, lower(hex(hash)) FROM events WHERE hash IS NOT NULL ORDER BY position DESC LIMIT 1',
        )
        .raw(true),
      keyGet: db
        .prepare(
          'SELECT stream, fingerprint, first_position, last_position FROM idempotency_keys WHERE key = ?',
        )
        .raw(true),
      keyPut: db.prepare(
        'INSERT INTO idempotency_keys (key, stream, fingerprint, first_position, last_position) VALUES (?, ?, ?, ?, ?)',
      ),
      range: raw(`${sel} WHERE position BETWEEN ? AND ? ORDER BY position`),
      streamFwd: raw(`${sel} WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`),
      streamBwd: raw(`${sel} WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
      all: raw(`${sel} WHERE position > ? ORDER BY position LIMIT ?`),
      allTyped: raw(
        `${sel} WHERE position > ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
      ),
      allUpTo: raw(`${sel} WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`),
      allTypedUpTo: raw(
        `${sel} WHERE position > ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
      ),
      effective: raw(
        `${sel} WHERE (effective_ms, position) > (?, ?) AND effective_ms <= ? AND recorded_ms <= ? ORDER BY effective_ms, position LIMIT ?`,
      ),
      effectiveTyped: raw(
        `${sel} WHERE (effective_ms, position) > (?, ?) AND effective_ms <= ? AND recorded_ms <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY effective_ms, position LIMIT ?`,
      ),
      byId: raw(`${sel} WHERE id = ?`),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
    };
    const tx = db.transaction((prepared: PreparedAppend) => this.#appendLocked(prepared));
    this.#appendTx = (prepared) => tx.immediate(prepared);
    const many = db.transaction((list: PreparedAppend[]) => list.map((p) => this.#appendLocked(p)));
    this.#appendManyTx = (list) => many.immediate(list);
  }

  async append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.appendSync(stream, events, options);
  }

  /**
   * Several appends (to different streams or the same) in ONE transaction: all or nothing, one
   * fsync. Each is checked exactly like `append` (expected revision, idempotency key). For bulk
   * loads such as imports and demo data; not part of the port (EventStoreDB cannot do it).
   */
  async appendMany(
    items: readonly { stream: string; events: readonly NewEvent[]; options?: AppendOptions }[],
  ): Promise<AppendResult[]> {
    this.#assertOpen();
    const prepared = items.map((item, i) => {
      try {
        return prepareAppend(this.registry, item.stream, item.events, item.options);
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new ValidationError(
            error.issues.map((issue) => ({ ...issue, path: ['items', i, ...issue.path] })),
            { cause: error },
          );
        }
        throw error;
      }
    });
    const results = this.#appendManyTx(prepared);
    this.#notify();
    return results;
  }

  /** The synchronous form of `append` (the embedded store can answer at once). */
  appendSync(stream: string, events: readonly NewEvent[], options?: AppendOptions): AppendResult {
    this.#assertOpen();
    const prepared = prepareAppend(this.registry, stream, events, options);
    const result = this.#appendTx(prepared);
    if (!result.replayed) this.#notify();
    return result;
  }

  #appendLocked(p: PreparedAppend): AppendResult {
    const s = this.#stmt;
    if (p.idempotencyKey !== undefined) {
      const existing = s.keyGet.get(p.idempotencyKey) as [string, string, number, number] | undefined;
      if (existing) {
        const [keyStream, keyFingerprint, first, last] = existing;
        if (keyStream !== p.stream || keyFingerprint !== p.fingerprint) {
          // (the message names the key only: never the other command's stream or positions)
          throw new IdempotencyKeyReused(p.idempotencyKey);
        }
        const stored = (s.range.all(first, last) as Row[]).map((row) => this.#toEvent(row));
        const lastEvent = stored[stored.length - 1]!;
        return {
          stream: p.stream,
          nextExpectedRevision: lastEvent.revision,
          firstPosition: first,
          lastPosition: last,
          events: stored,
          replayed: true,
        };
      }
    }
    const current = (s.streamRevision.get(p.stream) as number | undefined) ?? -1;
    if (!revisionMatches(p.expectedRevision, current)) {
      throw new ConcurrencyError(p.stream, p.expectedRevision, describeRevision(current));
    }
    const last = s.last.get() as [recordedMs: number, hash: string] | undefined;
    const recordedMs = Math.max(this.#now(), last?.[0] ?? 0);
    // Hashes travel as hex text: what the next link's text holds, what readers get; SQLite stores 32 bytes.
    let previousHash: string | null = last?.[1] || null;
    const recordedAt = new Date(recordedMs).toISOString();
    const events: RecordedEvent[] = [];
    let revision = current;
    let firstPosition = 0;
    let lastPosition = 0;
    for (const e of p.events) {
      revision += 1;
      const extra: Record<string, unknown> = {};
      if (e.actor !== undefined) extra.actor = e.actor;
      if (e.authority !== undefined) extra.authority = e.authority;
      if (e.correlationId !== undefined) extra.correlationId = e.correlationId;
      if (e.causationId !== undefined) extra.causationId = e.causationId;
      if (p.idempotencyKey !== undefined) extra.idempotencyKey = p.idempotencyKey;
      let hasExtra = false;
      for (const _ in extra) {
        hasExtra = true;
        break;
      }
      const effectiveAt = e.effectiveAt?.text ?? recordedAt;
      const effectiveMs = e.effectiveAt?.ms ?? recordedMs;
      // The data's canonical text is hashed, and stored as the data too (one serialisation) unless
      // NFC changed it: then the data is stored exactly as given.
      const canonical = canonicalJsonOf(e.data);
      const hash = link(
        e,
        p.stream,
        revision,
        { ...extra, effectiveAt, recordedAt },
        canonical.text,
        previousHash,
      );
      let info: Database.RunResult;
      try {
        info = s.insert.run(
          e.id,
          p.stream,
          revision,
          e.type,
          e.schemaVersion,
          canonical.nfcChanged ? JSON.stringify(e.data) : canonical.text,
          hasExtra ? JSON.stringify(extra) : null,
          effectiveAt,
          effectiveMs,
          recordedAt,
          recordedMs,
          hash,
          previousHash,
        );
      } catch (error) {
        if (
          error instanceof Database.SqliteError &&
          error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
          error.message.includes('events.id')
        ) {
          throw new ValidationError(
            [
              {
                path: ['events', revision - current - 1, 'id'],
                message: `an event with id ${e.id} is already stored`,
              },
            ],
            { cause: error },
          );
        }
        throw error;
      }
      const position = Number(info.lastInsertRowid);
      if (firstPosition === 0) firstPosition = position;
      lastPosition = position;
      previousHash = hash;
      const metadata = { ...extra, effectiveAt, recordedAt, schemaVersion: e.schemaVersion } as EventMetadata;
      events.push({
        id: e.id,
        type: e.type,
        stream: p.stream,
        revision,
        position,
        data: e.data,
        metadata,
        effectiveMs,
        recordedMs,
        hash,
      });
    }
    if (p.idempotencyKey !== undefined) {
      s.keyPut.run(p.idempotencyKey, p.stream, p.fingerprint, firstPosition, lastPosition);
    }
    const head: RecordedHead = { position: lastPosition, hash: previousHash!, stream: p.stream, revision };
    s.putHead.run(JSON.stringify(head));
    return {
      stream: p.stream,
      nextExpectedRevision: revision,
      firstPosition,
      lastPosition,
      events,
      replayed: false,
    };
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const limit = options?.limit ?? -1;
    const rows =
      options?.direction === 'backwards'
        ? (this.#stmt.streamBwd.all(stream, options.from ?? Number.MAX_SAFE_INTEGER, limit) as Row[])
        : (this.#stmt.streamFwd.all(stream, options?.from ?? 0, limit) as Row[]);
    return this.#toEvents(rows);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  /** The synchronous form of `readAll`. */
  readAllSync(options?: ReadAllOptions & { toPosition?: number }): RecordedEvent[] {
    this.#assertOpen();
    const from = options?.fromPosition ?? 0;
    const limit = options?.limit ?? -1;
    const types = options?.types ? JSON.stringify(options.types) : ALL_TYPES;
    const to = options?.toPosition;
    let rows: Row[];
    if (to === undefined) {
      rows = (
        types === null ? this.#stmt.all.all(from, limit) : this.#stmt.allTyped.all(from, types, limit)
      ) as Row[];
    } else {
      rows = (
        types === null
          ? this.#stmt.allUpTo.all(from, to, limit)
          : this.#stmt.allTypedUpTo.all(from, to, types, limit)
      ) as Row[];
    }
    return this.#toEvents(rows);
  }

  async readEffective(options?: ReadEffectiveOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const b = effectiveBounds(options);
    const afterE = options?.after ? options.after.effectiveMs : b.minEffectiveMs - 1;
    const afterP = options?.after ? options.after.position : Number.MAX_SAFE_INTEGER;
    const startE = Math.max(afterE, b.minEffectiveMs - 1);
    const startP = options?.after && afterE > b.minEffectiveMs - 1 ? afterP : Number.MAX_SAFE_INTEGER;
    const limit = options?.limit ?? -1;
    const rows = (
      options?.types
        ? this.#stmt.effectiveTyped.all(
            startE,
            startP,
            b.maxEffectiveMs,
            b.maxRecordedMs,
            JSON.stringify(options.types),
            limit,
          )
        : this.#stmt.effective.all(startE, startP, b.maxEffectiveMs, b.maxRecordedMs, limit)
    ) as Row[];
    return this.#toEvents(rows);
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.#assertOpen();
    const subscription = new SqliteSubscription(this, options, handler, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async headPosition(): Promise<number> {
    return this.headPositionSync();
  }

  headPositionSync(): number {
    this.#assertOpen();
    return this.#stmt.head.get() as number;
  }

  async readChain(options?: ReadChainOptions): Promise<ChainLink[]> {
    this.#assertOpen();
    const rows = this.#stmt.chain.all(options?.fromPosition ?? 0, options?.limit ?? -1) as ChainRow[];
    return rows.map(toLink);
  }

  async chainHead(): Promise<ChainHead | undefined> {
    this.#assertOpen();
    const row = this.#stmt.chainHead.get() as [number, string] | undefined;
    return row ? { position: row[0], hash: row[1] } : undefined;
  }

  async recordedHead(): Promise<RecordedHead | undefined> {
    this.#assertOpen();
    const text = this.#stmt.getHead.get() as string | undefined;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as RecordedHead;
    } catch {
      throw new Error(
        `${this.path}: the recorded chain head is not JSON (${text.slice(0, 80)}): store_info was edited`,
      );
    }
  }

  /** One event by id (not part of the port: EventStoreDB cannot answer it cheaply). */
  getEvent(id: string): RecordedEvent | undefined {
    this.#assertOpen();
    const row = this.#stmt.byId.get(id.toLowerCase()) as Row | undefined;
    return row ? this.#toEvent(row) : undefined;
  }

  /** Changes whenever another connection commits (cheap; used by live subscriptions). */
  dataVersion(): number {
    return this.#stmt.dataVersion.get() as number;
  }

  /** Resolves at the next in-process append, or after `ms` (to look for other processes' commits). */
  waitForAppend(ms: number): { promise: Promise<void>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    let resolveFn: () => void = () => {};
    const promise = new Promise<void>((resolve) => {
      resolveFn = resolve;
      timer = setTimeout(done, ms);
    });
    const waiters = this.#waiters;
    function done() {
      clearTimeout(timer);
      waiters.delete(done);
      resolveFn();
    }
    this.#waiters.add(done);
    return { promise, cancel: done };
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
    this.#closed = true;
    this.#notify();
    this.#db.close();
  }

  #notify(): void {
    for (const w of [...this.#waiters]) w();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error(`the event store ${this.path} is closed`);
  }

  #toEvents(rows: Row[]): RecordedEvent[] {
    const out = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.#toEvent(rows[i]!);
    return out;
  }

  #toEvent(row: Row): RecordedEvent {
    const type = row[4];
    const schemaVersion = row[5];
    let data: unknown = JSON.parse(row[6]);
    if (this.registry.needsUpcast(type, schemaVersion))
      data = this.registry.upcast(type, schemaVersion, data);
    let metadata: EventMetadata;
    if (row[7] === null) {
      metadata = { effectiveAt: row[8], recordedAt: row[10], schemaVersion };
    } else {
      metadata = JSON.parse(row[7]) as EventMetadata;
      metadata.effectiveAt = row[8];
      metadata.recordedAt = row[10];
      metadata.schemaVersion = schemaVersion;
    }
    const event: RecordedEvent = {
      id: row[1],
      type,
      stream: row[2],
      revision: row[3],
      position: row[0],
      data,
      metadata,
      effectiveMs: row[9],
      recordedMs: row[11],
    };
    if (row[12] !== '') event.hash = row[12];
    return event;
  }
}

/**
 * The chain link of one event, computed inside the append transaction from the event as it is
 * about to be stored: what it hashes is exactly what `toLink` reads back.
 */
function link(
  e: PreparedEvent,
  stream: string,
  revision: number,
  metadata: Record<string, unknown>,
  dataCanonical: string,
  previous: string | null,
): string {
  return chainHashOf(
    { id: e.id, stream, revision, type: e.type, schemaVersion: e.schemaVersion, metadata },
    dataCanonical,
    previous,
  );
}

/** A stored row as the chain sees it. Text that no longer parses stays text: its hash will differ. */
function toLink(row: ChainRow): ChainLink {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const extra = row[7] === null ? {} : parse(row[7]);
  const metadata: Record<string, unknown> =
    typeof extra === 'object' && extra !== null
      ? { ...(extra as Record<string, unknown>) }
      : { unreadable: extra };
  metadata.effectiveAt = row[8];
  metadata.recordedAt = row[10];
  return {
    position: row[0],
    envelope: {
      id: row[1],
      stream: row[2],
      revision: row[3],
      type: row[4],
      schemaVersion: row[5],
      data: parse(row[6]),
      metadata,
    },
    hash: row[12] || null,
    previousHash: row[13] || null,
    effectiveMs: row[9],
    recordedMs: row[11],
  };
}

/** Schema 1 → 2 in place: adds the chain's columns; the events already stored keep no hash. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const columns = (db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('hash')) db.exec(MIGRATE_TO_2_SQL);
    db.prepare("UPDATE store_info SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  }).immediate();
}

/**
 * Opens (or creates) the embedded store.
 *
 * @example
 * const store = openSqliteEventStore({ path: './data/xianzhi.db', registry: new EventRegistry(allEvents) });
 */
export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}
