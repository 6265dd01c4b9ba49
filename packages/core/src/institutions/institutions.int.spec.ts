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
  abolishOffice,
  changeStationStaffing,
  devolveStations,
  establishOffices,
  institutionsModule,
  reassignStation,
  recordInstitutionalChanges,
  withdrawStation,
  type InstitutionTotals,
  type TownshipRow,
} from './server';

const COUNTY = '510722';
const T1 = 'div-510722-2';
const T2 = 'div-510722-3';
const doc = { documentNo: '三编发〔2020〕5号', issuedBy: '三台县机构编制委员会' };

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let clock: ManualClock;

async function setup() {
  clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(institutionsModule.events),
    now: () => clock.now(),
  });
  runtime = createProjectionRuntime({ store, projections: institutionsModule.projections, clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const run = (command: AnyCommand, input: Record<string, unknown>) => {
  clock.advance(60_000);
  return executeCommand({ store, runtime }, command, { countyCode: COUNTY, ...input }, { actor: 'test' });
};
const totals = (asOf?: string, knownAt?: number) =>
  runtime.query<InstitutionTotals>(
    'institutions.townships',
    'totals',
    {},
    { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
  );

async function devolve() {
  return run(devolveStations, {
    effectiveAt: '2020-03-01',
    authority: doc,
    stations: [
      { department: '县农业农村局', name: '农业综合服务站', townshipId: T1, quotas: 6, staff: 5 },
      { department: '县林业局', name: '林业站', townshipId: T1, quotas: 4, staff: 3 },
      { department: '县农业农村局', name: '农业综合服务站', townshipId: T2, quotas: 5, staff: 4 },
    ],
  });
}

describe('institutions: stations', () => {
  it('devolves stations with quotas and staff, with the next ids, and totals them per township and county', async () => {
    await setup();
    const r = await devolve();
    expect(r.events.map((e) => (e.data as { stationId: string }).stationId)).toEqual([
      'station-510722-1',
      'station-510722-2',
      'station-510722-3',
    ]);
    expect(await totals()).toMatchObject({ townships: 2, stations: 3, quotas: 15, staff: 12, vacancies: 3 });
    expect((await totals('2020-02-29')).stations).toBe(0);
    const rows = await runtime.query<TownshipRow[]>('institutions.townships', 'townships', {});
    expect(rows.map((t) => [t.townshipId, t.stations, t.quotas, t.staff])).toEqual([
      [T1, 2, 10, 8],
      [T2, 1, 5, 4],
    ]);
    const depts = await runtime.query<{ department: string; stations: number }[]>(
      'institutions.townships',
      'byDepartment',
      {},
    );
    expect(depts[0]).toMatchObject({ department: '县农业农村局', stations: 2, quotas: 11, staff: 9 });
  });

  it('refuses staff above the quotas, a reused id, a second station of a department in one township, and bad numbers', async () => {
    await setup();
    await devolve();
    const one = (s: Record<string, unknown>) =>
      run(devolveStations, {
        effectiveAt: '2020-06-01',
        stations: [{ department: '县水务局', name: '水利站', townshipId: T2, quotas: 3, staff: 2, ...s }],
      });
    await expect(one({ staff: 4 })).rejects.toThrow(
      /县水务局水利站 would have 4 staff for 3 staffing quotas; staff cannot exceed the quotas \(不得超编\)/,
    );
    await expect(one({ stationId: 'station-510722-1' })).rejects.toThrow(
      /station 县农业农村局农业综合服务站（station-510722-1） already exists/,
    );
    await expect(one({ department: '县农业农村局', name: '农业综合服务站' })).rejects.toThrow(
      /township div-510722-3 already has station 县农业农村局农业综合服务站（station-510722-3）, devolved on 2020-03-01/,
    );
    await expect(one({ quotas: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(one({ staff: 1.5 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('changes staffing as of a date (keeping what is not given) and refuses going over the quotas or changing a withdrawn station', async () => {
    await setup();
    await devolve();
    await run(changeStationStaffing, { effectiveAt: '2021-01-01', stationId: 'station-510722-1', staff: 6 });
    expect((await totals('2020-12-31')).staff).toBe(12);
    expect((await totals('2021-01-01')).staff).toBe(13);
    await expect(
      run(changeStationStaffing, { effectiveAt: '2021-02-01', stationId: 'station-510722-1', quotas: 5 }),
    ).rejects.toThrow(/would have 6 staff for 5 staffing quotas/);
    await expect(
      run(changeStationStaffing, { effectiveAt: '2021-02-01', stationId: 'station-510722-1' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      run(changeStationStaffing, { effectiveAt: '2021-02-01', stationId: 'station-x', staff: 1 }),
    ).rejects.toThrow(/no station station-x exists as of 2021-02-01/);
    await run(withdrawStation, {
      effectiveAt: '2022-01-01',
      stationId: 'station-510722-2',
      reason: '上收县林业局',
    });
    await expect(
      run(changeStationStaffing, { effectiveAt: '2022-02-01', stationId: 'station-510722-2', staff: 1 }),
    ).rejects.toThrow(/was withdrawn to its department on 2022-01-01/);
    await expect(
      run(withdrawStation, { effectiveAt: '2022-02-01', stationId: 'station-510722-2' }),
    ).rejects.toThrow(/was withdrawn/);
    expect((await totals('2022-01-01')).stations).toBe(2);
  });

  it('reassigns a station to another township and refuses the same township or a twin there', async () => {
    await setup();
    await devolve();
    await expect(
      run(reassignStation, { effectiveAt: '2021-01-01', stationId: 'station-510722-1', townshipId: T1 }),
    ).rejects.toThrow(/already belongs to township div-510722-2/);
    await expect(
      run(reassignStation, { effectiveAt: '2021-01-01', stationId: 'station-510722-1', townshipId: T2 }),
    ).rejects.toThrow(/township div-510722-3 already has station 县农业农村局农业综合服务站/);
    await run(reassignStation, { effectiveAt: '2021-01-01', stationId: 'station-510722-2', townshipId: T2 });
    const t2 = (asOf: string) =>
      runtime.query<{ stations: { name: string }[] }>(
        'institutions.townships',
        'township',
        { townshipId: T2 },
        { asOf },
      );
    expect((await t2('2020-12-31')).stations.map((s) => s.name)).toEqual(['农业综合服务站']);
    expect((await t2('2021-01-01')).stations.map((s) => s.name)).toEqual(['林业站', '农业综合服务站']);
  });
});

describe('institutions: offices', () => {
  it('establishes offices and enforcement teams, one approval office and one team per township; abolishes them', async () => {
    await setup();
    const r = await run(establishOffices, {
      effectiveAt: '2020-03-01',
      authority: doc,
      offices: [
        { townshipId: T1, kind: 'party-government-office', name: '党政办公室' },
        { townshipId: T1, kind: 'approval-office', name: '行政审批办公室', quotas: 3 },
        { townshipId: T1, kind: 'enforcement-team', name: '综合行政执法队', quotas: 8 },
        { townshipId: T2, kind: 'public-institution', name: '便民服务中心' },
      ],
    });
    expect((r.events[3]!.data as { officeId: string }).officeId).toBe('office-510722-4');
    const second = run(establishOffices, {
      effectiveAt: '2020-06-01',
      offices: [{ townshipId: T1, kind: 'approval-office', name: '审批办' }],
    });
    await expect(second).rejects.toBeInstanceOf(InvariantViolation);
    await expect(second).rejects.toThrow(
      /township div-510722-2 already has a 行政审批办公室, 行政审批办公室 行政审批办公室（office-510722-2）, since 2020-03-01; a township has one at most/,
    );
    await expect(
      run(establishOffices, {
        effectiveAt: '2020-06-01',
        offices: [
          { officeId: 'office-510722-1', townshipId: T2, kind: 'party-government-office', name: 'x' },
        ],
      }),
    ).rejects.toThrow(/already exists/);
    await expect(
      run(establishOffices, {
        effectiveAt: '2020-06-01',
        offices: [{ townshipId: T2, kind: 'bureau', name: 'x' }],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const row = async (asOf?: string) =>
      (
        await runtime.query<TownshipRow[]>('institutions.townships', 'townships', {}, asOf ? { asOf } : {})
      ).find((t) => t.townshipId === T1)!;
    expect(await row()).toMatchObject({
      enforcementTeam: true,
      approvalOffice: true,
      offices: { 'party-government-office': 1 },
    });
    await run(abolishOffice, { effectiveAt: '2023-01-01', officeId: 'office-510722-3' });
    expect((await row()).enforcementTeam).toBe(false);
    expect((await row('2022-12-31')).enforcementTeam).toBe(true);
    await expect(
      run(abolishOffice, { effectiveAt: '2023-02-01', officeId: 'office-510722-3' }),
    ).rejects.toThrow(/was already abolished on 2023-01-01/);
    await expect(run(abolishOffice, { effectiveAt: '2023-02-01', officeId: 'office-9' })).rejects.toThrow(
      /no office office-9 exists/,
    );
    // a new team after the old one is abolished is fine
    await run(establishOffices, {
      effectiveAt: '2023-03-01',
      offices: [{ townshipId: T1, kind: 'enforcement-team', name: '综合行政执法大队' }],
    });
    expect((await totals()).offices['enforcement-team']).toBe(1);
  });
});

describe('institutions: decisions and time', () => {
  it('records mixed changes all or nothing, naming the failing change', async () => {
    await setup();
    await devolve();
    const head = await store.headPosition();
    const bad = run(recordInstitutionalChanges, {
      effectiveAt: '2021-01-01',
      changes: [
        { op: 'reassign-station', stationId: 'station-510722-2', townshipId: T2 },
        { op: 'change-staffing', stationId: 'station-510722-3', staff: 9 },
      ],
    });
    await expect(bad).rejects.toThrow(/^changes\[1\] \(change-staffing\): .* would have 9 staff for 5/);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a backdated withdrawal that contradicts a later change; takes in a backdated devolution and a retraction', async () => {
    await setup();
    await devolve();
    await run(changeStationStaffing, {
      effectiveAt: '2021-01-01',
      authority: { ...doc, documentNo: '三编发〔2021〕2号' },
      stationId: 'station-510722-1',
      staff: 6,
    });
    await expect(
      run(withdrawStation, { effectiveAt: '2020-06-01', stationId: 'station-510722-1' }),
    ).rejects.toThrow(
      /contradicts institutions.station-staffing-changed effective 2021-01-01 \(三编发〔2021〕2号\).*was withdrawn to its department on 2020-06-01/,
    );
    const before = clock.now();
    const late = await run(devolveStations, {
      effectiveAt: '2020-03-01',
      authority: doc,
      stations: [{ department: '县水务局', name: '水利站', townshipId: T2, quotas: 3, staff: 3 }],
    });
    expect((await totals('2020-03-01')).stations).toBe(4);
    expect((await totals('2020-03-01', before)).stations).toBe(3);
    clock.advance(60_000);
    const r = await retractEvent(store, runtime, {
      eventId: late.events[0]!.id,
      reason: '重复录入',
      authority: doc,
    });
    await runtime.waitForPosition(r.lastPosition);
    expect(await totals('2021-06-01')).toMatchObject({ stations: 3, quotas: 15, staff: 13 });
    expect((await totals('2021-06-01', r.events[0]!.recordedMs - 1)).stations).toBe(4);
  });
});
