import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCallerFactory, router, type Caller } from '@xianzhi/api';
import { divisionsModule } from '@xianzhi/core/server';
import { TEST_COUNTY_CODE as COUNTY, openTestPlatform, testCounty, type TestPlatform } from '@xianzhi/testkit';
import type { Coverage } from './index';
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

const api = router({ enforcement: enforcementRouter });
const as = (caller: Caller) =>
  createCallerFactory(api)({
    store: c.store,
    runtime: c.runtime,
    caller,
    requestId: 'test',
    // a token limited to a division may act on that division only (enough for this test)
    inSubtree: async (id, root) => id === root,
    log: () => {},
  }).enforcement;

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe('enforcement router', () => {
  it('records and reads through tRPC; a township-limited token acts on its township only', async () => {
    const county = as({ tokenId: 'a', name: '县执法局', scopes: ['enforcement:write'] });
    await county.formTeam({ countyCode: COUNTY, townshipId: yi, effectiveAt: '2019-06-01', officers: [{ officerId: 'E1', name: '王强' }] });
    const coverage = (await county.coverage({ countyCode: COUNTY, asOf: '2019-06-30' })) as Coverage;
    expect([coverage.covered, coverage.townships]).toEqual([1, 3]);

    const township = as({ tokenId: 'b', name: '丙乡', scopes: ['enforcement:write'], subtree: bing });
    expect(await code(township.formTeam({ countyCode: COUNTY, townshipId: bing, effectiveAt: '2019-07-01' }))).toBe('OK');
    expect(await code(township.formTeam({ countyCode: COUNTY, townshipId: yi, effectiveAt: '2019-07-01' }))).toBe('FORBIDDEN');
    expect(await code(township.coverage({ countyCode: COUNTY }))).toBe('FORBIDDEN');
    expect(await code(township.openCase({ countyCode: COUNTY, townshipId: bing, category: 'safety', effectiveAt: '2021-01-05' }))).toBe('OK');
    expect(await code(township.casesByTownship({ townshipId: bing, asOf: '2021-12-31' }))).toBe('OK');
    expect(await code(township.closeCase({ caseId: `${COUNTY}-2021-0001`, effectiveAt: '2021-01-09' }))).toBe('FORBIDDEN');
    expect(await code(township.closeCase({ caseId: `${COUNTY}-2021-0001`, townshipId: bing, effectiveAt: '2021-01-09' }))).toBe('OK');

    const reader = as({ tokenId: 'c', name: '读者', scopes: ['enforcement:read'] });
    expect(await code(reader.openCase({ countyCode: COUNTY, townshipId: bing, category: 'safety', effectiveAt: '2021-01-05' }))).toBe('FORBIDDEN');
    // rules and validation map to their HTTP-like codes
    expect(await code(county.formTeam({ countyCode: COUNTY, townshipId: yi, effectiveAt: '2020-03-01' }))).toBe('UNPROCESSABLE_CONTENT');
    expect(await code(county.casesByMonth({ from: '2021-13' }))).toBe('BAD_REQUEST');
    const months = (await reader.casesByMonth({ countyCode: COUNTY, asOf: '2021-12-31' })) as { month: string; opened: number; closed: number; medianDays: number }[];
    expect(months).toEqual([expect.objectContaining({ month: '2021-01', opened: 1, closed: 1, medianDays: 4 })]);
  });
});
