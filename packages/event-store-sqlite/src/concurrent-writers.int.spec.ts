/**
 * Two processes append to the same few streams of one file with optimistic concurrency. Every
 * revision must be written exactly once, every acknowledged append must be in the log exactly
 * once, every lost race must surface as a ConcurrencyError — and never as SQLITE_BUSY. A live
 * subscription in the test process must see every commit of the two writers, in order, once.
 *
 * Reproduce a failure with `XIANZHI_CONCURRENT_SEED=<seed> npx vitest run src/concurrent-writers.int.spec.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite-store';
import type { RecordedEvent } from '@xianzhi/kernel';
import { ChainVerifier } from '@xianzhi/event-store';
import {
  killIfRunning,
  reliabilityRegistry,
  runChild,
  script,
  sleep,
  tempDir,
  writerWon,
  type ChildRun,
} from '../test/support';

const APPENDS_PER_WRITER = 300;
const STREAMS = 3;

interface Win {
  seq: number;
  stream: string;
  position: number;
  revision: number;
}

describe('sqlite store with two writer processes', () => {
  it(
    `serialises ${APPENDS_PER_WRITER} appends per writer without lost or duplicated revisions`,
    { timeout: 60_000 },
    async ({ onTestFailed }) => {
      const seed = Number(process.env.XIANZHI_CONCURRENT_SEED ?? Math.floor(Math.random() * 2 ** 31));
      onTestFailed(() =>
        console.error(`concurrent-writers test failed with XIANZHI_CONCURRENT_SEED=${seed}`),
      );
      const tmp = tempDir('xianzhi-concurrent-');
      const path = join(tmp.dir, 'events.db');
      const barrier = join(tmp.dir, 'barrier');
      const writers = ['w1', 'w2'];
      const runs: ChildRun[] = [];
      let watcher: SqliteEventStore | undefined;
      try {
        for (const [i, id] of writers.entries()) {
          runs.push(
            runChild(script('contending-writer.ts'), [
              path,
              id,
              String(seed + i),
              String(APPENDS_PER_WRITER),
              String(STREAMS),
              barrier,
            ]),
          );
        }
        // Both open the new file at the same moment, then both start appending at the same moment.
        await Promise.all(runs.map((r) => r.waitForLine((l) => l === 'READY' || l === 'WAITING')));
        writeFileSync(`${barrier}.open`, '');
        await Promise.all(runs.map((r) => r.waitForLine((l) => l === 'READY')));
        // A live subscriber in this process watches the other processes' commits as they land.
        watcher = openSqliteEventStore({ path, registry: reliabilityRegistry(), pollIntervalMs: 10 });
        const delivered: RecordedEvent[] = [];
        let batches = 0;
        const subscription = watcher.subscribe(
          {},
          {
            onEvents: (batch) => {
              batches += 1;
              delivered.push(...batch);
            },
          },
        );
        await subscription.caughtUp;
        writeFileSync(`${barrier}.go`, '');
        const exits = await Promise.all(runs.map((r) => r.exited));
        const deadline = Date.now() + 10_000;
        while (subscription.position < watcher.headPositionSync() && Date.now() < deadline) await sleep(10);
        await watcher.close();

        const wins = new Map<string, Win[]>();
        const totals = { wins: 0, conflicts: 0 };
        const perWriter: Record<string, { wins: number; conflicts: number }> = {};
        for (const [i, id] of writers.entries()) {
          const run = runs[i]!;
          expect(run.stderr(), `writer ${id} stderr`).not.toMatch(/SQLITE_BUSY|database is locked/i);
          expect(exits[i], `writer ${id} failed:\n${run.stderr()}`).toEqual({ code: 0, signal: null });
          const mine: Win[] = [];
          let conflicts = 0;
          for (const line of run.lines) {
            const [kind, ...rest] = line.split(' ');
            if (kind === 'WIN') {
              const [seq, stream, position, revision] = rest;
              mine.push({
                seq: Number(seq),
                stream: stream!,
                position: Number(position),
                revision: Number(revision),
              });
            } else if (kind === 'LOSE') {
              conflicts += 1;
              const [, , expected, actual] = rest;
              // The loser was told the stream moved past what it had read.
              expect(actual, `writer ${id}: ${line}`).not.toBe(expected);
              if (expected !== 'no-stream')
                expect(Number(actual), `writer ${id}: ${line}`).toBeGreaterThan(Number(expected));
            }
          }
          expect(run.lines.at(-1), `writer ${id} summary`).toBe(`DONE ${mine.length} ${conflicts}`);
          expect(mine.map((w) => w.seq)).toEqual(Array.from({ length: APPENDS_PER_WRITER }, (_, s) => s));
          wins.set(id, mine);
          perWriter[id] = { wins: mine.length, conflicts };
          totals.wins += mine.length;
          totals.conflicts += conflicts;
        }

        const store = openSqliteEventStore({ path, registry: reliabilityRegistry() });
        try {
          const events = await store.readAll();
          expect(await store.headPosition()).toBe(events.length);
          expect(events.length).toBe(totals.wins);
          expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
          const revisions = new Map<string, number[]>();
          const byWriterSeq = new Map<string, { stream: string; position: number; revision: number }[]>();
          for (const e of events) {
            revisions.set(e.stream, [...(revisions.get(e.stream) ?? []), e.revision]);
            expect(writerWon.is(e)).toBe(true);
            if (!writerWon.is(e)) continue;
            const key = `${e.data.writer}/${e.data.seq}`;
            byWriterSeq.set(key, [
              ...(byWriterSeq.get(key) ?? []),
              { stream: e.stream, position: e.position, revision: e.revision },
            ]);
          }
          for (const [stream, revs] of revisions) {
            expect(revs, `revisions of ${stream}`).toEqual(revs.map((_, i) => i));
          }
          for (const [id, mine] of wins) {
            for (const w of mine) {
              expect(byWriterSeq.get(`${id}/${w.seq}`), `${id}/${w.seq}`).toEqual([
                { stream: w.stream, position: w.position, revision: w.revision },
              ]);
            }
          }
          expect(byWriterSeq.size).toBe(totals.wins);
          // Two processes, one hash chain: every event links to the one before it in the log.
          const chain = new ChainVerifier(store.chainScope);
          const links = await store.readChain();
          for (const link of links) chain.add(link);
          expect(chain.faults).toEqual([]);
          expect(links.map((l) => l.previousHash)).toEqual([null, ...links.slice(0, -1).map((l) => l.hash)]);
          expect(await store.recordedHead()).toMatchObject({
            position: events.length,
            hash: links.at(-1)!.hash,
          });
          // The subscriber saw exactly the log, in order, each event once.
          expect(delivered.map((e) => [e.position, e.id])).toEqual(events.map((e) => [e.position, e.id]));
          console.log(
            `concurrent writers seed=${seed}: ${JSON.stringify(perWriter)}; ${totals.wins} wins, ${totals.conflicts} conflicts, ` +
              `streams ${JSON.stringify(Object.fromEntries([...revisions].map(([s, r]) => [s, r.length])))}; ` +
              `the live subscriber got them in ${batches} batches`,
          );
        } finally {
          await store.close();
        }
        // The test only means something if the writers really raced.
        expect(totals.conflicts).toBeGreaterThan(0);
      } finally {
        await watcher?.close();
        for (const r of runs) killIfRunning(r);
        await Promise.all(runs.map((r) => r.exited));
        tmp.dispose();
      }
    },
  );
});
