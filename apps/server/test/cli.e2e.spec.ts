/**
 * The `xianzhi` CLI as a user runs it (`node --import tsx src/cli.ts …`, configured by
 * XIANZHI_DATA_DIR), on the demo county's log: `verify` on a sound log (exit 0, summary) and on corrupted copies of the
 * store file (exit 1, the fault named), `as-of`, `export` (CSV and XLSX), and `token create` whose
 * token then works over HTTP — and only within its scopes.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform } from '../src/platform';
import { startServer } from '../src/serve';
import { DEMO, tempDir } from './harness';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');
const CWD = resolve(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment without any XIANZHI_* setting of the caller's. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('XIANZHI_')));

function xianzhi(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd: CWD, env: { ...env, XIANZHI_DATA_DIR: dataDir }, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A copy of the data folder's store (the projection cache is not copied: it is rebuilt). */
function copyStore(from: string, label: string): { dir: string; db: string } {
  const dir = join(from, '..', label);
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const f = join(from, `xianzhi.db${suffix}`);
    if (existsSync(f)) copyFileSync(f, join(dir, `xianzhi.db${suffix}`));
  }
  return { dir, db: join(dir, 'xianzhi.db') };
}

let root: string;
let data: string;

beforeAll(async () => {
  root = tempDir('cli');
  data = join(root, 'data');
  mkdirSync(data, { recursive: true });
  // The divisions story of the demo county, recorded in-process: `xianzhi demo` records every
  // module's story too (minutes, with the services' 100,000 streams), which these tests do not need.
  const platform = await openPlatform({ eventStore: join(data, 'xianzhi.db'), cachePath: join(data, 'projections.db') });
  await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
  await platform.close();
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('xianzhi verify', () => {
  it('exits 0 on the demo log and prints the summary', async () => {
    const r = await xianzhi(data, 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d{3,} events in \d+ streams; 0 faults$/m);
    expect(r.stdout).not.toContain('FAULT');
  }, 60_000);

  it('exits 1 on a copy whose event data no longer fits its schema, naming the event', async () => {
    const copy = copyStore(data, 'bad-data');
    const db = new Database(copy.db);
    const [position, id] = db.prepare("SELECT position, id FROM events WHERE type = 'divisions.renamed' OR type = 'divisions.established' ORDER BY position LIMIT 1 OFFSET 5").raw().get() as [number, string];
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ id: 42, name: '' }), position);
    db.close();
    const r = await xianzhi(copy.dir, 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/; 1 faults$/m);
    expect(r.stdout).toMatch(new RegExp(`FAULT event ${id} \\(divisions\\.\\w+\\) at position ${position} does not parse`));
  }, 60_000);

  it('exits 1 on a copy with a broken revision, naming the stream and the event', async () => {
    const copy = copyStore(data, 'bad-revision');
    const db = new Database(copy.db);
    const [position, id, revision] = db
      .prepare('SELECT position, id, revision FROM events WHERE stream = ? ORDER BY revision LIMIT 1 OFFSET 10')
      .raw()
      .get(`divisions-${DEMO.code}`) as [number, string, number];
    db.prepare('UPDATE events SET revision = ? WHERE position = ?').run(revision + 100_000, position);
    db.close();
    const r = await xianzhi(copy.dir, 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`FAULT stream "divisions-${DEMO.code}": event ${id} at position ${position} has revision ${revision + 100_000}, expected ${revision}`);
  }, 60_000);

  it('exits 1 on a copy whose event data is not JSON at all, naming the row, and checks the rest', async () => {
    const copy = copyStore(data, 'not-json');
    const db = new Database(copy.db);
    const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const [position] = db.prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET 20').raw().get() as [number];
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{"id": "div-', position);
    db.close();
    const r = await xianzhi(copy.dir, 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`FAULT the event after position ${position - 1} cannot be read:`);
    // every other event was still checked
    expect(r.stdout).toMatch(new RegExp(`^${total - 1} events in \\d+ streams; \\d+ faults$`, 'm'));
  }, 60_000);
});

describe('xianzhi as-of / export / token', () => {
  it('as-of 2019-06-01 divisions.counts prints 33 townships', async () => {
    const r = await xianzhi(data, 'as-of', '2019-06-01', 'divisions.counts');
    expect(r.code, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout) as { byLevel: Record<string, number> };
    expect(counts.byLevel.township).toBe(33);
    const after = await xianzhi(data, 'as-of', '2021-06-01', 'divisions.counts', JSON.stringify({ rootId: DEMO.code }));
    expect((JSON.parse(after.stdout) as { byLevel: Record<string, number> }).byLevel.township).toBe(13);
    const unknown = await xianzhi(data, 'as-of', '2019-06-01', 'divisions.nothing');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no procedure "divisions.nothing"');
  }, 60_000);

  it('export divisions.list out.csv / out.xlsx --input {"level":"township"} --as-of 2019-06-01 writes 33 rows', async () => {
    const csv = join(root, 'out.csv');
    const xlsx = join(root, 'out.xlsx');
    const r = await xianzhi(data, 'export', 'divisions.list', csv, '--input', '{"level":"township"}', '--as-of', '2019-06-01');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`33 rows → ${csv}`);
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('统计用区划代码,名称,全称,类型,上级代码,上级,分类');
    expect(lines).toHaveLength(34);
    const x = await xianzhi(data, 'export', 'divisions.list', xlsx, '--input', '{"level":"township"}', '--as-of=2019-06-01');
    expect(x.code, x.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets[0]!.rowCount).toBe(34);
    expect(workbook.worksheets[0]!.getRow(1).getCell(2).value).toBe('名称');
  }, 60_000);

  it('token create 教育局 --scopes divisions:read prints a token that works over HTTP, within its scope', async () => {
    const r = await xianzhi(data, 'token', 'create', '教育局', '--scopes', 'divisions:read');
    expect(r.code, r.stderr).toBe(0);
    const token = /^token [a-z0-9]{12} \(教育局\): (xz_[a-z0-9]{12}_[A-Za-z0-9_-]{43})$/m.exec(r.stdout)?.[1];
    expect(token, r.stdout).toBeDefined();
    const bad = await xianzhi(data, 'token', 'create', 'x', '--scopes', 'divisions:fly');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown scope divisions:fly');

    const platform = await openPlatform({ eventStore: join(data, 'xianzhi.db'), cachePath: join(data, 'projections.db') });
    const server = await startServer({ platform, port: 0, host: '127.0.0.1' });
    try {
      const auth = { headers: { authorization: `Bearer ${token}` } };
      const who = await fetch(`${server.url}/trpc/access.whoami`, auth);
      expect(((await who.json()) as { result: { data: unknown } }).result.data).toEqual({ name: '教育局', scopes: ['divisions:read'], subtree: null });
      const counts = await fetch(`${server.url}/trpc/divisions.counts?input=${encodeURIComponent('{"asOf":"2019-06-01"}')}`, auth);
      expect(counts.status).toBe(200);
      expect(((await counts.json()) as { result: { data: { byLevel: { township: number } } } }).result.data.byLevel.township).toBe(33);
      const write = await fetch(`${server.url}/trpc/divisions.enactAdjustment`, { method: 'POST', headers: { ...auth.headers, 'content-type': 'application/json' }, body: '{}' });
      expect(write.status).toBe(403);
    } finally {
      await server.close();
      await platform.close();
    }
  }, 60_000);
});

/** Starts `xianzhi serve` on a free port; resolves with what it printed once it runs, then stops it. */
function serveOnce(dataDir: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], { cwd: CWD, env: { ...env, XIANZHI_DATA_DIR: dataDir, XIANZHI_PORT: '0' } });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`serve did not start in 90 s:\n${out}`));
    }, 90_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      if (/admin token/.test(out) && /is running at/.test(out)) {
        clearTimeout(timer);
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => done(out));
  });
}

describe('xianzhi serve', () => {
  it('prints the admin token at the first start only, and keeps the data folder its owner’s (0700, files 0600)', async () => {
    const first = await serveOnce(data);
    const token = /管理员令牌[^:]*: (xz_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(first)?.[1];
    expect(token, first).toBeDefined();
    expect(readFileSync(join(data, 'admin-token'), 'utf8').trim()).toBe(token);
    const second = await serveOnce(data);
    expect(second).toContain('admin token: issued at the first start');
    expect(second).not.toContain(token!);
    expect(second).not.toMatch(/xz_[a-z0-9]{12}_/);
    // the folder and every file in it (the store, the cache, the token) are the owner's only
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const files = readdirSync(data).filter((f) => statSync(join(data, f)).isFile());
    expect(files).toEqual(expect.arrayContaining(['xianzhi.db', 'projections.db', 'admin-token']));
    for (const f of files) expect([f, statSync(join(data, f)).mode & 0o777]).toEqual([f, 0o600]);
  }, 240_000);
});

