import { describe, expect, it } from 'vitest';
import type { NewEvent } from '@xianzhi/kernel';
import { givenHistory, type HistoryItem } from '@xianzhi/testkit';
import {
  educationEvents,
  enrolmentReported,
  schoolChanged,
  schoolClosed,
  schoolOpened,
  schoolsMerged,
  type SchoolKind,
} from './index';
import type { LayoutRow, LayoutSummary } from './layout';
import type { ProgressRow } from './progress';
import { educationSchools, type SchoolRow } from './schools';
import type { EducationState } from './state';
import { resolveTownship, type QueryAt } from './guard';
import type { SchoolUtilisationRow, TownshipUtilisationRow, UtilisationSummary } from './utilisation';

const C = '510799';
const DOC = { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府' };
const division = (id: string, name: string, kind: string, code: string, parentId?: string): NewEvent => ({
  type: 'divisions.established',
  data: { id, name, kind, code, ...(parentId ? { parentId } : {}) },
  metadata: { effectiveAt: '1992-08-01' },
});
const merger: NewEvent = {
  type: 'divisions.merged',
  data: { sourceIds: ['t2'], targetId: 't1', moves: [] },
  metadata: { effectiveAt: '2019-12-20', authority: DOC },
};
const open = (
  schoolId: string,
  townshipId: string,
  kind: SchoolKind,
  capacity: number,
  flags: { boarding?: boolean; public?: boolean } = {},
  effectiveAt = '2005-09-01',
) =>
  schoolOpened.create(
    {
      schoolId,
      countyCode: C,
      name: `${schoolId}校`,
      kind,
      townshipId,
      capacity,
      boarding: flags.boarding ?? false,
      public: flags.public ?? true,
    },
    { effectiveAt },
  );
const report = (schoolId: string, term: string, enrolled: number, effectiveAt: string) =>
  enrolmentReported.create({ schoolId, term, enrolled }, { effectiveAt });

/** 甲镇 t1, 乙乡 t2 (merged into 甲镇 on 2019-12-20), 丙镇 t3; schools in each; reports of autumn 2019. */
const county: HistoryItem[] = [
  division('c', '青溪县', 'county', C),
  division('t1', '甲镇', 'town', '510799101', 'c'),
  division('t3', '丙镇', 'town', '510799102', 'c'),
  division('t2', '乙乡', 'xiang', '510799201', 'c'),
  open('p1', 't1', 'primary', 600, { boarding: true }),
  open('j1', 't1', 'junior-high', 800),
  open('k1', 't1', 'kindergarten', 200),
  open('p2', 't2', 'primary', 300),
  open('p3', 't2', 'primary', 500, { boarding: true }),
  open('k2', 't2', 'kindergarten', 100, { public: false }),
  open('p4', 't3', 'primary', 400, { boarding: true }),
  open('n1', 't3', 'nine-year', 1000, { boarding: true }),
  report('p1', '2019-autumn', 540, '2019-09-20'),
  report('j1', '2019-autumn', 720, '2019-09-20'),
  report('k1', '2019-autumn', 180, '2019-09-20'),
  report('p2', '2019-autumn', 150, '2019-09-20'),
  report('p3', '2019-autumn', 400, '2019-09-20'),
  report('k2', '2019-autumn', 60, '2019-09-20'),
  report('p4', '2019-autumn', 360, '2019-09-20'),
  merger,
];

const query = <R>(
  history: readonly HistoryItem[],
  name: string,
  input: unknown,
  asOf: string,
  knownAt?: string,
) => {
  const q = givenHistory(history, { events: educationEvents }).asOf(asOf);
  return (knownAt ? q.knownAt(knownAt) : q).query<EducationState, R>(educationSchools, name, input);
};
const pick = (rows: LayoutRow[]) =>
  rows.map((r) => [
    r.township,
    r.primary,
    r.boardingPrimary,
    r.juniorHigh + r.nineYear,
    r.publicKindergarten,
    r.meets,
    r.missing,
  ]);

describe('layout per township, across the 2019-12-20 merger', () => {
  it('before: counted under the source township, which misses a junior high and a public kindergarten', async () => {
    const rows = await query<LayoutRow[]>(county, 'layout', { countyCode: C }, '2019-12-19');
    expect(pick(rows)).toEqual([
      ['甲镇', 1, 1, 1, 1, true, ''],
      ['丙镇', 1, 1, 1, 0, false, '公办幼儿园'],
      ['乙乡', 2, 1, 0, 0, false, '初中、公办幼儿园'],
    ]);
    expect(rows[2]!.missingNeeds).toEqual(['junior-high', 'public-kindergarten']);
  });

  it("after: the sources' schools count under the surviving township", async () => {
    const rows = await query<LayoutRow[]>(county, 'layout', { countyCode: C }, '2019-12-20');
    expect(pick(rows)).toEqual([
      ['甲镇', 3, 2, 1, 1, true, ''],
      ['丙镇', 1, 1, 1, 0, false, '公办幼儿园'],
    ]);
    const summary = await query<LayoutSummary>(county, 'layoutSummary', { countyCode: C }, '2020-01-01');
    expect(summary).toEqual({
      townships: 2,
      meeting: 1,
      notMeeting: 1,
      lacking: { 'boarding-primary': 0, 'junior-high': 0, 'public-kindergarten': 1 },
      excessBoardingPrimary: 0,
    });
    // a filter on the merged township stands for its survivor
    expect(
      pick(await query<LayoutRow[]>(county, 'layout', { townshipId: '510799201' }, '2020-01-01')),
    ).toEqual([['甲镇', 3, 2, 1, 1, true, '']]);
  });

  it('flags more than 3 boarding central primary schools as excess', async () => {
    const history = [
      ...county,
      open('p5', 't2', 'primary', 300, { boarding: true }),
      open('p6', 't2', 'primary', 300, { boarding: true }),
    ];
    const [jia] = await query<LayoutRow[]>(history, 'layout', { townshipId: 't1' }, '2020-01-01');
    expect(jia).toMatchObject({
      boardingPrimary: 4,
      meets: false,
      missing: '',
      excess: '寄宿制中心小学 4 所（多于 3 所）',
    });
  });
});

describe('building utilisation', () => {
  it('per school, per township and for the county, before and after the merger', async () => {
    const before = await query<TownshipUtilisationRow[]>(
      county,
      'utilisationByTownship',
      { countyCode: C },
      '2019-12-19',
    );
    expect(before.map((r) => [r.township, r.enrolled, r.capacity, r.rate, r.unreported])).toEqual([
      ['甲镇', 1440, 1600, 90, 0],
      ['丙镇', 360, 400, 90, 1],
      ['乙乡', 610, 900, 67.8, 0],
    ]);
    const after = await query<TownshipUtilisationRow[]>(
      county,
      'utilisationByTownship',
      { countyCode: C },
      '2019-12-20',
    );
    expect(after.map((r) => [r.township, r.schools, r.enrolled, r.capacity, r.rate])).toEqual([
      ['甲镇', 6, 2050, 2500, 82],
      ['丙镇', 2, 360, 400, 90],
    ]);
    const summary = await query<UtilisationSummary>(
      county,
      'utilisationSummary',
      { countyCode: C },
      '2020-01-01',
    );
    expect(summary).toEqual({
      schools: 8,
      unreported: 1,
      enrolled: 2410,
      capacity: 2900,
      rate: 83.1,
      target: 94,
      meets: false,
      gap: 10.9,
    });
    const bySchool = await query<SchoolUtilisationRow[]>(
      county,
      'utilisationBySchool',
      { townshipId: 't3' },
      '2020-01-01',
    );
    expect(bySchool.map((r) => [r.name, r.enrolled, r.rate, r.term])).toEqual([
      ['n1校', null, null, ''],
      ['p4校', 360, 90, '2019年秋季学期'],
    ]);
  });

  it('a merger of schools closes the sources; their pupils and places count under the target', async () => {
    const history = [
      ...county,
      schoolsMerged.create({ sourceIds: ['p2'], targetId: 'p3' }, { effectiveAt: '2020-07-20' }),
    ];
    const rows = await query<SchoolRow[]>(
      history,
      'schools',
      { townshipId: 't1', kind: 'primary' },
      '2020-08-01',
    );
    expect(rows.map((r) => [r.schoolId, r.enrolled, r.capacity, r.openedIn, r.township])).toEqual([
      ['p1', 540, 600, '甲镇', '甲镇'],
      ['p3', 550, 800, '乙乡', '甲镇'],
    ]);
    const all = await query<SchoolRow[]>(
      history,
      'schools',
      { townshipId: 't1', includeClosed: true },
      '2020-08-01',
    );
    expect(all.find((r) => r.schoolId === 'p2')).toMatchObject({
      status: 'merged',
      closedAt: '2020-07-20',
      mergedInto: 'p3',
    });
    expect(await query<SchoolRow[]>(history, 'school', { schoolId: 'p3' }, '2020-08-01')).toMatchObject({
      mergedFrom: ['p2'],
    });
    // the next report of the target replaces the figure; the county keeps its total until then
    const summary = await query<UtilisationSummary>(history, 'utilisationSummary', {}, '2020-08-01');
    expect([summary.enrolled, summary.capacity]).toEqual([2410, 2900]);
  });

  it('regression: an autumn report replaces the spring report of the same year', async () => {
    const history = [
      ...county,
      report('p4', '2020-spring', 300, '2020-03-20'),
      report('p4', '2020-autumn', 390, '2020-09-20'),
    ];
    const p4 = (
      await query<SchoolUtilisationRow[]>(history, 'utilisationBySchool', { townshipId: 't3' }, '2020-10-01')
    ).find((r) => r.schoolId === 'p4');
    expect(p4).toMatchObject({ enrolled: 390, rate: 97.5, term: '2020年秋季学期' });
  });

  it('a closed school leaves the figures from its closing date', async () => {
    const history = [
      ...county,
      schoolClosed.create({ schoolId: 'k2', reason: '办学许可证到期未续' }, { effectiveAt: '2020-01-20' }),
    ];
    expect((await query<UtilisationSummary>(history, 'utilisationSummary', {}, '2020-01-19')).schools).toBe(
      8,
    );
    expect((await query<UtilisationSummary>(history, 'utilisationSummary', {}, '2020-01-20')).schools).toBe(
      7,
    );
  });
});

describe('progress against the 2025 targets', () => {
  it('counts the open schools of each kind: current, target, gap', async () => {
    const rows = await query<ProgressRow[]>(county, 'progress', { countyCode: C }, '2020-01-01');
    expect(rows.map((r) => [r.kind, r.current, r.target, r.gap])).toEqual([
      ['primary', 4, 84, 80],
      ['junior-high', 1, 30, 29],
      ['nine-year', 1, 3, 2],
      ['kindergarten', 2, 39, 37],
    ]);
    expect(
      (await query<ProgressRow[]>(county, 'progress', { countyCode: C }, '2000-01-01')).map((r) => r.current),
    ).toEqual([0, 0, 0, 0]);
  });
});

describe('time', () => {
  it('a backdated merger (recorded late) moves the schools as known after its recording only', async () => {
    const late: HistoryItem[] = [
      ...county.filter((e) => e !== merger),
      { ...merger, recordedAt: '2020-01-10T09:00:00+08:00' },
    ];
    const townships = async (knownAt: string) =>
      (await query<LayoutRow[]>(late, 'layout', { countyCode: C }, '2019-12-31', knownAt)).map(
        (r) => r.township,
      );
    expect(await townships('2020-01-09T09:00:00+08:00')).toEqual(['甲镇', '丙镇', '乙乡']);
    expect(await townships('2020-01-11T09:00:00+08:00')).toEqual(['甲镇', '丙镇']);
  });

  it('a backdated report and its retraction: as known before the retraction, the old answer stands', async () => {
    const history: HistoryItem[] = [
      ...county,
      schoolChanged.create({ schoolId: 'n1', capacity: 1100 }, { effectiveAt: '2020-02-01' }),
      { ...report('n1', '2019-autumn', 990, '2019-10-10'), recordedAt: '2020-03-01T10:00:00+08:00' },
      { retract: county.length + 1, reason: '数据录入错误', recordedAt: '2020-04-01T10:00:00+08:00' },
    ];
    const n1 = async (asOf: string, knownAt: string) =>
      (await query<SchoolRow>(history, 'school', { schoolId: 'n1' }, asOf, knownAt))?.enrolled;
    expect(await n1('2019-12-31', '2020-02-01T00:00:00+08:00')).toBeNull();
    expect(await n1('2019-12-31', '2020-03-02T00:00:00+08:00')).toBe(990);
    expect(await n1('2019-10-09', '2020-03-02T00:00:00+08:00')).toBeNull();
    expect(await n1('2019-12-31', '2020-04-02T00:00:00+08:00')).toBeNull();
    const summary = await query<UtilisationSummary>(
      history,
      'utilisationSummary',
      {},
      '2020-03-15',
      '2020-03-15T00:00:00+08:00',
    );
    expect(summary).toMatchObject({ unreported: 0, enrolled: 3400, capacity: 4000, rate: 85 });
  });
});

describe('division query (for the guard)', () => {
  it('says when and into what a township ended, with the document', async () => {
    expect(await query(county, 'division', { id: '510799201' }, '2019-12-19')).toMatchObject({
      id: 't2',
      active: true,
      ended: null,
      countyCode: C,
    });
    expect(await query(county, 'division', { id: 't2' }, '2019-12-20')).toMatchObject({
      active: false,
      ended: {
        on: '2019-12-20',
        how: 'merged',
        successorId: 't1',
        successorName: '甲镇',
        documentNo: '川府民政〔2019〕27号',
      },
    });
    expect(await query(county, 'division', { id: 't9' }, '2019-12-20')).toBeNull();
  });

  it('a township abolished with no successor: the guard refuses it, saying so (no survivor to name)', async () => {
    const abolished: NewEvent = {
      type: 'divisions.abolished',
      data: { id: 't3', moves: [] },
      metadata: { effectiveAt: '2021-01-01', authority: DOC },
    };
    const history = [...county, abolished];
    expect(await query(history, 'division', { id: 't3' }, '2021-01-01')).toMatchObject({
      active: false,
      ended: { how: 'abolished', successorId: null, successorName: null },
    });
    const at = ((_projection: string, name: string, input: unknown, when?: { asOf?: string }) =>
      query(history, name, input, when!.asOf!)) as QueryAt;
    await expect(
      resolveTownship(at, { townshipId: '510799102', countyCode: C, effectiveAt: '2021-01-01' }),
    ).rejects.toThrow(
      /^丙镇（510799102） was abolished with no successor on 2021-01-01 \(川府民政〔2019〕27号\); a school opened on 2021-01-01 belongs to a township that exists then/,
    );
    expect(
      await resolveTownship(at, { townshipId: '510799102', countyCode: C, effectiveAt: '2020-12-31' }),
    ).toBe('t3');
  });
});
