import { describe, expect, it } from 'vitest';
import { EventRegistry, type RecordedEvent } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import { DEMO_COUNTY, runDemo } from '@xianzhi/core/demo';
import type { CaseTownshipRow, Coverage } from './index';
import enforcement from './server';

async function recordDemo(seed: number) {
  const modules = [divisionsModule, enforcement];
  const store = openSqliteEventStore({ path: ':memory:', registry: new EventRegistry(modules.flatMap((m) => m.events)) });
  const runtime = createProjectionRuntime({ store, projections: modules.flatMap((m) => m.projections) });
  await runtime.start();
  const result = await runDemo({ store, runtime }, { seed, today: '2026-11-29', modules: [enforcement] });
  return { store, runtime, result, close: async () => (await runtime.stop(), await store.close()) };
}

const strip = (events: RecordedEvent[]) => events.map((e) => [e.stream, e.type, e.data, e.metadata.effectiveAt, e.metadata.authority]);

describe('enforcement demo', () => {
  it('teams in the 10 key townships in 2020, all 13 by 2022; a few thousand cases 2020–2024; re-running writes nothing', async () => {
    const { store, runtime, close } = await recordDemo(2019);
    const coverage = (asOf: string) => runtime.query<Coverage>('enforcement.teams', 'coverage', { countyCode: DEMO_COUNTY.code }, { asOf });
    const c2019 = await coverage('2019-12-31');
    expect([c2019.townships, c2019.covered]).toEqual([13, 0]);
    const c2020 = await coverage('2020-12-31');
    expect([c2020.townships, c2020.covered, c2020.keyCovered, c2020.share, c2020.uncovered.length]).toEqual([13, 10, 10, 76.9, 3]);
    const c2022 = await coverage('2022-12-31');
    expect([c2022.covered, c2022.share]).toEqual([13, 100]);
    expect(c2022.rows.every((r) => r.officers >= 6)).toBe(true);

    const { rows, total } = await runtime.query<{ rows: CaseTownshipRow[]; total: { opened: number; closed: number; pending: number; medianDays: number } }>(
      'enforcement.cases',
      'byTownship',
      { countyCode: DEMO_COUNTY.code },
      { asOf: '2024-12-31' },
    );
    expect(rows).toHaveLength(13);
    expect(total).toMatchObject({ opened: 3468, closed: 3437, pending: 31, medianDays: 16 });
    const types = (await store.readAll()).reduce<Record<string, number>>((n, e) => ({ ...n, [e.type]: (n[e.type] ?? 0) + 1 }), {});
    expect([types['enforcement.team-formed'], types['enforcement.officer-assigned'], types['enforcement.officer-removed']]).toEqual([13, 178, 24]);
    expect(total.opened).toBeGreaterThan(2500);
    expect(total.opened).toBeLessThan(6000);
    expect(total.pending).toBeGreaterThan(0);
    expect(total.pending).toBeLessThan(total.opened * 0.05);
    expect(total.medianDays).toBeGreaterThan(8);
    expect(total.medianDays).toBeLessThan(40);
    // no case before a team existed, none after 2024
    expect((await runtime.query<unknown[]>('enforcement.cases', 'byTownshipMonth', { from: '2025-01' }, { asOf: '2026-11-29' })).length).toBe(0);
    expect((await runtime.query<unknown[]>('enforcement.cases', 'byTownshipMonth', { to: '2020-02' }, { asOf: '2026-11-29' })).length).toBe(0);

    const head = await store.headPosition();
    const again = await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: [enforcement] });
    expect(again.written).toBe(0);
    expect(await store.headPosition()).toBe(head);
    await close();
  }, 120_000);

  it('is deterministic: the same seed gives the same events', async () => {
    const a = await recordDemo(7);
    const b = await recordDemo(7);
    const ea = await a.store.readAll();
    expect(strip(ea)).toEqual(strip(await b.store.readAll()));
    expect(ea.filter((e) => e.type === 'enforcement.team-formed')).toHaveLength(13);
    await a.close();
    await b.close();
  }, 120_000);
});
