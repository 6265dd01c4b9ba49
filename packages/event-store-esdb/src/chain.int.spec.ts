/**
 * The per-stream hash chain in EventStoreDB, against the protocol double: a tampered record is
 * found and named, a removed event breaks its stream's chain, and a checkpoint (the rolling digest)
 * finds what the per-stream links cannot — a stream's last event gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChainVerifier, type ChainFault, type EventStore } from '@xianzhi/event-store';
import { counted, registryV1, townshipEstablished } from '@xianzhi/event-store/contract';
import { openEsdbEventStore, type EsdbEventStore } from './esdb-store';
import {
  startProtocolDouble,
  type DoubleRecord,
  type EsdbProtocolDouble,
} from '../test/protocol-double/double';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ double: EsdbProtocolDouble; store: EsdbEventStore }> {
  const double = await startProtocolDouble();
  const store = await openEsdbEventStore({
    connectionString: double.connectionString,
    registry: registryV1(),
  });
  cleanups.push(async () => {
    await store.close();
    await double.stop();
  });
  await store.append('county', [
    townshipEstablished.create(
      { code: '510722100', name: '太和镇' },
      { effectiveAt: '2019-12-20', actor: 'official:张三' },
    ),
  ]);
  await store.append('a', [counted.create({ n: 1 }), counted.create({ n: 2 })]);
  await store.append('county', [townshipEstablished.create({ code: '510722104', name: '䢺江镇' })]);
  await store.append('a', [counted.create({ n: 3 })]);
  await store.append('b', [counted.create({ n: 4 })]);
  return { double, store };
}

async function faults(store: EventStore): Promise<{ faults: ChainFault[]; verifier: ChainVerifier }> {
  const verifier = new ChainVerifier(store.chainScope);
  for (const link of await store.readChain()) verifier.add(link);
  return { faults: verifier.faults, verifier };
}

const record = (double: EsdbProtocolDouble, stream: string, revision: number): DoubleRecord =>
  double.stream(stream).find((r) => r.revision === BigInt(revision))!;

function remove(double: EsdbProtocolDouble, victim: DoubleRecord): void {
  double.log.splice(double.log.indexOf(victim), 1);
  const records = double.stream(victim.stream) as DoubleRecord[];
  records.splice(records.indexOf(victim), 1);
}

describe('hash chain in EventStoreDB (protocol double)', () => {
  it('keeps the chain in the metadata, compactly, and it verifies', async () => {
    const { double, store } = await setup();
    const { faults: found, verifier } = await faults(store);
    expect(found).toEqual([]);
    const meta = JSON.parse(Buffer.from(record(double, 'a', 1).metadata).toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(meta.hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(meta).not.toHaveProperty('previousHash');
    expect(await store.chainHead()).toEqual(verifier.head);
  });

  it('names an event whose data or metadata was changed on the server', async () => {
    const { double, store } = await setup();
    const victim = record(double, 'county', 0);
    victim.data = Buffer.from(Buffer.from(victim.data).toString('utf8').replace('太和镇', '大和镇'));
    const other = record(double, 'a', 2);
    other.metadata = Buffer.from(
      Buffer.from(other.metadata)
        .toString('utf8')
        .replace('"schemaVersion":1', '"schemaVersion":1,"actor":"official:李四"'),
    );
    const { faults: found } = await faults(store);
    expect(found.map((f) => [f.stream, f.revision, f.position])).toEqual([
      ['county', 0, Number(victim.position)],
      ['a', 2, Number(other.position)],
    ]);
  });

  it('names the event after one removed from the middle of a stream', async () => {
    const { double, store } = await setup();
    remove(double, record(double, 'a', 1));
    const { faults: found } = await faults(store);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ stream: 'a', revision: 2 });
    expect(found[0]!.problem).toMatch(/removed, inserted or moved/);
  });

  it('a checkpoint finds a stream whose last event is gone, which its links alone cannot', async () => {
    const { double, store } = await setup();
    const checkpoint = (await store.chainHead())!;
    await store.append('c', [counted.create({ n: 5 })]);
    remove(double, record(double, 'b', 0));
    // Reopen: a fresh adapter has no digest in memory.
    const again = await openEsdbEventStore({
      connectionString: double.connectionString,
      registry: registryV1(),
    });
    cleanups.push(() => again.close());
    const { faults: found, verifier } = await faults(again);
    expect(found).toEqual([]); // every remaining link holds…
    const replay = new ChainVerifier('stream');
    let atCheckpoint: string | undefined;
    for (const link of await again.readChain()) {
      replay.add(link);
      if (link.position === checkpoint.position) atCheckpoint = replay.head?.hash;
    }
    // …but the log no longer reaches the checkpoint's position with its hash.
    expect(atCheckpoint).toBeUndefined();
    expect(verifier.head!.hash).not.toBe(checkpoint.hash);
  });
});
