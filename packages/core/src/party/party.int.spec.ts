/**
 * Party organisations on the test county (乙镇 merges into 甲镇 on 2019-12-20, 三村 into 一村 on
 * 2020-06-30), with villager groups added (一组 of 一村, 三组 of 三村; 三组 merges into 一组 on
 * 2020-12-31): the rules, the tree and counts before and after the mergers, villages and groups,
 * upgrades, backdated and retracted decisions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { divisionEstablished, divisionsMerged } from '@xianzhi/divisions-contract';
import { openTestPlatform, testCounty, type TestCounty, type TestPlatform } from '@xianzhi/testkit';
import {
  partyModule,
  recordPartyDecision,
  type GroupBranchRow,
  type OrgNode,
  type PartySummary,
  type TownshipCountRow,
  type VillagePartyRow,
} from './server';

const COUNTY = '510798';
const doc = (n: number, year = 2016) => ({
  documentNo: `测委组〔${year}〕${n}号`,
  issuedBy: '中共测试县委组织部',
});

let p: TestPlatform;
let county: TestCounty;
const id = (code: string) => county.id(code);

beforeEach(async () => {
  p = await openTestPlatform({ modules: [partyModule] });
  county = await testCounty(p);
  // villager groups: 一组 of 一村, 三组 of 三村 (1992); 三组 merges into 一组 at the group reform
  await p.append(county.stream, [
    divisionEstablished.create(
      { id: 'g1', name: '一组', kind: 'villager-group', parentId: id('510798101201') },
      { effectiveAt: '1992-08-01' },
    ),
    divisionEstablished.create(
      { id: 'g3', name: '三组', kind: 'villager-group', parentId: id('510798102201') },
      { effectiveAt: '1992-08-01' },
    ),
  ]);
  await p.append(county.stream, [
    divisionsMerged.create(
      { sourceIds: ['g3'], targetId: 'g1', moves: [] },
      {
        effectiveAt: '2020-12-31',
        authority: { documentNo: '测府发〔2020〕38号', issuedBy: '测试县人民政府' },
      },
    ),
  ]);
});
afterEach(() => p.close());

const decide = (
  effectiveAt: string,
  changes: unknown[],
  authority: { documentNo: string; issuedBy: string } | null = doc(1),
) =>
  p.run(recordPartyDecision, {
    countyCode: COUNTY,
    effectiveAt,
    ...(authority ? { authority } : {}),
    changes,
  });
const at = (asOf?: string, knownAt?: string) => ({
  ...(asOf ? { asOf } : {}),
  ...(knownAt ? { knownAt } : {}),
});
const counts = async (asOf?: string, knownAt?: string) =>
  (
    await p.query<{ rows: TownshipCountRow[] }>(
      'party.organisations',
      'counts',
      { countyCode: COUNTY },
      at(asOf, knownAt),
    )
  ).rows.map((r) => [r.name, r['township-committee'], r['village-committee'], r['general-branch'], r.branch]);
const summary = (asOf?: string) =>
  p.query<PartySummary>('party.organisations', 'summary', { countyCode: COUNTY }, at(asOf));

/** 甲镇、乙镇、丙乡 committees; 一村 a committee, 二村 none, 三村 a general branch, 四村 a branch, 五村 a committee; a branch on 三组. */
async function establish() {
  return decide('2016-07-01', [
    {
      op: 'establish',
      orgId: 'tc-jia',
      type: 'township-committee',
      name: '中共甲镇委员会',
      divisionId: '510798101',
    },
    {
      op: 'establish',
      orgId: 'tc-yi',
      type: 'township-committee',
      name: '中共乙镇委员会',
      divisionId: '510798102',
    },
    {
      op: 'establish',
      orgId: 'tc-bing',
      type: 'township-committee',
      name: '中共丙乡委员会',
      divisionId: '510798201',
    },
    {
      op: 'establish',
      orgId: 'v1',
      type: 'village-committee',
      name: '中共一村委员会',
      divisionId: '510798101201',
      parentId: 'tc-jia',
      secretaryPostId: 'post-v1',
    },
    {
      op: 'establish',
      orgId: 'v3',
      type: 'general-branch',
      name: '中共三村总支部委员会',
      divisionId: '510798102201',
      parentId: 'tc-yi',
    },
    {
      op: 'establish',
      orgId: 'g3-branch',
      type: 'branch',
      name: '三村三组党支部',
      divisionId: 'g3',
      parentId: 'v3',
    },
    {
      op: 'establish',
      orgId: 'v4',
      type: 'branch',
      name: '中共四村支部委员会',
      divisionId: '510798201201',
      parentId: 'tc-bing',
    },
    {
      op: 'establish',
      orgId: 'v5',
      type: 'village-committee',
      name: '中共五村委员会',
      divisionId: '510798201202',
      parentId: 'tc-bing',
    },
  ]);
}

describe('party organisations: rules', () => {
  it('establishes the tree on the registry stream and counts it by kind per township', async () => {
    const r = await establish();
    expect(r.stream).toBe(county.stream);
    expect(r.events[3]!.data).toMatchObject({
      orgId: 'v1',
      divisionId: id('510798101201'),
      parentId: 'tc-jia',
      secretaryPostId: 'post-v1',
    });
    expect(await counts('2019-06-01')).toEqual([
      ['甲镇', 1, 1, 0, 0],
      ['乙镇', 1, 0, 1, 1],
      ['丙乡', 1, 1, 0, 1],
    ]);
    expect(await counts('2016-06-30')).toEqual([
      ['甲镇', 0, 0, 0, 0],
      ['乙镇', 0, 0, 0, 0],
      ['丙乡', 0, 0, 0, 0],
    ]);
    const tree = await p.query<OrgNode[]>(
      'party.organisations',
      'tree',
      { countyCode: COUNTY },
      at('2019-06-01'),
    );
    expect(
      tree.map((n) => [
        n.name,
        n.children.map((c) => `${c.name}[${c.children.map((g) => g.name).join()}]`).join(' '),
      ]),
    ).toEqual([
      ['中共甲镇委员会', '中共一村委员会[]'],
      ['中共乙镇委员会', '中共三村总支部委员会[三村三组党支部]'],
      ['中共丙乡委员会', '中共五村委员会[] 中共四村支部委员会[]'],
    ]);
  });

  it('refuses a branch without a parent organisation, and every other broken rule, naming the organisation, division and date', async () => {
    await establish();
    const one = (change: Record<string, unknown>, effectiveAt = '2018-01-01') =>
      decide(effectiveAt, [{ op: 'establish', type: 'branch', name: '新支部', ...change }]);
    const noParent = one({ divisionId: '510798101202' });
    await expect(noParent).rejects.toBeInstanceOf(InvariantViolation);
    await expect(noParent).rejects.toThrow(
      /a 党支部 \(新支部\) cannot exist without a parent organisation; name its parentId/,
    );
    await expect(one({ divisionId: '510798101202', parentId: 'nobody' })).rejects.toThrow(
      /no party organisation nobody exists as of 2018-01-01/,
    );
    await expect(one({ divisionId: '510798201201', parentId: 'v4' })).rejects.toThrow(
      /cannot hang under 党支部 中共四村支部委员会（v4）: a parent ranks above its children/,
    );
    await expect(one({ divisionId: '510798201201', parentId: 'v1' })).rejects.toThrow(
      /四村（510798201201） does not lie in 一村（510798101201）, which 村（社区）党委 中共一村委员会（v1） serves, as of 2018-01-01/,
    );
    await expect(one({ divisionId: '510798201201', parentId: 'tc-bing' })).rejects.toThrow(
      /四村（510798201201） already has its party organisation 党支部 中共四村支部委员会（v4） since 2016-07-01 \(测委组〔2016〕1号\); a village has one at a time/,
    );
    await expect(one({ type: 'township-committee', divisionId: '510798101' })).rejects.toThrow(
      /甲镇（510798101） already has 乡镇党委 中共甲镇委员会（tc-jia）.*a township has one party committee/,
    );
    await expect(one({ type: 'general-branch', divisionId: 'g1', parentId: 'v1' })).rejects.toThrow(
      /is a group; a 党总支 serves a 村（社区）/,
    );
    await expect(one({ divisionId: '510798999999', parentId: 'tc-jia' })).rejects.toThrow(
      /no township, village or group 510798999999 exists as of 2018-01-01/,
    );
    await expect(one({ orgId: 'v1', divisionId: '510798101202', parentId: 'tc-jia' })).rejects.toThrow(
      /中共一村委员会（v1） already exists/,
    );
    // 三村 merged into 一村 on 2020-06-30: nothing new is set up for it after that
    await expect(one({ divisionId: '510798101203', parentId: 'tc-jia' }, '2020-07-01')).rejects.toThrow(
      /三村（510798101203） was merged into 一村（510798101201） on 2020-06-30 \(测府发〔2020〕6号\); 新支部 cannot serve it on 2020-07-01/,
    );
    await expect(decide('2018-01-01', [{ op: 'dissolve', orgId: 'v3' }])).rejects.toThrow(
      /中共三村总支部委员会（v3） still has 党支部 三村三组党支部（g3-branch）; dissolve them or attach them elsewhere first/,
    );
    await expect(decide('2018-01-01', [{ op: 'dissolve', orgId: 'v4' }], null)).rejects.toBeInstanceOf(
      ValidationError,
    ); // under a document only
    await expect(
      one({ type: 'cell', divisionId: '510798101202', parentId: 'tc-jia' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('upgrades and downgrades (支部→总支→党委) within the ranks, all or nothing', async () => {
    await establish();
    await decide('2018-01-01', [
      { op: 'retype', orgId: 'v4', type: 'general-branch', name: '中共四村总支部委员会' },
      { op: 'retype', orgId: 'v4', type: 'village-committee', name: '中共四村委员会' },
    ]);
    expect((await counts('2018-01-01'))[2]).toEqual(['丙乡', 1, 2, 0, 0]);
    await expect(decide('2018-02-01', [{ op: 'retype', orgId: 'v3', type: 'branch' }])).rejects.toThrow(
      /中共三村总支部委员会（v3） cannot become a 党支部: 党支部 三村三组党支部（g3-branch） would no longer rank below it/,
    );
    await expect(
      decide('2018-02-01', [{ op: 'retype', orgId: 'g3-branch', type: 'general-branch' }]),
    ).rejects.toThrow(/is a group; a 党总支 serves a 村（社区）/);
    await expect(
      decide('2018-02-01', [{ op: 'retype', orgId: 'tc-jia', type: 'village-committee' }]),
    ).rejects.toThrow(/a township committee is neither upgraded to nor downgraded from/);
    const head = await p.store.headPosition();
    await expect(
      decide('2018-03-01', [
        { op: 'rename', orgId: 'v5', name: '中共五村村委员会' },
        { op: 'retype', orgId: 'v5', type: 'village-committee' },
      ]),
    ).rejects.toThrow(
      /^changes\[1\] \(retype\): 村（社区）党委 中共五村村委员会（v5） is already a 村（社区）党委/,
    );
    expect(await p.store.headPosition()).toBe(head);
  });
});

describe('party organisations: following the mergers', () => {
  it('count 乙镇’s organisations in 甲镇 from the township merger, flag them until their own merger, then merge them under a document', async () => {
    await establish();
    expect(await counts('2019-12-19')).toEqual([
      ['甲镇', 1, 1, 0, 0],
      ['乙镇', 1, 0, 1, 1],
      ['丙乡', 1, 1, 0, 1],
    ]);
    // the divisions merged; the party committees not yet: both count in 甲镇, one flagged
    expect(await counts('2019-12-20')).toEqual([
      ['甲镇', 2, 1, 1, 1],
      ['丙乡', 1, 1, 0, 1],
    ]);
    expect((await summary('2019-12-20')).pending).toBe(1);
    await expect(
      decide('2019-12-19', [{ op: 'merge', sources: ['tc-yi'], into: 'tc-jia' }], doc(90, 2019)),
    ).rejects.toThrow(
      /serves 乙镇（510798102）, which does not lie in 甲镇（510798101） as of 2019-12-19; organisations merge where their divisions have merged — record the divisions merger first/,
    );
    const merged = await decide(
      '2019-12-20',
      [{ op: 'merge', sources: ['tc-yi'], into: 'tc-jia' }],
      doc(90, 2019),
    );
    expect(merged.events[0]!.data).toEqual({
      sourceIds: ['tc-yi'],
      targetId: 'tc-jia',
      moves: [{ orgId: 'v3', from: 'tc-yi' }],
    });
    expect(await counts('2019-12-20')).toEqual([
      ['甲镇', 1, 1, 1, 1],
      ['丙乡', 1, 1, 0, 1],
    ]);
    expect((await summary('2019-12-20')).pending).toBe(0);
    await expect(decide('2020-01-01', [{ op: 'rename', orgId: 'tc-yi', name: 'x' }])).rejects.toThrow(
      /中共乙镇委员会（tc-yi） was merged into 乡镇党委 中共甲镇委员会（tc-jia） on 2019-12-20 \(测委组〔2019〕90号\)/,
    );
  });

  it('merge a merged village’s organisation into the survivor’s (a general branch may not take in a committee), and keep a branch on a merged group', async () => {
    await establish();
    await decide('2019-12-20', [{ op: 'merge', sources: ['tc-yi'], into: 'tc-jia' }], doc(90, 2019));
    // a committee does not merge into a branch; nothing merges into the organisation of a village that has ended
    await expect(
      decide('2020-06-30', [{ op: 'merge', sources: ['v5'], into: 'v4' }], doc(16, 2020)),
    ).rejects.toThrow(
      /村（社区）党委 中共五村委员会（v5） cannot merge into 党支部 中共四村支部委员会（v4）, which ranks below it; upgrade the target first/,
    );
    await expect(
      decide('2020-06-30', [{ op: 'merge', sources: ['v1'], into: 'v3' }], doc(16, 2020)),
    ).rejects.toThrow(
      /三村（510798101203） was merged into 一村（510798101201） on 2020-06-30 \(测府发〔2020〕6号\); 中共三村总支部委员会 cannot serve it on 2020-06-30/,
    );
    // 三村 (general branch) into 一村 (committee): the branch on 三组 moves under 一村's committee
    await decide('2020-06-30', [{ op: 'merge', sources: ['v3'], into: 'v1' }], doc(16, 2020));
    const villages = async (asOf: string, without?: string) =>
      (
        await p.query<VillagePartyRow[]>(
          'party.organisations',
          'villages',
          { countyCode: COUNTY, ...(without ? { without } : {}) },
          at(asOf),
        )
      ).map((v) => [v.name, v.typeLabel, v.organisations]);
    expect(await villages('2020-06-29')).toEqual([
      ['一村', '村（社区）党委', 1],
      ['二村', '无', 0],
      ['三村', '党总支', 2],
      ['四村', '党支部', 1],
      ['五村', '村（社区）党委', 1],
    ]);
    expect(await villages('2020-06-30')).toEqual([
      ['一村', '村（社区）党委', 2],
      ['二村', '无', 0],
      ['四村', '党支部', 1],
      ['五村', '村（社区）党委', 1],
    ]);
    expect(await villages('2020-06-30', 'organisation')).toEqual([['二村', '无', 0]]);
    expect(await villages('2020-06-30', 'committee')).toEqual([
      ['二村', '无', 0],
      ['四村', '党支部', 1],
    ]);
    const groups = async (asOf: string) =>
      (
        await p.query<GroupBranchRow[]>('party.organisations', 'groups', { countyCode: COUNTY }, at(asOf))
      ).map((g) => [g.name, g.village, g.branches]);
    expect(await groups('2020-12-30')).toEqual([
      ['一村一组', '一村', ''],
      ['一村三组', '一村', '三村三组党支部'],
    ]);
    // 三组 merged into 一组: its branch serves the merged group once reassigned; until then it is flagged
    expect(await groups('2020-12-31')).toEqual([['一村一组', '一村', '三村三组党支部']]);
    expect((await summary('2020-12-31')).pending).toBe(1);
    await decide('2020-12-31', [{ op: 'reassign', orgId: 'g3-branch', divisionId: 'g1' }], doc(41, 2020));
    expect((await summary('2020-12-31')).pending).toBe(0);
    expect(await summary('2020-12-31')).toMatchObject({
      villages: 4,
      villagesWithoutOrganisation: 1,
      villagesWithoutCommittee: 2,
      groups: 1,
      groupsWithBranch: 1,
    });
  });
});

describe('party organisations: time', () => {
  it('take a backdated decision in, refuse one contradicting a later one (naming it), and undo a retracted one as known after', async () => {
    await establish();
    await decide(
      '2021-01-01',
      [
        {
          op: 'establish',
          orgId: 'v2',
          type: 'branch',
          name: '中共二村支部委员会',
          divisionId: '510798101202',
          parentId: 'tc-jia',
        },
      ],
      doc(3, 2021),
    );
    // backdated: 二村 gets an organisation in 2018 — but on 2021-01-01 another is set up for it
    await expect(
      decide('2018-01-01', [
        { op: 'establish', type: 'branch', name: '二村支部', divisionId: '510798101202', parentId: 'tc-jia' },
      ]),
    ).rejects.toThrow(
      /this party decision, effective 2018-01-01, contradicts party.organisation-established effective 2021-01-01 \(测委组〔2021〕3号\).*二村.* already has its party organisation/,
    );
    const before = new Date(p.clock.now()).toISOString();
    const late = await decide(
      '2018-01-01',
      [{ op: 'retype', orgId: 'v4', type: 'general-branch' }],
      doc(5, 2018),
    );
    expect((await counts('2019-01-01'))[2]).toEqual(['丙乡', 1, 1, 1, 0]);
    expect((await counts('2019-01-01', before))[2]).toEqual(['丙乡', 1, 1, 0, 1]);
    p.clock.advance(60_000);
    const r = await retractEvent(p.store, p.runtime, {
      eventId: late.events[0]!.id,
      reason: '录入错误',
      authority: doc(9, 2024),
    });
    await p.runtime.waitForPosition(r.lastPosition);
    expect((await counts('2019-01-01'))[2]).toEqual(['丙乡', 1, 1, 0, 1]);
    expect((await counts('2019-01-01', new Date(r.events[0]!.recordedMs - 1).toISOString()))[2]).toEqual([
      '丙乡',
      1,
      1,
      1,
      0,
    ]);
  });
});
