import { describe, expect, it } from 'vitest';
import { countByType, expectRerunWritesNothing, itIsDeterministic, openTestPlatform } from '@xianzhi/testkit';
import { divisionsModule } from '@xianzhi/core/server';
import { DEMO_COUNTY, runDemo } from '@xianzhi/core/demo';
import type { Progress, SecretaryCoverage } from './index';
import talent from './server';

async function recordDemo(seed: number) {
  const platform = await openTestPlatform({ modules: [divisionsModule, talent] });
  return { ...platform, result: await runDemo(platform, { seed, today: '2026-11-29', modules: [talent] }) };
}

describe('talent demo', () => {
  it('five years of programme records approach the targets, some reached; first secretaries across the village merger', async () => {
    const { store, runtime, close } = await recordDemo(2019);
    const progress = await runtime.query<Progress>(
      'talent.progress',
      'progress',
      { countyCode: DEMO_COUNTY.code },
      { asOf: '2024-12-31' },
    );
    expect(progress.rows.map((r) => [r.key, r.count, r.target, r.share])).toEqual([
      ['returning-worker', 4742, 5000, 94.8],
      ['party-member', 2008, 2000, 100.4],
      ['reserve-cadre', 1843, 2000, 92.2],
      ['practical-talent-senior', 85, 100, 85],
      ['practical-talent-intermediate', 2041, 2000, 102.1],
      ['cadre-training', 3160, null, null],
    ]);
    const reached = progress.rows.filter((r) => r.share !== null && r.share >= 100).length;
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(5);
    // nothing is counted before the plan started
    expect(
      (await runtime.query<Progress>('talent.progress', 'progress', {}, { asOf: '2019-12-31' })).rows.every(
        (r) => r.count === 0,
      ),
    ).toBe(true);

    const coverage = (asOf: string) =>
      runtime.query<SecretaryCoverage>(
        'talent.first-secretaries',
        'coverage',
        { countyCode: DEMO_COUNTY.code },
        { asOf },
      );
    const figures = async (asOf: string) => {
      const c = await coverage(asOf);
      return [c.villages, c.covered, c.share, c.doubled];
    };
    expect(await figures('2020-06-29')).toEqual([132, 45, 34.1, 0]);
    const merged = await figures('2020-06-30');
    expect(merged[0]).toBe(83);
    expect(merged[3]).toBeGreaterThan(0); // survivors that inherited a second secretary
    expect((await figures('2020-09-01'))[3]).toBe(0); // resolved by recalls
    expect(await figures('2022-03-01')).toEqual([83, 60, 72.3, 0]);
    expect(await figures('2024-12-31')).toEqual([83, 72, 86.7, 0]);

    const types = await countByType(store);
    expect(types['talent.record-revoked']).toBe(98);
    await expectRerunWritesNothing(store, () =>
      runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: [talent] }),
    );
    await close();
  }, 120_000);

  itIsDeterministic(recordDemo, { prefix: 'talent.', atLeast: 13_000 });
});
