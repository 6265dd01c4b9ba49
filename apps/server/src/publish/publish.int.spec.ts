/**
 * Publishing read models into PostgreSQL (PGlite here; a real server when XIANZHI_TEST_PG is set):
 * after the demo county, the tables hold the townships, and the as-of SQL (one WHERE) answers what
 * the API answers — for several dates, known now, and known at a time before a retraction.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory, runtimeDivisions, type ApiContext } from '@xianzhi/api';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform, type Platform } from '../platform';
import { BUNDLED_PLUGINS } from '../modules';
import { createAppRouter } from '../router';
import { DEMO, renameInput, tempDir } from '../../test/harness';
import { runPublish } from './run';
import { openSql, type SqlClient } from './sql';

const dir = tempDir('publish');
// a fresh schema per run on a real server; PGlite in a folder otherwise
const schema = `xz_test_${Date.now().toString(36)}`;
const url = process.env.XIANZHI_TEST_PG ?? `pglite:${join(dir, 'pg')}`;
let platform: Platform;
let call: (path: string, input: unknown) => Promise<unknown>;
let beforeRetraction: string;
let renamed: { id: string; code: string };
let sql: SqlClient;

type Row = Record<string, unknown>;

beforeAll(async () => {
  platform = await openPlatform({
    eventStore: join(dir, 'xianzhi.db'),
    cachePath: join(dir, 'projections.db'),
    plugins: BUNDLED_PLUGINS,
  });
  await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
  const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  const ctx: ApiContext = {
    store: platform.store,
    runtime: platform.runtime,
    caller: { tokenId: 'cli', name: 'test', scopes: ['admin'] },
    requestId: 'test',
    divisions: runtimeDivisions(platform.runtime),
    log: () => {},
  };
  const caller = createCallerFactory(router)(ctx);
  call = (path, input) =>
    (
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
        i: unknown,
      ) => Promise<unknown>
    )(input);
  // a rename recorded in error, then retracted: as known before the retraction, the old answer stands
  [renamed] = (await call('divisions.list', { level: 'township', rootId: DEMO.code })) as {
    id: string;
    code: string;
  }[] as [{ id: string; code: string }];
  const rename = (await call(
    'divisions.enactAdjustment',
    renameInput(renamed.code, '误录镇', '2021-03-01'),
  )) as { events: { id: string }[] };
  await new Promise((r) => setTimeout(r, 5));
  beforeRetraction = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  await call('events.retract', {
    eventId: rename.events[0]!.id,
    reason: '录入错误',
    authority: { documentNo: '川府民政〔2024〕99号', issuedBy: '四川省人民政府' },
  });
  await runPublish(platform, { url, schema, models: ['townships', 'villages'], once: true });
  sql = await openSql(url);
}, 300_000);

afterAll(async () => {
  if (process.env.XIANZHI_TEST_PG && sql) await sql.query(`DROP SCHEMA ${schema} CASCADE`);
  await sql?.close();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

const byKey = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));

async function asOfSql(table: string, date: string, knownAt?: string): Promise<Row[]> {
  const known =
    knownAt === undefined ? 'known_to IS NULL' : 'known_from <= $2 AND (known_to IS NULL OR known_to > $2)';
  const rows = await sql.query<{ row: Row }>(
    `SELECT row FROM ${schema}.${table}_history WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) AND ${known}`,
    knownAt === undefined ? [date] : [date, knownAt],
  );
  return byKey(rows.map((r) => r.row));
}

describe('publish postgres', { timeout: 120_000 }, () => {
  it('holds the tables, with Chinese column comments', async () => {
    const tables = await sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      '_checkpoints',
      'townships',
      'townships_history',
      'villages',
      'villages_history',
    ]);
    const [comment] = await sql.query<{ c: string }>(
      `SELECT col_description('${schema}.townships_history'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = '${schema}.townships_history'::regclass AND attname = 'code')) AS c`,
    );
    expect(comment!.c).toBe('统计用区划代码');
  });

  it('as-of SQL equals the API for several dates (known now)', async () => {
    for (const date of [
      '1992-10-01',
      '2005-06-30',
      '2019-06-01',
      '2019-12-31',
      '2020-06-30',
      '2021-03-01',
      '2024-01-01',
    ]) {
      for (const [table, level] of [
        ['townships', 'township'],
        ['villages', 'village'],
      ] as const) {
        const api = byKey((await call('divisions.list', { level, asOf: date })) as Row[]);
        expect(await asOfSql(table, date), `${table} as of ${date}`).toEqual(api);
      }
    }
    // the reform is visible: fewer townships after it
    expect((await asOfSql('townships', '2019-06-01')).length).toBeGreaterThan(
      (await asOfSql('townships', '2021-01-01')).length,
    );
  });

  it('known at a time before a retraction, the SQL gives the old answer, as the API does', async () => {
    const api = byKey(
      (await call('divisions.list', {
        level: 'township',
        asOf: '2021-06-01',
        knownAt: beforeRetraction,
      })) as Row[],
    );
    expect(api.find((r) => r.id === renamed.id)?.name).toBe('误录镇');
    expect(await asOfSql('townships', '2021-06-01', beforeRetraction)).toEqual(api);
    expect((await asOfSql('townships', '2021-06-01')).find((r) => r.id === renamed.id)?.name).not.toBe(
      '误录镇',
    );
  });

  it('the first recipe of docs/bi.md (townships as of 2019-06-01) answers the API’s townships', async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../../docs/bi.md'), 'utf8');
    const recipe = /```sql\n([\s\S]*?)```/.exec(doc)![1]!.replaceAll('xianzhi.', `${schema}.`);
    const rows = await sql.query<{ code: string; name: string }>(recipe);
    const api = (await call('divisions.list', { level: 'township', asOf: '2019-06-01' })) as {
      code: string;
      name: string;
    }[];
    expect(rows.map((r) => [r.code, r.name])).toEqual(
      api.map((r) => [r.code, r.name]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });

  it('the current-state table is the API’s answer as of now', async () => {
    const rows = await sql.query<{ row: Row }>(`SELECT row FROM ${schema}.townships`);
    expect(byKey(rows.map((r) => r.row))).toEqual(
      byKey((await call('divisions.list', { level: 'township' })) as Row[]),
    );
  });

  it('a second run publishes nothing new (the checkpoint), and changes nothing', async () => {
    const before = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.townships_history`);
    await sql.close();
    const r = await runPublish(platform, { url, schema, models: ['townships', 'villages'], once: true });
    sql = await openSql(url);
    expect(r.steps).toBe(0);
    expect(await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.townships_history`)).toEqual(
      before,
    );
  });
});
