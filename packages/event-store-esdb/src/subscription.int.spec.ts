/**
 * Subscriptions across a server restart: the double goes down mid-subscription and comes back on
 * the same port with the same log; the subscriber resubscribes from the last position it handed
 * over and receives every event exactly once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@xianzhi/kernel';
import { counted, registryV1 } from '@xianzhi/event-store/contract';
import type { Subscription } from '@xianzhi/event-store';
import { EsdbConnectionError } from './connection';
import { openEsdbEventStore } from './esdb-store';
import { startProtocolDouble, type ProtocolDoubleOptions } from '../test/protocol-double/double';
import { sleep, waitFor } from '../test/support';

const n = (es: readonly RecordedEvent[]) => es.map((e) => (e.data as { n: number }).n);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('subscriptions over a restarting server', { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(options?: ProtocolDoubleOptions) {
    const double = await startProtocolDouble(options);
    cleanups.push(() => double.stop());
    const store = await openEsdbEventStore({
      connectionString: double.connectionString,
      registry: registryV1(),
    });
    cleanups.push(() => store.close());
    return { double, store };
  }

  it('resubscribes after a restart from the last delivered position: every event once, in order', async () => {
    const { double, store } = await setup();
    await store.append(
      'a',
      range(0, 5).map((i) => counted.create({ n: i })),
    );
    const seen: RecordedEvent[] = [];
    let lives = 0;
    const sub = store.subscribe(
      { batchSize: 3 },
      { onEvents: (es) => void seen.push(...es), onLive: () => void lives++ },
    );
    cleanups.push(() => sub.stop());
    await sub.caughtUp;
    expect(n(seen)).toEqual(range(0, 5));
    await store.append(
      'b',
      range(5, 10).map((i) => counted.create({ n: i })),
    );
    await waitFor(() => seen.length === 10);

    await double.stop();
    // While the server is down, appends fail with one clear error (and write nothing).
    const down = await store.append('a', [counted.create({ n: -1 })]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(down).toBeInstanceOf(EsdbConnectionError);
    await sleep(300);
    await double.start();

    for (let i = 10; i < 20; i++) await store.append(i % 2 ? 'a' : 'b', [counted.create({ n: i })]);
    await waitFor(() => seen.length >= 20, 15_000, 'all 20 events delivered');
    await sleep(100);
    expect(n(seen)).toEqual(range(0, 20));
    expect(new Set(seen.map((e) => e.id)).size).toBe(20);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position);
    expect((sub as Subscription & { reconnects: number }).reconnects).toBeGreaterThan(0);
    expect(lives).toBeGreaterThanOrEqual(2); // caught up before, and again after resubscribing
    expect(sub.position).toBe(await store.headPosition());
    // Same events, same order, same recordedAt as a fresh read of the log.
    expect(seen).toEqual(await store.readAll());
  });

  it('a restart in the middle of catching up (slow handler) loses and repeats nothing', async () => {
    const { double, store } = await setup();
    await store.append(
      'big',
      range(0, 600).map((i) => counted.create({ n: i })),
    );
    const seen: number[] = [];
    let batches = 0;
    const sub = store.subscribe(
      { batchSize: 50 },
      {
        onEvents: async (es) => {
          batches++;
          seen.push(...n(es));
          await sleep(20);
        },
      },
    );
    cleanups.push(() => sub.stop());
    await waitFor(() => batches >= 2);
    await double.stop();
    await sleep(200);
    await double.start();
    await sub.caughtUp;
    await waitFor(() => seen.length >= 600, 15_000, 'all 600 events delivered');
    expect(seen).toEqual(range(0, 600));
    expect((sub as Subscription & { reconnects: number }).reconnects).toBeGreaterThan(0);
  });

  it('works with a server that never sends CaughtUp (before 23.10): caught up at the head read on subscribing', async () => {
    const { store } = await setup({ caughtUp: false });
    await store.append(
      'a',
      range(0, 4).map((i) => counted.create({ n: i })),
    );
    const seen: number[] = [];
    const sub = store.subscribe({ batchSize: 3 }, { onEvents: (es) => void seen.push(...n(es)) });
    cleanups.push(() => sub.stop());
    await sub.caughtUp;
    expect(seen).toEqual([0, 1, 2, 3]);
    await store.append('a', [counted.create({ n: 4 })]);
    await waitFor(() => seen.length === 5);
    // An empty log is caught up at once.
    const empty = await setup({ caughtUp: false });
    const sub2 = empty.store.subscribe({}, { onEvents: () => undefined });
    cleanups.push(() => sub2.stop());
    await sub2.caughtUp;
    expect(sub2.position).toBe(0);
  });
});
