/**
 * The health procedures end to end: store, runtime, the core divisions module, the commands through
 * tRPC — including the division guard across the 2019-12-20 township merger and the 2020-06-30
 * village merger, and a retraction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { retractEvent } from '@xianzhi/projections';
import { callerOf, openTestPlatform, type TestPlatform } from '@xianzhi/testkit';
import { divisionsModule, enactAdjustment, type EnactAdjustmentInput } from '@xianzhi/core/server';
import health, { healthRouter } from './server';
import type { CoverageRow } from './coverage';
import type { FacilityRow } from './facilities';
import type { NetworkRow } from './network';

const C = '510799';
let platform: TestPlatform;

type Call = (input: unknown) => Promise<unknown>;
let api: Record<string, Call>;

const adjust = (input: EnactAdjustmentInput) => platform.run(enactAdjustment, input);

beforeEach(async () => {
  platform = await openTestPlatform({ modules: [divisionsModule, health] });
  api = callerOf(platform, healthRouter, {
    tokenId: 't',
    name: 'weijian',
    scopes: ['health:write'],
  }) as unknown as Record<string, Call>;
  await adjust({
    countyCode: C,
    authority: { documentNo: '川府函〔1992〕140号', issuedBy: '四川省人民政府', approvedOn: '1992-07-15' },
    effectiveAt: '1992-08-01',
    changes: [
      { op: 'establish', kind: 'county', name: '青溪县' },
      { op: 'establish', kind: 'town', name: '甲镇', parent: C, code: '510799101' },
      { op: 'establish', kind: 'xiang', name: '乙乡', parent: C, code: '510799201' },
      { op: 'establish', kind: 'village', name: '甲村', parent: '510799101', code: '510799101201' },
      { op: 'establish', kind: 'village', name: '乙村', parent: '510799201', code: '510799201201' },
      { op: 'establish', kind: 'village', name: '丙村', parent: '510799201', code: '510799201202' },
    ],
  });
  await adjust({
    countyCode: C,
    authority: { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府', approvedOn: '2019-11-28' },
    effectiveAt: '2019-12-20',
    changes: [{ op: 'merge', sources: ['510799201'], into: '510799101' }],
  });
  await adjust({
    countyCode: C,
    authority: { documentNo: '青府发〔2020〕15号', issuedBy: '青溪县人民政府', approvedOn: '2020-06-10' },
    effectiveAt: '2020-06-30',
    changes: [{ op: 'merge', sources: ['510799101203'], into: '510799101202' }],
  });
});

afterEach(() => platform.close());

async function refused(call: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
  expect((error as TRPCError).message).toMatch(message);
}

const centre = (over: Record<string, unknown> = {}) => ({
  countyCode: C,
  effectiveAt: '2005-01-01',
  name: '乙乡卫生院',
  tier: 'general-health-centre',
  zone: 'north',
  divisionId: '510799201',
  ...over,
});
const clinic = (over: Record<string, unknown> = {}) => ({
  countyCode: C,
  effectiveAt: '2005-01-01',
  name: '丙村卫生室',
  tier: 'village-clinic',
  zone: 'north',
  divisionId: '510799201202',
  ...over,
});

describe('health procedures', () => {
  it('establishes centres in townships and clinics in villages, named by code; after the mergers they count under the survivors', async () => {
    await api.establishFacility!(centre({ facilityId: 'f2' }));
    await api.establishFacility!(clinic({ facilityId: 'c3' }));
    await api.establishFacility!(
      centre({
        facilityId: 'f1',
        name: '甲镇中心卫生院',
        tier: 'central-health-centre',
        zone: 'central',
        divisionId: '510799101',
      }),
    );
    const rows = async (asOf: string) =>
      ((await api.coverage!({ countyCode: C, asOf })) as CoverageRow[]).map((r) => [
        r.township,
        r.centres,
        r.clinics,
      ]);
    expect(await rows('2019-12-19')).toEqual([
      ['甲镇', 1, 0],
      ['乙乡', 1, 1],
    ]);
    expect(await rows('2019-12-20')).toEqual([['甲镇', 2, 1]]);
    const [c3] = (await api.facilities!({
      countyCode: C,
      tier: 'village-clinic',
      asOf: '2020-07-01',
    })) as FacilityRow[];
    expect(c3).toMatchObject({ facilityId: 'c3', township: '甲镇', division: '丙村' });
    const network = (await api.network!({ countyCode: C })) as NetworkRow[];
    expect(network.map((r) => r.total)).toEqual([0, 1, 1, 1]);
  });

  it('refuses a facility in a division of the wrong level, ended, unknown or of another county', async () => {
    await refused(
      api.establishFacility!(centre({ divisionId: '510799201201' })),
      /乙村（510799201201） is a village; a general health centre \(一般卫生院\) belongs to a township/,
    );
    await refused(
      api.establishFacility!(clinic({ divisionId: '510799101' })),
      /甲镇（510799101） is a township; a village clinic \(村卫生室\) belongs to a village/,
    );
    await refused(
      api.establishFacility!(centre({ effectiveAt: '2020-01-01' })),
      /乙乡（510799201） was merged into 甲镇 on 2019-12-20 \(川府民政〔2019〕27号\); a facility established on 2020-01-01 belongs to 甲镇/,
    );
    await refused(
      api.establishFacility!(clinic({ divisionId: '510799101203', effectiveAt: '2021-01-01' })),
      /丙村（510799101203） was merged into 乙村 on 2020-06-30 \(青府发〔2020〕15号\)/,
    );
    await refused(
      api.establishFacility!(centre({ divisionId: '510799999' })),
      /no township 510799999 exists as of 2005-01-01/,
    );
    expect(await api.facilities!({ countyCode: C })).toEqual([]);
  });

  it('upgrades, downgrades and closes; a retraction undoes a closing as known after it only', async () => {
    await api.establishFacility!(centre({ facilityId: 'f2' }));
    await api.upgradeFacility!({
      countyCode: C,
      effectiveAt: '2020-12-01',
      facilityId: 'f2',
      tier: 'central-health-centre',
      name: '乙乡中心卫生院',
    });
    await refused(
      api.upgradeFacility!({
        countyCode: C,
        effectiveAt: '2021-01-01',
        facilityId: 'f2',
        tier: 'general-health-centre',
      }),
      /not up the ladder/,
    );
    await api.downgradeFacility!({
      countyCode: C,
      effectiveAt: '2021-12-01',
      facilityId: 'f2',
      tier: 'general-health-centre',
    });
    const r = (await api.closeFacility!({
      countyCode: C,
      effectiveAt: '2022-03-01',
      facilityId: 'f2',
      reason: '危房迁建',
    })) as { events: { id: string }[] };
    const without = async (knownAt?: number) =>
      (
        (await api.withoutCentre!({
          countyCode: C,
          asOf: '2022-06-01',
          ...(knownAt ? { knownAt: new Date(knownAt).toISOString() } : {}),
        })) as CoverageRow[]
      ).map((x) => x.township);
    expect(await without()).toEqual(['甲镇']);
    platform.clock.advance(3_600_000);
    const retraction = await retractEvent(platform.store, platform.runtime, {
      eventId: r.events[0]!.id,
      reason: '误录',
      authority: { documentNo: '青卫〔2022〕3号', issuedBy: '青溪县卫生健康局' },
    });
    await platform.runtime.waitForPosition(retraction.lastPosition);
    expect(await without()).toEqual([]);
    expect(await without(retraction.events[0]!.recordedMs - 1)).toEqual(['甲镇']);
    const f2 = (await api.facility!({ facilityId: 'f2', asOf: '2022-06-01' })) as FacilityRow;
    expect(f2).toMatchObject({ status: 'open', tier: 'general-health-centre', name: '乙乡中心卫生院' });
  });
});
