/**
 * `xianzhi publish postgres` killed with kill -9 while publishing (a child process), then run
 * again: it resumes after its checkpoint, and the tables equal those of an uninterrupted run —
 * no duplicates, nothing missing.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform } from '../platform';
import { BUNDLED_PLUGINS } from '../modules';
import { renameInput, tempDir } from '../../test/harness';
import { executeCommand } from '@xianzhi/projections';
import { enactAdjustment } from '@xianzhi/core/server';
import { runPublish } from './run';
import { openSql } from './sql';

const CLI = resolve(import.meta.dirname, '../cli.ts');
const CWD = resolve(import.meta.dirname, '../..');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('XIANZHI_')));
const dir = tempDir('publish-crash');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `publish postgres --once`; with `killAfter`, kills it (SIGKILL) once that many steps are reported. */
function publish(url: string, killAfter?: number): Promise<{ killed: boolean; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'publish', 'postgres', '--url', url, '--models', 'townships', '--once'],
      {
        cwd: CWD,
        env: { ...env, XIANZHI_DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`publish did not finish in time:\n${out}`));
    }, 300_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const steps = [...out.matchAll(/townships: (\d+)\/(\d+) steps/g)].map((m) => Number(m[1]));
      if (killAfter !== undefined && !killed && steps.some((n) => n >= killAfter)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (killed || code === 0) done({ killed, out });
      else fail(new Error(`publish exited with ${code}:\n${out}`));
    });
  });
}

const dump = async (url: string) => {
  const sql = await openSql(url);
  try {
    return await sql.query<Record<string, unknown>>(
      `SELECT key, row, digest, valid_from::text AS vf, valid_to::text AS vt, known_from, known_to FROM xianzhi.townships_history ORDER BY key, valid_from, known_from, digest`,
    );
  } finally {
    await sql.close();
  }
};

describe('publish across kill -9', () => {
  it('resumes after its checkpoint: the tables equal an uninterrupted run', async () => {
    const platform = await openPlatform({
      eventStore: join(dir, 'xianzhi.db'),
      cachePath: join(dir, 'projections.db'),
      plugins: BUNDLED_PLUGINS,
    });
    await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
    // 40 renames recorded one by one (40 steps in transaction time), at dates spread over 2000–2039
    const [township] = await platform.runtime.query<{ code: string }[]>('divisions.tree', 'list', {
      level: 'township',
    });
    for (let i = 0; i < 40; i++) {
      await executeCommand(
        { store: platform.store, runtime: platform.runtime },
        enactAdjustment,
        {
          ...renameInput(township!.code, `更名${i}镇`, `${2000 + i}-07-01`),
          authority: {
            documentNo: `川府民政〔${2000 + i}〕${i + 1}号`,
            issuedBy: '四川省人民政府',
            approvedOn: `${2000 + i}-06-01`,
          },
        },
        { actor: 'test' },
      );
      await new Promise((r) => setTimeout(r, 3));
    }
    const clean = `pglite:${join(dir, 'clean')}`;
    await runPublish(platform, { url: clean, models: ['townships'], once: true });
    await platform.close();

    const crashed = `pglite:${join(dir, 'crashed')}`;
    const first = await publish(crashed, 12);
    expect(first.killed, first.out).toBe(true);
    const partial = await dump(crashed);
    const second = await publish(crashed);
    // the second run started after the checkpoint, not from the beginning
    const resumed = /townships: \d+\/(\d+) steps/.exec(second.out);
    const total = /townships: \d+\/(\d+) steps/.exec(first.out);
    expect(Number(resumed![1])).toBeLessThan(Number(total![1]));

    const after = await dump(crashed);
    expect(after.length).toBeGreaterThan(partial.length);
    expect(after).toEqual(await dump(clean));
  }, 600_000);
});
