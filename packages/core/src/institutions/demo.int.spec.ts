import { describe, expect, it } from 'vitest';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { institutionsModule, type InstitutionTotals, type TownshipRow } from './server';
import { syntheticDemoCounty } from '../demo/county';
import { INSTITUTIONS_TARGETS, institutionsDemo } from './demo';
import { seededRandom } from '@xianzhi/kernel';
import { recordDemoScript } from '../demo/record-script';

const county = syntheticDemoCounty();

describe('institutions demo', () => {
  it('is deterministic: the same seed gives the same commands', () => {
    const a = JSON.stringify(institutionsDemo(county, seededRandom(3)));
    expect(JSON.stringify(institutionsDemo(county, seededRandom(3)))).toBe(a);
    expect(JSON.stringify(institutionsDemo(county, seededRandom(4)))).not.toBe(a);
  });

  it('devolves 67 stations with 354 quotas and 274 staff; offices in every township, seven approval offices, ten enforcement teams', async () => {
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(institutionsModule.events),
    });
    const runtime = createProjectionRuntime({ store, projections: institutionsModule.projections });
    await runtime.start();
    await recordDemoScript({ store, runtime }, institutionsDemo(county, seededRandom(2019)), [
      institutionsModule,
    ]);
    const totals = await runtime.query<InstitutionTotals>('institutions.townships', 'totals', {});
    expect(totals).toMatchObject({
      townships: 13,
      stations: INSTITUTIONS_TARGETS.stations,
      quotas: INSTITUTIONS_TARGETS.quotas,
      staff: INSTITUTIONS_TARGETS.staff,
    });
    expect(totals.offices).toEqual({
      'party-government-office': 52,
      'public-institution': 26,
      'approval-office': INSTITUTIONS_TARGETS.approvalOffices,
      'enforcement-team': INSTITUTIONS_TARGETS.enforcementTeams,
    });
    expect(
      (
        await runtime.query<InstitutionTotals>(
          'institutions.townships',
          'totals',
          {},
          { asOf: county.dates.townships },
        )
      ).stations,
    ).toBe(0);
    const rows = await runtime.query<TownshipRow[]>('institutions.townships', 'townships', {});
    expect(rows.every((r) => r.staff <= r.quotas)).toBe(true);
    expect(rows.filter((r) => r.enforcementTeam)).toHaveLength(10);
    // the approval offices are in key townships (those with a team)
    expect(rows.filter((r) => r.approvalOffice).every((r) => r.enforcementTeam)).toBe(true);
    await runtime.stop();
    await store.close();
  });
});
