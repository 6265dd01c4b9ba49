/**
 * The `xianzhi` CLI as a user runs it (`node --import tsx src/cli.ts …`, configured by
 * XIANZHI_DATA_DIR), on the demo county's log: `verify` on a sound log (exit 0, summary) and on corrupted copies of the
 * store file (exit 1, the fault named), `as-of`, `export` (CSV and XLSX), and `token create` whose
 * token then works over HTTP — and only within its scopes.
 */
import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '@xianzhi/core/demo';
import { issueToken, revokeToken } from '@xianzhi/api';
import { coreModules } from '@xianzhi/core/server';
import { chainHash } from '@xianzhi/event-store';
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

/** Runs the CLI on a data folder; a last argument that is an object adds XIANZHI_* settings. */
function xianzhi(dataDir: string, ...args: (string | Record<string, string>)[]): Promise<Run> {
  const extra = typeof args.at(-1) === 'object' ? (args.pop() as Record<string, string>) : {};
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...(args as string[])],
      {
        cwd: CWD,
        env: { ...env, ...extra, XIANZHI_DATA_DIR: dataDir },
        timeout: 120_000,
        maxBuffer: 64 << 20,
      },
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
  const platform = await openPlatform({
    eventStore: join(data, 'xianzhi.db'),
    cachePath: join(data, 'projections.db'),
  });
  await runDemo(
    { store: platform.store, runtime: platform.runtime },
    { seed: 2019, scale: 'small', modules: coreModules.filter((m) => m.name === 'personnel') },
  );
  // The log ends with a token revocation (the issue's "revoked token live again" case).
  const issued = await issueToken(
    { store: platform.store, runtime: platform.runtime, knownScopes: platform.scopes },
    { name: '临时', scopes: ['divisions:read'] },
    'test',
  );
  await revokeToken({ store: platform.store, runtime: platform.runtime }, issued.tokenId, 'test', '离职');
  await platform.close();
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A statement on a copy of the store, as a person with file access would run it with sqlite3. */
function tamper(label: string, edit: (db: Database.Database) => void): { dir: string; db: string } {
  const copy = copyStore(data, label);
  const db = new Database(copy.db);
  edit(db);
  db.close();
  return copy;
}

/** The position, stream and revision `verify` must name. */
function named(db: Database.Database, position: number): string {
  const [stream, revision] = db
    .prepare('SELECT stream, revision FROM events WHERE position = ?')
    .raw()
    .get(position) as [string, number];
  return `position ${position} · stream "${stream}" revision ${revision}`;
}

async function expectBroken(
  copy: { dir: string },
  where: string,
  problem: RegExp,
  ...args: string[]
): Promise<Run> {
  const r = await xianzhi(copy.dir, 'verify', ...args);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const first = /^FIRST BROKEN (.*)$/m.exec(r.stdout)?.[1];
  expect(first, r.stdout).toBeDefined();
  expect(first!.startsWith(where), `${first} should start with ${where}`).toBe(true);
  expect(first).toMatch(problem);
  return r;
}

describe('xianzhi verify', () => {
  it('exits 0 on the demo log and prints the summary and the chain head', async () => {
    const r = await xianzhi(data, 'verify');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d{3,} events in \d+ streams; 0 faults$/m);
    expect(r.stdout).toMatch(/^hash chain \(log\): head at position \d+, [0-9a-f]{64}$/m);
    expect(r.stdout).not.toContain('FAULT');
  }, 60_000);

  it("finds a person's name and birth date changed in the data, naming the event", async () => {
    let position = 0;
    const copy = tamper('edit-data', (db) => {
      position = db
        .prepare(
          "SELECT position FROM events WHERE type = 'personnel.person-registered' ORDER BY position LIMIT 1",
        )
        .pluck()
        .get() as number;
      db.prepare(
        "UPDATE events SET data = json_set(data, '$.name', '王伪造', '$.birthDate', '1970-01-01') WHERE position = ?",
      ).run(position);
    });
    const where = named(new Database(copy.db, { readonly: true }), position);
    await expectBroken(copy, where, /content differs from what was recorded/);
  }, 60_000);

  it('finds the actor and document number of the 2019 merger rewritten in the metadata', async () => {
    let position = 0;
    const copy = tamper('edit-metadata', (db) => {
      position = db
        .prepare(
          "SELECT position FROM events WHERE metadata LIKE '%documentNo%' AND effective_at LIKE '2019-12%' ORDER BY position LIMIT 1",
        )
        .pluck()
        .get() as number;
      db.prepare(
        "UPDATE events SET metadata = json_set(metadata, '$.actor', 'official:nobody', '$.authority.documentNo', '川府民政〔2019〕99号') WHERE position = ?",
      ).run(position);
    });
    await expectBroken(copy, named(new Database(copy.db, { readonly: true }), position), /content differs/);
  }, 60_000);

  it('finds an event deleted from the middle of the log, naming the event after it', async () => {
    let position = 0;
    const copy = tamper('delete-middle', (db) => {
      const total = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
      position = Math.floor(total / 2);
      db.prepare('DELETE FROM events WHERE position = ?').run(position);
    });
    await expectBroken(
      copy,
      named(new Database(copy.db, { readonly: true }), position + 1),
      /link is broken.*removed, inserted or moved/,
    );
  }, 60_000);

  it('finds the last event deleted (a token revocation), naming it from the head the store wrote down', async () => {
    let last: [number, string, number] = [0, '', 0];
    const copy = tamper('delete-last', (db) => {
      last = db
        .prepare('SELECT position, stream, revision FROM events ORDER BY position DESC LIMIT 1')
        .raw()
        .get() as [number, string, number];
      db.prepare('DELETE FROM events WHERE position = ?').run(last[0]);
    });
    expect(last[1]).toBe('access-tokens');
    const r = await expectBroken(
      copy,
      `position ${last[0]} · stream "${last[1]}" revision ${last[2]}`,
      /the events after \d+ were deleted/,
    );
    expect(r.stdout).toMatch(/; 1 faults$/m);
  }, 60_000);

  it('finds two events swapped in the log', async () => {
    let first = 0;
    const copy = tamper('reorder', (db) => {
      const total = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
      first = Math.floor(total / 3);
      const rows = db
        .prepare('SELECT * FROM events WHERE position IN (?, ?) ORDER BY position')
        .all(first, first + 7) as Record<string, unknown>[];
      db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(first, first + 7);
      const insert = db.prepare(
        `INSERT INTO events (${Object.keys(rows[0]!).join(', ')}) VALUES (${Object.keys(rows[0]!)
          .map((k) => `@${k}`)
          .join(', ')})`,
      );
      insert.run({ ...rows[1], position: first });
      insert.run({ ...rows[0], position: first + 7 });
    });
    await expectBroken(copy, named(new Database(copy.db, { readonly: true }), first), /link is broken/);
  }, 60_000);

  it("finds a stream's revisions swapped", async () => {
    let position = 0;
    const copy = tamper('swap-revisions', (db) => {
      const [a, b] = db
        .prepare('SELECT position, revision FROM events WHERE stream = ? ORDER BY revision LIMIT 2 OFFSET 10')
        .raw()
        .all(`divisions-${DEMO.code}`) as [number, number][];
      position = a![0];
      db.prepare('UPDATE events SET revision = -1 WHERE position = ?').run(a![0]);
      db.prepare('UPDATE events SET revision = ? WHERE position = ?').run(a![1], b![0]);
      db.prepare('UPDATE events SET revision = ? WHERE position = ?').run(b![1], a![0]);
    });
    await expectBroken(copy, named(new Database(copy.db, { readonly: true }), position), /content differs/);
  }, 60_000);

  it('still checks the schema of event data and names it (data that is not JSON included)', async () => {
    let position = 0;
    const copy = tamper('not-json', (db) => {
      position = db
        .prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET 20')
        .pluck()
        .get() as number;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{"id": "div-', position);
    });
    const r = await expectBroken(
      copy,
      named(new Database(copy.db, { readonly: true }), position),
      /content differs/,
    );
    expect(r.stdout).toMatch(new RegExp(`FAULT position ${position} .*its data does not parse`));
  }, 60_000);
});

describe('xianzhi checkpoint / verify --checkpoint', () => {
  /** Rewrites the whole chain after an edit, as a forger who knows the algorithm would: only a checkpoint kept elsewhere finds it. */
  function forge(db: Database.Database, edit: () => void): void {
    edit();
    const rows = db
      .prepare(
        'SELECT position, id, stream, revision, type, schema_version, data, metadata, effective_at, recorded_at FROM events ORDER BY position',
      )
      .raw()
      .all() as [number, string, string, number, string, number, string, string | null, string, string][];
    let previous: string | null = null;
    const update = db.prepare('UPDATE events SET hash = ?, previous_hash = ? WHERE position = ?');
    db.transaction(() => {
      for (const [
        position,
        id,
        stream,
        revision,
        type,
        schemaVersion,
        d,
        m,
        effectiveAt,
        recordedAt,
      ] of rows) {
        const metadata = { ...(m ? (JSON.parse(m) as object) : {}), effectiveAt, recordedAt };
        const hash = chainHash(
          { id, stream, revision, type, schemaVersion, data: JSON.parse(d) as unknown, metadata },
          previous,
        );
        update.run(
          Buffer.from(hash, 'hex'),
          previous === null ? null : Buffer.from(previous, 'hex'),
          position,
        );
        previous = hash;
      }
      const last = rows.at(-1)!;
      db.prepare("UPDATE store_info SET value = ? WHERE key = 'chain_head'").run(
        JSON.stringify({ position: last[0], hash: previous, stream: last[2], revision: last[3] }),
      );
    })();
  }

  it('a checkpoint kept outside finds a forger who rewrote the whole chain; verify alone cannot', async () => {
    const file = join(root, 'checkpoint.json');
    const c = await xianzhi(data, 'checkpoint', '--out', file);
    expect(c.code, c.stderr).toBe(0);
    const cp = JSON.parse(readFileSync(file, 'utf8')) as {
      position: number;
      hash: string;
      chain: string;
      signature?: unknown;
    };
    expect(cp).toMatchObject({ format: 'xianzhi-checkpoint/1', chain: 'log' });
    expect(cp.signature).toBeUndefined();
    const ok = await xianzhi(data, 'verify', '--checkpoint', file);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`checkpoint ${cp.position}:${cp.hash} is extended by this log ✓`);
    // the bare hash and position:hash work too
    expect((await xianzhi(data, 'verify', '--checkpoint', cp.hash)).code).toBe(0);
    expect((await xianzhi(data, 'verify', '--checkpoint', `${cp.position}:${cp.hash}`)).code).toBe(0);

    let position = 0;
    const copy = tamper('forged', (db) =>
      forge(db, () => {
        position = db
          .prepare(
            "SELECT position FROM events WHERE type = 'personnel.person-registered' ORDER BY position LIMIT 1",
          )
          .pluck()
          .get() as number;
        db.prepare(
          "UPDATE events SET data = json_set(data, '$.birthDate', '1970-01-01') WHERE position = ?",
        ).run(position);
      }),
    );
    const alone = await xianzhi(copy.dir, 'verify');
    expect(alone.code, alone.stdout).toBe(0);
    const r = await expectBroken(
      copy,
      `position ${cp.position}`,
      /the checkpoint says .*changed, removed, inserted or moved since the checkpoint/,
      '--checkpoint',
      file,
    );
    expect(r.stdout).toContain('is NOT extended by this log ✗');
    expect((await xianzhi(copy.dir, 'verify', '--checkpoint', cp.hash)).code).toBe(1);
  }, 120_000);

  it('signs checkpoints with an Ed25519 key from the configuration, and a changed checkpoint fails', async () => {
    const key = join(root, 'county-seal.key');
    const g = await xianzhi(data, 'checkpoint', 'keygen', key);
    expect(g.code, g.stderr).toBe(0);
    expect((await xianzhi(data, 'checkpoint', 'keygen', key)).stderr).toContain('exists');
    const signed = await xianzhi(data, 'checkpoint', { XIANZHI_CHECKPOINT_KEY: key });
    expect(signed.code, signed.stderr).toBe(0);
    const cp = JSON.parse(signed.stdout) as {
      hash: string;
      signature: { algorithm: string; keyFingerprint: string };
    };
    expect(cp.signature.algorithm).toBe('Ed25519');
    expect(g.stdout).toContain(cp.signature.keyFingerprint);
    const file = join(root, 'signed.json');
    writeFileSync(file, signed.stdout);
    const trusted = { XIANZHI_CHECKPOINT_PUBLIC_KEY: `${key}.pub` };
    const ok = await xianzhi(data, 'verify', '--checkpoint', file, trusted);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`signed by key ${cp.signature.keyFingerprint.slice(0, 16)}`);
    // A checkpoint whose hash was changed after signing (to match a forged log) is refused.
    const changed = join(root, 'changed.json');
    writeFileSync(
      changed,
      JSON.stringify({ ...cp, hash: cp.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
    );
    const bad = await xianzhi(data, 'verify', '--checkpoint', changed, trusted);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('the signature does not match the checkpoint');
    // An unsigned checkpoint is refused when a trusted key is configured.
    const unsigned = await xianzhi(data, 'verify', '--checkpoint', cp.hash, trusted);
    expect(unsigned.stdout).toContain('the checkpoint is not signed');
  }, 120_000);
});

describe('xianzhi as-of / export / token', () => {
  it('as-of 2019-06-01 divisions.counts prints 33 townships', async () => {
    const r = await xianzhi(data, 'as-of', '2019-06-01', 'divisions.counts');
    expect(r.code, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout) as { byLevel: Record<string, number> };
    expect(counts.byLevel.township).toBe(33);
    const after = await xianzhi(
      data,
      'as-of',
      '2021-06-01',
      'divisions.counts',
      JSON.stringify({ rootId: DEMO.code }),
    );
    expect((JSON.parse(after.stdout) as { byLevel: Record<string, number> }).byLevel.township).toBe(13);
    const unknown = await xianzhi(data, 'as-of', '2019-06-01', 'divisions.nothing');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no procedure "divisions.nothing"');
  }, 60_000);

  it('export divisions.list out.csv / out.xlsx --input {"level":"township"} --as-of 2019-06-01 writes 33 rows', async () => {
    const csv = join(root, 'out.csv');
    const xlsx = join(root, 'out.xlsx');
    const r = await xianzhi(
      data,
      'export',
      'divisions.list',
      csv,
      '--input',
      '{"level":"township"}',
      '--as-of',
      '2019-06-01',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`33 rows → ${csv}`);
    const lines = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('统计用区划代码,名称,全称,类型,上级代码,上级,分类');
    expect(lines).toHaveLength(34);
    const x = await xianzhi(
      data,
      'export',
      'divisions.list',
      xlsx,
      '--input',
      '{"level":"township"}',
      '--as-of=2019-06-01',
    );
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

    const platform = await openPlatform({
      eventStore: join(data, 'xianzhi.db'),
      cachePath: join(data, 'projections.db'),
    });
    const server = await startServer({ platform, port: 0, host: '127.0.0.1' });
    try {
      const auth = { headers: { authorization: `Bearer ${token}` } };
      const who = await fetch(`${server.url}/trpc/access.whoami`, auth);
      expect(((await who.json()) as { result: { data: unknown } }).result.data).toEqual({
        name: '教育局',
        scopes: ['divisions:read'],
        subtree: null,
      });
      const counts = await fetch(
        `${server.url}/trpc/divisions.counts?input=${encodeURIComponent('{"asOf":"2019-06-01"}')}`,
        auth,
      );
      expect(counts.status).toBe(200);
      expect(
        ((await counts.json()) as { result: { data: { byLevel: { township: number } } } }).result.data.byLevel
          .township,
      ).toBe(33);
      const write = await fetch(`${server.url}/trpc/divisions.enactAdjustment`, {
        method: 'POST',
        headers: { ...auth.headers, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(write.status).toBe(403);
    } finally {
      await server.close();
      await platform.close();
    }
  }, 60_000);
});

describe('xianzhi erase person', () => {
  it('erases a person through the same procedure as the API, refuses a second time, and the log still verifies', async () => {
    const db = new Database(join(data, 'xianzhi.db'), { readonly: true });
    const personId = db
      .prepare(
        "SELECT json_extract(data, '$.personId') FROM events WHERE type = 'personnel.person-registered' ORDER BY position LIMIT 1",
      )
      .pluck()
      .get() as string;
    db.close();
    const usage = await xianzhi(data, 'erase', 'person', personId, '--reason', '本人申请删除');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: xianzhi erase person <id> --authority');
    const args = [
      'erase',
      'person',
      personId,
      '--authority',
      '青人社〔2024〕7号',
      '--issued-by',
      '青溪县人社局',
      '--reason',
      '本人申请删除',
    ];
    const r = await xianzhi(data, ...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`erased the personal data of ${personId}`);
    const again = await xianzhi(data, ...args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /错误 error.*: the personal data of .* was already erased on .*青人社〔2024〕7号/,
    );
    const person = await xianzhi(
      data,
      'as-of',
      '2021-06-01',
      'personnel.person',
      JSON.stringify({ personId }),
    );
    expect(person.code, person.stderr).toBe(0);
    expect(JSON.parse(person.stdout)).toMatchObject({
      name: '已删除的个人信息',
      birthDate: '已删除的个人信息',
    });
    const v = await xianzhi(data, 'verify');
    expect(v.code, v.stdout).toBe(0);
  }, 180_000);
});

/** Starts `xianzhi serve` on a free port; resolves with what it printed once it runs, then stops it. */
function serveOnce(dataDir: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      cwd: CWD,
      env: { ...env, XIANZHI_DATA_DIR: dataDir, XIANZHI_PORT: '0' },
    });
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
