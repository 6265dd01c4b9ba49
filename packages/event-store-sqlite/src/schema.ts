/**
 * The one-file layout. `position` is the rowid: the global log position, contiguous because
 * writers are serialised (BEGIN IMMEDIATE) and nothing is ever deleted. Three indexes serve the
 * three orders: stream (stream, revision), log (position) and effective (effective_ms, position).
 */
export const SCHEMA_VERSION = 1;

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
  recorded_ms     INTEGER NOT NULL
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

/** Columns in the order rows are read (raw mode, arrays). */
export const EVENT_COLUMNS =
  'position, id, stream, revision, type, schema_version, data, metadata, effective_at, effective_ms, recorded_at, recorded_ms';

export const INSERT_EVENT_SQL =
  'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, effective_at, effective_ms, recorded_at, recorded_ms) ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
