/**
 * The one-file layout. `position` is the rowid: the global log position, contiguous because
 * writers are serialised (BEGIN IMMEDIATE) and nothing is ever deleted. Three indexes serve the
 * three orders: stream (stream, revision), log (position) and effective (effective_ms, position).
 *
 * `hash` / `previous_hash` (32-byte sha256) are the hash chain (docs/integrity.md), NULL on events
 * recorded by schema 1 (before the chain). `store_info` holds `chain_head`, the last event as the
 * last append left it, so a deleted tail is found.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  id              TEXT    NOT NULL,
  stream          TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT,
  effective_at    TEXT    NOT NULL,
  effective_ms    INTEGER NOT NULL,
  recorded_at     TEXT    NOT NULL,
  recorded_ms     INTEGER NOT NULL,
  hash            BLOB,
  previous_hash   BLOB
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (id);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);
CREATE INDEX IF NOT EXISTS events_by_effective ON events (effective_ms, position);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key             TEXT    PRIMARY KEY,
  stream          TEXT    NOT NULL,
  fingerprint     TEXT    NOT NULL,
  first_position  INTEGER NOT NULL,
  last_position   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_info (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Schema 1 → 2: the chain columns (existing events keep NULL: they predate the chain). */
export const MIGRATE_TO_2_SQL =
  'ALTER TABLE events ADD COLUMN hash BLOB; ALTER TABLE events ADD COLUMN previous_hash BLOB;';

/**
 * Columns in the order rows are read (raw mode, arrays). The hash is read as lower-case hex text,
 * converted by SQLite: no Buffer per row.
 */
export const EVENT_COLUMNS =
  'position, id, stream, revision, type, schema_version, data, metadata, effective_at, effective_ms, recorded_at, recorded_ms, lower(hex(hash))';

/** The hash chain's columns, in log order (`readChain`). */
export const CHAIN_COLUMNS = `${EVENT_COLUMNS}, lower(hex(previous_hash))`;

/** The hashes are bound as hex text and stored as 32 bytes (`unhex`, SQLite ≥ 3.41). */
export const INSERT_EVENT_SQL =
  'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, effective_at, effective_ms, recorded_at, recorded_ms, hash, previous_hash) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, unhex(?), unhex(?))';
