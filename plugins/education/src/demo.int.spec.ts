import { describe, expect, it } from 'vitest';
import { countByType, expectRerunWritesNothing, itIsDeterministic, openTestPlatform } from '@xianzhi/testkit';
import { divisionsModule } from '@xianzhi/core/server';
import { runDemo } from '@xianzhi/core/demo';
import education from './server';
import type { LayoutSummary } from './layout';
import type { ProgressRow } from './progress';
import type { UtilisationSummary } from './utilisation';

const TODAY = '2024-12-31';

async function recordDemo(seed: number) {
  const platform = await openTestPlatform({ modules: [divisionsModule, education] });
  return { ...platform, result: await runDemo(platform, { seed, today: TODAY, modules: [education] }) };
}

describe('education demo (青溪县)', () => {
  it(
    'tells the re-layout story in the read models, and a second run writes nothing',
    { timeout: 120_000 },
    async () => {
      const { store, runtime, close } = await recordDemo(2019);
      try {
        const q = <R>(name: string, asOf: string) =>
          runtime.query<R>('education.schools', name, { countyCode: '510799' }, { asOf });
        const counts = async (asOf: string) =>
          (await q<ProgressRow[]>('progress', asOf)).map((r) => r.current);
        const layout = async (asOf: string) => {
          const s = await q<LayoutSummary>('layoutSummary', asOf);
          return [s.townships, s.meeting, s.excessBoardingPrimary];
        };
        const rate = async (asOf: string) => (await q<UtilisationSummary>('utilisationSummary', asOf)).rate!;
        // primary, junior high, nine-year, kindergarten
        expect(await counts('2019-06-01')).toEqual([165, 39, 1, 28]);
        expect(await counts('2024-10-01')).toEqual([85, 31, 3, 38]);
        expect((await q<ProgressRow[]>('progress', '2024-10-01')).map((r) => r.gap)).toEqual([-1, -1, 0, 1]);
        // 33 townships, half of them missing the pattern; after the merger 13, three with too many
        // boarding primaries; all 13 meet it once the re-layout is done
        expect(await layout('2019-12-19')).toEqual([33, 18, 0]);
        expect(await layout('2019-12-20')).toEqual([13, 10, 3]);
        expect(await layout('2024-10-01')).toEqual([13, 13, 0]);
        // utilisation rises towards the 94 % target, year by year
        const rates = [];
        for (const y of [2019, 2020, 2021, 2022, 2023, 2024]) rates.push(await rate(`${y}-10-01`));
        expect(rates).toEqual([...rates].sort((a, b) => a - b));
        expect(rates[0]).toBeLessThan(80);
        expect(rates[5]).toBeGreaterThan(92);
        expect(rates[5]).toBeLessThan(94);

        // the totals: 246 schools opened, 77 mergers, 51 changes, 1 closing, 1074 reports (2019–2024)
        expect(await countByType(store, 'education.')).toEqual({
          'education.school-opened': 246,
          'education.enrolment-reported': 1074,
          'education.schools-merged': 77,
          'education.school-changed': 51,
          'education.school-closed': 1,
        });

        await expectRerunWritesNothing(store, () =>
          runDemo({ store, runtime }, { seed: 2019, today: TODAY, modules: [education] }),
        );
      } finally {
        await close();
      }
    },
  );

  itIsDeterministic(recordDemo, { prefix: 'education.', atLeast: 1000 });
});
