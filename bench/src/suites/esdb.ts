/**
 * Suite `esdb`: append and read throughput through the EventStoreDB adapter against the in-process
 * gRPC protocol double (packages/event-store-esdb/test/protocol-double). These are PROTOCOL-OVERHEAD
 * figures only — the client, gRPC and our mapping, with an in-memory server in the same process.
 * They say nothing about a real EventStoreDB server's throughput, durability or latency.
 */
import { EventRegistry, defineEvent } from '@xianzhi/kernel';
import { z } from 'zod';
import { openEsdbEventStore } from '@xianzhi/event-store-esdb';
import { startProtocolDouble } from '../../../packages/event-store-esdb/test/protocol-double/double';
import type { BenchContext, BenchLine, Suite } from '../types';

const recorded = defineEvent('bench.esdb-recorded', 1, z.object({ n: z.number().int(), note: z.string() }));
const NOTE = 'protocol overhead against the in-process double only — not a real server';

async function run(ctx: BenchContext): Promise<BenchLine[]> {
  const singles = ctx.quick ? 200 : 2_000;
  const batched = ctx.quick ? 2_000 : 20_000;
  const double = await startProtocolDouble();
  const store = await openEsdbEventStore({
    connectionString: double.connectionString,
    registry: new EventRegistry([recorded]),
  });
  try {
    let t = performance.now();
    for (let i = 0; i < singles; i++)
      await store.append(`s-${i % 100}`, [
        recorded.create({ n: i, note: '便民服务' }, { effectiveAt: '2024-01-01' }),
      ]);
    const single = singles / ((performance.now() - t) / 1000);
    ctx.log(`esdb: ${singles} single appends`);
    t = performance.now();
    for (let i = 0; i < batched; i += 100) {
      await store.append(
        `b-${i % 1000}`,
        Array.from({ length: 100 }, (_, k) =>
          recorded.create({ n: i + k, note: '民事代办' }, { effectiveAt: '2024-01-01' }),
        ),
      );
    }
    const batch = batched / ((performance.now() - t) / 1000);
    t = performance.now();
    let read = 0;
    for (let from = 0; ;) {
      const page = await store.readAll({ fromPosition: from, limit: 5_000 });
      if (page.length === 0) break;
      read += page.length;
      from = page[page.length - 1]!.position;
    }
    const readAll = read / ((performance.now() - t) / 1000);
    return [
      {
        bench: 'esdb-double-append-single',
        unit: 'events/s',
        ours: Math.round(single),
        peer: null,
        limit: null,
        note: NOTE,
      },
      {
        bench: 'esdb-double-append-batch-100',
        unit: 'events/s',
        ours: Math.round(batch),
        peer: null,
        limit: null,
        note: NOTE,
      },
      {
        bench: 'esdb-double-read-all',
        unit: 'events/s',
        ours: Math.round(readAll),
        peer: null,
        limit: null,
        note: NOTE,
      },
    ];
  } finally {
    await store.close();
    await double.stop();
  }
}

export const esdbSuite: Suite = { name: 'esdb', run };
