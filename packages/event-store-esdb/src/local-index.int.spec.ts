/**
 * The local effective-order index and recordedAt: kept in a file it survives a restart (only the
 * new part of `$all` is read again), it is rebuilt when it does not match the server's log, and
 * the recordedAt it fixes is the same on every read path — even when the server's clock steps back.
 * Also: stream prefixes keep two stores on one server apart.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@xianzhi/kernel';
import { counted, registryV1 } from '@xianzhi/event-store/contract';
import { openEsdbEventStore, type EsdbEventStore, type EsdbEventStoreOptions } from './esdb-store';
import {
  startProtocolDouble,
  type EsdbProtocolDouble,
  type ProtocolDoubleOptions,
} from '../test/protocol-double/double';
import { tempDir, waitFor } from '../test/support';

const n = (es: readonly RecordedEvent[]) => es.map((e) => (e.data as { n: number }).n);

describe('the local index', { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function double(options?: ProtocolDoubleOptions): Promise<EsdbProtocolDouble> {
    const d = await startProtocolDouble(options);
    cleanups.push(() => d.stop());
    return d;
  }
  async function open(
    d: EsdbProtocolDouble,
    extra: Partial<EsdbEventStoreOptions> = {},
  ): Promise<EsdbEventStore> {
    const store = await openEsdbEventStore({
      connectionString: d.connectionString,
      registry: registryV1(),
      ...extra,
    });
    cleanups.push(() => store.close());
    return store;
  }

  it('persists in a file: reopening reads only the new part of $all', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const indexPath = join(tmp.dir, 'index', 'effective.db');
    const d = await double();
    const first = await open(d, { indexPath });
    await first.append(
      'a',
      Array.from({ length: 500 }, (_, i) => counted.create({ n: i }, { effectiveAt: '2019-12-20' })),
    );
    await first.close();
    const writer = await open(d);
    await writer.append('a', [counted.create({ n: 500 }, { effectiveAt: '2019-12-19' })]);
    const sentBefore = d.calls.eventsSent;
    const again = await open(d, { indexPath });
    expect(d.calls.eventsSent - sentBefore).toBeLessThan(20); // not the 500 already indexed
    const effective = await again.readEffective();
    expect(effective).toHaveLength(501);
    expect(n(effective.slice(0, 2))).toEqual([500, 0]);
  });

  it('is rebuilt from $all when it does not describe the server it is opened against', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const indexPath = join(tmp.dir, 'effective.db');
    const one = await double();
    const a = await open(one, { indexPath });
    await a.append('a', [counted.create({ n: 1 }), counted.create({ n: 2 })]);
    await a.close();
    // Another server (say, the database was recreated) with another log, same index file.
    const two = await double({ systemEvents: false });
    const b = await open(two, { indexPath });
    await b.append('b', [counted.create({ n: 3 })]);
    expect(n(await b.readEffective())).toEqual([3]);
  });

  it('gives recordedAt that never decreases along the log, identical on every read path, when the server clock steps back', async () => {
    let offset = 0;
    const d = await double({ clock: () => Date.now() + offset });
    const store = await open(d);
    const seen: RecordedEvent[] = [];
    const sub = store.subscribe({}, { onEvents: (es) => void seen.push(...es) });
    cleanups.push(() => sub.stop());
    await store.append('a', [counted.create({ n: 1 })]);
    offset = -3_600_000; // the server's clock steps back one hour
    await store.append('b', [counted.create({ n: 2 })]);
    offset = -3_600_000 + 5_000;
    await store.append('a', [counted.create({ n: 3 })]);
    offset = 10;
    await store.append('b', [counted.create({ n: 4 })]);

    const all = await store.readAll();
    expect(n(all)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.recordedMs).toBeGreaterThanOrEqual(all[i - 1]!.recordedMs);
    expect(all[1]!.recordedMs).toBe(all[0]!.recordedMs); // clamped to the previous event's time
    expect(all[2]!.recordedMs).toBe(all[0]!.recordedMs);
    // The same event has the same recordedAt (and, with no effectiveAt, effective time) everywhere.
    const byId = new Map(all.map((e) => [e.id, e]));
    const viaStreams = [...(await store.readStream('a')), ...(await store.readStream('b'))];
    for (const e of viaStreams) expect(e).toEqual(byId.get(e.id));
    for (const e of await store.readEffective()) expect(e).toEqual(byId.get(e.id));
    for (const e of await store.readAll({ fromPosition: all[1]!.position }))
      expect(e).toEqual(byId.get(e.id));
    await waitFor(() => seen.length === 4);
    expect(seen).toEqual(all);
    // As known at the first event's recording time, the clamped events count as recorded then.
    expect(n(await store.readEffective({ knownAt: all[0]!.recordedMs }))).toEqual([1, 2, 3]);
  });

  it('with stream prefixes, two stores share one server and never see each other', async () => {
    const d = await double();
    const x = await open(d, { streamPrefix: 'tenant-x/' });
    const y = await open(d, { streamPrefix: 'tenant-y/' });
    const rx = await x.append('s', [counted.create({ n: 1 })], { idempotencyKey: 'same-key' });
    const ry = await y.append('s', [counted.create({ n: 2 })], { idempotencyKey: 'same-key' });
    expect(ry.replayed).toBe(false);
    expect(d.stream('tenant-x/s')).toHaveLength(1);
    expect(n(await x.readAll())).toEqual([1]);
    expect(n(await y.readStream('s'))).toEqual([2]);
    expect(n(await y.readEffective())).toEqual([2]);
    expect(await x.headPosition()).toBe(rx.lastPosition);
    const seen: number[] = [];
    const sub = y.subscribe({}, { onEvents: (es) => void seen.push(...n(es)) });
    cleanups.push(() => sub.stop());
    await sub.caughtUp;
    await x.append('s', [counted.create({ n: 3 })]);
    await y.append('s', [counted.create({ n: 4 })]);
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([2, 4]);
    expect(rx.events[0]!.stream).toBe('s');
  });
});
