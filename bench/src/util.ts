import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';

/** A fresh database file name in the OS temp folder, and a function that deletes it and its WAL/SHM/journal. */
export function tempDatabase(label: string): { path: string; remove: () => void } {
  const path = join(tmpdir(), `xianzhi-bench-${label}-${process.pid}-${randomBytes(4).toString('hex')}.db`);
  return {
    path,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    },
  };
}

/** Runs `fn` on a fresh temp database and always deletes the file afterwards. */
export async function withTempDatabase<T>(label: string, fn: (path: string) => Promise<T>): Promise<T> {
  const db = tempDatabase(label);
  try {
    return await fn(db.path);
  } finally {
    db.remove();
  }
}

/** Milliseconds since `start` (from `now()`). */
export function now(): number {
  return performance.now();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** events per second, from a count and elapsed milliseconds. */
export function rate(count: number, ms: number): number {
  return Math.round((count * 1000) / ms);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The disk's fsync latency in the temp folder: median of `count` 4 KiB appends, each followed by
 * fsync — the floor under one durable commit (single appends cannot beat 1 / this).
 */
export function fsyncLatencyUs(count = 200): number {
  const file = tempDatabase('fsync-probe');
  const fd = openSync(file.path, 'a');
  const block = Buffer.alloc(4096, 1);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      samples.push((performance.now() - t0) * 1000);
    }
  } finally {
    closeSync(fd);
    file.remove();
  }
  return Math.round(median(samples));
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so that a timed section does not pay for the garbage of the one
 * before it (several contestants share the process). Uses `--expose-gc` turned on at run time.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
