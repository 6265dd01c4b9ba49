/**
 * What every module demo's spec checks besides its story: the same seed twice records the same
 * events, and running the demo again over a county it already recorded writes nothing.
 *
 * @example
 * const recordDemo = async (seed: number) => { … open a platform, runDemo(…), return it };
 * itIsDeterministic(recordDemo, { prefix: 'health.', atLeast: 150 });
 * await expectRerunWritesNothing(store, () => runDemo({ store, runtime }, { seed: 2019, … }));
 */
import { expect, it } from 'vitest';
import type { EventStore } from '@xianzhi/event-store';
import { appendedBy, storedEvents } from './stored';

export interface RecordedDemo {
  store: EventStore;
  close: () => Promise<void>;
}

/**
 * Registers the spec "the same seed gives the same events": two stores recorded with seed 7 hold the
 * same events whose type starts with `prefix`, and at least `atLeast` of them (so an empty demo fails).
 */
export function itIsDeterministic(
  record: (seed: number) => Promise<RecordedDemo>,
  options: { prefix: string; atLeast: number },
): void {
  it('is deterministic: the same seed gives the same events', { timeout: 120_000 }, async () => {
    const a = await record(7);
    const b = await record(7);
    try {
      const events = await storedEvents(a.store, options.prefix);
      expect(events.length).toBeGreaterThanOrEqual(options.atLeast);
      expect(await storedEvents(b.store, options.prefix)).toEqual(events);
    } finally {
      await a.close();
      await b.close();
    }
  });
}

/** Runs the demo again over the store and expects it to report nothing written and to append nothing. */
export async function expectRerunWritesNothing(
  store: EventStore,
  rerun: () => Promise<{ written: number }>,
): Promise<void> {
  const again = await appendedBy(store, rerun);
  expect([again.result.written, again.appended]).toEqual([0, 0]);
}
