/**
 * Idempotency beyond ESDB's own short duplicate detection: the key is recorded in a marker stream,
 * so a retry much later, from a new connection, replays the original; and the two crash points
 * that ESDB cannot make atomic (after the claim, after the events) are recovered without writing
 * anything twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ValidationError, type NewEvent } from '@xianzhi/kernel';
import { counted, registryV1 } from '@xianzhi/event-store/contract';
import { deterministicEventId, markerStream } from './ids';
import { openEsdbEventStore, type EsdbEventStore, type EsdbEventStoreOptions } from './esdb-store';
import { startProtocolDouble, type EsdbProtocolDouble } from '../test/protocol-double/double';

const DAY = 86_400_000;
const cmd = (...ns: number[]): NewEvent[] =>
  ns.map((n) => counted.create({ n }, { effectiveAt: '2019-12-20' }));

describe('idempotency keys on EventStoreDB', { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  let double: EsdbProtocolDouble;
  async function open(extra: Partial<EsdbEventStoreOptions> = {}): Promise<EsdbEventStore> {
    const store = await openEsdbEventStore({
      connectionString: double.connectionString,
      registry: registryV1(),
      ...extra,
    });
    cleanups.push(() => store.close());
    return store;
  }
  async function fresh(): Promise<void> {
    double = await startProtocolDouble();
    cleanups.push(() => double.stop());
  }

  it('a retry a day later, from a new connection, replays the original and writes nothing', async () => {
    await fresh();
    const first = await open();
    const original = await first.append('county-510722', cmd(1, 2), {
      expectedRevision: 'no-stream',
      idempotencyKey: 'cmd-2019-27',
    });
    expect(original.events.map((e) => e.id)).toEqual([
      deterministicEventId('cmd-2019-27', 0),
      deterministicEventId('cmd-2019-27', 1),
    ]);
    await first.close();
    const logLength = double.log.length;

    // A new client, a new local index, and a clock a day ahead: far beyond any server-side dedupe window.
    const later = await open({ now: () => Date.now() + DAY });
    const retry = await later.append('county-510722', cmd(1, 2), {
      expectedRevision: 'no-stream',
      idempotencyKey: 'cmd-2019-27',
    });
    expect(retry.replayed).toBe(true);
    expect(retry.events).toEqual(original.events);
    expect([retry.firstPosition, retry.lastPosition, retry.nextExpectedRevision]).toEqual([
      original.firstPosition,
      original.lastPosition,
      original.nextExpectedRevision,
    ]);
    expect(double.log.length).toBe(logLength);
    expect(double.stream('county-510722')).toHaveLength(2);
    // The same key for another command is refused, naming the key; still nothing written.
    const refused = await later
      .append('county-510722', cmd(3), { idempotencyKey: 'cmd-2019-27' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues[0]!.path).toEqual(['idempotencyKey']);
    expect(double.log.length).toBe(logLength);
  });

  it('a crash after the events but before the completion record: the retry finds them and replays', async () => {
    await fresh();
    const crashing = await open({
      testHooks: {
        afterEvents: () => {
          throw new Error('simulated crash after the events were written');
        },
      },
    });
    await expect(crashing.append('s', cmd(1, 2, 3), { idempotencyKey: 'k-crash-1' })).rejects.toThrow(
      'simulated crash',
    );
    await crashing.close();
    expect(double.stream('s')).toHaveLength(3);
    const marker = markerStream('k-crash-1');
    expect(double.stream(marker).map((r) => r.type)).toEqual(['xianzhi.idempotency-claimed']);

    const store = await open({ now: () => Date.now() + DAY });
    const retry = await store.append('s', cmd(1, 2, 3), { idempotencyKey: 'k-crash-1' });
    expect(retry.replayed).toBe(true);
    expect(retry.events.map((e) => e.id)).toEqual(double.stream('s').map((r) => r.id));
    expect(double.stream('s')).toHaveLength(3);
    expect(double.stream(marker).map((r) => r.type)).toEqual([
      'xianzhi.idempotency-claimed',
      'xianzhi.idempotency-completed',
    ]);
    // And from then on the completion record answers directly.
    const again = await store.append('s', cmd(1, 2, 3), { idempotencyKey: 'k-crash-1' });
    expect(again.events).toEqual(retry.events);
  });

  it('a crash after the claim but before the events: a retry past the lease writes the command once', async () => {
    await fresh();
    const crashing = await open({
      testHooks: {
        afterClaim: () => {
          throw new Error('simulated crash after the claim');
        },
      },
    });
    await expect(crashing.append('s', cmd(7), { idempotencyKey: 'k-crash-2' })).rejects.toThrow(
      'simulated crash',
    );
    await crashing.close();
    expect(double.stream('s')).toHaveLength(0);

    // Within the lease the retry waits for the claim's writer, then takes the command over.
    const store = await open({ claimLeaseMs: 300 });
    const started = Date.now();
    const retry = await store.append('s', cmd(7), { idempotencyKey: 'k-crash-2' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(retry.replayed).toBe(false);
    expect(double.stream('s')).toHaveLength(1);
    const again = await store.append('s', cmd(7), { idempotencyKey: 'k-crash-2' });
    expect(again.replayed).toBe(true);
    expect(again.events[0]!.id).toBe(retry.events[0]!.id);
    expect(double.stream('s')).toHaveLength(1);
  });

  it('a retry in the same process after an unknown outcome does not wait for its own claim', async () => {
    await fresh();
    let fail = true;
    const store = await open({
      testHooks: {
        afterClaim: () => {
          if (fail) {
            fail = false;
            throw new Error('connection lost (simulated)');
          }
        },
      },
    });
    await expect(store.append('s', cmd(4), { idempotencyKey: 'k-retry' })).rejects.toThrow('connection lost');
    const started = Date.now();
    const retry = await store.append('s', cmd(4), { idempotencyKey: 'k-retry' });
    expect(Date.now() - started).toBeLessThan(5_000); // not the 15 s lease
    expect(retry.replayed).toBe(false);
    expect(double.stream('s')).toHaveLength(1);
  });

  it('a refused append (wrong expected revision) does not use up the key', async () => {
    await fresh();
    const store = await open();
    await expect(
      store.append('s', cmd(1), { expectedRevision: 4, idempotencyKey: 'k-5' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(double.stream('s')).toHaveLength(0);
    const ok = await store.append('s', cmd(1), { expectedRevision: 'no-stream', idempotencyKey: 'k-5' });
    expect(ok.replayed).toBe(false);
    const replay = await store.append('s', cmd(1), { expectedRevision: 'no-stream', idempotencyKey: 'k-5' });
    expect(replay.replayed).toBe(true);
    expect(double.stream('s')).toHaveLength(1);
  });

  it('concurrent retries from two connections write the command once', async () => {
    await fresh();
    const [a, b] = [await open(), await open()];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? a : b).append('s', cmd(9), { expectedRevision: 'any', idempotencyKey: 'k-6' }),
      ),
    );
    expect(new Set(results.map((r) => r.events[0]!.id)).size).toBe(1);
    expect(double.stream('s')).toHaveLength(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('marker streams are hidden from every read, and reserved', async () => {
    await fresh();
    const store = await open();
    const r = await store.append('s', cmd(1), { idempotencyKey: 'k-7' });
    expect(double.stream(markerStream('k-7')).length).toBeGreaterThan(0);
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['s']);
    expect(await store.readEffective()).toHaveLength(1);
    expect(await store.headPosition()).toBe(r.lastPosition);
    expect(await store.readStream(markerStream('k-7'))).toEqual([]);
    const refused = await store.append(markerStream('k-7'), cmd(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues[0]!.path).toEqual(['stream']);
  });
});
