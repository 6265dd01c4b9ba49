/**
 * Conflicting commands over HTTP: 20 different renames of the same township, all at once, on the
 * one registry stream (divisions-510799). `executeCommand` reads the stream, decides, and appends
 * expecting the revision it read; so every request either succeeds — decided on the state as it
 * then stood — or gets CONFLICT (409) and writes nothing. In every scenario:
 *
 *   - every answer is 200 or 409 CONFLICT;
 *   - the stream holds exactly the successes' events, each once, at consecutive revisions;
 *   - each rename's `previousName` is the name the one before it gave (no decision was made on a
 *     stale state: no lost update);
 *   - the whole log verifies (`verifyLog`: positions, revisions, schemas).
 *
 * Scenarios:
 *   1. One server, as it is. The embedded store answers synchronously, so one request's
 *      read–decide–append never yields to another's: the 20 serialise, all succeed, no conflict.
 *   2. One server whose store answers reads late, as a networked store (EventStoreDB) does — all 20
 *      reads are held until every request has read: all 20 decide on the same revision, so exactly
 *      one wins and 19 get CONFLICT. The losers then retry until they land; nothing is lost, and a
 *      retry of any of the 20 with its idempotency key replays without writing.
 *   3. Two server processes on the same store file (separate SQLite connections and runtimes): a
 *      request read on one races appends from the other for real (each waits for its own runtime
 *      to catch up with what it read, ~50 ms of polling), so conflicts happen and must be clean.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runDemo } from '@xianzhi/core/demo';
import type { EventStore } from '@xianzhi/event-store';
import type { EventRegistry } from '@xianzhi/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlatform } from '../src/platform';
import { verifyLog } from '../src/verify';
import { DEMO, renameInput, startHarness, tempDir, type Harness, type ListRow } from './harness';

const N = 20;
const STREAM = `divisions-${DEMO.code}`;

interface Answer {
  i: number;
  status: number;
  code?: string;
  message?: string;
  eventId?: string;
  revision?: number;
  replayed?: boolean;
}

async function rename(url: string, token: string, township: string, i: number, tag: string): Promise<Answer> {
  const res = await fetch(`${url}/trpc/divisions.enactAdjustment`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...renameInput(township, `${tag}${i}镇`, '2024-03-01'),
      idempotencyKey: `${tag}-${i}`,
    }),
  });
  const body = (await res.json()) as {
    result?: { data: { replayed: boolean; events: { id: string; revision: number }[] } };
    error?: { message: string; data: { code: string } };
  };
  if (body.result) {
    const e = body.result.data.events[0]!;
    return {
      i,
      status: res.status,
      eventId: e.id,
      revision: e.revision,
      replayed: body.result.data.replayed,
    };
  }
  return { i, status: res.status, code: body.error?.data.code ?? '?', message: body.error?.message ?? '' };
}

/** The invariants every scenario must keep; returns the successes' count. */
async function checkConsistent(
  store: EventStore,
  registry: EventRegistry,
  answers: Answer[],
  baseRevision: number,
  tag: string,
): Promise<void> {
  for (const a of answers) {
    expect([200, 409], `request ${a.i}: ${a.status} ${a.code ?? ''} ${a.message ?? ''}`).toContain(a.status);
    if (a.status === 409) {
      expect(a.code).toBe('CONFLICT');
      expect(a.message).toMatch(/revision/);
    }
  }
  const wins = answers.filter((a) => a.status === 200 && !a.replayed);
  const after = (await store.readStream(STREAM)).filter((e) => e.revision > baseRevision);
  // exactly the successes' events, each once, at consecutive revisions
  expect(after.map((e) => e.id).sort()).toEqual(wins.map((a) => a.eventId!).sort());
  expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
  expect(after.map((e) => e.revision)).toEqual(after.map((_, k) => baseRevision + 1 + k));
  for (const a of wins) expect(after.find((e) => e.id === a.eventId)!.revision).toBe(a.revision);
  // each decided on the state the one before it left: the rename chain is unbroken
  const data = after.map((e) => e.data as { name: string; previousName: string });
  for (let k = 1; k < data.length; k++) expect(data[k]!.previousName).toBe(data[k - 1]!.name);
  expect(data.every((d) => d.name.startsWith(tag))).toBe(true);
  const report = await verifyLog(store, registry);
  expect(report.faults).toEqual([]);
}

describe('conflicting commands on one stream', () => {
  let h: Harness;
  let townships: ListRow[];

  beforeAll(async () => {
    h = await startHarness('conflicts');
    townships = await h.client(h.admin).divisions.list.query({ level: 'township', rootId: DEMO.code });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('one server: 20 parallel renames serialise — each decided on the then-current state', async () => {
    const base = (await h.platform.store.readStream(STREAM)).at(-1)!.revision;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => rename(h.url, h.admin, townships[0]!.code, i, '并发')),
    );
    await checkConsistent(h.platform.store, h.platform.registry, answers, base, '并发');
    const wins = answers.filter((a) => a.status === 200).length;
    console.log(
      `conflicts, one server: ${wins} succeeded, ${N - wins} CONFLICT (the embedded store answers at once: no interleaving)`,
    );
    expect(wins).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('one server, reads answered late (a networked store): exactly one of 20 wins per revision; retries land every one', async () => {
    const store = h.platform.store;
    const base = (await store.readStream(STREAM)).at(-1)!.revision;
    const read = store.readStream.bind(store);
    // Hold every read of the registry stream until all 20 requests have read it (or 5 s passed).
    let arrived = 0;
    let release: () => void = () => {};
    const everyoneRead = new Promise<void>((r) => (release = r));
    let barrier = true;
    store.readStream = async (stream, options) => {
      const events = await read(stream, options);
      if (barrier && stream === STREAM) {
        if (++arrived === N) release();
        await Promise.race([everyoneRead, new Promise((r) => setTimeout(r, 5_000))]);
      } else if (stream === STREAM) {
        await new Promise((r) => setTimeout(r, Math.random() * 10)); // still late, no barrier
      }
      return events;
    };
    try {
      const township = townships[1]!.code;
      const first = await Promise.all(
        Array.from({ length: N }, (_, i) => rename(h.url, h.admin, township, i, '竞争')),
      );
      expect(arrived).toBe(N);
      const winners = first.filter((a) => a.status === 200);
      const conflicts = first.filter((a) => a.status === 409);
      console.log(
        `conflicts, late reads: round 1: ${winners.length} succeeded, ${conflicts.length} CONFLICT (all decided on revision ${base})`,
      );
      expect(winners).toHaveLength(1);
      expect(winners[0]!.revision).toBe(base + 1);
      expect(conflicts).toHaveLength(N - 1);
      await checkConsistent(store, h.platform.registry, first, base, '竞争');

      // The losers retry (same idempotency key) until they land, still racing one another.
      barrier = false;
      const final = new Map(winners.map((a) => [a.i, a]));
      let rounds = 1;
      let retried = conflicts.map((a) => a.i);
      const all: Answer[] = [...first];
      while (retried.length > 0 && rounds < 60) {
        rounds++;
        const round = await Promise.all(retried.map((i) => rename(h.url, h.admin, township, i, '竞争')));
        all.push(...round);
        for (const a of round) if (a.status === 200) final.set(a.i, a);
        retried = round.filter((a) => a.status === 409).map((a) => a.i);
      }
      const conflictCount = all.filter((a) => a.status === 409).length;
      console.log(
        `conflicts, late reads: all ${final.size} landed after ${rounds} rounds, ${conflictCount} CONFLICT answers in all`,
      );
      expect(final.size).toBe(N);
      await checkConsistent(store, h.platform.registry, all, base, '竞争');

      // Every one of the 20, sent again with its key, replays: same event, nothing written.
      const head = await h.head();
      const again = await Promise.all(
        Array.from({ length: N }, (_, i) => rename(h.url, h.admin, township, i, '竞争')),
      );
      expect(again.every((a) => a.status === 200 && a.replayed)).toBe(true);
      expect(again.map((a) => a.eventId)).toEqual(Array.from({ length: N }, (_, i) => final.get(i)!.eventId));
      expect(await h.head()).toBe(head);
    } finally {
      store.readStream = read;
    }
  }, 120_000);
});

describe('two server processes on one store file', () => {
  const SERVER = resolve(import.meta.dirname, '../src/cli.ts');
  const admin = `xz_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url').slice(0, 43)}`;
  let dir: string;
  const children: ChildProcess[] = [];

  function serve(name: string): Promise<string> {
    const dataDir = join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, 'serve'], {
      cwd: resolve(import.meta.dirname, '..'),
      env: {
        ...process.env,
        XIANZHI_EVENTSTORE: join(dir, 'xianzhi.db'),
        XIANZHI_DATA_DIR: dataDir, // each its own projection cache
        XIANZHI_PORT: '0',
        XIANZHI_HOST: '127.0.0.1',
        XIANZHI_ADMIN_TOKEN: admin,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolveUrl, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`server ${name} did not start in 60 s:\n${out}`)),
        60_000,
      );
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`server ${name} exited with ${code}:\n${out}`)));
    });
  }

  beforeAll(async () => {
    dir = tempDir('two-servers');
    const platform = await openPlatform({
      eventStore: join(dir, 'xianzhi.db'),
      cachePath: join(dir, 'seed-cache.db'),
    });
    await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
    await platform.close();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
          }),
      ),
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('20 renames split between them: each 200 or 409, nothing lost, the log verifies', async () => {
    const [a, b] = await Promise.all([serve('a'), serve('b')]);
    const list = await fetch(
      `${a}/trpc/divisions.list?input=${encodeURIComponent(JSON.stringify({ level: 'township', rootId: DEMO.code }))}`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    );
    expect(list.status).toBe(200);
    const township = ((await list.json()) as { result: { data: ListRow[] } }).result.data[0]!.code;
    const platform = await openPlatform({
      eventStore: join(dir, 'xianzhi.db'),
      cachePath: join(dir, 'check-cache.db'),
    });
    try {
      const base = (await platform.store.readStream(STREAM)).at(-1)!.revision;
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) => rename(i % 2 ? b : a, admin, township, i, '双进程')),
      );
      const wins = answers.filter((x) => x.status === 200).length;
      console.log(`conflicts, two processes: ${wins} succeeded, ${N - wins} CONFLICT`);
      expect(wins).toBeGreaterThanOrEqual(1);
      await checkConsistent(platform.store, platform.registry, answers, base, '双进程');
      // both servers converge on the same, last name
      const last = ((await platform.store.readStream(STREAM)).at(-1)!.data as { name: string }).name;
      for (const url of [a, b]) {
        await expect
          .poll(async () => {
            const r = await fetch(
              `${url}/trpc/divisions.get?input=${encodeURIComponent(JSON.stringify({ id: township, asOf: '2024-03-01' }))}`,
              {
                headers: { authorization: `Bearer ${admin}` },
              },
            );
            return ((await r.json()) as { result: { data: { name: string } } }).result.data.name;
          })
          .toBe(last);
      }
    } finally {
      await platform.close();
    }
  }, 120_000);
});
