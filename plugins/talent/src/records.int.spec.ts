import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError, type AnyCommand } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import {
  TEST_COUNTY_CODE as COUNTY,
  openTestPlatform,
  testCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import {
  certifyPracticalTalent,
  completeCadreTraining,
  developPartyMember,
  recruitReturningWorker,
  registerReserveCadre,
  revokeRecord,
} from './decide';
import type { Progress, ProgressKey, TownshipProgressRow } from './index';
import talent from './server';

let c: TestPlatform;
let jia: string;
let yi: string;
let bing: string;
let sancun: string; // 三村: 乙镇 → 甲镇 (2019-12-20) → merged into 一村 (2020-06-30)
let yicun: string;

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, talent] });
  const county = await testCounty(c);
  jia = county.id('510798101');
  yi = county.id('510798102');
  bing = county.id('510798201');
  sancun = county.id('510798102201');
  yicun = county.id('510798101201');
});
afterEach(() => c.close());

const record = async (
  command: AnyCommand,
  divisionId: string,
  effectiveAt: string,
  extra: Record<string, unknown> = {},
) => {
  const r = await c.run(command, { countyCode: COUNTY, divisionId, name: '王强', effectiveAt, ...extra });
  return (r.events[0]!.data as { recordId: string }).recordId;
};
const revoke = (recordId: string, effectiveAt: string, extra: Record<string, unknown> = {}) =>
  c.run(revokeRecord, { recordId, reason: '资格复核不合格', effectiveAt, ...extra });
const progress = async (asOf: string, knownAt?: number) => {
  const p = await c.runtime.query<Progress>(
    'talent.progress',
    'progress',
    { countyCode: COUNTY },
    { asOf, ...(knownAt === undefined ? {} : { knownAt }) },
  );
  return Object.fromEntries(p.rows.map((r) => [r.key, r])) as Record<ProgressKey, Progress['rows'][number]>;
};
const byTownship = (asOf: string, input: Record<string, unknown> = {}) =>
  c.runtime.query<TownshipProgressRow[]>(
    'talent.progress',
    'byTownship',
    { countyCode: COUNTY, ...input },
    { asOf },
  );

describe('talent programme records', () => {
  it('records each programme on the county-year stream, numbering the records', async () => {
    const r = await c.run(recruitReturningWorker, {
      countyCode: COUNTY,
      divisionId: sancun,
      name: '王强',
      note: '返乡创业',
      effectiveAt: '2021-03-02',
    });
    expect(r.stream).toBe(`talent-${COUNTY}-2021`);
    expect(r.events[0]).toMatchObject({
      type: 'talent.returning-worker-recruited',
      data: {
        recordId: `${COUNTY}-2021-00001`,
        countyCode: COUNTY,
        divisionId: sancun,
        name: '王强',
        note: '返乡创业',
      },
    });
    expect(await record(developPartyMember, yicun, '2021-04-01')).toBe(`${COUNTY}-2021-00002`);
    expect(await record(registerReserveCadre, yicun, '2021-04-01')).toBe(`${COUNTY}-2021-00003`);
    const certified = await c.run(certifyPracticalTalent, {
      countyCode: COUNTY,
      divisionId: yicun,
      name: '李芳',
      level: 'senior',
      effectiveAt: '2021-05-01',
    });
    expect(certified.events[0]).toMatchObject({
      type: 'talent.practical-talent-certified',
      data: { level: 'senior' },
    });
    const trained = await c.run(completeCadreTraining, {
      countyCode: COUNTY,
      divisionId: jia,
      name: '张伟',
      course: '乡村振兴专题培训',
      effectiveAt: '2022-01-10',
    });
    expect(trained.events[0]).toMatchObject({
      type: 'talent.cadre-training-completed',
      data: { recordId: `${COUNTY}-2022-00001`, course: '乡村振兴专题培训' },
    });
    expect(
      await record(recruitReturningWorker, yicun, '2021-06-01', { recordId: `${COUNTY}-2021-00100` }),
    ).toBe(`${COUNTY}-2021-00100`);
  });

  it('refuses invalid levels, ids of another year, a record id used twice', async () => {
    await expect(
      record(certifyPracticalTalent, yicun, '2021-05-01', { level: 'expert' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(record(certifyPracticalTalent, yicun, '2021-05-01')).rejects.toBeInstanceOf(ValidationError); // no level
    await expect(
      record(recruitReturningWorker, yicun, '2021-05-01', { recordId: `${COUNTY}-2020-00001` }),
    ).rejects.toThrow(/has an id starting 510798-2021-/);
    const id = await record(recruitReturningWorker, yicun, '2021-05-01');
    await expect(record(recruitReturningWorker, yicun, '2021-06-01', { recordId: id })).rejects.toThrow(
      /record 510798-2021-00001 was already made on 2021-05-01/,
    );
  });

  it('progress against the five-year targets: records of the plan period not revoked, share with one decimal', async () => {
    await record(recruitReturningWorker, yicun, '2019-12-31'); // before the plan period
    for (const d of ['2020-01-01', '2021-06-01', '2024-12-31'])
      await record(recruitReturningWorker, yicun, d);
    await record(recruitReturningWorker, yicun, '2025-01-01'); // after it
    await record(certifyPracticalTalent, yicun, '2021-01-01', { level: 'senior' });
    const intermediate = await record(certifyPracticalTalent, yicun, '2021-01-01', { level: 'intermediate' });
    await record(completeCadreTraining, jia, '2021-01-01');
    await revoke(intermediate, '2022-01-01');

    const p = await progress('2026-01-01');
    expect(p['returning-worker']).toMatchObject({
      count: 3,
      target: 5000,
      share: 0.1,
      remaining: 4997,
      label: '回引返乡农民工',
    });
    expect(p['practical-talent-senior']).toMatchObject({ count: 1, target: 100, share: 1 });
    expect(p['practical-talent-intermediate']).toMatchObject({ count: 0, target: 2000, share: 0 });
    expect(p['cadre-training']).toMatchObject({ count: 1, target: null, share: null, remaining: null });
    // as of dates: before the revocation the intermediate talent counts; before 2021 only one worker
    expect((await progress('2021-12-31'))['practical-talent-intermediate'].count).toBe(1);
    expect((await progress('2020-12-31'))['returning-worker'].count).toBe(1);
  });

  it('revokes a record once, never before it was made, never one that does not exist: counts never go below zero', async () => {
    const id = await record(registerReserveCadre, yicun, '2021-03-01');
    await expect(revoke(id, '2021-02-01')).rejects.toThrow(
      /was made on 2021-03-01; it cannot be revoked on 2021-02-01, before it existed/,
    );
    await expect(revoke(id, '2021-04-01', { divisionId: bing })).rejects.toThrow(
      /belongs to division .*, not to/,
    );
    await revoke(id, '2021-04-01', { divisionId: yicun });
    const twice = revoke(id, '2021-05-01');
    await expect(twice).rejects.toBeInstanceOf(InvariantViolation);
    await expect(twice).rejects.toThrow(
      /was already revoked on 2021-04-01; it no longer counts — counts never go below zero/,
    );
    await expect(revoke(`${COUNTY}-2021-00999`, '2021-05-01')).rejects.toThrow(
      /does not exist .*; nothing to revoke/,
    );
    expect((await progress('2021-12-31'))['reserve-cadre'].count).toBe(0);
  });

  it('across the township merger (2019-12-20) and the village merger (2020-06-30): records count under the survivor from each date', async () => {
    await record(recruitReturningWorker, sancun, '2019-06-01');
    await record(developPartyMember, yi, '2019-07-01');
    await record(recruitReturningWorker, sancun, '2020-03-01');
    const window = { from: '2019-01-01', to: '2020-12-31' };
    const rows = async (asOf: string) =>
      (await byTownship(asOf, window))
        .filter((r) => r['returning-worker'] + r['party-member'] > 0)
        .map((r) => [r.township, r['returning-worker'], r['party-member']]);
    expect(await rows('2019-12-19')).toEqual([['乙镇', 1, 1]]);
    expect(await rows('2019-12-20')).toEqual([['甲镇', 1, 1]]);
    expect(await rows('2020-12-31')).toEqual([['甲镇', 2, 1]]);
    // byTownship lists every live township, with zeros
    expect((await byTownship('2019-12-19')).map((r) => r.township)).toEqual(['甲镇', '乙镇', '丙乡']);
    // the records of a village merged into another are the survivor's
    const records = (divisionId: string, asOf: string) =>
      c.runtime.query<{ name: string; division: string }[]>(
        'talent.progress',
        'records',
        { divisionId },
        { asOf },
      );
    expect((await records(yicun, '2020-06-29')).length).toBe(0);
    expect((await records(yicun, '2020-06-30')).map((r) => r.division)).toEqual(['一村', '一村']);
    expect((await records(yi, '2019-12-19')).length).toBe(2);
    expect((await records(jia, '2020-07-01')).length).toBe(3);
  });

  it('a backdated record counts as of its date once recorded, not as known before; a retracted revocation counts again', async () => {
    await record(developPartyMember, yicun, '2022-05-01');
    const late = await c.run(developPartyMember, {
      countyCode: COUNTY,
      divisionId: bing,
      name: '李芳',
      effectiveAt: '2021-02-01',
    });
    expect((await progress('2021-12-31'))['party-member'].count).toBe(1);
    expect((await progress('2021-12-31', late.events[0]!.recordedMs - 1))['party-member'].count).toBe(0);

    const id = await record(registerReserveCadre, yicun, '2021-03-01');
    const revocation = await revoke(id, '2021-09-01');
    c.clock.advance(3_600_000);
    const r = await retractEvent(c.store, c.runtime, {
      eventId: revocation.events[0]!.id,
      reason: '撤销有误',
      authority: { documentNo: '测组通〔2021〕9号', issuedBy: '中共测试县委组织部' },
    });
    await c.runtime.waitForPosition(r.lastPosition);
    expect((await progress('2021-12-31'))['reserve-cadre'].count).toBe(1);
    expect((await progress('2021-12-31', r.events[0]!.recordedMs - 1))['reserve-cadre'].count).toBe(0);
    await revoke(id, '2021-10-01'); // the retracted revocation no longer blocks a new one
  });
});
