/**
 * The local effective-order index. EventStoreDB keeps events in log order and by stream; it has no
 * index on (effectiveAt, position), which `readEffective` needs. So the adapter keeps one here, in
 * SQLite (better-sqlite3; a file at `indexPath`, or `:memory:`), fed from `$all` in log order.
 *
 * It stores the full event (data and metadata JSON), not just positions: answering a
 * `readEffective` from positions would cost one ESDB round trip per event (ESDB cannot fetch a
 * list of positions in one call), while the index answers a page of thousands locally. It is a
 * cache, never the source of truth: it can be deleted at any time and is rebuilt from `$all`.
 *
 * It also fixes each event's recordedAt: the running maximum of `created` along the log
 * (see `Clamp`), so every read path reports the same value.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Clamp, effectiveOf, type AllEntry, type RawEvent, type StoredMetadata } from './convert';

const SCHEMA_VERSION = 1;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position      INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL,
  stream        TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  type          TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  metadata      TEXT,
  created_ms    INTEGER NOT NULL,
  effective_ms  INTEGER NOT NULL,
  recorded_ms   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);
CREATE INDEX IF NOT EXISTS events_by_effective ON events (effective_ms, position);
CREATE INDEX IF NOT EXISTS events_by_id ON events (id);
CREATE TABLE IF NOT EXISTS index_info (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

const COLUMNS = 'position, id, stream, revision, type, data, metadata, created_ms, effective_ms, recorded_ms';

type Row = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string | null,
  createdMs: number,
  effectiveMs: number,
  recordedMs: number,
];

/** One event of the index: the raw event and its clamped recording time. */
export interface IndexedEvent {
  raw: RawEvent;
  recordedMs: number;
}

/** One entry of `$all` as the feeder saw it: its position, its id, and the event when it is visible. */
export type ScannedEntry = AllEntry;

export interface EffectiveQuery {
  startEffectiveMs: number;
  startPosition: number;
  maxEffectiveMs: number;
  maxRecordedMs: number;
  limit: number;
  types?: readonly string[];
}

export class LocalIndex {
  readonly #db: Database.Database;
  readonly #stmt: {
    insert: Database.Statement;
    setInfo: Database.Statement;
    recordedAtOrBefore: Database.Statement;
    byStream: Database.Statement;
    effective: Database.Statement;
    effectiveTyped: Database.Statement;
    last: Database.Statement;
    hasId: Database.Statement;
  };
  readonly #scope: string;
  #checkpoint: number;
  #checkpointId: string;
  #clamp: Clamp;
  readonly #ingestTx: (entries: readonly ScannedEntry[]) => void;

  /** `scope` names what the index holds (the stream prefix): an index of another scope is rebuilt. */
  constructor(path: string, scope = '') {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    this.#db = db;
    try {
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // A cache rebuildable from $all: no need to fsync every batch.
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA_SQL);
      const version = this.#readInfo('schema_version');
      if (version !== undefined && Number(version) !== SCHEMA_VERSION) {
        // An index of another layout: drop it, it is rebuilt from $all.
        db.exec('DROP TABLE events; DROP TABLE index_info;');
        db.exec(SCHEMA_SQL);
      }
    } catch (error) {
      db.close();
      throw error;
    }
    const raw = (sql: string) => db.prepare(sql).raw(true);
    this.#stmt = {
      insert: db.prepare(`INSERT OR REPLACE INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setInfo: db.prepare('INSERT OR REPLACE INTO index_info (key, value) VALUES (?, ?)'),
      recordedAtOrBefore: db
        .prepare('SELECT recorded_ms FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1')
        .pluck(),
      byStream: raw(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision, position`,
      ),
      effective: raw(
        `SELECT ${COLUMNS} FROM events WHERE (effective_ms, position) > (?, ?) AND effective_ms <= ? AND recorded_ms <= ? ORDER BY effective_ms, position LIMIT ?`,
      ),
      effectiveTyped: raw(
        `SELECT ${COLUMNS} FROM events WHERE (effective_ms, position) > (?, ?) AND effective_ms <= ? AND recorded_ms <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY effective_ms, position LIMIT ?`,
      ),
      last: raw(`SELECT ${COLUMNS} FROM events ORDER BY position DESC LIMIT 1`),
      hasId: db.prepare('SELECT 1 FROM events WHERE id = ? LIMIT 1').pluck(),
    };
    this.#scope = scope;
    const storedScope = this.#readInfo('scope');
    if (storedScope !== undefined && storedScope !== scope)
      this.#db.exec('DELETE FROM events; DELETE FROM index_info;');
    this.#stmt.setInfo.run('schema_version', String(SCHEMA_VERSION));
    this.#stmt.setInfo.run('scope', scope);
    this.#checkpoint = Number(this.#readInfo('checkpoint') ?? 0);
    this.#checkpointId = this.#readInfo('checkpoint_id') ?? '';
    this.#clamp = new Clamp(Number(this.#readInfo('last_recorded_ms') ?? 0));
    const tx = db.transaction((entries: readonly ScannedEntry[]) => this.#ingestLocked(entries));
    this.#ingestTx = (entries) => tx(entries);
  }

  #readInfo(key: string): string | undefined {
    return this.#db.prepare('SELECT value FROM index_info WHERE key = ?').pluck().get(key) as
      string | undefined;
  }

  /** The position of the last `$all` entry scanned (visible or not); 0 before the first. */
  get checkpoint(): number {
    return this.#checkpoint;
  }

  /** The id of the entry at the checkpoint ('' before the first). */
  get checkpointId(): string {
    return this.#checkpointId;
  }

  /** Adds a page of `$all` entries, in log order, after the checkpoint (earlier ones are skipped). */
  ingest(entries: readonly ScannedEntry[]): void {
    if (entries.length === 0) return;
    this.#ingestTx(entries);
  }

  #ingestLocked(entries: readonly ScannedEntry[]): void {
    const before = { checkpoint: this.#checkpoint, id: this.#checkpointId, last: this.#clamp.last };
    try {
      for (const entry of entries) {
        if (entry.position <= this.#checkpoint) continue;
        const raw = entry.raw;
        if (raw) {
          const recordedMs = this.#clamp.next(raw.createdMs);
          const effective = effectiveOf(raw.metadata, recordedMs);
          this.#stmt.insert.run(
            raw.position,
            raw.id,
            raw.stream,
            raw.revision,
            raw.type,
            JSON.stringify(raw.data),
            raw.metadata === undefined ? null : JSON.stringify(raw.metadata),
            raw.createdMs,
            effective.ms,
            recordedMs,
          );
        }
        this.#checkpoint = entry.position;
        this.#checkpointId = entry.id;
      }
      this.#stmt.setInfo.run('checkpoint', String(this.#checkpoint));
      this.#stmt.setInfo.run('checkpoint_id', this.#checkpointId);
      this.#stmt.setInfo.run('last_recorded_ms', String(this.#clamp.last));
    } catch (error) {
      this.#checkpoint = before.checkpoint;
      this.#checkpointId = before.id;
      this.#clamp.last = before.last;
      throw error;
    }
  }

  /** The recording time of the last visible event at or before `position` (0 when none). */
  recordedAtOrBefore(position: number): number {
    return (this.#stmt.recordedAtOrBefore.get(position) as number | undefined) ?? 0;
  }

  /** The indexed events of one stream with revisions in [from, to]. */
  byStream(stream: string, from: number, to: number): IndexedEvent[] {
    return (this.#stmt.byStream.all(stream, from, to) as Row[]).map(toIndexed);
  }

  /** Events in effective order (effectiveMs, position) after the start cursor, within the bounds. */
  effective(q: EffectiveQuery): IndexedEvent[] {
    const rows = (
      q.types
        ? this.#stmt.effectiveTyped.all(
            q.startEffectiveMs,
            q.startPosition,
            q.maxEffectiveMs,
            q.maxRecordedMs,
            JSON.stringify(q.types),
            q.limit,
          )
        : this.#stmt.effective.all(
            q.startEffectiveMs,
            q.startPosition,
            q.maxEffectiveMs,
            q.maxRecordedMs,
            q.limit,
          )
    ) as Row[];
    return rows.map(toIndexed);
  }

  /** The last visible event indexed. */
  last(): IndexedEvent | undefined {
    const row = this.#stmt.last.get() as Row | undefined;
    return row ? toIndexed(row) : undefined;
  }

  hasId(id: string): boolean {
    return this.#stmt.hasId.get(id) !== undefined;
  }

  /** Forgets everything: the next feed rebuilds the index from the start of `$all`. */
  reset(): void {
    this.#db.exec('DELETE FROM events; DELETE FROM index_info;');
    this.#stmt.setInfo.run('schema_version', String(SCHEMA_VERSION));
    this.#stmt.setInfo.run('scope', this.#scope);
    this.#checkpoint = 0;
    this.#checkpointId = '';
    this.#clamp = new Clamp(0);
  }

  close(): void {
    this.#db.close();
  }
}

function toIndexed(row: Row): IndexedEvent {
  return {
    raw: {
      position: row[0],
      id: row[1],
      stream: row[2],
      revision: row[3],
      type: row[4],
      data: JSON.parse(row[5]) as unknown,
      metadata: row[6] === null ? undefined : (JSON.parse(row[6]) as StoredMetadata),
      createdMs: row[7],
    },
    recordedMs: row[9],
  };
}
