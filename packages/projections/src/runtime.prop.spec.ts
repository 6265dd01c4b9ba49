/**
 * The optimised runtime equals the naive definition (DESIGN §2) on random histories: backdated,
 * same-day and future-dated events, retractions, random snapshot policies, random restarts (from
 * the cache file) and a clock that moves while events arrive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RETRACTIONS_STREAM, countyDate, eventRetracted, type NewEvent } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { naiveAsOf } from '@xianzhi/testkit';
import { ManualClock, createProjectionRuntime, type ProjectionRuntime } from './index';
import { noiseRecorded, registry, trace, valueAdded, valueSet, values } from '../test/fixtures';

const DAY = 86_400_000;
const BASE = Date.parse('2019-01-01T00:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'xianzhi-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Op =
  | { kind: 'event'; type: 0 | 1 | 2; key: number; value: number; effDay: number; instant: number | null }
  | { kind: 'retract'; pick: number }
  | { kind: 'advance'; days: number }
  | { kind: 'burst'; effDays: number[] }
  | { kind: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      type: fc.constantFrom(0 as const, 1 as const, 2 as const),
      key: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: -50, max: 50 }),
      // relative to "today" of the recording clock: backdated (negative), same day, future
      effDay: fc.integer({ min: -60, max: 30 }),
      instant: fc.option(fc.integer({ min: 0, max: DAY - 1 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retract' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 20 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
  // many events in one append: the runtime merges the batch into its timeline
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      effDays: fc.array(fc.integer({ min: -60, max: 30 }), { minLength: 17, maxLength: 40 }),
    }),
  },
);

const policyArb = fc.record({
  events: fc.integer({ min: 1, max: 8 }),
  days: fc.integer({ min: 1, max: 60 }),
  maxCount: fc.integer({ min: 2, max: 50 }),
  maxBytes: fc.constant(1 << 30),
});

describe('runtime ≡ naive fold', () => {
  it(
    'answers every (asOf, knownAt) like the naive fold, live and after restarts',
    { timeout: 300_000 },
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { minLength: 1, maxLength: 60 }),
          policyArb,
          fc.array(
            fc.tuple(
              fc.integer({ min: -30, max: 400 }),
              fc.integer({ min: -5, max: 400 }),
              fc.constantFrom(0, 1, 2),
            ),
            { minLength: 3, maxLength: 8 },
          ),
          fc.integer({ min: 0, max: 5 }),
          async (ops, policy, probes, startAfter) => {
            run++;
            const cache = join(dir, `cache-${run}.db`);
            let recordClock = BASE; // the store's clock (recordedAt)
            const store = openSqliteEventStore({
              path: ':memory:',
              registry: registry(),
              now: () => recordClock,
            });
            const clock = new ManualClock(BASE);
            const open = () =>
              createProjectionRuntime({
                store,
                projections: [trace, values],
                cache,
                clock,
                snapshots: policy,
                sliceSize: 7,
              });
            let runtime: ProjectionRuntime | undefined;
            const ids: string[] = [];
            try {
              for (const [i, op] of ops.entries()) {
                if (i === startAfter && !runtime) {
                  runtime = open();
                  await runtime.start();
                }
                recordClock += 3_600_000; // one hour between commands
                if (clock.now() < recordClock) clock.set(recordClock);
                if (op.kind === 'event') {
                  const day = countyDate(recordClock + op.effDay * DAY);
                  const effectiveAt =
                    op.instant === null
                      ? day
                      : new Date(Date.parse(`${day}T00:00:00+08:00`) + op.instant).toISOString();
                  const ev: NewEvent =
                    op.type === 0
                      ? valueSet.create({ key: op.key, value: op.value }, { effectiveAt })
                      : op.type === 1
                        ? valueAdded.create({ key: op.key, n: op.value }, { effectiveAt })
                        : noiseRecorded.create({ n: op.value }, { effectiveAt });
                  const r = await store.append(`s-${op.key}`, [ev]);
                  ids.push(r.events[0]!.id);
                } else if (op.kind === 'retract' && ids.length > 0) {
                  // may retract an event twice: the first retraction counts
                  await store.append(RETRACTIONS_STREAM, [
                    eventRetracted.create({ eventId: ids[op.pick % ids.length]!, reason: 'test' }),
                  ]);
                } else if (op.kind === 'burst') {
                  const r = await store.append(
                    's-burst',
                    op.effDays.map((d, k) =>
                      valueAdded.create(
                        { key: k % 4, n: k },
                        { effectiveAt: countyDate(recordClock + d * DAY) },
                      ),
                    ),
                  );
                  for (const e of r.events) ids.push(e.id);
                } else if (op.kind === 'advance') {
                  recordClock += op.days * DAY;
                  clock.set(recordClock);
                } else if (op.kind === 'restart' && runtime) {
                  await runtime.stop();
                  runtime = open();
                  await runtime.start();
                }
                if (runtime) await runtime.waitForPosition(await store.headPosition());
              }
              runtime ??= open();
              await runtime.start();
              await runtime.waitForPosition(await store.headPosition());
              const events = await store.readAll();
              const now = () => clock.now();
              // live state = naive(now, now), and "as of exactly now" (where a scheduled event may sit)
              expect(await runtime.state(trace.name, { asOf: clock.now() })).toEqual(
                naiveAsOf(events, trace, clock.now(), undefined, now),
              );
              expect(await runtime.state(trace.name)).toEqual(
                naiveAsOf(events, trace, undefined, undefined, now),
              );
              expect(await runtime.state(values.name)).toEqual(
                naiveAsOf(events, values, undefined, undefined, now),
              );
              expect(await runtime.query(values.name, 'all')).toEqual(
                [...naiveAsOf(events, values, undefined, undefined, now).entries()].sort(
                  (a, b) => a[0] - b[0],
                ),
              );
              for (const [dDay, tHours, form] of probes) {
                // a date (end of that day), an instant inside a day, or exactly midnight (where date-effective events sit)
                const D =
                  form === 0
                    ? countyDate(BASE + dDay * DAY)
                    : form === 1
                      ? BASE + dDay * DAY + 7_200_000
                      : BASE + dDay * DAY;
                const T = BASE + tHours * 3_600_000;
                const at = { asOf: D, knownAt: T };
                expect(await runtime.state(trace.name, at)).toEqual(naiveAsOf(events, trace, D, T, now));
                expect(await runtime.state(values.name, at)).toEqual(naiveAsOf(events, values, D, T, now));
                // through query(), twice: the second answer comes from the answer cache
                const expected = naiveAsOf(events, values, D, T, now);
                for (let k = 0; k < 2; k++)
                  expect(await runtime.query(values.name, 'all', undefined, at)).toEqual(
                    [...expected.entries()].sort((a, b) => a[0] - b[0]),
                  );
              }
            } finally {
              await runtime?.stop();
              await store.close();
              rmSync(cache, { force: true });
              rmSync(`${cache}-wal`, { force: true });
              rmSync(`${cache}-shm`, { force: true });
            }
          },
        ),
        { numRuns: 300, verbose: 1 },
      );
    },
  );
});
