import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '@xianzhi/api';
import { divisionsModule } from '@xianzhi/core/server';
import {
  TEST_COUNTY_CODE as COUNTY,
  callerOf,
  openTestPlatform,
  testCounty,
  trpcCode as code,
  type TestPlatform,
} from '@xianzhi/testkit';
import { enforcementRouter } from './router';
import enforcement from './server';

let c: TestPlatform;
let bing: string;
let yi: string;

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, enforcement] });
  const county = await testCounty(c);
  bing = county.id('510798201');
  yi = county.id('510798102');
});
afterEach(() => c.close());

const as = (caller: Caller) => callerOf(c, enforcementRouter, caller);

describe('enforcement router', () => {
  it('records and reads through tRPC; a township-limited token acts on its township only', async () => {
    const county = as({ tokenId: 'a', name: '县执法局', scopes: ['enforcement:write'] });
    await county.formTeam({
      countyCode: COUNTY,
      townshipId: yi,
      effectiveAt: '2019-06-01',
      officers: [{ officerId: 'E1', name: '王强' }],
    });
    const coverage = await county.coverage({ countyCode: COUNTY, asOf: '2019-06-30' });
    expect([coverage.covered, coverage.townships]).toEqual([1, 3]);

    const township = as({ tokenId: 'b', name: '丙乡', scopes: ['enforcement:write'], subtree: bing });
    expect(
      await code(township.formTeam({ countyCode: COUNTY, townshipId: bing, effectiveAt: '2019-07-01' })),
    ).toBe('OK');
    expect(
      await code(township.formTeam({ countyCode: COUNTY, townshipId: yi, effectiveAt: '2019-07-01' })),
    ).toBe('FORBIDDEN');
    // the coverage of its own township only
    const own = await township.coverage({ countyCode: COUNTY, asOf: '2019-07-01' });
    expect([own.townships, own.covered, own.rows.map((r) => r.townshipId)]).toEqual([1, 1, [bing]]);
    expect(
      await code(
        township.openCase({
          countyCode: COUNTY,
          townshipId: bing,
          category: 'safety',
          effectiveAt: '2021-01-05',
        }),
      ),
    ).toBe('OK');
    expect(await code(township.casesByTownship({ townshipId: bing, asOf: '2021-12-31' }))).toBe('OK');
    // a case of its own township (found in the read model), and not one of another's
    await county.openCase({
      countyCode: COUNTY,
      townshipId: yi,
      category: 'land',
      effectiveAt: '2021-01-06',
    });
    expect(await code(township.closeCase({ caseId: `${COUNTY}-2021-0002`, effectiveAt: '2021-01-09' }))).toBe(
      'FORBIDDEN',
    );
    expect(await code(township.closeCase({ caseId: `${COUNTY}-2021-0001`, effectiveAt: '2021-01-09' }))).toBe(
      'OK',
    );
    // another township's officers, asked for by the team's id beside its own township: none
    expect(
      await township.officers({
        townshipId: bing,
        teamId: ((await county.teams({ townshipId: yi })) as { teamId: string }[])[0]!.teamId,
      }),
    ).toEqual([]);

    const reader = as({ tokenId: 'c', name: '读者', scopes: ['enforcement:read'] });
    expect(
      await code(
        reader.openCase({
          countyCode: COUNTY,
          townshipId: bing,
          category: 'safety',
          effectiveAt: '2021-01-05',
        }),
      ),
    ).toBe('FORBIDDEN');
    // rules and validation map to their HTTP-like codes
    expect(
      await code(county.formTeam({ countyCode: COUNTY, townshipId: yi, effectiveAt: '2020-03-01' })),
    ).toBe('UNPROCESSABLE_CONTENT');
    expect(await code(county.casesByMonth({ from: '2021-13' }))).toBe('BAD_REQUEST');
    const months = (await reader.casesByMonth({
      countyCode: COUNTY,
      townshipId: bing,
      asOf: '2021-12-31',
    })) as { month: string; opened: number; closed: number; medianDays: number }[];
    expect(months).toEqual([
      expect.objectContaining({ month: '2021-01', opened: 1, closed: 1, medianDays: 4 }),
    ]);
    // the township's token counts its own cases only
    const ownMonths = (await township.casesByMonth({ asOf: '2021-12-31' })) as { townshipId: string }[];
    expect(ownMonths.map((m) => m.townshipId)).toEqual([bing]);
  });
});
