/**
 * The runtime's local cache: one SQLite file (or memory) holding, per projection version, the
 * live state and the checkpoint it belongs to, written in one statement so they never disagree.
 * Disposable: delete the file and the runtime rebuilds everything from the log.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface CheckpointRow {
  projection: string;
  version: number;
  /** Cursor: effective ms and log position of the last folded event (0 = none). */
  cursorEff: number;
  cursorPosition: number;
  /** Knowledge: the fold saw every event up to this position. */
  knowledgePosition: number;
  validFromPosition: number;
  state: Buffer;
}

export class RuntimeCache {
  readonly #db: Database.Database;
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;

  constructor(path: string) {
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
    db.exec(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        projection TEXT NOT NULL, version INTEGER NOT NULL,
        cursor_eff REAL NOT NULL, cursor_position INTEGER NOT NULL,
        knowledge_position INTEGER NOT NULL, valid_from_position INTEGER NOT NULL,
        state BLOB NOT NULL, written_at INTEGER NOT NULL,
        PRIMARY KEY (projection, version)
      );
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.#put = db.prepare(
      `INSERT INTO checkpoints (projection, version, cursor_eff, cursor_position, knowledge_position, valid_from_position, state, written_at)
       VALUES (@projection, @version, @cursorEff, @cursorPosition, @knowledgePosition, @validFromPosition, @state, @writtenAt)
       ON CONFLICT (projection, version) DO UPDATE SET cursor_eff = excluded.cursor_eff, cursor_position = excluded.cursor_position,
         knowledge_position = excluded.knowledge_position, valid_from_position = excluded.valid_from_position,
         state = excluded.state, written_at = excluded.written_at`,
    );
    this.#get = db.prepare(
      `SELECT projection, version, cursor_eff AS cursorEff, cursor_position AS cursorPosition, knowledge_position AS knowledgePosition,
              valid_from_position AS validFromPosition, state FROM checkpoints WHERE projection = ? AND version = ?`,
    );
  }

  get(projection: string, version: number): CheckpointRow | undefined {
    return this.#get.get(projection, version) as CheckpointRow | undefined;
  }

  put(row: CheckpointRow): void {
    this.#put.run({ ...row, writtenAt: Date.now() });
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

  getMeta(key: string): string | undefined {
    return this.#db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
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
