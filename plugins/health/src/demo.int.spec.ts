import { describe, expect, it } from 'vitest';
import { countByType, expectRerunWritesNothing, itIsDeterministic, openTestPlatform } from '@xianzhi/testkit';
import { divisionsModule } from '@xianzhi/core/server';
import { runDemo } from '@xianzhi/core/demo';
import health from './server';
import type { CoverageRow } from './coverage';
import type { NetworkRow } from './network';

const TODAY = '2024-12-31';

async function recordDemo(seed: number) {
  const platform = await openTestPlatform({ modules: [divisionsModule, health] });
  return { ...platform, result: await runDemo(platform, { seed, today: TODAY, modules: [health] }) };
}

describe('health demo (青溪县)', () => {
  it(
    'rebuilds the network towards the targets after the merger, and a second run writes nothing',
    { timeout: 120_000 },
    async () => {
      const { store, runtime, close } = await recordDemo(2019);
      try {
        const q = <R>(name: string, asOf: string) =>
          runtime.query<R>('health.facilities', name, { countyCode: '510799' }, { asOf });
        const totals = async (asOf: string) => (await q<NetworkRow[]>('network', asOf)).map((r) => r.total);
        const without = async (asOf: string) => (await q<CoverageRow[]>('withoutCentre', asOf)).length;
        // sub-centres, central, general health centres, village clinics
        expect(await totals('2019-06-01')).toEqual([1, 11, 23, 132]);
        expect(await totals('2021-07-01')).toEqual([4, 13, 18, 104]);
        expect(await totals('2023-06-01')).toEqual([4, 15, 16, 104]);
        expect((await q<NetworkRow[]>('network', '2023-06-01')).map((r) => r.gap)).toEqual([0, 0, 1, null]);
        // two townships served by a neighbour's centre before the merger, none after it; one while its
        // only centre is rebuilt (2022-03-01 to 2023-01-10)
        expect([
          await without('2019-12-19'),
          await without('2019-12-20'),
          await without('2022-06-01'),
          await without('2023-06-01'),
        ]).toEqual([2, 0, 1, 0]);
        expect((await q<CoverageRow[]>('coverage', '2023-06-01')).length).toBe(13);

        // 167 facilities before the reform (35 centres, 132 clinics) + 3 centres after; 28 clinics and 3 centres closed
        expect(await countByType(store, 'health.')).toEqual({
          'health.facility-established': 170,
          'health.facility-upgraded': 11,
          'health.facility-downgraded': 1,
          'health.facility-closed': 31,
        });

        await expectRerunWritesNothing(store, () =>
          runDemo({ store, runtime }, { seed: 2019, today: TODAY, modules: [health] }),
        );
      } finally {
        await close();
      }
    },
  );

  itIsDeterministic(recordDemo, { prefix: 'health.', atLeast: 150 });
});
