/**
 * Shared pieces of the multi-process reliability tests: the event types the child writers append,
 * a seeded random source, and a way to run a child script and read its output line by line.
 *
 * Child scripts run as `node --import tsx test/<script>.ts …` (tsx resolves from the repository
 * root), so they import the store straight from `src`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EventRegistry, defineEvent, seededRandom } from '@xianzhi/kernel';

/** One event of a crash-test command: command number, its size, the event's index in it, padding. */
export const crashStep = defineEvent(
  'reliability.step-recorded',
  1,
  z.object({
    cmd: z.number().int().min(1),
    size: z.number().int().min(1),
    i: z.number().int().min(0),
    pad: z.string(),
  }),
);

/** One win of a concurrent writer: who wrote it and its sequence number. */
export const writerWon = defineEvent(
  'reliability.writer-won',
  1,
  z.object({ writer: z.string(), seq: z.number().int().min(0) }),
);

/** The command of the idempotency test. */
export const noteTaken = defineEvent(
  'reliability.note-taken',
  1,
  z.object({ text: z.string(), n: z.number().int() }),
);

export function reliabilityRegistry(): EventRegistry {
  return new EventRegistry([crashStep, writerWon, noteTaken]);
}

/** The kernel's seeded PRNG, so a failing run can be replayed from its seed. */
export const rng = (seed: number): (() => number) => seededRandom(seed).next;

/** An integer in [min, max]. */
export function randInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Crash-test commands are a pure function of (seed, command number), so a restarted writer (and the
 * checking parent) know what command n is without any shared state.
 */
export const CRASH_STREAMS = ['crash-a', 'crash-b', 'crash-c', 'crash-d', 'crash-e'] as const;
export function crashCommand(seed: number, cmd: number): { stream: string; size: number; pad: string } {
  const random = rng((seed ^ Math.imul(cmd, 0x9e3779b1)) >>> 0);
  const stream = CRASH_STREAMS[randInt(random, 0, CRASH_STREAMS.length - 1)]!;
  const size = randInt(random, 1, 50);
  // Padding (non-ASCII, different per command) makes transactions span several pages.
  const pad = String.fromCharCode(0x4e00 + (cmd % 5000)).repeat(randInt(random, 0, 2000));
  return { stream, size, pad };
}
export function crashKey(cmd: number): string {
  return `crash-cmd-${cmd}`;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The absolute path of a child script in this folder. */
export function script(name: string): string {
  return join(here, name);
}

/** A fresh temp folder and its cleanup. */
export function tempDir(prefix: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ChildRun {
  child: ChildProcess;
  /** Every complete stdout line so far. */
  lines: string[];
  stderr: () => string;
  /** Resolves with the first line (already printed or to come) that satisfies `match`. */
  waitForLine: (match: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  /** Resolves when the process has exited and its output is fully read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx <script> ...args` and collects its output line by line. */
export function runChild(scriptPath: string, args: readonly string[]): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', scriptPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const listeners = new Set<(line: string) => void>();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      for (const l of [...listeners]) l(line);
    }
  });
  child.stderr.on('data', (chunk: string) => (err += chunk));
  // 'close' fires after the process exited and its stdio streams ended: every line has been read.
  // A line cut by a kill (no newline) is never a complete acknowledgement, so it is dropped.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find(match);
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no matching line from ${scriptPath} within ${timeoutMs} ms; stderr:\n${err}`));
      }, timeoutMs);
      const listener = (line: string) => {
        if (!match(line)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(line);
      };
      listeners.add(listener);
      void exited.then(({ code, signal }) => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(
          new Error(
            `${scriptPath} exited (code ${code}, signal ${signal}) before the expected line; stderr:\n${err}`,
          ),
        );
      });
    });
  return { child, lines, stderr: () => err, waitForLine, exited };
}

/** Kills a child that is still running (cleanup after a failed test). */
export function killIfRunning(run: ChildRun | undefined): void {
  if (run && run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
