/**
 * The runtime's local cache: one SQLite file (or memory) holding, per projection version, the
 * live state and the checkpoint it belongs to, written in one statement so they never disagree.
 * Disposable: delete the file and the runtime rebuilds everything from the log.
 *
 * It proves itself (docs/integrity.md §4): each row names the log position it was folded to and the
 * chain's log hash there (its `anchor`), and carries an HMAC-SHA256, under a key kept outside this
 * file, over the projection, version, positions, anchor and the exact bytes of the state. Meta
 * values (reaction checkpoints, the erasures folded) are authenticated the same way. A row whose
 * MAC does not hold reads as forged; the runtime then folds that projection from the log.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { cacheKeyId, cacheMac, macEquals } from './cache-key';

/** Bumped when the file's layout changes: a file of another layout is emptied (it is only a cache). */
const CACHE_SCHEMA = 2;
/** Part of every MAC: a MAC of one kind of record never holds for another. */
const MAC_FORMAT = 'xianzhi-cache/2';

export interface CheckpointRow {
  projection: string;
  version: number;
  /** Cursor: effective ms and log position of the last folded event (0 = none). */
  cursorEff: number;
  cursorPosition: number;
  /** Knowledge: the fold saw every event up to this position. */
  knowledgePosition: number;
  validFromPosition: number;
  /**
   * The log hash at `knowledgePosition` (docs/integrity.md §1): the event's chain hash (SQLite), the
   * rolling digest (EventStoreDB), `id:<event id>` for an event recorded before the chain, '' at 0.
   */
  anchor: string;
  state: Buffer;
}

/** A row as read, with whether its MAC holds under this cache's key. */
export interface StoredCheckpoint extends CheckpointRow {
  authentic: boolean;
}

/** What the MAC of a checkpoint row covers, in a fixed order. */
export function checkpointMac(key: Buffer, r: CheckpointRow): Buffer {
  return cacheMac(
    key,
    [
      MAC_FORMAT,
      'checkpoint',
      r.projection,
      r.version,
      r.cursorEff,
      r.cursorPosition,
      r.knowledgePosition,
      r.validFromPosition,
      r.anchor,
    ],
    r.state,
  );
}

function metaMac(key: Buffer, name: string, value: string): Buffer {
  return cacheMac(key, [MAC_FORMAT, 'meta', name, value]);
}

const SELECT_ROW = `SELECT projection, version, cursor_eff AS cursorEff, cursor_position AS cursorPosition, knowledge_position AS knowledgePosition,
  valid_from_position AS validFromPosition, anchor, state, mac FROM checkpoints`;

function readRow(
  key: Buffer,
  raw: (CheckpointRow & { mac: Buffer | null }) | undefined,
): StoredCheckpoint | undefined {
  if (!raw) return undefined;
  const { mac, ...row } = raw;
  return { ...row, authentic: macEquals(mac, checkpointMac(key, row)) };
}

/**
 * Reads a cache file without changing it (for `xianzhi verify`): every row, each with whether its MAC
 * holds under `key`, and whether the file says it was written under this key at all.
 */
export function readCacheFile(
  path: string,
  key: Buffer,
): { rows: StoredCheckpoint[]; sameKey: boolean; schema: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema !== CACHE_SCHEMA) return { rows: [], sameKey: false, schema };
    const rows = (
      db.prepare(`${SELECT_ROW} ORDER BY projection, version`).all() as (CheckpointRow & {
        mac: Buffer | null;
      })[]
    ).map((r) => readRow(key, r)!);
    const id = db.prepare("SELECT value, mac FROM meta WHERE key = 'key-id'").get() as
      { value: string; mac: Buffer | null } | undefined;
    const sameKey =
      id !== undefined && id.value === cacheKeyId(key) && macEquals(id.mac, metaMac(key, 'key-id', id.value));
    return { rows, sameKey, schema };
  } finally {
    db.close();
  }
}

export class RuntimeCache {
  readonly #db: Database.Database;
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;
  readonly #key: Buffer;

  constructor(path: string, key: Buffer) {
    this.#key = key;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    this.#db = db;
    db.pragma('journal_mode = WAL');
    // The cache can always be rebuilt from the log, so it need not survive a power cut — but a
    // row is still written whole (one statement, one transaction), so a crash never mixes a
    // state with another checkpoint.
    db.pragma('synchronous = NORMAL');
    // Freed pages are overwritten: after an erasure, states that held a person's name are rewritten
    // and no old copy of them lingers in free pages (see scrub()).
    db.pragma('secure_delete = ON');
    // A file of an earlier layout (no anchors, no MACs) proves nothing: it is emptied, as a cache may be.
    if ((db.pragma('user_version', { simple: true }) as number) !== CACHE_SCHEMA) {
      db.exec('DROP TABLE IF EXISTS checkpoints; DROP TABLE IF EXISTS meta;');
      db.pragma(`user_version = ${CACHE_SCHEMA}`);
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        projection TEXT NOT NULL, version INTEGER NOT NULL,
        cursor_eff REAL NOT NULL, cursor_position INTEGER NOT NULL,
        knowledge_position INTEGER NOT NULL, valid_from_position INTEGER NOT NULL,
        anchor TEXT NOT NULL, state BLOB NOT NULL, mac BLOB NOT NULL, written_at INTEGER NOT NULL,
        PRIMARY KEY (projection, version)
      );
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, mac BLOB NOT NULL);
    `);
    this.#put = db.prepare(
      `INSERT INTO checkpoints (projection, version, cursor_eff, cursor_position, knowledge_position, valid_from_position, anchor, state, mac, written_at)
       VALUES (@projection, @version, @cursorEff, @cursorPosition, @knowledgePosition, @validFromPosition, @anchor, @state, @mac, @writtenAt)
       ON CONFLICT (projection, version) DO UPDATE SET cursor_eff = excluded.cursor_eff, cursor_position = excluded.cursor_position,
         knowledge_position = excluded.knowledge_position, valid_from_position = excluded.valid_from_position,
         anchor = excluded.anchor, state = excluded.state, mac = excluded.mac, written_at = excluded.written_at`,
    );
    this.#get = db.prepare(`${SELECT_ROW} WHERE projection = ? AND version = ?`);
  }

  /** The row of a projection version, with whether its MAC holds. */
  get(projection: string, version: number): StoredCheckpoint | undefined {
    return readRow(
      this.#key,
      this.#get.get(projection, version) as (CheckpointRow & { mac: Buffer | null }) | undefined,
    );
  }

  /** Every row (projection and version only, to name them). */
  names(): { projection: string; version: number }[] {
    return this.#db
      .prepare('SELECT projection, version FROM checkpoints ORDER BY projection, version')
      .all() as { projection: string; version: number }[];
  }

  /**
   * Whether the rows were written under this cache's key: 'same', 'other' (the file names another
   * key, or none while it holds rows), or 'empty' (no rows: nothing to trust or distrust).
   */
  keyState(): 'same' | 'other' | 'empty' {
    if (this.getMeta('key-id') === cacheKeyId(this.#key)) return 'same';
    return this.names().length === 0 ? 'empty' : 'other';
  }

  /** Writes down which key this cache is written under. */
  markKey(): void {
    this.setMeta('key-id', cacheKeyId(this.#key));
  }

  /** Writes a row, with its MAC. */
  put(row: CheckpointRow): void {
    const {
      projection,
      version,
      cursorEff,
      cursorPosition,
      knowledgePosition,
      validFromPosition,
      anchor,
      state,
    } = row;
    const r = {
      projection,
      version,
      cursorEff,
      cursorPosition,
      knowledgePosition,
      validFromPosition,
      anchor,
      state,
    };
    this.#put.run({ ...r, mac: checkpointMac(this.#key, r), writtenAt: Date.now() });
  }

  /** Drops the row of one projection version (a forged or mismatched one). */
  dropVersion(projection: string, version: number): void {
    this.#db.prepare('DELETE FROM checkpoints WHERE projection = ? AND version = ?').run(projection, version);
  }

  /** Writes several rows in one transaction. */
  putAll(rows: CheckpointRow[]): void {
    this.#db.transaction(() => {
      for (const r of rows) this.put(r);
    })();
  }

  /** Drops the rows of other versions of a projection (after a switch-over). */
  dropOtherVersions(projection: string, keep: number): void {
    this.#db.prepare('DELETE FROM checkpoints WHERE projection = ? AND version <> ?').run(projection, keep);
  }

  /** A meta value; undefined when absent or when its MAC does not hold (a changed value is no value). */
  getMeta(key: string): string | undefined {
    const row = this.#db.prepare('SELECT value, mac FROM meta WHERE key = ?').get(key) as
      { value: string; mac: Buffer | null } | undefined;
    return row && macEquals(row.mac, metaMac(this.#key, key, row.value)) ? row.value : undefined;
  }

  setMeta(key: string, value: string): void {
    this.#db
      .prepare(
        'INSERT INTO meta (key, value, mac) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, mac = excluded.mac',
      )
      .run(key, value, metaMac(this.#key, key, value));
  }

  /** Drops every cached state of a projection (all versions). */
  drop(projection: string): void {
    this.#db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
  }

  /**
   * After an erasure: rebuilds the file (VACUUM) and empties the WAL, so no page, free or old,
   * still holds the bytes of a state written before.
   */
  scrub(): void {
    this.#db.exec('VACUUM');
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Forgets everything (the log changed under us). */
  wipe(): void {
    this.#db.exec('DELETE FROM checkpoints; DELETE FROM meta;');
  }

  close(): void {
    this.#db.close();
  }
}
