import { describe, expect, it } from 'vitest';
import { countByType, expectRerunWritesNothing, itIsDeterministic, openTestPlatform } from '@xianzhi/testkit';
import { divisionsModule } from '@xianzhi/core/server';
import { DEMO_COUNTY, runDemo } from '@xianzhi/core/demo';
import type { CaseTownshipRow, Coverage } from './index';
import enforcement from './server';

async function recordDemo(seed: number) {
  const platform = await openTestPlatform({ modules: [divisionsModule, enforcement] });
  return {
    ...platform,
    result: await runDemo(platform, { seed, today: '2026-11-29', modules: [enforcement] }),
  };
}

describe('enforcement demo', () => {
  it('teams in the 10 key townships in 2020, all 13 by 2022; a few thousand cases 2020–2024; re-running writes nothing', async () => {
    const { store, runtime, close } = await recordDemo(2019);
    const coverage = (asOf: string) =>
      runtime.query<Coverage>('enforcement.teams', 'coverage', { countyCode: DEMO_COUNTY.code }, { asOf });
    const c2019 = await coverage('2019-12-31');
    expect([c2019.townships, c2019.covered]).toEqual([13, 0]);
    const c2020 = await coverage('2020-12-31');
    expect([c2020.townships, c2020.covered, c2020.keyCovered, c2020.share, c2020.uncovered.length]).toEqual([
      13, 10, 10, 76.9, 3,
    ]);
    const c2022 = await coverage('2022-12-31');
    expect([c2022.covered, c2022.share]).toEqual([13, 100]);
    expect(c2022.rows.every((r) => r.officers >= 6)).toBe(true);

    const { rows, total } = await runtime.query<{
      rows: CaseTownshipRow[];
      total: { opened: number; closed: number; pending: number; medianDays: number };
    }>('enforcement.cases', 'byTownship', { countyCode: DEMO_COUNTY.code }, { asOf: '2024-12-31' });
    expect(rows).toHaveLength(13);
    expect(total).toMatchObject({ opened: 3468, closed: 3437, pending: 31, medianDays: 16 });
    const types = await countByType(store);
    expect([
      types['enforcement.team-formed'],
      types['enforcement.officer-assigned'],
      types['enforcement.officer-removed'],
    ]).toEqual([13, 178, 24]);
    expect(total.opened).toBeGreaterThan(2500);
    expect(total.opened).toBeLessThan(6000);
    expect(total.pending).toBeGreaterThan(0);
    expect(total.pending).toBeLessThan(total.opened * 0.05);
    expect(total.medianDays).toBeGreaterThan(8);
    expect(total.medianDays).toBeLessThan(40);
    // no case before a team existed, none after 2024
    expect(
      (
        await runtime.query<unknown[]>(
          'enforcement.cases',
          'byTownshipMonth',
          { from: '2025-01' },
          { asOf: '2026-11-29' },
        )
      ).length,
    ).toBe(0);
    expect(
      (
        await runtime.query<unknown[]>(
          'enforcement.cases',
          'byTownshipMonth',
          { to: '2020-02' },
          { asOf: '2026-11-29' },
        )
      ).length,
    ).toBe(0);

    await expectRerunWritesNothing(store, () =>
      runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: [enforcement] }),
    );
    await close();
  }, 120_000);

  itIsDeterministic(recordDemo, { prefix: 'enforcement.', atLeast: 2500 });
});
