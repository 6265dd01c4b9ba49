import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import {
  TEST_COUNTY_CODE as COUNTY,
  openTestPlatform,
  testCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import { median } from './cases';
import { closeCase, openCase } from './decide';
import type { CaseMonthRow, CaseTownshipRow } from './index';
import enforcement from './server';

let c: TestPlatform;
let jia: string;
let yi: string;
let bing: string;

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, enforcement] });
  const county = await testCounty(c);
  jia = county.id('510798101');
  yi = county.id('510798102');
  bing = county.id('510798201');
});
afterEach(() => c.close());

const open = async (
  townshipId: string,
  effectiveAt: string,
  category = 'land',
  extra: Record<string, unknown> = {},
) => {
  const r = await c.run(openCase, { countyCode: COUNTY, townshipId, category, effectiveAt, ...extra });
  return (r.events[0]!.data as { caseId: string }).caseId;
};
const close = (caseId: string, effectiveAt: string, extra: Record<string, unknown> = {}) =>
  c.run(closeCase, { caseId, effectiveAt, ...extra });
const months = (asOf: string, input: Record<string, unknown> = {}, knownAt?: number) =>
  c.runtime.query<CaseMonthRow[]>(
    'enforcement.cases',
    'byTownshipMonth',
    { countyCode: COUNTY, ...input },
    { asOf, ...(knownAt === undefined ? {} : { knownAt }) },
  );
const townships = (asOf: string, input: Record<string, unknown> = {}, knownAt?: number) =>
  c.runtime.query<{
    rows: CaseTownshipRow[];
    total: { opened: number; closed: number; pending: number; medianDays: number | null };
  }>(
    'enforcement.cases',
    'byTownship',
    { countyCode: COUNTY, ...input },
    { asOf, ...(knownAt === undefined ? {} : { knownAt }) },
  );

describe('enforcement cases', () => {
  it('numbers the cases of each county-year on their own stream', async () => {
    const r = await c.run(openCase, {
      countyCode: COUNTY,
      townshipId: bing,
      category: 'market',
      caseNo: '测综执立〔2021〕1号',
      effectiveAt: '2021-03-02',
    });
    expect(r.stream).toBe(`enforcement-cases-${COUNTY}-2021`);
    expect(r.events[0]!.data).toEqual({
      caseId: `${COUNTY}-2021-0001`,
      countyCode: COUNTY,
      townshipId: bing,
      category: 'market',
      caseNo: '测综执立〔2021〕1号',
    });
    expect(await open(bing, '2021-03-05')).toBe(`${COUNTY}-2021-0002`);
    expect(await open(bing, '2022-01-04')).toBe(`${COUNTY}-2022-0001`);
    expect(await open(bing, '2021-04-01', 'other', { caseId: `${COUNTY}-2021-0100` })).toBe(
      `${COUNTY}-2021-0100`,
    );
    expect(await open(bing, '2021-04-02')).toBe(`${COUNTY}-2021-0101`);
  });

  it('refuses a case id opened twice, of another year, closing twice, before opening, or a case never opened', async () => {
    const id = await open(bing, '2021-03-10');
    await expect(open(bing, '2021-05-01', 'land', { caseId: id })).rejects.toThrow(
      /case 510798-2021-0001 was already opened on 2021-03-10; a case is opened once/,
    );
    await expect(open(bing, '2022-05-01', 'land', { caseId: id })).rejects.toBeInstanceOf(ValidationError);
    await expect(open(bing, '2021-05-01', 'fishing')).rejects.toBeInstanceOf(ValidationError);
    const early = close(id, '2021-03-09');
    await expect(early).rejects.toBeInstanceOf(InvariantViolation);
    await expect(early).rejects.toThrow(
      /was opened on 2021-03-10; it cannot be closed on 2021-03-09, before it was opened/,
    );
    await expect(close(id, '2021-04-01', { townshipId: jia })).rejects.toThrow(
      /arose in township .*, not in/,
    );
    await close(id, '2021-04-01', { outcome: 'penalised', townshipId: bing });
    await expect(close(id, '2021-05-01')).rejects.toThrow(
      /case 510798-2021-0001 was already closed on 2021-04-01; a case is closed once/,
    );
    await expect(close(`${COUNTY}-2021-0999`, '2021-05-01')).rejects.toThrow(/has not been opened/);
    await expect(close('bad-id', '2021-05-01')).rejects.toBeInstanceOf(ValidationError);
  });

  it('per township and month: opened, closed and the median handling days (one decimal)', async () => {
    for (const [opened, closed] of [
      ['2021-03-01', '2021-03-11'], // 10 days
      ['2021-03-05', '2021-03-25'], // 20 days
      ['2021-03-06', '2021-04-06'], // 31 days, closed in April
      ['2021-03-20', undefined],
    ] as const) {
      const id = await open(bing, opened);
      if (closed) await close(id, closed);
    }
    const id = await open(bing, '2021-04-01T09:00:00+08:00', 'safety');
    await close(id, '2021-04-04T21:00:00+08:00'); // 3.5 days
    const rows = await months('2021-12-31', { townshipId: bing });
    expect(rows.map((r) => [r.township, r.month, r.opened, r.closed, r.medianDays])).toEqual([
      ['丙乡', '2021-03', 4, 2, 15],
      ['丙乡', '2021-04', 1, 2, 17.3],
    ]);
    // as of mid-April the April closing of the 31-day case has not happened yet
    expect(
      (await months('2021-04-05', { townshipId: bing })).map((r) => [r.month, r.closed, r.medianDays]),
    ).toEqual([
      ['2021-03', 2, 15],
      ['2021-04', 1, 3.5],
    ]);
    expect(await months('2021-12-31', { townshipId: bing, category: 'safety' })).toEqual([
      expect.objectContaining({ month: '2021-04', opened: 1, closed: 1 }),
    ]);
    expect((await months('2021-12-31', { from: '2021-04', to: '2021-04' })).map((r) => r.month)).toEqual([
      '2021-04',
    ]);
    const { rows: summary, total } = await townships('2021-12-31');
    expect(summary).toEqual([
      expect.objectContaining({
        township: '丙乡',
        opened: 5,
        closed: 4,
        pending: 1,
        medianDays: 15,
        byCategory: { land: 4, environment: 0, market: 0, construction: 0, safety: 1, other: 0 },
      }),
    ]);
    expect(total).toMatchObject({ opened: 5, closed: 4, pending: 1, medianDays: 15 });
    expect(median([1, 2, 4])).toBe(2);
    expect(median([])).toBeNull();
    expect(median([1, 2.04])).toBe(1.5);
  });

  it('across the 2019-12-20 merger: 乙镇’s cases count under 乙镇 before, under 甲镇 (their months too) from that day', async () => {
    const a = await open(yi, '2019-11-05', 'environment');
    await close(a, '2019-11-25');
    await open(jia, '2019-11-10', 'market');
    const b = await open(yi, '2019-12-02', 'construction');
    await close(b, '2020-01-02'); // closed after the merger

    const before = await months('2019-12-19');
    expect(before.map((r) => [r.township, r.month, r.opened, r.closed, r.medianDays])).toEqual([
      ['甲镇', '2019-11', 1, 0, null],
      ['乙镇', '2019-11', 1, 1, 20],
      ['乙镇', '2019-12', 1, 0, null],
    ]);
    const after = await months('2020-01-31');
    expect(after.map((r) => [r.township, r.month, r.opened, r.closed, r.medianDays])).toEqual([
      ['甲镇', '2019-11', 2, 1, 20],
      ['甲镇', '2019-12', 1, 0, null],
      ['甲镇', '2020-01', 0, 1, 31],
    ]);
    // naming the source township still finds its cases, under the survivor
    expect((await townships('2020-01-31', { townshipId: yi })).rows).toEqual([
      expect.objectContaining({ township: '甲镇', opened: 3, closed: 2, pending: 1 }),
    ]);
    expect((await townships('2019-12-19', { townshipId: yi })).rows).toEqual([
      expect.objectContaining({ township: '乙镇', opened: 2, closed: 1, pending: 1 }),
    ]);
    const detail = await c.runtime.query<{ township: string; handlingDays: number | null }>(
      'enforcement.cases',
      'case',
      { caseId: b },
      { asOf: '2020-02-01' },
    );
    expect(detail).toMatchObject({ township: '甲镇', handlingDays: 31 });
  });

  it('a backdated case and closing: counted as of their dates once recorded, not as known before', async () => {
    const id = await open(bing, '2021-06-01');
    const closing = await close(id, '2021-06-11');
    const late = await c.run(openCase, {
      countyCode: COUNTY,
      townshipId: bing,
      category: 'safety',
      effectiveAt: '2021-05-20',
    }); // recorded after
    const knownBefore = late.events[0]!.recordedMs - 1;
    expect((await townships('2021-12-31')).total).toMatchObject({ opened: 2, closed: 1, pending: 1 });
    expect((await townships('2021-12-31', {}, knownBefore)).total).toMatchObject({
      opened: 1,
      closed: 1,
      pending: 0,
    });
    expect((await townships('2021-12-31', {}, closing.events[0]!.recordedMs - 1)).total).toMatchObject({
      opened: 1,
      closed: 0,
      pending: 1,
    });
    expect((await months('2021-05-31')).map((r) => [r.month, r.opened])).toEqual([['2021-05', 1]]);
  });

  it('a retracted closing: the case is pending again as known now, closed as known before; it can be closed anew', async () => {
    const id = await open(bing, '2021-06-01');
    const closing = await close(id, '2021-06-11');
    c.clock.advance(3_600_000);
    const r = await retractEvent(c.store, c.runtime, {
      eventId: closing.events[0]!.id,
      reason: '结案日期录入错误',
      authority: { documentNo: '测综执〔2021〕5号', issuedBy: '测试县综合行政执法局' },
    });
    await c.runtime.waitForPosition(r.lastPosition);
    expect((await townships('2021-12-31')).total).toMatchObject({ closed: 0, pending: 1, medianDays: null });
    expect((await townships('2021-12-31', {}, r.events[0]!.recordedMs - 1)).total).toMatchObject({
      closed: 1,
      pending: 0,
      medianDays: 10,
    });
    await close(id, '2021-06-21');
    expect((await townships('2021-12-31')).total).toMatchObject({ closed: 1, medianDays: 20 });
  });
});
