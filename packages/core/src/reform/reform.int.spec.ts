import { afterEach, describe, expect, it } from 'vitest';
import {
  EventRegistry,
  InvariantViolation,
  ValidationError,
  parseEffectiveAt,
  type AnyCommand,
} from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  createProjectionRuntime,
  executeCommand,
  retractEvent,
  type ProjectionRuntime,
} from '@xianzhi/projections';
import {
  completeReformStep,
  linkReformAdjustment,
  reformModule,
  startReformPlan,
  type PlanView,
} from './server';

const PLAN = 'plan-510722-2019-township';

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let clock: ManualClock;

async function setup() {
  clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(reformModule.events),
    now: () => clock.now(),
  });
  runtime = createProjectionRuntime({ store, projections: reformModule.projections, clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const run = (command: AnyCommand, input: Record<string, unknown>) => {
  clock.advance(60_000);
  return executeCommand({ store, runtime }, command, { planId: PLAN, ...input }, { actor: 'test' });
};
const start = () =>
  run(startReformPlan, {
    countyCode: '510722',
    title: '三台县乡镇行政区划调整改革方案',
    scope: 'township',
    effectiveAt: '2019-03-01',
  });
const step = (s: string, effectiveAt: string, more: Record<string, unknown> = {}) =>
  run(completeReformStep, { step: s, effectiveAt, summary: `${s} 完成`, ...more });
const opinions = { count: 1326, adopted: 214, summary: '群众关注便民服务半径与村干部安排' };
const plan = (asOf?: string, knownAt?: number) =>
  runtime.query<PlanView>(
    'reform.plans',
    'plan',
    { planId: PLAN },
    { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
  );

async function decided() {
  await start();
  await step('research', '2019-04-15');
  await step('plan', '2019-05-20', { documentNo: '三委办〔2019〕31号' });
  await step('consultation', '2019-06-30', { opinions });
  await step('assessment', '2019-08-15');
  await step('decision', '2019-09-10', { documentNo: '三委〔2019〕56号' });
}

describe('reform plans', () => {
  it('starts a plan once; refuses a second start and bad ids', async () => {
    await setup();
    await start();
    await expect(start()).rejects.toThrow(
      /reform plan plan-510722-2019-township already exists \(“三台县乡镇行政区划调整改革方案”, started on 2019-03-01\)/,
    );
    await expect(
      run(startReformPlan, {
        planId: 'a b',
        countyCode: '510722',
        title: 'x',
        scope: 'township',
        effectiveAt: '2019-03-01',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await plan('2019-02-28')).toBeNull();
    expect(await plan('2019-03-01')).toMatchObject({ status: null, next: 'research', decided: false });
  });

  it('completes the five steps in order and answers the status as of any date', async () => {
    await setup();
    await decided();
    expect(await plan('2019-06-01')).toMatchObject({ status: 'plan', next: 'consultation', decided: false });
    const p = await plan();
    expect(p.steps.map((s) => [s.step, s.label, s.completedOn])).toEqual([
      ['research', '专题调研', '2019-04-15'],
      ['plan', '制定方案', '2019-05-20'],
      ['consultation', '征求意见', '2019-06-30'],
      ['assessment', '论证评估', '2019-08-15'],
      ['decision', '决策实施', '2019-09-10'],
    ]);
    expect(p.steps[2]!.opinions).toEqual(opinions);
    expect(p).toMatchObject({ status: 'decision', next: null, decided: true });
  });

  it('refuses a step before its predecessor, a step twice, a step dated before the previous one, and consultations without opinions', async () => {
    await setup();
    await expect(step('research', '2019-04-15')).rejects.toThrow(
      /no reform plan plan-510722-2019-township exists; start it first/,
    );
    await start();
    await step('research', '2019-04-15');
    const early = step('consultation', '2019-06-30', { opinions });
    await expect(early).rejects.toBeInstanceOf(InvariantViolation);
    await expect(early).rejects.toThrow(
      /step 'consultation' \(征求意见\) cannot come before 'plan' \(制定方案\): plan .* has research \(2019-04-15\); complete 'plan' \(制定方案\) first/,
    );
    await expect(step('research', '2019-04-20')).rejects.toThrow(
      /step 'research' \(专题调研\) of plan .* was already completed on 2019-04-15/,
    );
    await expect(step('plan', '2019-04-01')).rejects.toThrow(
      /step 'plan' \(制定方案\) on 2019-04-01 would come before step 'research' \(专题调研\) on 2019-04-15/,
    );
    await step('plan', '2019-05-20');
    await expect(step('consultation', '2019-06-30')).rejects.toBeInstanceOf(ValidationError);
    await expect(
      step('consultation', '2019-06-30', { opinions: { count: 3, adopted: 5, summary: 'x' } }),
    ).rejects.toThrow(/more opinions adopted than received/);
    await expect(step('assessment', '2019-06-30', { opinions })).rejects.toThrow(
      /only the consultation step records opinions/,
    );
  });

  it('links a decided plan to the adjustment that enacts it; refuses undecided plans, earlier dates, duplicates and links naming nothing', async () => {
    await setup();
    await start();
    const link = (more: Record<string, unknown> = {}) =>
      run(linkReformAdjustment, { effectiveAt: '2019-12-20', documentNo: '川府民政〔2019〕27号', ...more });
    await expect(link()).rejects.toThrow(/is not decided yet \(steps completed: none\)/);
    await step('research', '2019-04-15');
    await step('plan', '2019-05-20');
    await step('consultation', '2019-06-30', { opinions });
    await step('assessment', '2019-08-15');
    await step('decision', '2019-09-10');
    await expect(link({ effectiveAt: '2019-09-01' })).rejects.toThrow(
      /an adjustment effective 2019-09-01 cannot enact plan .*, decided later on 2019-09-10/,
    );
    await expect(run(linkReformAdjustment, { effectiveAt: '2019-12-20' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await link({ correlationId: 'corr-27' });
    await expect(link()).rejects.toThrow(/already linked to 川府民政〔2019〕27号 \(effective 2019-12-20\)/);
    await expect(link({ documentNo: undefined, correlationId: 'corr-27' })).rejects.toThrow(/already linked/);
    expect((await plan('2019-12-19')).links).toEqual([]);
    expect((await plan('2019-12-20')).links).toEqual([
      { documentNo: '川府民政〔2019〕27号', correlationId: 'corr-27', effectiveAt: '2019-12-20' },
    ]);
    const found = await runtime.query<PlanView[]>('reform.plans', 'byAdjustment', {
      documentNo: '川府民政〔2019〕27号',
    });
    expect(found.map((p) => p.planId)).toEqual([PLAN]);
    const list = await runtime.query<PlanView[]>('reform.plans', 'plans', {
      countyCode: '510722',
      scope: 'township',
    });
    expect(list).toHaveLength(1);
  });

  it('takes in a link recorded late and a retracted decision: as known before, the old answer stands', async () => {
    await setup();
    await decided();
    const before = clock.now();
    await run(linkReformAdjustment, { effectiveAt: '2019-12-20', documentNo: '川府民政〔2019〕27号' });
    expect((await plan('2020-01-01', before)).links).toEqual([]);
    expect((await plan('2020-01-01')).links).toHaveLength(1);
    const decision = (await store.readStream(`reform-${PLAN}`)).find(
      (e) => (e.data as { step?: string }).step === 'decision',
    )!;
    clock.advance(60_000);
    const r = await retractEvent(store, runtime, {
      eventId: decision.id,
      reason: '决策日期录入错误',
      authority: { documentNo: '三委办〔2020〕2号', issuedBy: '中共三台县委办公室' },
    });
    await runtime.waitForPosition(r.lastPosition);
    expect(await plan()).toMatchObject({ decided: false, next: 'decision' });
    expect(await plan(undefined, r.events[0]!.recordedMs - 1)).toMatchObject({ decided: true });
    await step('decision', '2019-09-12', { documentNo: '三委〔2019〕56号' });
    expect((await plan()).steps[4]!.completedOn).toBe('2019-09-12');
  });
});
