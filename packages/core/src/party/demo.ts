/**
 * The party story of the demo county (党组织体系):
 *
 * - 2016-07-01: a township committee in each of the 33 townships; every village and community its
 *   own organisation — 218 village party committees and 24 general branches — with 139 more general
 *   branches under the committees (163 in all, the report's figures) and branches on 120 of the 190
 *   villager groups (支部建在小组上); secretaries linked to the personnel posts.
 * - 2019-12-20: the committees of the merged townships merge into the survivors'; their village
 *   organisations move with them.
 * - 2020-06-30: the organisations of merged villages merge into the surviving village's (a general
 *   branch that takes in a committee or general branches is upgraded first, 总支→党委).
 * - 2020-12-31: the branch of a merged group merges into the surviving group's, or serves it.
 * - 2021-07-01: six general branches upgraded to committees, one general branch dissolved, two new
 *   branches on groups.
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import { recordStory } from '../demo/story';
import type { DemoCounty, DemoScript } from '../demo/types';
import type { TreeNode } from '../divisions';
import { postIdOf } from '../personnel/decision';
import { partyCommands } from './decide';
import type { PartyChangeInput } from './inputs';

/** The report's figures before the reform (as of 2019-12-19). */
export const PARTY_TARGETS = {
  townshipCommittees: 33,
  villageCommittees: 218,
  generalBranches: 163,
  groupBranches: 120,
} as const;

export const PARTY_DEMO_DATES = { established: '2016-07-01', centenary: '2021-07-01' } as const;

interface Unit {
  id: string;
  name: string;
  kind: string;
  groups: { id: string; name: string }[];
}

/** The county as the party story needs it: the tree on the eve of the reform, and where each unit went. */
export interface PartyDemoCounty {
  county: DemoCounty;
  townships: { id: string; name: string; units: Unit[] }[];
  /** Every township, village, community and group that merged in the reform → what it merged into. */
  successors: Record<string, string>;
}

type Query = <R = unknown>(
  projection: string,
  query: string,
  input: unknown,
  at: { asOf: string },
) => Promise<R>;

/**
 * Reads the tree on the eve of the township reform and, for each division that ended in the reform,
 * its successor (from `divisions.tree` as of the day after the last reform step).
 *
 * @example
 * const party = await loadPartyDemoCounty((p, q, i, at) => runtime.query(p, q, i, at), county);
 */
export async function loadPartyDemoCounty(query: Query, county: DemoCounty): Promise<PartyDemoCounty> {
  const eve = addDays(county.dates.townships, -1);
  const [root] = await query<TreeNode[]>(
    'divisions.tree',
    'tree',
    { rootId: county.countyCode },
    { asOf: eve },
  );
  if (!root) throw new Error(`county ${county.countyCode} does not exist as of ${eve}`);
  const townships = root.children.map((t) => ({
    id: t.id,
    name: t.name,
    units: t.children.map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      groups: u.children.filter((g) => g.kind === 'villager-group').map((g) => ({ id: g.id, name: g.name })),
    })),
  }));
  const successors: Record<string, string> = {};
  const all = townships.flatMap((t) => [
    t.id,
    ...t.units.flatMap((u) => [u.id, ...u.groups.map((g) => g.id)]),
  ]);
  for (const id of all) {
    const d = await query<{ ended: { successorIds: string[] } | null } | null>(
      'divisions.tree',
      'get',
      { id },
      { asOf: county.dates.groups },
    );
    const next = d?.ended?.successorIds[0];
    if (next !== undefined) successors[id] = next;
  }
  return { county, townships, successors };
}

/**
 * @example
 * const script = partyDemo(await loadPartyDemoCounty(query, county), seededRandom(2019));
 */
export function partyDemo(party: PartyDemoCounty, random: Random): DemoScript {
  const { county, townships, successors } = party;
  const c = county.countyCode;
  const abbr = county.name.slice(0, 1);
  const doc = (issuer: '委' | '委组', year: string, no: number, on: string) => ({
    documentNo: `${abbr}${issuer}〔${year}〕${no}号`,
    issuedBy: issuer === '委' ? `中共${county.name}委员会` : `中共${county.name}委组织部`,
    approvedOn: addDays(on, -10),
  });
  const units = townships.flatMap((t) => t.units);
  const groups = units.flatMap((u) => u.groups.map((g) => ({ ...g, unit: u })));

  // Who gets what: 24 units with a general branch of their own, 139 committees with a general branch under them, 120 groups with a branch
  const topGb = new Set(
    random.shuffle(units.map((u) => u.id)).slice(0, units.length - PARTY_TARGETS.villageCommittees),
  );
  const committees = units.filter((u) => !topGb.has(u.id));
  const subGb = new Set(
    random.shuffle(committees.map((u) => u.id)).slice(0, PARTY_TARGETS.generalBranches - topGb.size),
  );
  const branched = new Set(random.shuffle(groups.map((g) => g.id)).slice(0, PARTY_TARGETS.groupBranches));

  const tc = (townshipId: string) => `${townshipId}:tc`;
  const top = (unitId: string) => `${unitId}:top`;
  const gb = (unitId: string) => `${unitId}:gb`;
  const br = (groupId: string) => `${groupId}:branch`;

  const established: PartyChangeInput[] = [];
  for (const t of townships) {
    established.push({
      op: 'establish',
      orgId: tc(t.id),
      type: 'township-committee',
      name: `中共${t.name}委员会`,
      divisionId: t.id,
      secretaryPostId: postIdOf(t.id, 'township-party-committee', 'party-secretary'),
    });
    for (const u of t.units) {
      const committee = !topGb.has(u.id);
      established.push({
        op: 'establish',
        orgId: top(u.id),
        type: committee ? 'village-committee' : 'general-branch',
        name: committee ? `中共${u.name}委员会` : `中共${u.name}总支部委员会`,
        divisionId: u.id,
        parentId: tc(t.id),
        ...(u.kind === 'village'
          ? { secretaryPostId: postIdOf(u.id, 'village-party-organisation', 'party-secretary') }
          : {}),
      });
      if (subGb.has(u.id))
        established.push({
          op: 'establish',
          orgId: gb(u.id),
          type: 'general-branch',
          name: `${u.name}产业发展党总支`,
          divisionId: u.id,
          parentId: top(u.id),
        });
      for (const g of u.groups) {
        if (branched.has(g.id))
          established.push({
            op: 'establish',
            orgId: br(g.id),
            type: 'branch',
            name: `${u.name}${g.name}党支部`,
            divisionId: g.id,
            parentId: top(u.id),
          });
      }
    }
  }

  // The organisations alive after each step, to know what merges into what.
  const typeOf = new Map<string, string>(
    established.flatMap((e) => (e.op === 'establish' ? [[e.orgId!, e.type] as const] : [])),
  );

  // 2019-12-20: township committees
  const townshipDay = county.dates.townships;
  const byTarget = new Map<string, string[]>();
  for (const t of townships) {
    const into = successors[t.id];
    if (into !== undefined) byTarget.set(into, [...(byTarget.get(into) ?? []), tc(t.id)]);
  }
  const townshipMerges: PartyChangeInput[] = [...byTarget].map(([into, sources]) => ({
    op: 'merge',
    sources,
    into: tc(into),
  }));

  // 2020-06-30: village organisations
  const villageDay = county.dates.villages;
  const unitMerges = new Map<string, string[]>();
  for (const u of units) {
    const into = successors[u.id];
    if (into !== undefined && units.some((x) => x.id === into))
      unitMerges.set(into, [...(unitMerges.get(into) ?? []), u.id]);
  }
  const villageChanges: PartyChangeInput[] = [];
  for (const [into, sources] of unitMerges) {
    const target = units.find((u) => u.id === into)!;
    const needsCommittee =
      typeOf.get(top(into)) === 'general-branch' &&
      sources.some((s) => typeOf.get(top(s)) === 'village-committee' || subGb.has(s));
    if (needsCommittee) {
      villageChanges.push({
        op: 'retype',
        orgId: top(into),
        type: 'village-committee',
        name: `中共${target.name}委员会`,
      });
      typeOf.set(top(into), 'village-committee');
    }
    villageChanges.push({ op: 'merge', sources: sources.map(top), into: top(into) });
  }

  // 2020-12-31: branches of merged groups
  const groupDay = county.dates.groups;
  const groupChanges: PartyChangeInput[] = [];
  const merging = new Map<string, string[]>();
  for (const g of groups) {
    const into = successors[g.id];
    if (into !== undefined && branched.has(g.id)) merging.set(into, [...(merging.get(into) ?? []), g.id]);
  }
  for (const [into, sources] of merging) {
    if (branched.has(into)) groupChanges.push({ op: 'merge', sources: sources.map(br), into: br(into) });
    else {
      const [first, ...rest] = sources;
      groupChanges.push({ op: 'reassign', orgId: br(first!), divisionId: into });
      if (rest.length) groupChanges.push({ op: 'merge', sources: rest.map(br), into: br(first!) });
    }
  }

  // 2021-07-01: six general branches of villages that survived upgraded, one dissolved, two new branches
  const alive = (id: string) => successors[id] === undefined;
  const upgradable = units.filter((u) => alive(u.id) && typeOf.get(top(u.id)) === 'general-branch');
  const upgrades: PartyChangeInput[] = random
    .shuffle(upgradable)
    .slice(0, 6)
    .map((u) => ({ op: 'retype', orgId: top(u.id), type: 'village-committee', name: `中共${u.name}委员会` }));
  const dissolvable = units.filter((u) => alive(u.id) && subGb.has(u.id));
  const dissolved: PartyChangeInput[] = dissolvable
    .slice(0, 1)
    .map((u) => ({ op: 'dissolve', orgId: gb(u.id), reason: '产业调整，党员转入村党委直属支部' }));
  const newBranches: PartyChangeInput[] = groups
    .filter(
      (g) =>
        alive(g.id) && alive(g.unit.id) && !branched.has(g.id) && !Object.values(successors).includes(g.id),
    )
    .slice(0, 2)
    .map((g) => ({
      op: 'establish',
      type: 'branch',
      name: `${g.unit.name}${g.name}党支部`,
      divisionId: g.id,
      parentId: top(g.unit.id),
    }));

  const key = (k: string) => `demo:${c}:party:${k}`;
  const command = (
    k: string,
    effectiveAt: string,
    authority: ReturnType<typeof doc>,
    changes: PartyChangeInput[],
  ) => ({
    module: 'party',
    command: 'recordPartyDecision',
    input: { countyCode: c, effectiveAt, authority, changes },
    effectiveAt,
    key: key(k),
  });
  const commands = [
    command(
      'establish',
      PARTY_DEMO_DATES.established,
      doc('委组', '2016', 21, PARTY_DEMO_DATES.established),
      established,
    ),
    command('townships', townshipDay, doc('委', townshipDay.slice(0, 4), 90, townshipDay), townshipMerges),
    command('villages', villageDay, doc('委组', villageDay.slice(0, 4), 16, villageDay), villageChanges),
    ...(groupChanges.length
      ? [command('groups', groupDay, doc('委组', groupDay.slice(0, 4), 41, groupDay), groupChanges)]
      : []),
    command('centenary', PARTY_DEMO_DATES.centenary, doc('委组', '2021', 12, PARTY_DEMO_DATES.centenary), [
      ...upgrades,
      ...dissolved,
      ...newBranches,
    ]),
  ];
  return {
    module: 'party',
    summary: `党组织体系：${established.length} 个党组织（2016），乡镇党委 33→${new Set(townships.map((t) => successors[t.id] ?? t.id)).size}，村级党组织合并 ${[...unitMerges.values()].flat().length} 个`,
    commands,
  };
}

/** The party module's `demo` hook: records the story in the demo county. */
export async function recordPartyDemo(context: DemoContext): Promise<void> {
  let party: PartyDemoCounty | undefined;
  await recordStory(
    context,
    (county, random) => {
      if (!party) throw new Error('the party story needs the county loaded first');
      return partyDemo({ ...party, county }, random);
    },
    {
      module: 'party',
      title: '党组织体系',
      commands: partyCommands,
      prepare: async (county) => {
        party = await loadPartyDemoCounty((p, q, i, at) => context.query(p, q, i, at), county);
      },
    },
  );
}
