/**
 * Village cadre pay and training on the test county (乙镇 merges into 甲镇 on 2019-12-20; 三村 moves
 * with it): a payment only for the month's holder of a village post, once a month (then corrected),
 * the secretaries' pay against the 3,500 元 target as of a date and as known at a time, training
 * coverage per township before and after the merger, backdated and retracted records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { openTestPlatform, testCounty, type TestCounty, type TestPlatform } from '@xianzhi/testkit';
import { personnelModule, recordPersonnelDecision } from '../personnel/server';
import {
  cadresModule,
  correctPayment,
  holdCourse,
  recordAttendance,
  recordPayroll,
  setPayScales,
  type PaidWithoutPostRow,
  type PaySummary,
  type SecretaryPayRow,
  type TrainingRow,
} from './server';

const COUNTY = '510798';
const doc = (n: number, year = 2019) => ({
  documentNo: `测委组〔${year}〕${n}号`,
  issuedBy: '中共测试县委组织部',
});

let p: TestPlatform;
let county: TestCounty;
/** 一村 (甲镇), 三村 (乙镇, then 甲镇), 四村 (丙乡): a secretary each; 一村 a committee member; a township post. */
const post = (village: string, role = 'party-secretary', organisation = 'village-party-organisation') =>
  `${county.id(village)}:${organisation}:${role}`;

beforeEach(async () => {
  p = await openTestPlatform({ modules: [personnelModule, cadresModule] });
  county = await testCounty(p, { mergeVillages: false });
  const person = (personId: string, name: string) => ({
    op: 'register-person',
    personId,
    name,
    gender: 'male',
    birthDate: '1975-03-08',
    education: 'associate',
    partyMember: true,
  });
  const establish = (village: string, organisation: string, role: string) => ({
    op: 'establish-post',
    postId: `${county.id(village)}:${organisation}:${role}`,
    divisionId: county.id(village),
    organisation,
    role,
  });
  await p.run(recordPersonnelDecision, {
    countyCode: COUNTY,
    effectiveAt: '2018-01-01',
    authority: doc(1, 2018),
    changes: [
      person('p1', '张一'),
      person('p3', '李三'),
      person('p4', '王四'),
      person('p5', '赵五'),
      person('p9', '钱九'),
      establish('510798101201', 'village-party-organisation', 'party-secretary'),
      establish('510798102201', 'village-party-organisation', 'party-secretary'),
      establish('510798201201', 'village-party-organisation', 'party-secretary'),
      establish('510798101201', 'village-committee', 'member'),
      establish('510798101', 'township-party-committee', 'party-secretary'),
      {
        op: 'appoint',
        personId: 'p1',
        postId: `${county.id('510798101201')}:village-party-organisation:party-secretary`,
      },
      {
        op: 'appoint',
        personId: 'p3',
        postId: `${county.id('510798102201')}:village-party-organisation:party-secretary`,
      },
      {
        op: 'appoint',
        personId: 'p4',
        postId: `${county.id('510798201201')}:village-party-organisation:party-secretary`,
      },
      { op: 'appoint', personId: 'p5', postId: `${county.id('510798101201')}:village-committee:member` },
      {
        op: 'appoint',
        personId: 'p9',
        postId: `${county.id('510798101')}:township-party-committee:party-secretary`,
      },
    ],
  });
});
afterEach(() => p.close());

const scales = (effectiveAt: string, monthlyFen: number, authority = doc(3)) =>
  p.run(setPayScales, {
    countyCode: COUNTY,
    effectiveAt,
    authority,
    scales: [{ organisation: 'village-party-organisation', role: 'party-secretary', monthlyFen }],
  });
const payroll = (effectiveAt: string, month: string, payments: [string, string, number][]) =>
  p.run(recordPayroll, {
    countyCode: COUNTY,
    effectiveAt,
    month,
    payments: payments.map(([postId, personId, amountFen]) => ({ postId, personId, amountFen })),
  });
const at = (asOf?: string, knownAt?: string) => ({
  ...(asOf ? { asOf } : {}),
  ...(knownAt ? { knownAt } : {}),
});
const summary = (month: string, asOf: string, knownAt?: string) =>
  p.query<PaySummary>(
    'cadres.overview',
    'payAgainstTarget',
    { month, countyCode: COUNTY },
    at(asOf, knownAt),
  );
const pay = async (month: string, asOf: string) =>
  (
    await p.query<SecretaryPayRow[]>(
      'cadres.overview',
      'secretaryPay',
      { month, countyCode: COUNTY },
      at(asOf),
    )
  ).map((r) => `${r.township}/${r.division}/${r.name}:${r.paidFen ?? '-'}${r.atTarget ? '✓' : ''}`);

describe('cadre pay: rules', () => {
  it('pays a village post its month’s holder, once a month; refuses a township post, someone else, a month not begun, a second payment', async () => {
    await payroll('2019-02-05', '2019-01', [[post('510798101201'), 'p1', 280_000]]);
    await expect(
      payroll('2019-02-05', '2019-01', [
        [post('510798101', 'party-secretary', 'township-party-committee'), 'p9', 280_000],
      ]),
    ).rejects.toThrow(/is not a village-level post; the pay of village cadres is recorded here/);
    await expect(payroll('2019-02-05', '2019-01', [[post('510798102201'), 'p1', 280_000]])).rejects.toThrow(
      /张一（p1） did not hold post .* in 2019-01; a payment is for the month's holder/,
    );
    await expect(payroll('2019-02-05', '2019-03', [[post('510798102201'), 'p3', 280_000]])).rejects.toThrow(
      /the payroll of 2019-03 is recorded on 2019-02-05, before the month begins/,
    );
    await expect(
      payroll('2019-02-05', '2019-01', [[post('510798102201'), 'p1', 280_000]]),
    ).rejects.toMatchObject({
      reason: { code: 'cadres.notHolder', params: { person: '张一', month: '2019-01' } },
    });
    const twice = payroll('2019-03-05', '2019-01', [[post('510798101201'), 'p1', 290_000]]);
    await expect(twice).rejects.toBeInstanceOf(InvariantViolation);
    await expect(twice).rejects.toMatchObject({
      reason: {
        code: 'cadres.alreadyPaid',
        params: { person: '张一', month: '2019-01', paidOn: '2019-02-05', amount: '2,800.00' },
      },
    });
    await expect(twice).rejects.toThrow(
      /张一's pay as 村（社区）党组织党组织书记 for 2019-01 was recorded on 2019-02-05 \(2,800.00 元\); correct it instead/,
    );
    await expect(
      payroll('2019-02-05', '2019-01', [[post('510798201201'), 'p4', 2800.5]]),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(payroll('2019-02-05', '2017-12', [[post('510798201201'), 'p4', 280_000]])).rejects.toThrow(
      /王四（p4） did not hold/,
    );
  });

  it('corrects a payment: the month’s pay counts after the correction, as known from its recording', async () => {
    await scales('2019-01-01', 350_000);
    await payroll('2021-07-05', '2021-06', [
      [post('510798101201'), 'p1', 350_000],
      [post('510798102201'), 'p3', 320_000],
    ]);
    expect(await summary('2021-06', '2021-07-31')).toEqual({
      month: '2021-06',
      targetFen: 350_000,
      scaleFen: 350_000,
      secretaries: 3,
      paid: 2,
      atTarget: 1,
      belowTarget: 1,
      unpaid: 1,
    });
    await expect(
      p.run(correctPayment, {
        countyCode: COUNTY,
        effectiveAt: '2021-08-01',
        month: '2021-06',
        postId: post('510798201201'),
        personId: 'p4',
        amountFen: 350_000,
        reason: '补发',
      }),
    ).rejects.toThrow(
      /no payment of 2021-06 to p4 for post .* is recorded as of 2021-08-01; record the payroll first/,
    );
    const before = new Date(p.clock.now()).toISOString();
    await p.run(correctPayment, {
      countyCode: COUNTY,
      effectiveAt: '2021-08-01',
      authority: doc(27, 2021),
      month: '2021-06',
      postId: post('510798102201'),
      personId: 'p3',
      amountFen: 350_000,
      reason: '按新标准补发差额',
    });
    expect((await summary('2021-06', '2021-08-01')).atTarget).toBe(2);
    // as of the day before the correction, and as known before it was recorded
    expect((await summary('2021-06', '2021-07-31')).atTarget).toBe(1);
    expect((await summary('2021-06', '2021-08-01', before)).atTarget).toBe(1);
    await expect(
      p.run(correctPayment, {
        countyCode: COUNTY,
        effectiveAt: '2021-08-02',
        month: '2021-06',
        postId: post('510798102201'),
        personId: 'p3',
        amountFen: 350_000,
        reason: '再补',
      }),
    ).rejects.toThrow(/is already 3,500.00 元/);
  });

  it('sets pay scales only for village posts, and reads the scale in force on a date', async () => {
    await expect(
      p.run(setPayScales, {
        countyCode: COUNTY,
        effectiveAt: '2019-01-01',
        scales: [{ organisation: 'township-government', role: 'township-head', monthlyFen: 500_000 }],
      }),
    ).rejects.toThrow(
      /乡镇人民政府乡镇长 is not a village-level post; pay scales are set for village cadres/,
    );
    await scales('2019-01-01', 280_000);
    await scales('2021-01-01', 350_000, doc(1, 2021));
    expect((await summary('2020-12', '2020-12-31')).scaleFen).toBe(280_000);
    expect((await summary('2021-01', '2021-01-01')).scaleFen).toBe(350_000);
  });
});

describe('cadre pay and training: time and mergers', () => {
  it('counts 三村’s secretary with 乙镇 before the merger and with 甲镇 from 2019-12-20', async () => {
    await payroll('2019-12-05', '2019-11', [[post('510798102201'), 'p3', 280_000]]);
    expect(await pay('2019-11', '2019-12-19')).toEqual([
      '甲镇/一村/张一:-',
      '乙镇/三村/李三:280000',
      '丙乡/四村/王四:-',
    ]);
    expect(await pay('2019-11', '2019-12-20')).toEqual([
      '甲镇/一村/张一:-',
      '甲镇/三村/李三:280000',
      '丙乡/四村/王四:-',
    ]);
  });

  it('training coverage: village “two committees” cadres per township, this year’s courses; a retracted attendance no longer counts', async () => {
    const course = await p.run(holdCourse, {
      countyCode: COUNTY,
      effectiveAt: '2019-03-15',
      authority: doc(9),
      title: '村党组织书记示范培训班',
      organiser: '县委组织部',
      endsOn: '2019-03-19',
      hours: 40,
    });
    const courseId = (course.events[0]!.data as { courseId: string }).courseId;
    expect(courseId).toBe('course-510798-1');
    await expect(
      p.run(recordAttendance, { countyCode: COUNTY, effectiveAt: '2019-03-14', courseId, personIds: ['p1'] }),
    ).rejects.toThrow(/no course course-510798-1 is recorded as of 2019-03-14; record the course first/);
    await expect(
      p.run(recordAttendance, {
        countyCode: COUNTY,
        effectiveAt: '2019-03-15',
        courseId,
        personIds: ['p1', 'nobody'],
      }),
    ).rejects.toThrow(/no person nobody is registered/);
    await p.run(recordAttendance, {
      countyCode: COUNTY,
      effectiveAt: '2019-03-15',
      courseId,
      personIds: ['p1', 'p3'],
    });
    const late = await p.run(recordAttendance, {
      countyCode: COUNTY,
      effectiveAt: '2019-03-16',
      courseId,
      personIds: ['p5'],
    });
    await expect(
      p.run(recordAttendance, { countyCode: COUNTY, effectiveAt: '2019-03-17', courseId, personIds: ['p3'] }),
    ).rejects.toThrow(
      /李三（p3）'s attendance of 村党组织书记示范培训班（course-510798-1） is already recorded \(on 2019-03-15\)/,
    );
    await expect(
      p.run(recordAttendance, { countyCode: COUNTY, effectiveAt: '2019-03-17', courseId, personIds: ['p3'] }),
    ).rejects.toMatchObject({
      reason: {
        code: 'cadres.alreadyAttended',
        params: { person: '李三', course: '村党组织书记示范培训班', since: '2019-03-15' },
      },
    });
    const coverage = async (asOf: string, year = 2019) =>
      (
        await p.query<TrainingRow[]>('cadres.overview', 'training', { year, countyCode: COUNTY }, at(asOf))
      ).map((r) => `${r.township} ${r.trained}/${r.cadres} ${r.coverage}`);
    // the township secretary (p9) is not a village cadre; 三村 is 乙镇's before the merger
    expect(await coverage('2019-06-01')).toEqual(['甲镇 2/2 100', '乙镇 1/1 100', '丙乡 0/1 0']);
    expect(await coverage('2019-12-20')).toEqual(['甲镇 3/3 100', '丙乡 0/1 0']);
    expect(await coverage('2020-06-01', 2020)).toEqual(['甲镇 0/3 0', '丙乡 0/1 0']);
    const r = await retractEvent(p.store, p.runtime, {
      eventId: late.events[0]!.id,
      reason: '误录',
      authority: doc(11),
    });
    await p.runtime.waitForPosition(r.lastPosition);
    expect(await coverage('2019-06-01')).toEqual(['甲镇 1/2 50', '乙镇 1/1 100', '丙乡 0/1 0']);
    // as known before the retraction, 赵五 counted
    expect(
      (
        await p.query<TrainingRow[]>(
          'cadres.overview',
          'training',
          { year: 2019, countyCode: COUNTY },
          at('2019-06-01', new Date(r.events[0]!.recordedMs - 1).toISOString()),
        )
      )[0]!.trained,
    ).toBe(2);
  });

  it('refuses a backdated payroll for a month someone else held the post, naming the later record', async () => {
    await p.run(recordPersonnelDecision, {
      countyCode: COUNTY,
      effectiveAt: '2020-03-01',
      authority: doc(5, 2020),
      changes: [
        { op: 'dismiss', personId: 'p4', postId: post('510798201201') },
        {
          op: 'register-person',
          personId: 'p6',
          name: '孙六',
          gender: 'female',
          birthDate: '1980-01-01',
          education: 'bachelor',
          partyMember: true,
        },
        { op: 'appoint', personId: 'p6', postId: post('510798201201') },
      ],
    });
    await expect(payroll('2020-04-05', '2020-03', [[post('510798201201'), 'p4', 280_000]])).rejects.toThrow(
      /王四（p4） did not hold .* in 2020-03/,
    );
    await payroll('2020-04-05', '2020-03', [[post('510798201201'), 'p6', 280_000]]);
    // February was still 王四's, and 孙六's pay for March is recorded once
    await payroll('2020-03-05', '2020-02', [[post('510798201201'), 'p4', 280_000]]);
    await expect(payroll('2020-03-20', '2020-03', [[post('510798201201'), 'p6', 280_000]])).rejects.toThrow(
      /this cadre pay or training record, effective 2020-03-20, contradicts cadres.payroll-recorded effective 2020-04-05/,
    );
  });

  describe('a backdated dismissal against payrolls already recorded: the dismissal wins, the overpayments show', () => {
    const dismissP4 = (effectiveAt: string, n: number) =>
      p.run(recordPersonnelDecision, {
        countyCode: COUNTY,
        effectiveAt,
        authority: doc(n, 2020),
        changes: [{ op: 'dismiss', personId: 'p4', postId: post('510798201201') }],
      });
    const flagged = async (asOf: string, knownAt?: string) =>
      (
        await p.query<PaidWithoutPostRow[]>(
          'cadres.overview',
          'paidWithoutPost',
          { countyCode: COUNTY },
          at(asOf, knownAt),
        )
      ).map(
        (r) =>
          `${r.month} ${r.township}/${r.division} ${r.name} ${r.amountFen} paid ${r.paidOn} left ${r.leftOn ?? '-'} ${r.leftDocumentNo ?? '-'}`,
      );

    it('ordinary case: a dismissal effective after the paid months flags nothing', async () => {
      await payroll('2020-03-05', '2020-02', [[post('510798201201'), 'p4', 280_000]]);
      await payroll('2020-04-05', '2020-03', [[post('510798201201'), 'p4', 280_000]]);
      await dismissP4('2020-04-01', 7);
      expect(await flagged('2020-12-31')).toEqual([]);
      expect(await pay('2020-03', '2020-12-31')).toContain('丙乡/四村/（空缺）:-');
    });

    it('accepts a dismissal effective before months already paid; as known after it, those payments are paid to someone no longer holding the post; a correction to 0 元 clears them', async () => {
      await payroll('2020-03-05', '2020-02', [[post('510798201201'), 'p4', 280_000]]);
      await payroll('2020-04-05', '2020-03', [[post('510798201201'), 'p4', 280_000]]);
      const april = await payroll('2020-05-05', '2020-04', [[post('510798201201'), 'p4', 290_000]]);
      await p.runtime.waitForPosition(april.lastPosition);
      // recorded in June, effective 2020-03-15: March was still partly his, April was not
      const dismissal = await dismissP4('2020-03-15', 8);
      await p.runtime.waitForPosition(dismissal.lastPosition);
      const before = new Date(dismissal.events[0]!.recordedMs - 1).toISOString();
      expect(await flagged('2020-06-30')).toEqual([
        `2020-04 丙乡/四村 王四 290000 paid 2020-05-05 left 2020-03-15 测委组〔2020〕8号`,
      ]);
      // as known before the dismissal was recorded, the April payment was in order
      expect(await flagged('2020-06-30', before)).toEqual([]);
      // as of a date before the April payroll took effect, nothing was paid for April yet
      expect(await flagged('2020-05-01')).toEqual([]);
      // the old inconsistency blocks no later record of the stream
      await payroll('2020-06-05', '2020-05', [[post('510798101201'), 'p1', 350_000]]);
      // the overpayment recovered: a correction (a new event), not a rewrite of the payroll
      const recovered = await p.run(correctPayment, {
        countyCode: COUNTY,
        effectiveAt: '2020-06-20',
        month: '2020-04',
        postId: post('510798201201'),
        personId: 'p4',
        amountFen: 0,
        reason: '免职后多发，已追回',
      });
      await p.runtime.waitForPosition(recovered.lastPosition);
      expect(await flagged('2020-06-30')).toEqual([]);
      expect(await flagged('2020-06-19')).toHaveLength(1);
    });
  });
});
