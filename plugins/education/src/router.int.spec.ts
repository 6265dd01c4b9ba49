/**
 * The education procedures end to end: store, runtime, the core divisions module, the commands
 * through tRPC — including the township guard across the 2019-12-20 merger, and a retraction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { retractEvent } from '@xianzhi/projections';
import { callerOf, openTestPlatform, type TestPlatform } from '@xianzhi/testkit';
import { divisionsModule, enactAdjustment, type EnactAdjustmentInput } from '@xianzhi/core/server';
import education, { educationRouter } from './server';
import type { LayoutRow } from './layout';
import type { SchoolRow } from './schools';
import type { UtilisationSummary } from './utilisation';

const C = '510799';
let platform: TestPlatform;

type Call = (input: unknown) => Promise<unknown>;
let api: Record<string, Call>;

const adjust = (input: EnactAdjustmentInput) => platform.run(enactAdjustment, input);

beforeEach(async () => {
  platform = await openTestPlatform({ modules: [divisionsModule, education] });
  api = callerOf(platform, educationRouter, {
    tokenId: 't',
    name: 'jiaoyu',
    scopes: ['education:write'],
  }) as unknown as Record<string, Call>;
  const authority = {
    documentNo: '川府函〔1992〕140号',
    issuedBy: '四川省人民政府',
    approvedOn: '1992-07-15',
  };
  await adjust({
    countyCode: C,
    authority,
    effectiveAt: '1992-08-01',
    changes: [
      { op: 'establish', kind: 'county', name: '青溪县' },
      { op: 'establish', kind: 'town', name: '甲镇', parent: C, code: '510799101' },
      { op: 'establish', kind: 'town', name: '丙镇', parent: C, code: '510799102' },
      { op: 'establish', kind: 'xiang', name: '乙乡', parent: C, code: '510799201' },
      { op: 'establish', kind: 'village', name: '乙村', parent: '510799201', code: '510799201201' },
    ],
  });
  await adjust({
    countyCode: '510798',
    authority,
    effectiveAt: '1992-08-01',
    changes: [
      { op: 'establish', kind: 'county', name: '邻县' },
      { op: 'establish', kind: 'town', name: '邻镇', parent: '510798', code: '510798101' },
    ],
  });
  await adjust({
    countyCode: C,
    authority: { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府', approvedOn: '2019-11-28' },
    effectiveAt: '2019-12-20',
    changes: [{ op: 'merge', sources: ['510799201'], into: '510799101' }],
  });
});

afterEach(() => platform.close());

const openInput = (over: Record<string, unknown> = {}) => ({
  countyCode: C,
  effectiveAt: '2005-09-01',
  name: '乙乡中心小学',
  kind: 'primary',
  townshipId: '510799201',
  capacity: 600,
  boarding: true,
  ...over,
});

async function refused(call: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
  expect((error as TRPCError).message).toMatch(message);
}

describe('education procedures', () => {
  it('opens a school in a township named by its code, and counts it under the survivor after the merger', async () => {
    const r = (await api.openSchool!(openInput())) as { stream: string; events: { type: string }[] };
    expect(r.stream).toBe('education-510799');
    expect(r.events.map((e) => e.type)).toEqual(['education.school-opened']);
    const [school] = (await api.schools!({ countyCode: C, asOf: '2019-12-19' })) as SchoolRow[];
    expect(school).toMatchObject({ schoolId: 'school-510799-001', township: '乙乡' });
    expect(school!.townshipId).toMatch(/^div-510799-/); // stored by id, though named by its code
    const after = (await api.schools!({ countyCode: C, asOf: '2019-12-20' })) as SchoolRow[];
    expect(after[0]).toMatchObject({ township: '甲镇', openedIn: '乙乡' });
    const layout = (await api.layout!({ countyCode: C, asOf: '2020-01-01' })) as LayoutRow[];
    expect(layout.map((r) => [r.township, r.boardingPrimary, r.missing])).toEqual([
      ['甲镇', 1, '初中、公办幼儿园'],
      ['丙镇', 0, '寄宿制中心小学、初中、公办幼儿园'],
    ]);
  });

  it('refuses a school in a township that has ended as of its date, naming the survivor and the document', async () => {
    await refused(
      api.openSchool!(openInput({ effectiveAt: '2019-12-20' })),
      /乙乡（510799201） was merged into 甲镇 on 2019-12-20 \(川府民政〔2019〕27号\); a school opened on 2019-12-20 belongs to 甲镇/,
    );
    await refused(
      api.openSchool!(openInput({ townshipId: '510799999' })),
      /no township 510799999 exists as of 2005-09-01/,
    );
    await refused(
      api.openSchool!(openInput({ townshipId: '510798101' })),
      /邻镇（510798101） lies in county 510798, not in 510799/,
    );
    await refused(
      api.openSchool!(openInput({ effectiveAt: '1990-09-01' })),
      /no township 510799201 exists as of 1990-09-01/,
    );
    expect(await api.schools!({ countyCode: C })).toEqual([]);
  });

  it('refuses bad input with BAD_REQUEST and writes nothing', async () => {
    const head = await platform.store.headPosition();
    const error = await api.openSchool!(openInput({ capacity: 0 })).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(await platform.store.headPosition()).toBe(head);
  });

  it('records reports, merges and closings; a retraction undoes a report as known after it only', async () => {
    await api.openSchool!(openInput({ schoolId: 'p1' }));
    await api.openSchool!(openInput({ schoolId: 'p2', name: '乙村小学', capacity: 200, boarding: false }));
    await api.reportEnrolment!({
      countyCode: C,
      effectiveAt: '2019-09-20',
      reports: [
        { schoolId: 'p1', enrolled: 480 },
        { schoolId: 'p2', enrolled: 100 },
      ],
    });
    await api.mergeSchools!({ countyCode: C, effectiveAt: '2020-07-20', sourceIds: ['p2'], targetId: 'p1' });
    await refused(
      api.reportEnrolment!({
        countyCode: C,
        effectiveAt: '2020-09-20',
        reports: [{ schoolId: 'p2', enrolled: 1 }],
      }),
      /was merged into p1 on 2020-07-20/,
    );
    const r = (await api.reportEnrolment!({
      countyCode: C,
      effectiveAt: '2020-09-20',
      reports: [{ schoolId: 'p1', enrolled: 700 }],
    })) as { events: { id: string }[] };
    const summary = (asOf: string, knownAt?: number) =>
      api.utilisationSummary!({
        countyCode: C,
        asOf,
        ...(knownAt ? { knownAt: new Date(knownAt).toISOString() } : {}),
      }) as Promise<UtilisationSummary>;
    expect(await summary('2019-12-31')).toMatchObject({ enrolled: 580, capacity: 800, rate: 72.5 });
    expect(await summary('2020-08-01')).toMatchObject({ schools: 1, enrolled: 580, capacity: 800 });
    expect(await summary('2020-10-01')).toMatchObject({ enrolled: 700, rate: 87.5 });
    platform.clock.advance(3_600_000);
    const retraction = await retractEvent(platform.store, platform.runtime, {
      eventId: r.events[0]!.id,
      reason: '人数填报错误',
      authority: { documentNo: '青教〔2020〕9号', issuedBy: '青溪县教育局' },
    });
    await platform.runtime.waitForPosition(retraction.lastPosition);
    expect(await summary('2020-10-01')).toMatchObject({ enrolled: 580 });
    expect(await summary('2020-10-01', retraction.events[0]!.recordedMs - 1)).toMatchObject({
      enrolled: 700,
    });
    // the report can be given again once the wrong one is retracted
    await api.reportEnrolment!({
      countyCode: C,
      effectiveAt: '2020-09-21',
      reports: [{ schoolId: 'p1', enrolled: 690 }],
    });
    expect(await summary('2020-10-01')).toMatchObject({ enrolled: 690 });
    await api.closeSchool!({
      countyCode: C,
      effectiveAt: '2023-07-01',
      schoolId: 'p1',
      reason: '并入县城学校',
    });
    expect(await summary('2023-07-01')).toMatchObject({ schools: 0, rate: null });
  });

  it('replays an idempotent retry of openSchool', async () => {
    const first = (await api.openSchool!({ ...openInput(), idempotencyKey: 'open-1' })) as {
      events: { id: string }[];
    };
    const again = (await api.openSchool!({ ...openInput(), idempotencyKey: 'open-1' })) as {
      replayed: boolean;
      events: { id: string }[];
    };
    expect(again.replayed).toBe(true);
    expect(again.events[0]!.id).toBe(first.events[0]!.id);
  });
});
