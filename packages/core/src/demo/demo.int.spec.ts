import { describe, expect, it } from 'vitest';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule, reformStatistics, type Counts } from '../divisions/server';
import { DEMO_COUNTY, runDemo } from './index';

async function recordDemo(seed: number) {
  const store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(divisionsModule.events),
  });
  const runtime = createProjectionRuntime({ store, projections: divisionsModule.projections });
  await runtime.start();
  const result = await runDemo({ store, runtime }, { seed, today: '2026-11-29' });
  return { store, runtime, result };
}

describe('demo county', () => {
  it('tells the reform story: 33/132/110/190/83 before, 13/83/79/83/37 after, computed from the events', async () => {
    const { store, runtime, result } = await recordDemo(2019);
    const counts = (asOf: string) =>
      runtime.query<Counts>('divisions.tree', 'counts', { rootId: DEMO_COUNTY.code }, { asOf });
    const before = await counts('2019-06-01');
    const after = await counts('2021-06-01');
    expect([
      before.byLevel.township,
      before.byKind.village,
      before.byKind.community,
      before.byKind['villager-group'],
      before.byKind['resident-group'],
    ]).toEqual([33, 132, 110, 190, 83]);
    expect([
      after.byLevel.township,
      after.byKind.village,
      after.byKind.community,
      after.byKind['villager-group'],
      after.byKind['resident-group'],
    ]).toEqual([13, 83, 79, 83, 37]);
    const stats = await reformStatistics(runtime, {
      from: '2019-06-01',
      to: '2021-06-01',
      rootId: DEMO_COUNTY.code,
    });
    expect(stats.rows.find((r) => r.key === 'township')).toMatchObject({
      before: 33,
      after: 13,
      change: -20,
      percent: -60.6,
    });
    expect(stats.rows.find((r) => r.key === 'village' && r.group === 'kind')).toMatchObject({
      before: 132,
      after: 83,
      percent: -37.1,
    });
    // one adjustment is scheduled: invisible today, visible as of its date
    const timeline = await runtime.query<{ effectiveAt: string; documentNo: string }[]>(
      'divisions.adjustments',
      'timeline',
      {},
      { asOf: '2027-01-01' },
    );
    expect(timeline.map((a) => a.effectiveAt)).toEqual([
      '1992-08-01',
      '2019-12-20',
      '2020-06-30',
      '2020-12-31',
      '2027-01-01',
    ]);
    // running it again writes nothing
    const head = await store.headPosition();
    const again = await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29' });
    expect(again.written).toBe(0);
    expect(await store.headPosition()).toBe(head);
    expect(result.written).toBe(head);
    await runtime.stop();
    await store.close();
  });

  it('is deterministic: the same seed gives the same events', async () => {
    const a = await recordDemo(7);
    const b = await recordDemo(7);
    const strip = (es: Awaited<ReturnType<typeof a.store.readAll>>) =>
      es.map((e) => [e.type, e.data, e.metadata.effectiveAt, e.metadata.authority]);
    expect(strip(await a.store.readAll())).toEqual(strip(await b.store.readAll()));
    for (const x of [a, b]) {
      await x.runtime.stop();
      await x.store.close();
    }
  });
});
