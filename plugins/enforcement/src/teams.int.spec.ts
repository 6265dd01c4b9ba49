import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { divisionsModule, enactAdjustment } from '@xianzhi/core/server';
import {
  TEST_COUNTY_CODE as COUNTY,
  openTestPlatform,
  testCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import { assignOfficer, disbandTeam, formTeam, removeOfficer } from './decide';
import type { Coverage } from './index';
import type { TeamRow } from './coverage';
import enforcement from './server';

let c: TestPlatform;
let jia: string; // 甲镇: survives the 2019-12-20 merger
let yi: string; // 乙镇: merged into 甲镇
let bing: string; // 丙乡

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, enforcement] });
  const county = await testCounty(c);
  jia = county.id('510798101');
  yi = county.id('510798102');
  bing = county.id('510798201');
});
afterEach(() => c.close());

const doc = { documentNo: '测编发〔2019〕3号', issuedBy: '测试县机构编制委员会' };
const form = (townshipId: string, effectiveAt: string, extra: Record<string, unknown> = {}) =>
  c.run(formTeam, { countyCode: COUNTY, townshipId, effectiveAt, authority: doc, ...extra });
const coverage = (asOf: string, knownAt?: number) =>
  c.runtime.query<Coverage>(
    'enforcement.teams',
    'coverage',
    { countyCode: COUNTY },
    { asOf, ...(knownAt === undefined ? {} : { knownAt }) },
  );

describe('enforcement teams', () => {
  it('forms a team with officers on the registry stream, naming it after the township, with the document', async () => {
    const r = await form(yi, '2019-06-01', {
      key: true,
      officers: [
        { officerId: 'E001', name: '王强' },
        { officerId: 'E002', name: '李芳' },
      ],
    });
    expect(r.stream).toBe(`divisions-${COUNTY}`);
    expect(r.events.map((e) => e.type)).toEqual([
      'enforcement.team-formed',
      'enforcement.officer-assigned',
      'enforcement.officer-assigned',
    ]);
    expect(r.events[0]!.data).toEqual({
      teamId: `enf-team-${COUNTY}-1`,
      countyCode: COUNTY,
      townshipId: yi,
      name: '乙镇综合行政执法队',
      key: true,
    });
    expect(r.events[0]!.metadata.authority?.documentNo).toBe('测编发〔2019〕3号');
    // a statistical code names the township as well
    const b = await form('510798201', '2019-07-01');
    expect(b.events[0]!.data).toMatchObject({ teamId: `enf-team-${COUNTY}-2`, townshipId: bing, key: false });
  });

  it('coverage as of dates across the 2019-12-20 merger: a source’s team serves the survivor from that day', async () => {
    await form(yi, '2019-06-01', { key: true, officers: [{ officerId: 'E001', name: '王强' }] });
    await form(bing, '2019-07-01', {
      officers: [
        { officerId: 'E002', name: '李芳' },
        { officerId: 'E003', name: '张伟' },
      ],
    });

    const early = await coverage('2019-05-31');
    expect([early.townships, early.covered, early.share]).toEqual([3, 0, 0]);

    const before = await coverage('2019-12-19');
    expect([before.townships, before.covered, before.share, before.keyCovered]).toEqual([3, 2, 66.7, 1]);
    expect(before.uncovered.map((u) => u.township)).toEqual(['甲镇']);
    expect(before.rows.find((r) => r.townshipId === yi)).toMatchObject({
      covered: true,
      teams: 1,
      officers: 1,
      since: '2019-06-01',
      teamNames: ['乙镇综合行政执法队'],
    });

    const after = await coverage('2019-12-20');
    expect([after.townships, after.covered, after.share, after.uncovered.length]).toEqual([2, 2, 100, 0]);
    expect(after.rows.map((r) => [r.township, r.teams, r.officers, r.coveredLabel])).toEqual([
      ['甲镇', 1, 1, '是'],
      ['丙乡', 1, 2, '是'],
    ]);
    const teams = await c.runtime.query<TeamRow[]>(
      'enforcement.teams',
      'teams',
      { townshipId: jia },
      { asOf: '2020-01-01' },
    );
    expect(teams).toEqual([
      expect.objectContaining({
        name: '乙镇综合行政执法队',
        township: '甲镇',
        formedIn: '乙镇',
        officers: 1,
      }),
    ]);
    // the source's id resolves to the survivor after the merger
    const officers = await c.runtime.query<{ name: string }[]>(
      'enforcement.teams',
      'officers',
      { townshipId: yi },
      { asOf: '2020-01-01' },
    );
    expect(officers.map((o) => o.name)).toEqual(['王强']);
  });

  it('refuses a team in a township that has ended, naming the merger and the survivor', async () => {
    const refused = form(yi, '2020-03-01');
    await expect(refused).rejects.toBeInstanceOf(InvariantViolation);
    await expect(refused).rejects.toThrow(
      /乙镇（510798102） was merged into 甲镇（510798101） on 2019-12-20 \(川府民政〔2019〕27号\); no team can be formed there on 2020-03-01 — form it in 甲镇/,
    );
    await expect(form('div-nowhere', '2020-03-01')).rejects.toThrow(
      /no township div-nowhere exists as of 2020-03-01/,
    );
    await expect(form('510798101202', '2020-03-01')).rejects.toThrow(
      /二村（510798101202） is a village, not a township/,
    );
    await expect(form(jia, '1990-01-01')).rejects.toThrow(/no township .* exists as of 1990-01-01/);
  });

  it('one team per township, counting the team a merger brought in', async () => {
    await form(yi, '2019-06-01');
    await expect(form(yi, '2019-09-01')).rejects.toThrow(
      /乙镇（510798102） already has team 乙镇综合行政执法队 .* formed on 2019-06-01; one team per township/,
    );
    await form(jia, '2019-09-01'); // before the merger 甲镇 is a township of its own
    await expect(form(jia, '2020-03-01')).rejects.toThrow(/甲镇（510798101） already has team/);
    // after the merger 甲镇 holds both teams: covered once, two teams in its row
    const after = await coverage('2020-01-01');
    expect(after.rows.find((r) => r.townshipId === jia)).toMatchObject({ teams: 2, covered: true });
    expect(after.covered).toBe(1);
  });

  it('assigns and removes officers; an officer serves on one team at a time', async () => {
    const a = await form(yi, '2019-06-01', { officers: [{ officerId: 'E001', name: '王强' }] });
    const b = await form(bing, '2019-06-01');
    const teamA = (a.events[0]!.data as { teamId: string }).teamId;
    const teamB = (b.events[0]!.data as { teamId: string }).teamId;
    const assign = (
      teamId: string,
      officerId: string,
      effectiveAt: string,
      extra: Record<string, unknown> = {},
    ) => c.run(assignOfficer, { countyCode: COUNTY, teamId, officerId, name: '王强', effectiveAt, ...extra });
    await expect(assign(teamB, 'E001', '2019-08-01')).rejects.toThrow(
      /officer 王强 \(E001\) is already on team 乙镇综合行政执法队 .* since 2019-06-01; an officer serves on one team at a time/,
    );
    await expect(assign(teamA, 'E001', '2019-08-01')).rejects.toThrow(/already on team/);
    await expect(
      c.run(removeOfficer, {
        countyCode: COUNTY,
        teamId: teamB,
        officerId: 'E001',
        effectiveAt: '2019-08-01',
      }),
    ).rejects.toThrow(
      /officer E001 is not on team 丙乡综合行政执法队 .* as of 2019-08-01; nothing to remove/,
    );
    await c.run(removeOfficer, {
      countyCode: COUNTY,
      teamId: teamA,
      officerId: 'E001',
      reason: '调整',
      effectiveAt: '2019-08-01',
    });
    await assign(teamB, 'E001', '2019-08-01', { townshipId: bing });
    await expect(assign(teamA, 'E002', '2019-09-01', { townshipId: bing })).rejects.toThrow(
      /does not serve 丙乡（510798201）/,
    );
    await expect(assign('enf-team-x', 'E002', '2019-09-01')).rejects.toThrow(
      /no enforcement team enf-team-x exists/,
    );
    const rows = (asOf: string) =>
      c.runtime.query<{ officerId: string; team: string }[]>(
        'enforcement.teams',
        'officers',
        { townshipId: bing },
        { asOf },
      );
    expect(await rows('2019-07-31')).toEqual([]);
    expect((await rows('2019-08-01')).map((o) => o.officerId)).toEqual(['E001']);
  });

  it('disbands a team: its officers are released, the township is uncovered, the team takes no one', async () => {
    const a = await form(bing, '2019-06-01', {
      officers: [
        { officerId: 'E001', name: '王强' },
        { officerId: 'E002', name: '李芳' },
      ],
    });
    const teamId = (a.events[0]!.data as { teamId: string }).teamId;
    await expect(
      c.run(disbandTeam, {
        countyCode: COUNTY,
        teamId,
        townshipId: jia,
        reason: '机构调整',
        effectiveAt: '2021-01-01',
      }),
    ).rejects.toThrow(/does not serve 甲镇/);
    const r = await c.run(disbandTeam, {
      countyCode: COUNTY,
      teamId,
      townshipId: bing,
      reason: '机构调整',
      effectiveAt: '2021-01-01',
    });
    expect(r.events.map((e) => e.type)).toEqual([
      'enforcement.officer-removed',
      'enforcement.officer-removed',
      'enforcement.team-disbanded',
    ]);
    expect((await coverage('2020-12-31')).covered).toBe(1);
    expect((await coverage('2021-01-01')).covered).toBe(0);
    await expect(
      c.run(assignOfficer, {
        countyCode: COUNTY,
        teamId,
        officerId: 'E009',
        name: '赵六',
        effectiveAt: '2021-02-01',
      }),
    ).rejects.toThrow(/was disbanded on 2021-01-01; it cannot take officers on 2021-02-01/);
    await expect(
      c.run(disbandTeam, { countyCode: COUNTY, teamId, reason: '重复', effectiveAt: '2021-03-01' }),
    ).rejects.toThrow(/was disbanded on 2021-01-01/);
    // the township can form a new team after the old one was disbanded
    await form(bing, '2022-01-01');
    expect((await coverage('2022-01-01')).covered).toBe(1);
  });

  it('a backdated team: visible as of its date once recorded, invisible as known before; a contradicting one is refused', async () => {
    await form(bing, '2021-05-01');
    const recorded = await form(yi, '2019-03-01'); // recorded in 2024 for 2019
    const knownBefore = recorded.events[0]!.recordedMs - 1;
    expect((await coverage('2019-06-01')).covered).toBe(1);
    expect((await coverage('2019-06-01', knownBefore)).covered).toBe(0);
    // 丙乡 already has a team from 2021-05-01: a team backdated to 2020 would make two
    await expect(form(bing, '2020-01-01')).rejects.toThrow(
      /contradicts enforcement.team-formed effective 2021-05-01 \(测编发〔2019〕3号\), recorded .* as event .*: 丙乡（510798201） already has team/,
    );
  });

  it('a backdated merger leaving a later team in an ended township does not block unrelated commands', async () => {
    const a = await form(jia, '2019-06-01');
    await form(bing, '2021-01-01');
    // recorded now, effective 2020: 丙乡 merges into 甲镇 — its 2021 team now stands in an ended township
    await c.run(enactAdjustment, {
      countyCode: COUNTY,
      authority: { documentNo: '川府民政〔2020〕3号', issuedBy: '四川省人民政府', approvedOn: '2020-01-01' },
      effectiveAt: '2020-01-01',
      changes: [{ op: 'merge', sources: ['510798201'], into: '510798101' }],
    });
    const teamId = (a.events[0]!.data as { teamId: string }).teamId;
    await c.run(assignOfficer, {
      countyCode: COUNTY,
      teamId,
      officerId: 'E5',
      name: '赵六',
      effectiveAt: '2019-07-01',
    });
    const after = await coverage('2021-06-01');
    expect([after.townships, after.covered]).toEqual([1, 1]);
    expect(after.rows[0]).toMatchObject({ township: '甲镇', teams: 2, officers: 1 });
  });

  it('a retracted team formation: gone as known now, still there as known before the retraction', async () => {
    const r = await form(yi, '2019-06-01', { officers: [{ officerId: 'E001', name: '王强' }] });
    c.clock.advance(3_600_000);
    const retraction = await retractEvent(c.store, c.runtime, {
      eventId: r.events[0]!.id,
      reason: '误录',
      authority: { documentNo: '测编发〔2019〕9号', issuedBy: '测试县机构编制委员会' },
    });
    await c.runtime.waitForPosition(retraction.lastPosition);
    expect((await coverage('2020-01-01')).covered).toBe(0);
    expect((await coverage('2020-01-01', retraction.events[0]!.recordedMs - 1)).covered).toBe(1);
    // the decider ignores the retracted formation: 甲镇 (which now holds 乙镇) can form its team
    await form(jia, '2020-03-01');
    expect((await coverage('2020-03-01')).covered).toBe(1);
  });

  it('is idempotent with a key; the registry still enacts adjustments around the teams', async () => {
    const first = await c.run(
      formTeam,
      { countyCode: COUNTY, townshipId: bing, effectiveAt: '2020-01-01' },
      { idempotencyKey: 'team-bing' },
    );
    const again = await c.run(
      formTeam,
      { countyCode: COUNTY, townshipId: bing, effectiveAt: '2020-01-01' },
      { idempotencyKey: 'team-bing' },
    );
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    await c.run(enactAdjustment, {
      countyCode: COUNTY,
      authority: { documentNo: '测府发〔2021〕1号', issuedBy: '测试县人民政府', approvedOn: '2021-01-01' },
      effectiveAt: '2021-01-01',
      changes: [{ op: 'rename', division: '510798201', name: '丙新乡' }],
    });
    expect((await coverage('2021-01-01')).rows.find((r) => r.townshipId === bing)?.township).toBe('丙新乡');
  });
});
