/**
 * Kill the runtime (SIGKILL) during catch-up and during a rebuild; after a restart its state equals
 * a fresh rebuild, byte for byte of its serialised form, and a killed fold resumes from its last
 * checkpoint rather than starting over.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from './index';
import { registry, valueAdded, valueSet, values } from '../test/fixtures';

const child = fileURLToPath(new URL('../test/crash-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xianzhi-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunResult {
  lines: string[];
  killed: boolean;
  /** Milliseconds from the child's first output to its exit. */
  busyMs: number;
}

function runChild(args: string[], killAfterMs: number | null): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    let started = 0;
    // Start the countdown once the child is up and working (tsx takes a moment to load).
    p.stdout.once('data', () => {
      started = Date.now();
      if (killAfterMs !== null) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      const busyMs = Date.now() - started;
      if (signal === 'SIGKILL') resolve({ lines: out.split('\n'), killed: true, busyMs });
      else if (code === 0) resolve({ lines: out.split('\n'), killed: false, busyMs });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

async function seed(path: string, n: number): Promise<void> {
  const store = openSqliteEventStore({ path, registry: registry() });
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: 1000 }, (_, j) => {
      const k = i + j;
      const day = `20${String(10 + (k % 12)).padStart(2, '0')}-0${1 + (k % 9)}-1${k % 10}`;
      return k % 3 === 0
        ? valueSet.create({ key: k % 97, value: k }, { effectiveAt: day })
        : valueAdded.create({ key: k % 89, n: k % 7 }, { effectiveAt: day });
    });
    await store.append(`s-${i % 7}`, batch);
  }
  await store.close();
}

async function freshBytes(path: string, definition = values): Promise<string> {
  const store = openSqliteEventStore({ path, registry: registry() });
  const runtime = createProjectionRuntime({ store, projections: [definition] });
  const state = await runtime.state(definition.name);
  const hex = serialize(state).toString('hex');
  await runtime.stop();
  await store.close();
  return hex;
}

const stateOf = (r: RunResult) => r.lines.find((l) => l.startsWith('STATE '))?.slice(6);

describe('crash safety of the projection runtime', () => {
  for (const mode of ['catch-up', 'rebuild'] as const) {
    it(
      `a SIGKILL during ${mode} leaves a cache from which the restart equals a fresh rebuild`,
      { timeout: 240_000 },
      async () => {
        const storePath = join(dir, `${mode}.db`);
        const cachePath = join(dir, `${mode}-cache.db`);
        await seed(storePath, 40_000);
        const expected = await freshBytes(storePath);
        let kills = 0;
        let resumed = 0;
        let seedValue = 0x5eed + (mode === 'rebuild' ? 1 : 0);
        const random = () => (seedValue = (seedValue * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        // Calibrate on a throw-away cache: how long does the whole fold take here?
        const calibration = await runChild([storePath, `${cachePath}.calibration`, mode], null);
        expect(stateOf(calibration)).toBe(expected);
        const window = Math.max(20, calibration.busyMs);
        for (let attempt = 0; kills < 8 && attempt < 40; attempt++) {
          const r = await runChild([storePath, cachePath, mode], Math.floor(random() * window * 0.7));
          const firstLine = r.lines.filter((l) => l.startsWith('FIRST ')).at(-1);
          if (firstLine && Number(firstLine.split(' ')[2]) > 300) resumed++;
          if (r.killed) kills++;
          else expect(stateOf(r)).toBe(expected);
        }
        const final = await runChild([storePath, cachePath, mode], null);
        expect(stateOf(final)).toBe(expected);
        expect(kills).toBeGreaterThanOrEqual(8);
        if (mode === 'catch-up') expect(resumed).toBeGreaterThan(0);
      },
    );
  }
});
