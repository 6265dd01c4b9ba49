/**
 * Zones on the test county (乙镇 merges into 甲镇 on 2019-12-20): the rules of a zone decision, the
 * zones as of before and after the merger, a backdated decision, a retraction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import {
  openTestPlatform,
  testCounty,
  testCountyAdjustments,
  deciderSpec,
  type TestCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import { townshipJoinedZone, zoneEstablished } from '@xianzhi/divisions-contract';
import { recordZoneChanges, zonesDecider, zonesModule, type TownshipZoneRow, type ZoneRow } from './server';

const COUNTY = '510798';
const doc = (n: number, year = 2018) => ({ documentNo: `测委发〔${year}〕${n}号`, issuedBy: '中共测试县委' });

let p: TestPlatform;
let county: TestCounty;
let jia: string, yi: string, bing: string;

beforeEach(async () => {
  p = await openTestPlatform({ modules: [zonesModule] });
  county = await testCounty(p);
  [jia, yi, bing] = ['510798101', '510798102', '510798201'].map((c) => county.id(c)) as [
    string,
    string,
    string,
  ];
});
afterEach(() => p.close());

const decide = (effectiveAt: string, changes: unknown[], authority = doc(1)) =>
  p.run(recordZoneChanges, { countyCode: COUNTY, effectiveAt, authority, changes });
const zones = (asOf?: string, knownAt?: string) =>
  p.query<ZoneRow[]>(
    'zones.map',
    'zones',
    { countyCode: COUNTY },
    { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
  );
const summary = (rows: ZoneRow[]) =>
  rows.map((z) => [z.name, z.townships.map((t) => `${t.name}:${t.roleLabel}`).join(','), z.villages]);

async function establish() {
  return decide('2018-03-01', [
    {
      op: 'establish',
      name: '北路',
      direction: 'north',
      townships: [{ townshipId: '510798101', role: 'sub-centre' }],
    },
    {
      op: 'establish',
      name: '南路',
      direction: 'south',
      townships: [{ townshipId: yi, role: 'characteristic-town' }],
    },
  ]);
}

describe('zones: decisions', () => {
  it('establishes zones with townships named by code or id, numbering the zones of the county', async () => {
    const r = await establish();
    expect(r.stream).toBe(county.stream); // beside the divisions: the rules span both
    expect(r.events.map((e) => e.type)).toEqual([
      'zones.established',
      'zones.township-joined',
      'zones.established',
      'zones.township-joined',
    ]);
    expect(r.events[1]!.data).toEqual({ zoneId: 'zone-510798-1', townshipId: jia, role: 'sub-centre' });
    expect(summary(await zones('2018-03-01'))).toEqual([
      ['北路', '甲镇:副中心', 2],
      ['南路', '乙镇:特色镇', 1],
    ]);
    expect(await zones('2018-02-28')).toEqual([]);
  });

  it('refuses a township in two zones, a township that does not exist or has merged, a village, a duplicate name — naming what is wrong', async () => {
    await establish();
    await expect(
      decide('2018-06-01', [{ op: 'join', zoneId: 'zone-510798-2', townshipId: jia, role: 'ordinary' }]),
    ).rejects.toThrow(
      /甲镇（510798101） is already in zone 北路（zone-510798-1） \(as 副中心\) since 2018-03-01 \(测委发〔2018〕1号\); a township is in one zone at a time — move it instead/,
    );
    // the stable reason the admin renders in its language
    await expect(
      decide('2018-06-01', [{ op: 'join', zoneId: 'zone-510798-2', townshipId: jia, role: 'ordinary' }]),
    ).rejects.toMatchObject({
      reason: {
        code: 'zones.alreadyInZone',
        params: {
          township: '甲镇',
          zone: '北路',
          role: '副中心',
          since: '2018-03-01',
          documentNo: '测委发〔2018〕1号',
        },
      },
    });
    await expect(
      decide('2018-06-01', [{ op: 'leave', zoneId: 'zone-510798-2', townshipId: jia }]),
    ).rejects.toMatchObject({
      reason: { code: 'zones.notInZone', params: { township: '甲镇', zone: '南路', at: '2018-06-01' } },
    });
    await expect(
      decide('2018-06-01', [
        { op: 'join', zoneId: 'zone-510798-2', townshipId: '510798999', role: 'ordinary' },
      ]),
    ).rejects.toThrow(/no township 510798999 exists as of 2018-06-01/);
    await expect(
      decide('2018-06-01', [
        { op: 'join', zoneId: 'zone-510798-2', townshipId: '510798101201', role: 'ordinary' },
      ]),
    ).rejects.toThrow(/一村（510798101201） is a village; a zone groups townships/);
    await expect(decide('2018-06-01', [{ op: 'establish', name: '北路' }])).rejects.toThrow(
      /county 510798 already has zone 北路（zone-510798-1）.*zone names are unique/,
    );
    await expect(
      decide('2018-06-01', [{ op: 'join', zoneId: 'zone-510798-9', townshipId: bing, role: 'ordinary' }]),
    ).rejects.toThrow(/no zone zone-510798-9 exists as of 2018-06-01/);
    await decide('2019-12-20', [{ op: 'leave', zoneId: 'zone-510798-2', townshipId: yi }]);
    const late = decide('2020-01-01', [
      { op: 'join', zoneId: 'zone-510798-2', townshipId: '510798102', role: 'ordinary' },
    ]);
    await expect(late).rejects.toBeInstanceOf(InvariantViolation);
    await expect(late).rejects.toThrow(
      /乙镇（510798102） was merged into 甲镇（510798101） on 2019-12-20 \(川府民政〔2019〕27号\); it cannot join zone 南路（zone-510798-2） on 2020-01-01/,
    );
    await expect(
      decide('2018-06-01', [{ op: 'join', zoneId: 'zone-510798-2', townshipId: bing, role: 'capital' }]),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('records several changes all or nothing, naming the failing one', async () => {
    await establish();
    const head = await p.store.headPosition();
    await expect(
      decide('2021-01-01', [
        { op: 'join', zoneId: 'zone-510798-2', townshipId: bing, role: 'ordinary' },
        { op: 'change-role', zoneId: 'zone-510798-1', townshipId: bing, role: 'central-town' },
      ]),
    ).rejects.toThrow(
      /^changes\[1\] \(change-role\): 丙乡（510798201） is not in zone 北路（zone-510798-1） as of 2021-01-01/,
    );
    expect(await p.store.headPosition()).toBe(head);
  });

  it('moves a township between zones on one day and changes roles; a dissolved zone lists nothing', async () => {
    await establish();
    await decide('2021-01-01', [{ op: 'join', zoneId: 'zone-510798-2', townshipId: bing, role: 'ordinary' }]);
    await decide('2022-01-01', [
      { op: 'move', townshipId: jia, toZoneId: 'zone-510798-2', role: 'sub-centre' },
      { op: 'change-role', zoneId: 'zone-510798-2', townshipId: bing, role: 'central-town' },
      { op: 'dissolve', zoneId: 'zone-510798-1', reason: '并入南路' },
    ]);
    expect(summary(await zones('2021-12-31'))).toEqual([
      ['北路', '甲镇:副中心', 2], // 三村 merged into 一村 on 2020-06-30
      ['南路', '丙乡:一般乡镇', 2],
    ]);
    expect(summary(await zones('2022-01-01'))).toEqual([['南路', '甲镇:副中心,丙乡:中心镇', 4]]);
    await expect(
      decide('2022-02-01', [{ op: 'rename', zoneId: 'zone-510798-1', name: '新北路' }]),
    ).rejects.toThrow(/zone 北路（zone-510798-1） was dissolved on 2022-01-01/);
  });
});

describe('zones: time', () => {
  it('follow the township merger: before it 乙镇 is 南路, from it its villages count in 甲镇’s zone', async () => {
    await establish();
    expect(summary(await zones('2019-12-19'))).toEqual([
      ['北路', '甲镇:副中心', 2],
      ['南路', '乙镇:特色镇', 1],
    ]);
    // 南路 has no live township from the merger on; 三村 counts in 北路 (and merges into 一村 on 2020-06-30)
    expect(summary(await zones('2019-12-20'))).toEqual([
      ['北路', '甲镇:副中心', 3],
      ['南路', '', 0],
    ]);
    expect(summary(await zones('2020-06-30'))[0]).toEqual(['北路', '甲镇:副中心', 2]);
    const zoneOf = (ref: string, asOf: string) =>
      p.query<{ name: string } | null>('zones.map', 'zoneOf', { ref }, { asOf });
    expect((await zoneOf('510798102201', '2019-12-19'))?.name).toBe('南路');
    expect((await zoneOf('510798102201', '2019-12-20'))?.name).toBe('北路');
    const rows = await p.query<TownshipZoneRow[]>(
      'zones.map',
      'townships',
      { countyCode: COUNTY },
      { asOf: '2019-12-20' },
    );
    expect(rows.map((r) => [r.name, r.zone, r.roleLabel])).toEqual([
      ['甲镇', '北路', '副中心'],
      ['丙乡', '未划入', ''],
    ]);
  });

  it('takes a backdated decision in, refuses one that contradicts a later one (naming it), and undoes a retracted one as known after', async () => {
    await establish();
    await decide(
      '2021-01-01',
      [{ op: 'join', zoneId: 'zone-510798-1', townshipId: bing, role: 'ordinary' }],
      doc(2, 2021),
    );
    // backdated to 2019: 丙乡 joins 南路 — but on 2021-01-01 it joins 北路, which it could not while in 南路
    await expect(
      decide('2019-01-01', [{ op: 'join', zoneId: 'zone-510798-2', townshipId: bing, role: 'ordinary' }]),
    ).rejects.toThrow(
      /this zone decision, effective 2019-01-01, contradicts zones.township-joined effective 2021-01-01 \(测委发〔2021〕2号\).*already in zone 南路/,
    );
    const before = new Date(p.clock.now()).toISOString();
    const late = await decide('2019-01-01', [{ op: 'rename', zoneId: 'zone-510798-2', name: '南路片区' }]);
    expect((await zones('2019-06-01')).map((z) => z.name)).toEqual(['北路', '南路片区']);
    expect((await zones('2019-06-01', before)).map((z) => z.name)).toEqual(['北路', '南路']);
    p.clock.advance(60_000);
    const r = await retractEvent(p.store, p.runtime, {
      eventId: late.events[0]!.id,
      reason: '录入错误',
      authority: doc(9, 2024),
    });
    await p.runtime.waitForPosition(r.lastPosition);
    expect((await zones('2019-06-01')).map((z) => z.name)).toEqual(['北路', '南路']);
    expect(
      (await zones('2019-06-01', new Date(r.events[0]!.recordedMs - 1).toISOString())).map((z) => z.name),
    ).toEqual(['北路', '南路片区']);
  });
});

describe('zones: decider (given/when/then)', () => {
  const divisions = testCountyAdjustments().flatMap((a) =>
    a.events.map((e) => ({ ...e, metadata: { effectiveAt: a.effectiveAt, authority: a.authority } })),
  );
  const spec = deciderSpec(zonesDecider);
  const z1 = zoneEstablished.create(
    { zoneId: 'z1', countyCode: COUNTY, name: '北路' },
    { effectiveAt: '2018-03-01' },
  );

  it('emits a join for a live township of the county', () => {
    spec
      .given([...divisions, z1])
      .when({
        countyCode: COUNTY,
        effectiveAt: '2019-01-01',
        changes: [{ op: 'join', zoneId: 'z1', townshipId: '510798201', role: 'ordinary' }],
      })
      .then([townshipJoinedZone.create({ zoneId: 'z1', townshipId: 'div-510798-4', role: 'ordinary' })]);
  });

  it('refuses a township that has merged away', () => {
    spec
      .given([...divisions, z1])
      .when({
        countyCode: COUNTY,
        effectiveAt: '2019-12-20',
        changes: [{ op: 'join', zoneId: 'z1', townshipId: 'div-510798-3', role: 'ordinary' }],
      })
      .thenThrows(InvariantViolation, /was merged into 甲镇/);
  });
});
