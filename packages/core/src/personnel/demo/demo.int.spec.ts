import { describe, expect, it } from 'vitest';
import { EventRegistry, asOfBound } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import {
  compareCadreStatistics,
  computeStatistics,
  personnelModule,
  personnelRoster,
  type CadreLevel,
  type PersonnelState,
} from '../server';
import { syntheticDemoCounty } from '../../demo/county';
import { dryRunScript, foldAsOf } from '../../demo/dry-run';
import { PERSONNEL_TARGETS, personnelDemo, personnelDemoDates } from './index';
import { seededRandom } from '@xianzhi/kernel';
import { recordDemoScript } from '../../demo/record-script';

const county = syntheticDemoCounty();
const dates = personnelDemoDates(county);

describe('personnel demo', () => {
  it('is deterministic: the same seed gives the same commands', () => {
    const a = personnelDemo(county, seededRandom(11));
    const b = personnelDemo(county, seededRandom(11));
    expect(JSON.stringify(a.commands)).toBe(JSON.stringify(b.commands));
    expect(JSON.stringify(personnelDemo(county, seededRandom(12)).commands)).not.toBe(
      JSON.stringify(a.commands),
    );
  });

  it.each([7, 123, 2024])(
    'hits the report’s figures whatever the seed (%i): the deciders accept every decision',
    async (seed) => {
      const events = await dryRunScript(personnelDemo(county, seededRandom(seed)), personnelModule);
      const stats = (level: CadreLevel, on: string) =>
        computeStatistics(foldAsOf<PersonnelState>(personnelRoster, events, asOfBound(on)), { on, level });
      const drop = (level: CadreLevel, pair: { before: string; after: string }) =>
        stats(level, pair.after).averageAge! - stats(level, pair.before).averageAge!;
      expect(
        Math.abs(drop('township-leaders', dates.townships) + PERSONNEL_TARGETS.townshipLeadersAgeDrop),
      ).toBeLessThanOrEqual(0.3);
      expect(
        Math.abs(
          drop('village-party-secretaries', dates.villages) + PERSONNEL_TARGETS.villageSecretariesAgeDrop,
        ),
      ).toBeLessThanOrEqual(0.3);
      expect(
        Math.abs(
          stats('township-leaders', dates.townships.after).bachelorOrHigher.percent! -
            PERSONNEL_TARGETS.townshipLeadersBachelorAfter,
        ),
      ).toBeLessThanOrEqual(0.5);
      expect(stats('village-party-secretaries', dates.villages.after).dualRole.percentOfAll).toBe(100);
    },
  );

  it('records the leadership story through the commands: ages, degrees, dual role and sources as the report says', async () => {
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(personnelModule.events),
    });
    const runtime = createProjectionRuntime({ store, projections: personnelModule.projections });
    await runtime.start();
    const script = personnelDemo(county, seededRandom(2019));
    const result = await recordDemoScript({ store, runtime }, script, [personnelModule]);
    expect(result.written).toBeGreaterThan(2000);

    const township = await compareCadreStatistics(runtime, {
      level: 'township-leaders',
      from: dates.townships.before,
      to: dates.townships.after,
    });
    expect([township.before.count, township.after.count]).toEqual([33 * 5, 13 * 7]);
    expect(township.before.averageAge).toBeCloseTo(PERSONNEL_TARGETS.townshipLeadersAgeBefore, 1);
    expect(
      Math.abs(township.averageAgeChange! + PERSONNEL_TARGETS.townshipLeadersAgeDrop),
    ).toBeLessThanOrEqual(0.3);
    expect(
      Math.abs(township.after.bachelorOrHigher.percent! - PERSONNEL_TARGETS.townshipLeadersBachelorAfter),
    ).toBeLessThanOrEqual(0.5);

    const secretaries = await compareCadreStatistics(runtime, {
      level: 'village-party-secretaries',
      from: dates.villages.before,
      to: dates.villages.after,
    });
    expect([secretaries.before.count, secretaries.after.count]).toEqual([132, 83]);
    expect(
      Math.abs(secretaries.averageAgeChange! + PERSONNEL_TARGETS.villageSecretariesAgeDrop),
    ).toBeLessThanOrEqual(0.3);
    expect(secretaries.before.dualRole.percentOfFilled).toBeLessThan(60);
    expect(secretaries.after.dualRole).toMatchObject({
      villages: 83,
      bothFilled: 83,
      dualRole: 83,
      percentOfAll: 100,
    });

    const groups = await compareCadreStatistics(runtime, {
      level: 'group-leaders',
      from: dates.groups.before,
      to: dates.groups.after,
    });
    expect([groups.before.count, groups.after.count]).toEqual([190, 83]);
    const sources = groups.after.bySource;
    expect(sources['returning-migrant-worker']).toBeGreaterThan(sources.other);
    expect(Object.values(sources).reduce((a, b) => a + b, 0)).toBe(83);

    // running it again writes nothing
    const again = await recordDemoScript({ store, runtime }, script, [personnelModule]);
    expect(again.written).toBe(0);
    await runtime.stop();
    await store.close();
  }, 60_000);
});
