import { describe, expect, it } from 'vitest';
import { EventRegistry, InvariantViolation } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, executeCommand } from '@xianzhi/projections';
import { acceptService, servicesModule, type ActivityRow, type PointLevel } from './server';
import { syntheticDemoCounty } from '../demo/county';
import { seededRandom } from '@xianzhi/kernel';
import { recordDemoScript } from '../demo/record-script';
import { SERVICES_TARGETS, servicesDemo } from './demo';
import type { DemoScript } from '../demo/types';

const county = syntheticDemoCounty();

async function drain(script: DemoScript) {
  const parts: string[] = [];
  for await (const batch of script.appends!()) parts.push(JSON.stringify(batch));
  return parts.join('\n');
}

describe('services demo', () => {
  it(
    'is deterministic and re-iterable: the same seed gives the same points and requests',
    { timeout: 60_000 },
    async () => {
      const a = servicesDemo(county, seededRandom(5), { requests: 20_000 });
      const b = servicesDemo(county, seededRandom(5), { requests: 20_000 });
      expect(JSON.stringify(a.commands)).toBe(JSON.stringify(b.commands));
      const first = await drain(a);
      expect(await drain(b)).toBe(first);
      expect(await drain(a)).toBe(first);
      expect(await drain(servicesDemo(county, seededRandom(6), { requests: 20_000 }))).not.toBe(first);
    },
  );

  it('yields 200,000 requests over 2021–2023 across the four levels, each stream one lifecycle', async () => {
    const script = servicesDemo(county, seededRandom(2019));
    const points = script.commands.map((c) => (c.input.points as unknown[]).length);
    expect(points).toEqual([1, 13, 83, 83]);
    const byLevel: Record<string, number> = {};
    const proxied: Record<string, number> = {};
    const types: Record<string, number> = {};
    const streams = new Set<string>();
    let requests = 0;
    let maxBatch = 0;
    for await (const batch of script.appends!()) {
      maxBatch = Math.max(maxBatch, batch.length);
      for (const a of batch) {
        requests += 1;
        streams.add(a.stream);
        const first = a.events[0]!;
        const { requestId, pointId } = first.data as { requestId: string; pointId: string };
        expect(a.stream).toBe(`services-request-${requestId}`);
        const level = pointId.slice(pointId.lastIndexOf(':') + 1);
        byLevel[level] = (byLevel[level] ?? 0) + 1;
        for (const e of a.events) types[e.type] = (types[e.type] ?? 0) + 1;
        if (a.events.some((e) => e.type === 'services.proxied')) proxied[level] = (proxied[level] ?? 0) + 1;
        const year = first.metadata!.effectiveAt!.slice(0, 4);
        expect(['2020', '2021', '2022', '2023']).toContain(year); // 2020-12-31T16:00Z is 2021-01-01 in the county
      }
    }
    expect(requests).toBe(SERVICES_TARGETS.requests);
    expect(streams.size).toBe(requests);
    expect(maxBatch).toBe(1_000);
    expect(types['services.requested']).toBe(requests);
    expect(types['services.completed']! + types['services.rejected']!).toBe(requests);
    for (const level of Object.keys(SERVICES_TARGETS.levels) as PointLevel[]) {
      expect(Math.abs(byLevel[level]! / requests - SERVICES_TARGETS.levels[level])).toBeLessThan(0.001);
      expect(
        Math.abs(proxied[level]! / byLevel[level]! - SERVICES_TARGETS.proxied[level] * 0.98),
      ).toBeLessThan(0.01);
    }
  }, 120_000);

  it('records through the store and runtime; the read models agree with the generated lifecycles', async () => {
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(servicesModule.events),
    });
    const runtime = createProjectionRuntime({ store, projections: servicesModule.projections });
    await runtime.start();
    const script = servicesDemo(county, seededRandom(2019), {
      requests: 3_000,
      from: '2022-01',
      to: '2022-03',
    });
    const result = await recordDemoScript({ store, runtime }, script, [servicesModule]);
    expect(result.written).toBeGreaterThan(9_000);
    expect(await runtime.query('services.points', 'counts', {})).toEqual({
      'county-centre': 1,
      'township-centre': 13,
      'village-room': 83,
      'grid-worker': 83,
    });
    const { rows, total } = await runtime.query<{ rows: ActivityRow[]; total: ActivityRow }>(
      'services.activity',
      'statistics',
      { groupBy: ['level'] },
    );
    expect(total).toMatchObject({ requested: 3_000, open: 0 });
    expect(rows.map((r) => r.level)).toEqual([
      'county-centre',
      'grid-worker',
      'township-centre',
      'village-room',
    ]);
    const hours = Object.fromEntries(rows.map((r) => [r.level!, r.medianLeadTimeHours!]));
    expect(hours['county-centre']).toBeLessThan(hours['township-centre'] ?? 0);
    expect(hours['township-centre']).toBeLessThan(hours['grid-worker'] ?? 0);
    const share = Object.fromEntries(rows.map((r) => [r.level!, r.proxiedPercent!]));
    expect(share['grid-worker']).toBeGreaterThan(70);
    expect(share['county-centre']).toBeLessThan(6);
    const byMonth = await runtime.query<{ rows: ActivityRow[] }>('services.activity', 'statistics', {
      groupBy: ['month'],
    });
    expect(byMonth.rows.map((r) => r.month)).toEqual(['2022-01', '2022-02', '2022-03']);
    const open = await runtime.query<{ total: number }>(
      'services.activity',
      'openRequests',
      {},
      { asOf: '2022-02-15T10:00:00+08:00' },
    );
    expect(open.total).toBeGreaterThan(0);
    // a generated request is a real lifecycle: completing is final
    const completed = (await store.readAll({ types: ['services.completed'], limit: 1 }))[0]!;
    const requestId = (completed.data as { requestId: string }).requestId;
    await expect(
      executeCommand({ store, runtime }, acceptService, { requestId, effectiveAt: '2022-06-01' }),
    ).rejects.toBeInstanceOf(InvariantViolation);
    const again = await recordDemoScript({ store, runtime }, script, [servicesModule]);
    expect(again.written).toBe(0);
    await runtime.stop();
    await store.close();
  }, 60_000);
});
