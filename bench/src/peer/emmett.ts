/**
 * Loads the peer, Emmett's SQLite event store, from `bench/.peer/` (installed on demand by
 * ./install.ts). The module is typed by the small local interface below — only what the bench
 * calls — checked against `dist/index.d.ts` of @event-driven-io/emmett-sqlite 0.42.4.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePeerInstalled } from './install';

/** An event as Emmett takes it (`Event` in @event-driven-io/emmett). */
export interface PeerEvent<Data = Record<string, unknown>> {
  type: string;
  data: Data;
  metadata?: Record<string, unknown>;
}

/** An event as Emmett gives it back (`ReadEvent<E, ReadEventMetadataWithGlobalPosition>`). */
export interface PeerReadEvent<Data = unknown> {
  type: string;
  kind: 'Event';
  data: Data;
  metadata: {
    messageId: string;
    streamName: string;
    streamPosition: bigint;
    globalPosition: bigint;
  } & Record<string, unknown>;
}

/** `SQLiteConnection`: one node-sqlite3 `Database` behind promises. */
export interface PeerConnection {
  close(): void;
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
}

/** `SQLiteEventStore` (the members the bench uses). */
export interface PeerEventStore {
  appendToStream(
    streamName: string,
    events: PeerEvent[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<{
    nextExpectedStreamVersion: bigint;
    lastEventGlobalPosition: bigint;
    createdNewStream: boolean;
  }>;
  readStream<Data = unknown>(
    streamName: string,
  ): Promise<{ currentStreamVersion: bigint; events: PeerReadEvent<Data>[]; streamExists: boolean }>;
  schema: { migrate(): Promise<void> };
}

export interface PeerEventStoreOptions {
  fileName: string;
  schema?: { autoMigration?: 'None' | 'CreateOrUpdate' };
  /**
   * For a file database the pool only reuses a connection it is *given*: `{ singleton: true }`
   * alone still opens (and closes) a new connection per call — see SQLiteConnectionPool in its dist.
   */
  connectionOptions?: { singleton: true; connection?: PeerConnection };
}

/** The part of `@event-driven-io/emmett-sqlite` the bench uses. */
export interface EmmettSqlite {
  getSQLiteEventStore(options: PeerEventStoreOptions): PeerEventStore;
  sqliteConnection(options: { fileName: string }): PeerConnection;
  /** Its global-log reader (what its consumers/processors page with). */
  readMessagesBatch<Data = unknown>(
    connection: PeerConnection,
    options: { after: bigint; batchSize: number },
  ): Promise<{ currentGlobalPosition: bigint; messages: PeerReadEvent<Data>[]; areEventsLeft: boolean }>;
}

export interface LoadedPeer {
  module: EmmettSqlite;
  /** e.g. "emmett-sqlite 0.42.4 (node-sqlite3 5.1.7, SQLite 3.44.2)" */
  description: string;
}

function version(dir: string, name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

function isEmmettSqlite(value: unknown): value is EmmettSqlite {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.getSQLiteEventStore === 'function' &&
    typeof m.sqliteConnection === 'function' &&
    typeof m.readMessagesBatch === 'function'
  );
}

let loading: Promise<LoadedPeer> | undefined;

/** Installs the peer if needed and loads it (once per process). Rejects with the reason it cannot. */
export function loadPeer(): Promise<LoadedPeer> {
  loading ??= (async () => {
    const dir = await ensurePeerInstalled();
    const require = createRequire(join(dir, 'package.json'));
    // Resolve the ESM entry ("import" condition) by hand: require.resolve would pick index.cjs.
    const pkgDir = join(dir, 'node_modules', '@event-driven-io', 'emmett-sqlite');
    const entry = join(pkgDir, 'dist', 'index.js');
    const loaded: unknown = await import(pathToFileURL(entry).href);
    if (!isEmmettSqlite(loaded))
      throw new Error(`${entry} does not export getSQLiteEventStore, sqliteConnection and readMessagesBatch`);
    const sqlite3 = require('sqlite3') as { VERSION?: string };
    const description =
      `emmett-sqlite ${version(dir, '@event-driven-io/emmett-sqlite')} ` +
      `(emmett ${version(dir, '@event-driven-io/emmett')}, node-sqlite3 ${version(dir, 'sqlite3')}, SQLite ${sqlite3.VERSION ?? '?'})`;
    return { module: loaded, description };
  })();
  return loading;
}
