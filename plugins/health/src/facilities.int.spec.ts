import { describe, expect, it } from 'vitest';
import type { NewEvent } from '@xianzhi/kernel';
import { givenHistory, type HistoryItem } from '@xianzhi/testkit';
import type { CoverageRow } from './coverage';
import { healthFacilities, type FacilityRow } from './facilities';
import {
  facilityClosed,
  facilityDowngraded,
  facilityEstablished,
  facilityUpgraded,
  healthEvents,
  type Tier,
  type Zone,
} from './index';
import type { NetworkRow, NetworkSummary } from './network';
import type { HealthState } from './state';

const C = '510799';
const division = (id: string, name: string, kind: string, code: string, parentId?: string): NewEvent => ({
  type: 'divisions.established',
  data: { id, name, kind, code, ...(parentId ? { parentId } : {}) },
  metadata: { effectiveAt: '1992-08-01' },
});
const DOC = { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府' };
const townshipMerger: NewEvent = {
  type: 'divisions.merged',
  data: { sourceIds: ['t2'], targetId: 't1', moves: [{ id: 'v2', to: 't1', code: '510799101202' }] },
  metadata: { effectiveAt: '2019-12-20', authority: DOC },
};
const villageMerger: NewEvent = {
  type: 'divisions.merged',
  data: { sourceIds: ['v4'], targetId: 'v3', moves: [] },
  metadata: { effectiveAt: '2020-06-30' },
};
const boundary: NewEvent = {
  type: 'divisions.boundary-adjusted',
  data: { fromId: 't3', toId: 't1', moves: [{ id: 'v3', to: 't1' }] },
  metadata: { effectiveAt: '2021-01-01' },
};
const facility = (
  facilityId: string,
  tier: Tier,
  zone: Zone,
  divisionId: string,
  effectiveAt = '2000-01-01',
) =>
  facilityEstablished.create(
    { facilityId, countyCode: C, name: `${facilityId}院`, tier, zone, divisionId },
    { effectiveAt },
  );

/** 甲镇 t1, 乙乡 t2 (merged into 甲镇 on 2019-12-20), 丙镇 t3; a village each, two in 丙镇. */
const county: HistoryItem[] = [
  division('c', '青溪县', 'county', C),
  division('t1', '甲镇', 'town', '510799101', 'c'),
  division('t3', '丙镇', 'town', '510799102', 'c'),
  division('t2', '乙乡', 'xiang', '510799201', 'c'),
  division('v1', '甲村', 'village', '510799101201', 't1'),
  division('v2', '乙村', 'village', '510799201201', 't2'),
  division('v3', '丙村', 'village', '510799102201', 't3'),
  division('v4', '丁村', 'village', '510799102202', 't3'),
  facility('f1', 'central-health-centre', 'central', 't1'),
  facility('f2', 'general-health-centre', 'north', 't2'),
  facility('f3', 'general-health-centre', 'east', 't3'),
  facility('c1', 'village-clinic', 'central', 'v1'),
  facility('c2', 'village-clinic', 'north', 'v2'),
  facility('c3', 'village-clinic', 'east', 'v3'),
  facility('c4', 'village-clinic', 'east', 'v4'),
  townshipMerger,
  villageMerger,
  boundary,
];

const query = <R>(
  history: readonly HistoryItem[],
  name: string,
  input: unknown,
  asOf: string,
  knownAt?: string,
) => {
  const q = givenHistory(history, { events: healthEvents }).asOf(asOf);
  return (knownAt ? q.knownAt(knownAt) : q).query<HealthState, R>(healthFacilities, name, input);
};
const cover = async (history: readonly HistoryItem[], asOf: string, knownAt?: string) =>
  (await query<CoverageRow[]>(history, 'coverage', { countyCode: C }, asOf, knownAt)).map((r) => [
    r.township,
    r.subCentres,
    r.centralCentres,
    r.generalCentres,
    r.clinics,
    r.hasCentre,
  ]);

describe('network by tier and zone', () => {
  it('counts open facilities per tier and zone, against the targets', async () => {
    const rows = await query<NetworkRow[]>(county, 'network', { countyCode: C }, '2019-06-01');
    expect(
      rows.map((r) => [r.tier, r.central, r.north, r.west, r.east, r.south, r.total, r.target, r.gap]),
    ).toEqual([
      ['medical-sub-centre', 0, 0, 0, 0, 0, 0, 4, 4],
      ['central-health-centre', 1, 0, 0, 0, 0, 1, 15, 14],
      ['general-health-centre', 0, 1, 0, 1, 0, 2, 17, 15],
      ['village-clinic', 1, 1, 0, 2, 0, 4, null, null],
    ]);
    const history = [
      ...county,
      facilityUpgraded.create(
        { facilityId: 'f1', tier: 'medical-sub-centre', previousTier: 'central-health-centre' },
        { effectiveAt: '2020-06-01' },
      ),
      facilityUpgraded.create(
        { facilityId: 'f2', tier: 'central-health-centre', previousTier: 'general-health-centre' },
        { effectiveAt: '2020-12-01' },
      ),
      facilityDowngraded.create(
        { facilityId: 'f2', tier: 'general-health-centre', previousTier: 'central-health-centre' },
        { effectiveAt: '2021-12-01' },
      ),
    ];
    const totals = async (asOf: string) =>
      (await query<NetworkRow[]>(history, 'network', { countyCode: C }, asOf)).map((r) => r.total);
    expect(await totals('2020-06-01')).toEqual([1, 0, 2, 4]);
    expect(await totals('2021-01-01')).toEqual([1, 1, 1, 4]);
    expect(await totals('2022-01-01')).toEqual([1, 0, 2, 4]);
    expect(await query<NetworkSummary>(history, 'networkSummary', { countyCode: C }, '2022-01-01')).toEqual({
      centres: 3,
      clinics: 4,
      tiersOnTarget: 0,
      tiers: 3,
    });
    const [f2] = await query<FacilityRow[]>(
      history,
      'facilities',
      { tier: 'general-health-centre', zone: 'north' },
      '2022-01-01',
    );
    expect(f2).toMatchObject({
      facilityId: 'f2',
      tierHistory: '一般卫生院 → 中心卫生院（2020-12-01） → 一般卫生院（2021-12-01）',
      township: '甲镇',
      division: '乙乡',
    });
  });
});

describe('townships and their centres, across mergers and village moves', () => {
  it('before the township merger: under the source township', async () => {
    expect(await cover(county, '2019-12-19')).toEqual([
      ['甲镇', 0, 1, 0, 1, true],
      ['丙镇', 0, 0, 1, 2, true],
      ['乙乡', 0, 0, 1, 1, true],
    ]);
  });

  it("after it: the source's centre and clinics count under the survivor", async () => {
    expect(await cover(county, '2019-12-20')).toEqual([
      ['甲镇', 0, 1, 1, 2, true],
      ['丙镇', 0, 0, 1, 2, true],
    ]);
    const [row] = await query<CoverageRow[]>(county, 'coverage', { townshipId: '510799201' }, '2020-01-01');
    expect(row).toMatchObject({ township: '甲镇', centreNames: 'f1院、f2院' });
  });

  it('a clinic of a merged village follows its village; a village moved across a boundary takes its clinics along', async () => {
    expect(await cover(county, '2020-06-30')).toEqual([
      ['甲镇', 0, 1, 1, 2, true],
      ['丙镇', 0, 0, 1, 2, true],
    ]);
    expect(await cover(county, '2021-01-01')).toEqual([
      ['甲镇', 0, 1, 1, 4, true],
      ['丙镇', 0, 0, 1, 0, true],
    ]);
    const c4 = await query<FacilityRow>(county, 'facility', { facilityId: 'c4' }, '2021-01-01');
    expect(c4).toMatchObject({ township: '甲镇', division: '丁村' });
  });

  it('lists the townships without a centre of their own', async () => {
    const history = [
      ...county,
      facilityClosed.create({ facilityId: 'f3', reason: '危房迁建' }, { effectiveAt: '2022-03-01' }),
    ];
    const without = async (asOf: string) =>
      (await query<CoverageRow[]>(history, 'withoutCentre', { countyCode: C }, asOf)).map((r) => r.township);
    expect(await without('2022-02-28')).toEqual([]);
    expect(await without('2022-03-01')).toEqual(['丙镇']);
    // before the merger, 乙乡 without f2 would be listed; after it, 甲镇 covers it
    const noF2 = county.filter(
      (e) => !('data' in e) || (e.data as { facilityId?: string }).facilityId !== 'f2',
    );
    expect(
      (await query<CoverageRow[]>(noF2, 'withoutCentre', { countyCode: C }, '2019-12-19')).map(
        (r) => r.township,
      ),
    ).toEqual(['乙乡']);
    expect(await query<CoverageRow[]>(noF2, 'withoutCentre', { countyCode: C }, '2019-12-20')).toEqual([]);
  });
});

describe('time', () => {
  it('a backdated township merger (recorded late) moves the facilities as known after its recording only', async () => {
    const late: HistoryItem[] = [
      ...county.filter((e) => e !== townshipMerger && e !== villageMerger && e !== boundary),
      { ...townshipMerger, recordedAt: '2020-01-10T09:00:00+08:00' },
    ];
    const names = async (knownAt: string) =>
      (await query<CoverageRow[]>(late, 'coverage', { countyCode: C }, '2019-12-31', knownAt)).map(
        (r) => r.township,
      );
    expect(await names('2020-01-09T09:00:00+08:00')).toEqual(['甲镇', '丙镇', '乙乡']);
    expect(await names('2020-01-11T09:00:00+08:00')).toEqual(['甲镇', '丙镇']);
  });

  it('a closing retracted: as known before the retraction, the township was without a centre', async () => {
    const history: HistoryItem[] = [
      ...county,
      {
        ...facilityClosed.create({ facilityId: 'f3' }, { effectiveAt: '2022-03-01' }),
        recordedAt: '2022-03-05T10:00:00+08:00',
      },
      { retract: county.length, reason: '误录：丙镇卫生院未撤销', recordedAt: '2022-04-01T10:00:00+08:00' },
    ];
    const without = async (knownAt: string) =>
      (await query<CoverageRow[]>(history, 'withoutCentre', { countyCode: C }, '2022-06-01', knownAt)).map(
        (r) => r.township,
      );
    expect(await without('2022-03-04T10:00:00+08:00')).toEqual([]);
    expect(await without('2022-03-06T10:00:00+08:00')).toEqual(['丙镇']);
    expect(await without('2022-04-02T10:00:00+08:00')).toEqual([]);
  });
});

describe('division query (for the guard)', () => {
  it('knows villages, their township and when they ended', async () => {
    expect(await query(county, 'division', { id: '510799102202' }, '2020-06-29')).toMatchObject({
      id: 'v4',
      level: 'village',
      active: true,
      countyCode: C,
    });
    expect(await query(county, 'division', { id: 'v4' }, '2020-06-30')).toMatchObject({
      active: false,
      ended: { how: 'merged', successorId: 'v3', successorName: '丙村' },
    });
  });
});
