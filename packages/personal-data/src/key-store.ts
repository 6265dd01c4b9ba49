/**
 * Where the per-person keys live — never in the event store. Erasing a person destroys their key;
 * a tombstone (when) stays, so a later write for them is refused and a second erasure is named.
 *
 * `KeyStore` is the interface; `SqliteKeyStore` is the default (its own SQLite file). For production
 * see docs/integrity.md: keep the file on its own encrypted volume with its own backup rotation, or
 * implement `KeyStore` against the county's KMS / HSM (the four methods below are all it takes).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InvariantViolation } from '@xianzhi/kernel';

/** A person's key, or the date it was destroyed. */
export type SubjectKey = { key: Buffer } | { erasedAt: string };

export interface KeyStore {
  /** The keys of these subjects (absent: no key was ever made for them). */
  keys(subjects: readonly string[]): Promise<Map<string, SubjectKey>>;
  /**
   * The subjects' keys, each made (32 random bytes) on first use, in one transaction. Refuses when
   * one of them was erased: InvariantViolation naming them.
   */
  keysFor(subjects: readonly string[]): Promise<Map<string, Buffer>>;
  /**
   * Destroys the subject's key, leaving a tombstone; returns when it was destroyed. A subject with
   * no key gets a tombstone too (nothing of theirs can be written afterwards). Erasing an erased
   * subject returns the first erasure's date and changes nothing.
   */
  erase(subject: string, at?: Date): Promise<{ erasedAt: string; already: boolean }>;
  close(): Promise<void>;
}

/**
 * The default key store: one SQLite file (WAL, `synchronous = FULL`: a key must never be lost
 * once data was sealed with it; `secure_delete = ON`: a destroyed key's bytes are overwritten, and
 * the WAL is checkpointed and truncated after each erasure so no old page keeps them).
 */
export class SqliteKeyStore implements KeyStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #erase: Database.Statement;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    this.#db = db;
    try {
      db.pragma('busy_timeout = 10000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(`CREATE TABLE IF NOT EXISTS subject_keys (
        subject    TEXT PRIMARY KEY,
        key        BLOB,
        created_at TEXT NOT NULL,
        erased_at  TEXT,
        CHECK ((key IS NULL) <> (erased_at IS NULL))
      ) WITHOUT ROWID`);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#get = db
      .prepare(
        'SELECT subject, key, erased_at FROM subject_keys WHERE subject IN (SELECT value FROM json_each(?))',
      )
      .raw(true);
    this.#insert = db.prepare(
      'INSERT INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING',
    );
    this.#erase = db.prepare(
      `INSERT INTO subject_keys (subject, key, created_at, erased_at) VALUES (@subject, NULL, @at, @at)
       ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = @at WHERE erased_at IS NULL`,
    );
  }

  #read(subjects: readonly string[]): Map<string, SubjectKey> {
    const out = new Map<string, SubjectKey>();
    for (const [subject, key, erasedAt] of this.#get.all(JSON.stringify(subjects)) as [
      string,
      Buffer | null,
      string | null,
    ][]) {
      out.set(subject, key !== null ? { key } : { erasedAt: erasedAt! });
    }
    return out;
  }

  async keys(subjects: readonly string[]): Promise<Map<string, SubjectKey>> {
    return this.#read(subjects);
  }

  async keysFor(subjects: readonly string[]): Promise<Map<string, Buffer>> {
    // Read; insert the missing ones and read again in one immediate transaction only when some are
    // missing (a write costs an fsync): two processes always agree on one key per subject.
    let found = this.#read(subjects);
    if (subjects.some((s) => !found.has(s))) {
      found = this.#db
        .transaction(() => {
          const now = new Date().toISOString();
          for (const s of subjects) this.#insert.run(s, randomBytes(32), now);
          return this.#read(subjects);
        })
        .immediate();
    }
    const out = new Map<string, Buffer>();
    for (const s of subjects) {
      const k = found.get(s)!;
      if ('erasedAt' in k)
        throw new InvariantViolation(
          `the personal data of ${s} was erased on ${k.erasedAt}; record them under a new id`,
          { subject: s },
        );
      out.set(s, k.key);
    }
    return out;
  }

  async erase(subject: string, at = new Date()): Promise<{ erasedAt: string; already: boolean }> {
    const result = this.#db
      .transaction(() => {
        const changed = this.#erase.run({ subject, at: at.toISOString() }).changes;
        const now = this.#read([subject]).get(subject)!;
        return { erasedAt: (now as { erasedAt: string }).erasedAt, already: changed === 0 };
      })
      .immediate();
    if (!result.already) this.#db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
