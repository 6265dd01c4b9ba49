import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseEffectiveAt } from '@xianzhi/kernel';
import { ChainVerifier } from '@xianzhi/event-store';
import { counted, eventStoreContract, registryV1 } from '@xianzhi/event-store/contract';
import { openSqliteEventStore } from './sqlite-store';

eventStoreContract({
  name: 'sqlite (embedded default)',
  contiguousPositions: true,
  newStorage() {
    const dir = mkdtempSync(join(tmpdir(), 'xianzhi-contract-'));
    const path = join(dir, 'events.db');
    return {
      open: (options) => openSqliteEventStore({ ...options, path }),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describe('a store written before the hash chain (schema 1)', () => {
  it('is upgraded in place: old events keep no hash, the chain starts at the first new event, and verify says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xianzhi-schema1-'));
    try {
      const path = join(dir, 'old.db');
      // The layout of schema 1, as an earlier Xianzhi wrote it.
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL, stream TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT, effective_at TEXT NOT NULL,
        effective_ms INTEGER NOT NULL, recorded_at TEXT NOT NULL, recorded_ms INTEGER NOT NULL);
        CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO store_info VALUES ('schema_version', '1');`);
      const insert = db.prepare(
        'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, effective_at, effective_ms, recorded_at, recorded_ms) VALUES (?, ?, ?, ?, 1, ?, NULL, ?, ?, ?, ?)',
      );
      insert.run(
        '0190a000-0000-7000-8000-000000000001',
        'a',
        0,
        counted.type,
        '{"n":1}',
        '2019-12-20',
        parseEffectiveAt('2019-12-20')!.ms,
        '2020-01-01T00:00:00.000Z',
        Date.parse('2020-01-01T00:00:00.000Z'),
      );
      insert.run(
        '0190a000-0000-7000-8000-000000000002',
        'a',
        1,
        counted.type,
        '{"n":2}',
        '2019-12-21',
        parseEffectiveAt('2019-12-21')!.ms,
        '2020-01-01T00:00:00.000Z',
        Date.parse('2020-01-01T00:00:00.000Z'),
      );
      db.close();

      const store = openSqliteEventStore({ path, registry: registryV1() });
      try {
        const r = await store.append('a', [counted.create({ n: 3 })], { expectedRevision: 1 });
        expect(r.events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect((await store.readAll()).map((e) => e.hash === undefined)).toEqual([true, true, false]);
        const verifier = new ChainVerifier(store.chainScope);
        for (const link of await store.readChain()) verifier.add(link);
        expect(verifier.faults).toEqual([]);
        expect(verifier.unchained).toBe(2);
        expect(verifier.firstChained).toBe(3);
        expect(await store.chainHead()).toEqual({ position: 3, hash: r.events[0]!.hash });
      } finally {
        await store.close();
      }
      const check = new Database(path, { readonly: true });
      expect(check.prepare("SELECT value FROM store_info WHERE key = 'schema_version'").pluck().get()).toBe(
        '2',
      );
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
