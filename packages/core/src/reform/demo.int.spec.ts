import { describe, expect, it } from 'vitest';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { reformModule, type PlanView } from './server';
import { syntheticDemoCounty } from '../demo/county';
import { seededRandom } from '@xianzhi/kernel';
import { recordDemoScript } from '../demo/record-script';
import { reformDemo } from './demo';

const county = {
  ...syntheticDemoCounty(),
  townshipAdjustment: {
    documentNo: '川府民政〔2019〕27号',
    effectiveAt: '2019-12-20',
    correlationId: 'corr-27',
  },
};

describe('reform demo', () => {
  it('is deterministic: the same seed gives the same commands', () => {
    expect(JSON.stringify(reformDemo(county, seededRandom(3)))).toBe(
      JSON.stringify(reformDemo(county, seededRandom(3))),
    );
  });

  it('takes the township plan through its five steps to 川府民政〔2019〕27号, effective 2019-12-20', async () => {
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(reformModule.events),
    });
    const runtime = createProjectionRuntime({ store, projections: reformModule.projections });
    await runtime.start();
    await recordDemoScript({ store, runtime }, reformDemo(county, seededRandom(2019)), [reformModule]);
    const [plan] = await runtime.query<PlanView[]>('reform.plans', 'byAdjustment', {
      documentNo: '川府民政〔2019〕27号',
    });
    expect(plan!.steps.map((s) => s.step)).toEqual([
      'research',
      'plan',
      'consultation',
      'assessment',
      'decision',
    ]);
    expect(plan!.steps[2]!.opinions!.count).toBeGreaterThan(1000);
    expect(plan!.links).toEqual([
      { documentNo: '川府民政〔2019〕27号', correlationId: 'corr-27', effectiveAt: '2019-12-20' },
    ]);
    const before = await runtime.query<PlanView>(
      'reform.plans',
      'plan',
      { planId: plan!.planId },
      { asOf: '2019-07-10' },
    );
    expect(before).toMatchObject({ status: 'consultation', next: 'assessment', decided: false, links: [] });
    await runtime.stop();
    await store.close();
  });
});
