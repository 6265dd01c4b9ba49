/**
 * The cache proves itself (docs/integrity.md §4): on copies of a store and its cache made here, a
 * cached state changed with the sqlite3 library, a cache written under another key (or whose key
 * file is gone), and a cache of another log are discarded with a warning naming the projection and
 * the truth is served; an authentic cache of an earlier position of the same log is kept and only
 * the tail is folded.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventRegistry, defineEvent, defineProjection, type RecordedEvent } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { readCacheFile } from './cache';
import { createProjectionRuntime, type CacheOutcome } from './index';

const counted = defineEvent('test.counted', 1, z.object({ key: z.string(), n: z.number() }));
const registry = () => new EventRegistry([counted]);

const totals = defineProjection({
  name: 'test.totals',
  version: 1,
  initialState: (): Record<string, number> => ({}),
  evolve: {
    [counted.type]: (s: Record<string, number>, e: RecordedEvent) => {
      const d = e.data as { key: string; n: number };
      s[d.key] = (s[d.key] ?? 0) + d.n;
      return s;
    },
  },
  queries: { all: (s: Record<string, number>) => s },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xianzhi-cache-auth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Appends `n` events to a store file (1 each to key a, b, c in turn). */
async function append(path: string, n: number, key = (i: number) => 'abc'[i % 3]!): Promise<void> {
  const store = openSqliteEventStore({ path, registry: registry() });
  await store.append(
    's',
    Array.from({ length: n }, (_, i) => counted.create({ key: key(i), n: 1 }, { effectiveAt: '2020-01-01' })),
  );
  await store.close();
}

/** Starts a runtime on (store, cache, key file), returns its answer, outcome and warnings, and stops it. */
async function run(
  store: string,
  cache: string,
  keyFile = `${cache}.key`,
): Promise<{ all: Record<string, number>; outcome: CacheOutcome; warnings: string[] }> {
  const s = openSqliteEventStore({ path: store, registry: registry() });
  const warnings: string[] = [];
  const runtime = createProjectionRuntime({
    store: s,
    projections: [totals],
    cache,
    cacheKey: keyFile,
    onWarning: (w) => warnings.push(w),
  });
  try {
    const all = await runtime.query(totals, 'all', undefined);
    return {
      all: { ...all },
      outcome: runtime.cacheOutcomes().find((o) => o.projection === totals.name)!,
      warnings,
    };
  } finally {
    await runtime.stop();
    await s.close();
  }
}

function copy(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/** Rewrites the cached state of test.totals with the sqlite3 library, as a person with file access would. */
function forgeState(cache: string, edit: (state: Record<string, number>) => void): void {
  const db = new Database(cache);
  const state = deserialize(
    db.prepare('SELECT state FROM checkpoints WHERE projection = ?').pluck().get(totals.name) as Buffer,
  ) as Record<string, number>;
  edit(state);
  db.prepare('UPDATE checkpoints SET state = ? WHERE projection = ?').run(serialize(state), totals.name);
  db.close();
}

describe('the projection cache proves itself', () => {
  it('restores an authentic current state as it is, folding nothing', async () => {
    const store = join(dir, 'a.db');
    const cache = join(dir, 'a-cache.db');
    await append(store, 30);
    expect((await run(store, cache)).outcome).toMatchObject({ outcome: 'absent', applied: 30 });
    const again = await run(store, cache);
    expect(again.outcome).toMatchObject({ outcome: 'current', applied: 0 });
    expect(again.all).toEqual({ a: 10, b: 10, c: 10 });
    expect(again.warnings).toEqual([]);
    const file = readCacheFile(
      cache,
      Buffer.from((await import('node:fs')).readFileSync(`${cache}.key`, 'utf8').trim(), 'hex'),
    );
    expect(file.sameKey).toBe(true);
    expect(file.rows.map((r) => [r.projection, r.authentic])).toEqual([[totals.name, true]]);
  });

  it('discards a state changed in the cache file (a count raised) and serves the true count', async () => {
    const store = join(dir, 'a.db');
    const cache = join(dir, 'a-cache.db');
    await append(store, 30);
    await run(store, cache);
    forgeState(cache, (s) => (s.a = 1000));
    const r = await run(store, cache);
    expect(r.all).toEqual({ a: 10, b: 10, c: 10 });
    expect(r.outcome).toMatchObject({ outcome: 'forged', applied: 30 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /discarded the cached state of test\.totals v1 \(forged\): its MAC does not hold/,
    );
  });

  it('discards a state whose position was moved back (so the runtime would fold the tail twice)', async () => {
    const store = join(dir, 'a.db');
    const cache = join(dir, 'a-cache.db');
    await append(store, 30);
    await run(store, cache);
    const db = new Database(cache);
    db.prepare(
      'UPDATE checkpoints SET knowledge_position = 20, cursor_position = 20 WHERE projection = ?',
    ).run(totals.name);
    db.close();
    const r = await run(store, cache);
    expect(r.all).toEqual({ a: 10, b: 10, c: 10 });
    expect(r.outcome.outcome).toBe('forged');
  });

  it('discards a cache written under another key, and one whose key file is gone', async () => {
    const store = join(dir, 'a.db');
    const cache = join(dir, 'a-cache.db');
    await append(store, 30);
    await run(store, cache, join(dir, 'other-county.key'));
    const r = await run(store, cache, join(dir, 'ours.key'));
    expect(r.all).toEqual({ a: 10, b: 10, c: 10 });
    expect(r.outcome).toMatchObject({ outcome: 'forged', applied: 30 });
    expect(r.warnings[0]).toMatch(/test\.totals v1 \(forged\): its key file .*ours\.key was missing/);
    // Now written under ours.key; a valid state of another county's key on it is refused too.
    forgeState(cache, (s) => (s.a = 1000));
    rmSync(join(dir, 'ours.key'));
    const gone = await run(store, cache, join(dir, 'ours.key'));
    expect(gone.all).toEqual({ a: 10, b: 10, c: 10 });
    expect(gone.warnings[0]).toMatch(/key file .* was missing and a new key was made/);
  });

  it('discards an authentic cache of another log under the same key (same first event, another history)', async () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    await append(a, 10);
    copy(a, b); // two counties' logs sharing their first events…
    await append(a, 20);
    await append(b, 25, () => 'z'); // …then going apart
    const cache = join(dir, 'a-cache.db');
    await run(a, cache);
    const r = await run(b, cache); // the same key file: only the anchor tells the logs apart
    expect(r.all).toEqual({ a: 4, b: 3, c: 3, z: 25 });
    expect(r.outcome).toMatchObject({ outcome: 'mismatched', applied: 35 });
    expect(r.warnings[0]).toMatch(
      /test\.totals v1 \(mismatched\): it was folded to position 30 with log hash [0-9a-f]{16}…, but the log has [0-9a-f]{16}… there/,
    );
  });

  it('discards a cache folded past the end of the log (its last events deleted)', async () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    await append(a, 10);
    copy(a, b);
    await append(a, 5);
    const cache = join(dir, 'a-cache.db');
    await run(a, cache);
    const r = await run(b, cache);
    expect(r.all).toEqual({ a: 4, b: 3, c: 3 });
    expect(r.outcome.outcome).toBe('mismatched');
    expect(r.warnings[0]).toMatch(/folded to position 15, but the log ends at 10/);
  });

  it('keeps an authentic cache of an earlier position of the same log and folds only the tail', async () => {
    const store = join(dir, 'a.db');
    const cache = join(dir, 'a-cache.db');
    await append(store, 300);
    await run(store, cache);
    await append(store, 7);
    const r = await run(store, cache);
    expect(r.warnings).toEqual([]);
    expect(r.outcome).toMatchObject({ outcome: 'stale', restoredAt: 300, applied: 7 });
    expect(r.all).toEqual({ a: 103, b: 102, c: 102 });
  });
});
