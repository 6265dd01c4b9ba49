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
  acceptService,
  closeServicePoint,
  completeService,
  openServicePoints,
  pointIdOf,
  proxyService,
  rejectService,
  requestService,
  servicesModule,
  type ActivityRow,
  type OpenRequest,
  type PointRow,
} from './server';

const COUNTY = '510722';
const CENTRE = pointIdOf('div-510722-1', 'county-centre');
const TOWN = pointIdOf('div-510722-2', 'township-centre');
const ROOM = pointIdOf('div-510722-5', 'village-room');
const GRID = pointIdOf('div-510722-9', 'grid-worker');

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let clock: ManualClock;

async function setup() {
  clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(servicesModule.events),
    now: () => clock.now(),
  });
  runtime = createProjectionRuntime({ store, projections: servicesModule.projections, clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const run = (command: AnyCommand, input: Record<string, unknown>) => {
  clock.advance(1_000);
  return executeCommand({ store, runtime }, command, input, { actor: 'test' });
};

async function fourLevels() {
  return run(openServicePoints, {
    countyCode: COUNTY,
    effectiveAt: '2020-06-01',
    authority: { documentNo: '三府办〔2020〕21号', issuedBy: '三台县人民政府办公室' },
    points: [
      { level: 'county-centre', divisionId: 'div-510722-1', name: '三台县政务服务中心' },
      {
        level: 'township-centre',
        divisionId: 'div-510722-2',
        name: '潼川镇便民服务中心',
        parentPointId: CENTRE,
      },
      { level: 'village-room', divisionId: 'div-510722-5', name: '凤凰村便民服务室', parentPointId: TOWN },
      { level: 'grid-worker', divisionId: 'div-510722-9', name: '凤凰村一组网格员', parentPointId: ROOM },
    ],
  });
}

const at = (day: string, time: string) => `${day}T${time}:00+08:00`;

/** A request's whole life: `steps` are [command, time] after the request. */
async function life(
  requestId: string,
  pointId: string,
  kind: string,
  requestedAt: string,
  steps: [AnyCommand, string, Record<string, unknown>?][],
) {
  const results = [await run(requestService, { requestId, pointId, kind, effectiveAt: requestedAt })];
  for (const [command, when, more] of steps)
    results.push(await run(command, { requestId, effectiveAt: when, ...more }));
  return results;
}

describe('services: points', () => {
  it('opens the four levels under one another and lists them as of a date', async () => {
    await setup();
    const r = await fourLevels();
    expect(r.events.map((e) => (e.data as { pointId: string }).pointId)).toEqual([CENTRE, TOWN, ROOM, GRID]);
    expect(await runtime.query('services.points', 'counts', {})).toEqual({
      'county-centre': 1,
      'township-centre': 1,
      'village-room': 1,
      'grid-worker': 1,
    });
    expect(await runtime.query('services.points', 'list', {}, { asOf: '2020-05-31' })).toEqual([]);
    const rooms = await runtime.query<PointRow[]>('services.points', 'list', { parentPointId: TOWN });
    expect(rooms).toEqual([
      expect.objectContaining({ id: ROOM, levelLabel: '便民服务室', children: 1, openedAt: '2020-06-01' }),
    ]);
  });

  it('refuses a duplicate id, a second county centre, a parent at the wrong level, unknown or closed parents and missing parents', async () => {
    await setup();
    await fourLevels();
    const open = (point: Record<string, unknown>, effectiveAt = '2021-01-01') =>
      run(openServicePoints, { countyCode: COUNTY, effectiveAt, points: [point] });
    await expect(
      open({ level: 'village-room', divisionId: 'div-510722-5', name: 'x', parentPointId: TOWN }),
    ).rejects.toThrow(
      /便民服务室 凤凰村便民服务室（div-510722-5:village-room） already exists \(opened on 2020-06-01\)/,
    );
    await expect(
      open({ level: 'county-centre', divisionId: 'div-510722-1b', name: '第二中心' }),
    ).rejects.toThrow(/already has a county service centre, 政务服务中心 三台县政务服务中心/);
    await expect(
      open({ level: 'village-room', divisionId: 'div-510722-6', name: '柳林村', parentPointId: CENTRE }),
    ).rejects.toThrow(/belongs to a township-centre, not to 政务服务中心 三台县政务服务中心/);
    await expect(
      open({ level: 'village-room', divisionId: 'div-510722-6', name: '柳林村', parentPointId: 'nope' }),
    ).rejects.toThrow(/parent point nope does not exist as of 2021-01-01/);
    await expect(
      open({ level: 'village-room', divisionId: 'div-510722-6', name: '柳林村' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2021-06-01', pointId: GRID });
    await run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2021-06-01', pointId: ROOM });
    await expect(
      open(
        { level: 'grid-worker', divisionId: 'div-510722-10', name: '二组网格员', parentPointId: ROOM },
        '2021-07-01',
      ),
    ).rejects.toThrow(/was closed on 2021-06-01/);
  });

  it('closes a point only without open points under it; refuses closing twice and a backdated opening under a point closed before it', async () => {
    await setup();
    await fourLevels();
    await expect(
      run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2021-01-01', pointId: ROOM }),
    ).rejects.toThrow(/still has 1 open points under it \(凤凰村一组网格员…\); close them first/);
    await run(closeServicePoint, {
      countyCode: COUNTY,
      effectiveAt: '2021-01-01',
      pointId: GRID,
      reason: '网格调整',
    });
    await expect(
      run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2021-02-01', pointId: GRID }),
    ).rejects.toThrow(/was already closed on 2021-01-01/);
    await expect(
      run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2021-02-01', pointId: 'ghost' }),
    ).rejects.toThrow(/no service point ghost exists/);
    expect(await runtime.query('services.points', 'counts', {}, { asOf: '2020-12-31' })).toMatchObject({
      'grid-worker': 1,
    });
    expect(await runtime.query('services.points', 'counts', {}, { asOf: '2021-01-01' })).toMatchObject({
      'grid-worker': 0,
    });
    await run(closeServicePoint, { countyCode: COUNTY, effectiveAt: '2022-01-01', pointId: ROOM });
    const backdated = run(openServicePoints, {
      countyCode: COUNTY,
      effectiveAt: '2021-06-01',
      points: [
        { level: 'grid-worker', divisionId: 'div-510722-10', name: '二组网格员', parentPointId: ROOM },
      ],
    });
    await expect(backdated).rejects.toThrow(
      /contradicts services.point-closed effective 2022-01-01, recorded .* as event .*still has 1 open points/,
    );
  });
});

describe('services: request lifecycle', () => {
  it('runs requested → accepted → proxied → completed, accepted → completed, requested → rejected and proxied → rejected', async () => {
    await setup();
    await fourLevels();
    const a = await life('R-1', ROOM, 'civil-affairs', at('2021-03-01', '09:00'), [
      [acceptService, at('2021-03-01', '09:30')],
      [proxyService, at('2021-03-01', '10:00'), { agent: '王网格员' }],
      [completeService, at('2021-03-03', '09:00')],
    ]);
    expect(a.map((r) => r.events[0]!.type)).toEqual([
      'services.requested',
      'services.accepted',
      'services.proxied',
      'services.completed',
    ]);
    expect(a[0]!.stream).toBe('services-request-R-1');
    await life('R-2', CENTRE, 'social-insurance', at('2021-03-02', '09:00'), [
      [acceptService, at('2021-03-02', '09:10')],
      [completeService, at('2021-03-02', '11:00')],
    ]);
    await life('R-3', CENTRE, 'social-insurance', at('2021-03-02', '10:00'), [
      [rejectService, at('2021-03-02', '10:05'), { reason: '材料不全' }],
    ]);
    await life('R-4', GRID, 'civil-affairs', at('2021-03-05', '10:00'), [
      [acceptService, at('2021-03-05', '10:05')],
      [proxyService, at('2021-03-05', '11:00')],
      [rejectService, at('2021-03-06', '10:05'), { reason: '不符合救助条件' }],
    ]);
    const { total } = await runtime.query<{ total: ActivityRow }>('services.activity', 'statistics', {});
    expect(total).toMatchObject({
      requested: 4,
      accepted: 3,
      proxied: 2,
      completed: 2,
      rejected: 2,
      open: 0,
    });
  });

  it('refuses transitions not allowed from the current status, naming it; unknown or repeated requests; steps back in time; a rejection without reason', async () => {
    await setup();
    await life('R-1', ROOM, 'civil-affairs', at('2021-03-01', '09:00'), [
      [acceptService, at('2021-03-01', '09:30')],
      [completeService, at('2021-03-01', '12:00')],
    ]);
    const again = run(acceptService, { requestId: 'R-1', effectiveAt: at('2021-03-02', '09:00') });
    await expect(again).rejects.toBeInstanceOf(InvariantViolation);
    await expect(again).rejects.toThrow(
      /service request R-1 is completed \(已办结\) since 2021-03-01 12:00; it cannot be accepted — it is closed/,
    );
    await run(requestService, {
      requestId: 'R-2',
      pointId: ROOM,
      kind: 'certification',
      effectiveAt: at('2021-03-01', '09:00'),
    });
    await expect(
      run(proxyService, { requestId: 'R-2', effectiveAt: at('2021-03-01', '10:00') }),
    ).rejects.toThrow(/is requested \(已申请\) .* a requested request can only be accepted or rejected/);
    await expect(
      run(completeService, { requestId: 'R-2', effectiveAt: at('2021-03-01', '10:00') }),
    ).rejects.toThrow(/it cannot be completed/);
    await expect(
      run(acceptService, { requestId: 'R-2', effectiveAt: at('2021-03-01', '08:00') }),
    ).rejects.toThrow(/cannot be accepted at 2021-03-01 08:00: it was requested later, at 2021-03-01 09:00/);
    await expect(
      run(acceptService, { requestId: 'R-9', effectiveAt: at('2021-03-01', '10:00') }),
    ).rejects.toThrow(/service request R-9 does not exist; it must be requested before it can be accepted/);
    await expect(
      run(requestService, {
        requestId: 'R-2',
        pointId: ROOM,
        kind: 'certification',
        effectiveAt: at('2021-03-01', '09:00'),
      }),
    ).rejects.toThrow(/already made at .*village-room \(now requested/);
    await expect(
      run(rejectService, { requestId: 'R-2', effectiveAt: at('2021-03-01', '10:00'), reason: ' ' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      run(requestService, { requestId: 'R 3', pointId: ROOM, kind: 'pets', effectiveAt: 'yesterday' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('services: activity', () => {
  async function month() {
    await fourLevels();
    // county centre: 2 completed in 2h and 4h; township: one open; room: proxied, completed in 48h; grid: proxied, open
    await life('C-1', CENTRE, 'social-insurance', at('2021-03-01', '09:00'), [
      [acceptService, at('2021-03-01', '09:10')],
      [completeService, at('2021-03-01', '11:00')],
    ]);
    await life('C-2', CENTRE, 'social-insurance', at('2021-03-02', '09:00'), [
      [acceptService, at('2021-03-02', '09:10')],
      [completeService, at('2021-03-02', '13:00')],
    ]);
    await life('T-1', TOWN, 'agricultural-subsidy', at('2021-03-15', '09:00'), [
      [acceptService, at('2021-03-15', '09:10')],
    ]);
    await life('V-1', ROOM, 'civil-affairs', at('2021-03-20', '09:00'), [
      [acceptService, at('2021-03-20', '09:10')],
      [proxyService, at('2021-03-20', '10:00')],
      [completeService, at('2021-03-22', '09:00')],
    ]);
    await life('G-1', GRID, 'civil-affairs', at('2021-04-01', '09:00'), [
      [acceptService, at('2021-04-01', '09:10')],
      [proxyService, at('2021-04-01', '10:00')],
    ]);
  }
  const stats = (input: Record<string, unknown>, asOf?: string, knownAt?: number) =>
    runtime.query<{ rows: ActivityRow[]; total: ActivityRow }>('services.activity', 'statistics', input, {
      ...(asOf ? { asOf } : {}),
      ...(knownAt ? { knownAt } : {}),
    });
  const open = (input: Record<string, unknown>, asOf?: string, knownAt?: number) =>
    runtime.query<{ total: number; requests: OpenRequest[] }>('services.activity', 'openRequests', input, {
      ...(asOf ? { asOf } : {}),
      ...(knownAt ? { knownAt } : {}),
    });

  it('counts per level, point, kind and month with the median lead time and the share proxied', async () => {
    await setup();
    await month();
    const byLevel = (await stats({ groupBy: ['level'] })).rows;
    expect(
      byLevel.map((r) => [
        r.level,
        r.requested,
        r.completed,
        r.open,
        r.medianLeadTimeHours,
        r.proxiedPercent,
      ]),
    ).toEqual([
      ['county-centre', 2, 2, 0, 3, 0],
      ['grid-worker', 1, 0, 1, null, 100],
      ['township-centre', 1, 0, 1, null, 0],
      ['village-room', 1, 1, 0, 48, 100],
    ]);
    const byMonth = (await stats({ groupBy: ['month'] })).rows;
    expect(byMonth.map((r) => [r.month, r.requested, r.medianLeadTimeHours])).toEqual([
      ['2021-03', 4, 4],
      ['2021-04', 1, null],
    ]);
    const { total } = await stats({ from: '2021-03', to: '2021-03' });
    expect(total).toMatchObject({
      requested: 4,
      completed: 3,
      proxied: 1,
      proxiedPercent: 25,
      medianLeadTimeHours: 4,
    });
    const kind = await stats({ groupBy: ['point', 'kind'], kind: 'civil-affairs' });
    expect(kind.rows.map((r) => [r.pointName, r.kindLabel])).toEqual([
      ['凤凰村便民服务室', '民政救助'],
      ['凤凰村一组网格员', '民政救助'],
    ]);
    expect((await stats({ level: 'county-centre' })).total.requested).toBe(2);
  });

  it('answers as of dates before, between and after the steps, and lists the open requests of a point', async () => {
    await setup();
    await month();
    expect((await stats({}, '2021-02-28')).total.requested).toBe(0);
    expect((await stats({}, '2021-03-21')).total).toMatchObject({ requested: 4, completed: 2, open: 2 });
    expect((await open({}, '2021-03-21')).requests.map((r) => [r.requestId, r.status])).toEqual([
      ['T-1', 'accepted'],
      ['V-1', 'proxied'],
    ]);
    expect((await open({ pointId: ROOM }, '2021-03-23')).total).toBe(0);
    expect((await open({ level: 'grid-worker' })).requests).toEqual([
      expect.objectContaining({
        requestId: 'G-1',
        status: 'proxied',
        requestedAt: '2021-04-01T01:00:00.000Z',
      }),
    ]);
    // on 2021-03-01 at 10:00 county time, C-1 is accepted but not completed
    expect(
      (await open({ pointId: CENTRE }, at('2021-03-01', '10:00'))).requests.map((r) => r.status),
    ).toEqual(['accepted']);
  });

  it('takes in a backdated request and a retraction: as known before each, the old answer stands', async () => {
    await setup();
    await month();
    const beforeLate = clock.now();
    await life('T-0', TOWN, 'employment', at('2021-02-10', '09:00'), [
      [acceptService, at('2021-02-10', '09:30')],
      [completeService, at('2021-02-11', '09:00')],
    ]);
    expect((await stats({ groupBy: ['month'] })).rows[0]).toMatchObject({
      month: '2021-02',
      requested: 1,
      medianLeadTimeHours: 24,
    });
    expect((await stats({ groupBy: ['month'] }, undefined, beforeLate)).rows[0]!.month).toBe('2021-03');
    const completion = (await store.readStream('services-request-V-1')).find(
      (e) => e.type === 'services.completed',
    )!;
    clock.advance(60_000);
    const r = await retractEvent(store, runtime, {
      eventId: completion.id,
      reason: '误点办结',
      authority: { documentNo: '三政务〔2021〕3号', issuedBy: '三台县政务服务中心' },
    });
    await runtime.waitForPosition(r.lastPosition);
    expect((await open({ pointId: ROOM })).requests.map((x) => [x.requestId, x.status])).toEqual([
      ['V-1', 'proxied'],
    ]);
    expect((await open({ pointId: ROOM }, undefined, r.events[0]!.recordedMs - 1)).total).toBe(0);
    // the request's decider ignores the retracted completion: it can be completed again
    await run(completeService, { requestId: 'V-1', effectiveAt: at('2021-03-25', '09:00') });
    expect((await stats({ pointId: ROOM })).total).toMatchObject({ completed: 1, medianLeadTimeHours: 120 });
  });
});
