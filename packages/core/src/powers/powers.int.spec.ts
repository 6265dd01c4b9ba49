/**
 * Township power lists on the test county (乙镇 merges into 甲镇 on 2019-12-20): no item for a
 * township that does not exist on its date, an item listed once per township, "what may this
 * township approve on date D" before and after the merger, backdated and retracted lists.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import {
  deciderSpec,
  openTestPlatform,
  testCounty,
  testCountyAdjustments,
  type TestCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import {
  listPowerItems,
  powerItemListed,
  powersModule,
  withdrawPowerItems,
  type PowerItemRow,
  type PowerTownshipRow,
} from './server';

const COUNTY = '510798';
const doc = (n: number, year = 2018) => ({
  documentNo: `测府发〔${year}〕${n}号`,
  issuedBy: '测试县人民政府',
});
const licence = {
  list: 'power',
  category: 'licensing',
  code: 'XK-001',
  title: '乡村建设规划许可证核发',
  department: '县自然资源和规划局',
  legalBasis: '《中华人民共和国城乡规划法》第四十一条',
};
const duty = {
  list: 'responsibility',
  code: 'ZR-001',
  title: '农村人居环境整治',
  department: '县农业农村局',
  legalBasis: '《农村人居环境整治提升五年行动方案》',
};

let p: TestPlatform;
let county: TestCounty;

beforeEach(async () => {
  p = await openTestPlatform({ modules: [powersModule] });
  county = await testCounty(p);
});
afterEach(() => p.close());

const list = (effectiveAt: string, items: Record<string, unknown>[], authority = doc(1)) =>
  p.run(listPowerItems, { countyCode: COUNTY, effectiveAt, authority, items });
const at = (asOf?: string, knownAt?: string) => ({
  ...(asOf ? { asOf } : {}),
  ...(knownAt ? { knownAt } : {}),
});
const mayApprove = async (townshipId: string, asOf: string, knownAt?: string) =>
  (await p.query<PowerItemRow[]>('powers.lists', 'mayApprove', { townshipId }, at(asOf, knownAt))).map(
    (r) => `${r.code}@${r.township}${r.listedFor ? `(${r.listedFor})` : ''}`,
  );

describe('power lists: rules', () => {
  it('lists an item for townships named by code, numbered per county, on the registry stream', async () => {
    const r = await list('2018-01-01', [
      { ...licence, townshipIds: ['510798101', '510798102'] },
      { ...duty, townshipIds: ['510798201'] },
    ]);
    expect(r.stream).toBe(county.stream);
    expect(
      r.events.map((e) => [
        (e.data as { itemId: string }).itemId,
        (e.data as { townshipId: string }).townshipId,
      ]),
    ).toEqual([
      ['power-510798-1', county.id('510798101')],
      ['power-510798-2', county.id('510798102')],
      ['power-510798-3', county.id('510798201')],
    ]);
    const rows = await p.query<PowerTownshipRow[]>(
      'powers.lists',
      'byTownship',
      { countyCode: COUNTY },
      at('2018-06-01'),
    );
    expect(rows.map((r) => [r.name, r.power, r.responsibility, r.approvals])).toEqual([
      ['甲镇', 1, 0, 1],
      ['乙镇', 1, 0, 1],
      ['丙乡', 0, 1, 0],
    ]);
  });

  it('refuses an item for a township that does not exist on its date (or has merged, or is a village), and an item listed twice', async () => {
    const none = list('2018-01-01', [{ ...licence, townshipIds: ['510798109'] }]);
    await expect(none).rejects.toBeInstanceOf(InvariantViolation);
    await expect(none).rejects.toThrow(
      /no township 510798109 exists as of 2018-01-01; a power list item is listed for an existing township/,
    );
    await expect(list('2020-01-01', [{ ...licence, townshipIds: ['510798102'] }])).rejects.toThrow(
      /乙镇（510798102） was merged into 甲镇（510798101） on 2019-12-20 \(川府民政〔2019〕27号\); no item can be listed for it on 2020-01-01/,
    );
    await expect(list('1990-01-01', [{ ...licence, townshipIds: ['510798101'] }])).rejects.toThrow(
      /no township 510798101 exists as of 1990-01-01/,
    );
    await expect(list('2018-01-01', [{ ...licence, townshipIds: ['510798101201'] }])).rejects.toThrow(
      /一村（510798101201） is a village; power lists are a township's/,
    );
    await list('2018-01-01', [{ ...licence, townshipIds: ['510798101'] }]);
    await expect(list('2019-01-01', [{ ...licence, townshipIds: ['510798101'] }])).rejects.toThrow(
      /甲镇（510798101） already holds 权力清单事项 XK-001 .*since 2018-01-01 \(测府发〔2018〕1号\); an item is listed once/,
    );
    await expect(
      list('2019-01-01', [{ ...licence, category: undefined, townshipIds: ['510798201'] }]),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      list('2019-01-01', [{ ...duty, category: 'penalty', townshipIds: ['510798201'] }]),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      p.run(listPowerItems, {
        countyCode: COUNTY,
        effectiveAt: '2019-01-01',
        items: [{ ...duty, townshipIds: ['510798201'] }],
      }),
    ).rejects.toBeInstanceOf(ValidationError); // a list is published under a document
  });

  it('refuses a backdated item for a township before a later one it would duplicate (naming the later list)', async () => {
    await list('2021-01-01', [{ ...licence, townshipIds: ['510798201'] }], doc(7, 2021));
    await expect(list('2019-01-01', [{ ...licence, townshipIds: ['510798201'] }])).rejects.toThrow(
      /this power list decision, effective 2019-01-01, contradicts powers.item-listed effective 2021-01-01 \(测府发〔2021〕7号\).*already holds/,
    );
  });
});

describe('power lists: time', () => {
  it('answer "what may this township approve" before and after the merger: 甲镇 holds what 乙镇 held, once per item', async () => {
    await list('2018-01-01', [
      { ...licence, townshipIds: ['510798101', '510798102'] },
      { ...licence, code: 'XK-002', title: '农村村民宅基地审批', townshipIds: ['510798102'] },
    ]);
    const jia = county.id('510798101');
    expect(await mayApprove(jia, '2019-12-19')).toEqual(['XK-001@甲镇']);
    expect(await mayApprove('510798102', '2019-12-19')).toEqual(['XK-001@乙镇', 'XK-002@乙镇']);
    expect(await mayApprove(jia, '2019-12-20')).toEqual(['XK-001@甲镇', 'XK-002@甲镇(乙镇)']);
    // 乙镇's code names 甲镇 after the merger
    expect(await mayApprove('510798102', '2019-12-20')).toEqual(['XK-001@甲镇', 'XK-002@甲镇(乙镇)']);
  });

  it('take a backdated list in, and a withdrawal or a retraction out — as known after, not before', async () => {
    const first = await list('2018-01-01', [{ ...licence, townshipIds: ['510798201'] }]);
    const known = new Date(p.clock.now()).toISOString();
    const late = await list(
      '2017-01-01',
      [
        {
          ...licence,
          code: 'QR-001',
          category: 'confirmation',
          title: '特困人员供养待遇确认',
          department: '县民政局',
          townshipIds: ['510798201'],
        },
      ],
      doc(3, 2017),
    );
    expect(await mayApprove('510798201', '2017-06-01')).toEqual(['QR-001@丙乡']);
    expect(await mayApprove('510798201', '2017-06-01', known)).toEqual([]);
    await p.run(withdrawPowerItems, {
      countyCode: COUNTY,
      effectiveAt: '2022-01-01',
      authority: doc(2, 2022),
      itemIds: [(first.events[0]!.data as { itemId: string }).itemId],
      reason: '收回县级部门',
    });
    expect(await mayApprove('510798201', '2021-12-31')).toEqual(['QR-001@丙乡', 'XK-001@丙乡']);
    expect(await mayApprove('510798201', '2022-01-01')).toEqual(['QR-001@丙乡']);
    await expect(
      p.run(withdrawPowerItems, {
        countyCode: COUNTY,
        effectiveAt: '2022-02-01',
        authority: doc(3, 2022),
        itemIds: ['power-510798-1'],
      }),
    ).rejects.toThrow(/was withdrawn on 2022-01-01/);
    p.clock.advance(60_000);
    const r = await retractEvent(p.store, p.runtime, {
      eventId: late.events[0]!.id,
      reason: '重复录入',
      authority: doc(9, 2024),
    });
    await p.runtime.waitForPosition(r.lastPosition);
    expect(await mayApprove('510798201', '2021-12-31')).toEqual(['XK-001@丙乡']);
    expect(
      await mayApprove('510798201', '2021-12-31', new Date(r.events[0]!.recordedMs - 1).toISOString()),
    ).toEqual(['QR-001@丙乡', 'XK-001@丙乡']);
  });
});

describe('power lists: decider (given/when/then)', () => {
  const divisions = testCountyAdjustments().flatMap((a) =>
    a.events.map((e) => ({ ...e, metadata: { effectiveAt: a.effectiveAt, authority: a.authority } })),
  );
  const spec = deciderSpec(listPowerItems.decider);
  const command = (effectiveAt: string, townshipId: string) => ({
    countyCode: COUNTY,
    effectiveAt,
    authority: doc(1),
    items: [
      { ...licence, list: 'power' as const, category: 'licensing' as const, townshipIds: [townshipId] },
    ],
  });

  it('lists for a live township', () => {
    const { list: _l, category: _c, ...rest } = licence;
    spec
      .given(divisions)
      .when(command('2019-01-01', '510798102'))
      .then([
        powerItemListed.create({
          itemId: 'power-510798-1',
          countyCode: COUNTY,
          townshipId: 'div-510798-3',
          list: 'power',
          category: 'licensing',
          ...rest,
        }),
      ]);
  });

  it('refuses a township that no longer exists on the date', () => {
    spec
      .given(divisions)
      .when(command('2019-12-20', '510798102'))
      .thenThrows(InvariantViolation, /was merged into 甲镇/);
  });
});
