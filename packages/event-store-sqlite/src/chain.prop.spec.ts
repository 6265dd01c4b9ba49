/**
 * The hash chain finds any single-byte change to a stored event: a property test over a real store
 * file. Each run copies the file, changes one byte of one column of one event with SQLite (as a
 * person with file access would), opens the copy and walks the chain: the first fault must name
 * that event.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainVerifier } from '@xianzhi/event-store';
import { counted, registryV1, townshipEstablished, townshipsMerged } from '@xianzhi/event-store/contract';
import { openSqliteEventStore } from './sqlite-store';

const TEXT_COLUMNS = ['id', 'stream', 'type', 'data', 'metadata', 'effective_at', 'recorded_at'] as const;
const NUMBER_COLUMNS = ['revision', 'schema_version', 'effective_ms', 'recorded_ms'] as const;

let dir: string;
let base: string;
let events = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xianzhi-chain-prop-'));
  base = join(dir, 'base.db');
  const store = openSqliteEventStore({ path: base, registry: registryV1() });
  const authority = {
    documentNo: '川府民政〔2019〕27号',
    issuedBy: '四川省人民政府',
    approvedOn: '2019-11-30',
  };
  await store.append('county-510722', [
    townshipEstablished.create(
      { code: '510722100', name: '太和镇' },
      { effectiveAt: '2019-12-20', actor: 'official:张三' },
    ),
    townshipEstablished.create(
      { code: '510722104', name: '䢺江镇' },
      { effectiveAt: '2019-12-20T09:30:00+08:00' },
    ),
  ]);
  await store.append(
    'county-510722',
    [
      townshipsMerged.create(
        { sources: ['510722104'], target: '510722100' },
        { effectiveAt: '2019-12-20', authority, correlationId: 'c-1' },
      ),
    ],
    {
      idempotencyKey: 'merge-2019',
    },
  );
  for (let i = 0; i < 6; i++) await store.append(`s${i % 2}`, [counted.create({ n: i * 37 })]);
  events = await store.headPosition();
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function firstFault(path: string): Promise<number | undefined> {
  const store = openSqliteEventStore({ path, registry: registryV1() });
  try {
    const verifier = new ChainVerifier(store.chainScope);
    for (const link of await store.readChain()) verifier.add(link);
    return verifier.faults[0]?.position;
  } finally {
    await store.close();
  }
}

describe('hash chain (property)', { timeout: 120_000 }, () => {
  it('finds any single-byte change to a stored event, and names that event', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.constantFrom(...TEXT_COLUMNS),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (pick, column, offset, delta) => {
          const position = 1 + (pick % events);
          const copy = join(dir, `copy-${run++}.db`);
          copyFileSync(base, copy);
          const db = new Database(copy);
          const bytes = db
            .prepare(`SELECT CAST(${column} AS BLOB) FROM events WHERE position = ?`)
            .pluck()
            .get(position) as Buffer | null;
          if (bytes === null || bytes.length === 0) {
            db.close();
            return; // no metadata on this event: nothing to change
          }
          const changed = Buffer.from(bytes);
          const at = offset % changed.length;
          changed[at] = (changed[at]! + delta) % 256;
          try {
            db.prepare(`UPDATE events SET ${column} = CAST(? AS TEXT) WHERE position = ?`).run(
              changed,
              position,
            );
          } catch (error) {
            // A stream name or id changed into one that is taken: SQLite's unique indexes refuse it.
            if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') return;
            throw error;
          } finally {
            db.close();
          }
          try {
            expect(
              await firstFault(copy),
              `${column} byte ${at} of event ${position}: ${bytes[at]} → ${changed[at]}`,
            ).toBe(position);
          } finally {
            rmSync(copy, { force: true });
          }
        },
      ),
      { numRuns: 250 },
    );
  });

  it('finds any change to a stored number (revision, schema version, the two time indexes)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.constantFrom(...NUMBER_COLUMNS),
        fc.integer({ min: -100_000, max: 100_000 }).filter((d) => d !== 0),
        async (pick, column, delta) => {
          const position = 1 + (pick % events);
          const copy = join(dir, `num-${run++}.db`);
          copyFileSync(base, copy);
          const db = new Database(copy);
          try {
            db.prepare(`UPDATE events SET ${column} = ${column} + ? WHERE position = ?`).run(delta, position);
          } catch (error) {
            // (stream, revision) is unique: SQLite itself refuses a revision that is taken.
            if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE') return;
            throw error;
          } finally {
            db.close();
          }
          try {
            expect(
              await firstFault(copy),
              `${column} ${delta > 0 ? '+' : ''}${delta} on event ${position}`,
            ).toBe(position);
          } finally {
            rmSync(copy, { force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds nothing on an untouched copy (the property is not vacuous)', async () => {
    const copy = join(dir, 'untouched.db');
    copyFileSync(base, copy);
    expect(await firstFault(copy)).toBeUndefined();
  });
});
