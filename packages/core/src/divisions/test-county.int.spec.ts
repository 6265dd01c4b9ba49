/**
 * The testkit's test county is recorded as raw events (so plugin specs need no core package): this
 * spec holds those events to what the divisions decider writes for the same adjustments, so the
 * fixture can never drift from the real registry.
 */
import { describe, expect, it } from 'vitest';
import {
  deciderSpec,
  openTestPlatform,
  testCounty,
  testCountyAdjustments,
  TEST_COUNTY_CODE,
  type TestAdjustment,
} from '@xianzhi/testkit';
import { divisionsModule, registryDecider, type Change, type EnactAdjustment, type TreeNode } from './server';

const C = TEST_COUNTY_CODE;
const commands: Change[][] = [
  [
    { op: 'establish', kind: 'county', name: '测试县' },
    { op: 'establish', kind: 'town', name: '甲镇', parent: C, code: '510798101' },
    { op: 'establish', kind: 'town', name: '乙镇', parent: C, code: '510798102' },
    { op: 'establish', kind: 'xiang', name: '丙乡', parent: C, code: '510798201' },
    { op: 'establish', kind: 'village', name: '一村', parent: '510798101', code: '510798101201' },
    { op: 'establish', kind: 'village', name: '二村', parent: '510798101', code: '510798101202' },
    { op: 'establish', kind: 'village', name: '三村', parent: '510798102', code: '510798102201' },
    { op: 'establish', kind: 'village', name: '四村', parent: '510798201', code: '510798201201' },
    { op: 'establish', kind: 'village', name: '五村', parent: '510798201', code: '510798201202' },
  ],
  [{ op: 'merge', sources: ['510798102'], into: '510798101' }],
  // 三村 has moved to 甲镇 with a new code: by that code
  [{ op: 'merge', sources: ['510798101203'], into: '510798101201' }],
];

const withMetadata = (a: TestAdjustment) =>
  a.events.map((e) => ({ ...e, metadata: { effectiveAt: a.effectiveAt, authority: a.authority } }));

describe('the testkit test county', () => {
  it('is what the divisions decider writes for its three adjustments', () => {
    const adjustments = testCountyAdjustments();
    expect(adjustments).toHaveLength(commands.length);
    adjustments.forEach((a, i) => {
      const before = adjustments.slice(0, i).flatMap(withMetadata);
      const command = {
        countyCode: C,
        authority: a.authority,
        effectiveAt: a.effectiveAt,
        changes: commands[i],
      } as EnactAdjustment;
      deciderSpec(registryDecider).given(before).when(command).then(withMetadata(a));
    });
    expect(testCountyAdjustments({ mergeVillages: false })).toHaveLength(2);
  });

  it('reads in the divisions read models as the test county should', async () => {
    const platform = await openTestPlatform({ modules: [divisionsModule] });
    try {
      const county = await testCounty(platform);
      const townships = (asOf: string) =>
        platform
          .query<{ name: string }[]>('divisions.tree', 'list', { level: 'township' }, { asOf })
          .then((r) => r.map((t) => t.name));
      expect(await townships('2019-12-19')).toEqual(['甲镇', '乙镇', '丙乡']);
      expect(await townships('2019-12-20')).toEqual(['甲镇', '丙乡']);
      const jia = await platform.query<TreeNode>(
        'divisions.tree',
        'get',
        { id: county.id('510798101') },
        { asOf: '2020-06-30' },
      );
      expect(jia.children.map((c) => `${c.name} ${c.code}`)).toEqual([
        '一村 510798101201',
        '二村 510798101202',
      ]);
      expect(() => county.id('510798999')).toThrow(/no division 510798999/);
    } finally {
      await platform.close();
    }
  });
});
