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
import { talentRouter } from './router';
import talent from './server';

let c: TestPlatform;
let sicun: string;
let wucun: string;

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, talent] });
  const county = await testCounty(c);
  sicun = county.id('510798201201');
  wucun = county.id('510798201202');
});
afterEach(() => c.close());

const as = (caller: Caller) => callerOf(c, talentRouter, caller);

describe('talent router', () => {
  it('records and reads through tRPC; a village-limited token acts on its village only', async () => {
    const county = as({ tokenId: 'a', name: '县委组织部', scopes: ['talent:write'] });
    await county.dispatchFirstSecretaries({
      countyCode: COUNTY,
      effectiveAt: '2021-03-01',
      postings: [{ villageId: sicun, name: '王强', unit: '县委组织部' }],
    });
    const coverage = await county.secretaryCoverage({ countyCode: COUNTY, asOf: '2021-03-01' });
    expect([coverage.villages, coverage.covered, coverage.share]).toEqual([4, 1, 25]);

    const village = as({ tokenId: 'b', name: '五村', scopes: ['talent:write'], subtree: wucun });
    expect(
      await code(
        village.recruitReturningWorker({
          countyCode: COUNTY,
          divisionId: wucun,
          name: '李芳',
          effectiveAt: '2021-04-01',
        }),
      ),
    ).toBe('OK');
    expect(
      await code(
        village.recruitReturningWorker({
          countyCode: COUNTY,
          divisionId: sicun,
          name: '李芳',
          effectiveAt: '2021-04-01',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await code(village.progress({ countyCode: COUNTY }))).toBe('FORBIDDEN');
    expect(await code(village.records({ divisionId: wucun, asOf: '2021-12-31' }))).toBe('OK');
    expect(
      await code(
        village.recallFirstSecretaries({
          countyCode: COUNTY,
          effectiveAt: '2022-01-01',
          postings: [{ postingId: `fs-${COUNTY}-1` }],
        }),
      ),
    ).toBe('FORBIDDEN');
    // its own record, found in the read model (naming the village is not needed); not another village's
    await county.recruitReturningWorker({
      countyCode: COUNTY,
      divisionId: sicun,
      name: '赵六',
      effectiveAt: '2021-04-02',
    });
    expect(
      await code(
        village.revokeRecord({
          recordId: `${COUNTY}-2021-00002`,
          reason: '再次外出务工',
          effectiveAt: '2021-09-01',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await code(
        village.revokeRecord({
          recordId: `${COUNTY}-2021-00002`,
          divisionId: wucun,
          reason: '再次外出务工',
          effectiveAt: '2021-09-01',
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await code(
        village.revokeRecord({
          recordId: `${COUNTY}-2021-00001`,
          reason: '再次外出务工',
          effectiveAt: '2021-09-01',
        }),
      ),
    ).toBe('OK');
    // reads: its own village's secretaries only, whatever else is named beside it
    expect(await code(village.secretaries({ villageId: sicun }))).toBe('FORBIDDEN');
    expect(await village.secretaries({})).toEqual([]);

    // rules and validation map to their HTTP-like codes
    expect(
      await code(
        county.dispatchFirstSecretaries({
          countyCode: COUNTY,
          effectiveAt: '2021-04-01',
          postings: [{ villageId: sicun, name: '张伟', unit: '县财政局' }],
        }),
      ),
    ).toBe('UNPROCESSABLE_CONTENT');
    expect(
      await code(
        county.certifyPracticalTalent({
          countyCode: COUNTY,
          divisionId: wucun,
          name: '张伟',
          level: 'expert',
          effectiveAt: '2021-04-01',
        } as never),
      ),
    ).toBe('BAD_REQUEST');
    expect(await code(county.byTownship({ from: '2021-02-30' }))).toBe('BAD_REQUEST');

    await county.certifyPracticalTalent({
      countyCode: COUNTY,
      divisionId: wucun,
      name: '张伟',
      level: 'senior',
      effectiveAt: '2021-04-01',
    });
    const progress = await county.progress({ countyCode: COUNTY, asOf: '2021-12-31' });
    expect(progress.rows.find((r) => r.key === 'practical-talent-senior')).toMatchObject({
      count: 1,
      target: 100,
      share: 1,
    });
    expect(progress.rows.find((r) => r.key === 'returning-worker')).toMatchObject({ count: 1 }); // 五村's revoked, 四村's counts
    const rows = await county.byTownship({ countyCode: COUNTY, asOf: '2021-12-31' });
    expect(rows.find((r) => r.township === '丙乡')).toMatchObject({
      'practical-talent-senior': 1,
      'returning-worker': 1,
    }); // of two, one revoked
  });
});
