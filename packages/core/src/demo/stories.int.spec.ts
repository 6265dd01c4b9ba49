import { describe, expect, it } from 'vitest';
import { EventRegistry, type DemoContext } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, executeCommand } from '@xianzhi/projections';
import { divisionsModule } from '../divisions/server';
import { institutionsModule, type InstitutionTotals } from '../institutions/server';
import { compareCadreStatistics, personnelModule } from '../personnel/server';
import { reformModule, type PlanView } from '../reform/server';
import { servicesModule, type ActivityRow } from '../services/server';
import {
  DEMO_COUNTY,
  loadDemoCounty,
  personnelDemoDates,
  recordServicesDemo,
  runDemo,
  PERSONNEL_TARGETS,
} from './index';

const modules = [personnelModule, institutionsModule, reformModule];
const everything = [divisionsModule, ...modules, servicesModule];

describe('the demo stories in the divisions demo county', () => {
  it('runDemo records personnel, institutions and reform through their demo hooks, once; services through its hook', async () => {
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(everything.flatMap((m) => m.events)),
    });
    const runtime = createProjectionRuntime({ store, projections: everything.flatMap((m) => m.projections) });
    await runtime.start();
    const context = { store, runtime };
    await runDemo(context, { seed: 2019, today: '2026-11-29', modules });

    const county = await loadDemoCounty((p, q, i, at) => runtime.query(p, q, i, at), {
      countyCode: DEMO_COUNTY.code,
    });
    expect([county.townships.before.length, county.townships.after.length]).toEqual([33, 13]);
    expect([county.villages.before.length, county.villages.after.length]).toEqual([132, 83]);
    expect([county.groups.before.length, county.groups.after.length]).toEqual([190, 83]);
    expect(county.townshipAdjustment).toMatchObject({
      documentNo: '川府民政〔2019〕27号',
      effectiveAt: '2019-12-20',
    });

    const dates = personnelDemoDates(county);
    const township = await compareCadreStatistics(runtime, {
      level: 'township-leaders',
      from: dates.townships.before,
      to: dates.townships.after,
    });
    expect(
      Math.abs(township.averageAgeChange! + PERSONNEL_TARGETS.townshipLeadersAgeDrop),
    ).toBeLessThanOrEqual(0.3);
    expect(
      Math.abs(township.after.bachelorOrHigher.percent! - PERSONNEL_TARGETS.townshipLeadersBachelorAfter),
    ).toBeLessThanOrEqual(0.5);
    const secretaries = await compareCadreStatistics(runtime, {
      level: 'village-party-secretaries',
      from: dates.villages.before,
      to: dates.villages.after,
    });
    expect(
      Math.abs(secretaries.averageAgeChange! + PERSONNEL_TARGETS.villageSecretariesAgeDrop),
    ).toBeLessThanOrEqual(0.3);
    expect(secretaries.after.dualRole.percentOfAll).toBe(100);

    expect(
      await runtime.query<InstitutionTotals>('institutions.townships', 'totals', {
        countyCode: DEMO_COUNTY.code,
      }),
    ).toMatchObject({ stations: 67, quotas: 354, staff: 274 });

    const [plan] = await runtime.query<PlanView[]>('reform.plans', 'byAdjustment', {
      correlationId: county.townshipAdjustment.correlationId,
    });
    expect(plan).toMatchObject({
      decided: true,
      links: [{ documentNo: '川府民政〔2019〕27号', effectiveAt: '2019-12-20' }],
    });

    const head = await store.headPosition();
    expect((await runDemo(context, { seed: 2019, today: '2026-11-29', modules })).written).toBe(0);
    expect(await store.headPosition()).toBe(head);

    // services: the same hook, scaled down for the test
    const demoContext: DemoContext = {
      seed: 2019,
      countyCode: DEMO_COUNTY.code,
      today: '2026-11-29',
      execute: async (command, input, options) =>
        void (await executeCommand(context, command, input, { actor: 'demo', ...options })),
      append: async (stream, events, options) => {
        const r = await store.append(stream, events, options ?? {});
        await runtime.waitForPosition(r.lastPosition);
      },
      appendMany: async (items) => {
        const rs = await store.appendMany(
          items.map((i) => ({
            stream: i.stream,
            events: i.events,
            ...(i.idempotencyKey ? { options: { idempotencyKey: i.idempotencyKey } } : {}),
          })),
        );
        await runtime.waitForPosition(Math.max(...rs.map((r) => r.lastPosition)));
      },
      query: (projection, query, input, at) => runtime.query(projection, query, input, at ?? {}),
      log: () => {},
    };
    await recordServicesDemo(demoContext, { requests: 2_000, from: '2022-01', to: '2022-02' });
    expect(await runtime.query('services.points', 'counts', { countyCode: DEMO_COUNTY.code })).toEqual({
      'county-centre': 1,
      'township-centre': 13,
      'village-room': 83,
      'grid-worker': 83,
    });
    const { total } = await runtime.query<{ total: ActivityRow }>('services.activity', 'statistics', {
      countyCode: DEMO_COUNTY.code,
    });
    expect(total.requested).toBe(2_000);
    await runtime.stop();
    await store.close();
  }, 120_000);
});
