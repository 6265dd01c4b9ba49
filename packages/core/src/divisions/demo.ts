/**
 * The demo county's divisions: 青溪县 (a fictional county, code 510799) and its 2019–2020 reform —
 * townships 33 → 13 (effective 2019-12-20), administrative villages 132 → 83 and communities
 * 110 → 79 (2020-06-30), villager groups 190 → 83 and resident groups 83 → 37 (2020-12-31), plus an
 * adjustment scheduled for the first day of the next year. Each step is decided from the registry as
 * it stands (codes are assigned by the decider), so the runner works against the runtime.
 */
import type { ProjectionRuntime } from '@xianzhi/projections';
import type { EnactAdjustmentInput, TreeNode } from './index';
import type { Random } from '@xianzhi/kernel';

export const DEMO_COUNTY = { code: '510799', name: '青溪县' };

const FIRST = '青龙石金安永新白柳河松云凤桥宝兴福太和双清花古东西南北中马鹤观黄仁'.split('');
const SECOND = '溪山坪桥江林水湾坝口塘岭阳平坡岗'.split('');
const NUMERALS = '一二三四五六七八九十'.split('');
const CLASSES = [
  'main-urban-town',
  'sub-centre-town',
  'central-town',
  'characteristic-town',
  'border-town',
] as const;

export interface DemoStep {
  /** Idempotency key: running the demo twice writes nothing twice. */
  key: string;
  input: EnactAdjustmentInput;
}

function names(random: Random, count: number, suffix: string, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const n = random.pick(FIRST) + random.pick(SECOND) + suffix;
    if (taken.has(n)) continue;
    taken.add(n);
    out.push(n);
  }
  return out;
}

const groupName = (i: number) => (i < 10 ? NUMERALS[i]! : `十${NUMERALS[i - 10] ?? ''}`) + '组';

/** Step 1 (1992): the county as it was before the reform. */
export function foundingStep(random: Random): DemoStep {
  const c = DEMO_COUNTY.code;
  const taken = new Set<string>();
  const towns = names(random, 20, '镇', taken);
  const xiangs = names(random, 13, '乡', taken);
  const changes: EnactAdjustmentInput['changes'] = [
    { op: 'establish', kind: 'county', name: DEMO_COUNTY.name },
  ];
  const townships: { code: string; kind: 'town' | 'xiang' }[] = [];
  towns.forEach((name, i) => {
    const code = `${c}${101 + i}`;
    townships.push({ code, kind: 'town' });
    changes.push({ op: 'establish', kind: 'town', name, parent: c, code });
  });
  xiangs.forEach((name, i) => {
    const code = `${c}${201 + i}`;
    townships.push({ code, kind: 'xiang' });
    changes.push({ op: 'establish', kind: 'xiang', name, parent: c, code });
  });
  // 132 villages (4 per township) and 110 communities (3 or 4 per township)
  const villageNames = names(random, 132, '村', new Set());
  const communityNames = names(random, 110, '社区', new Set());
  const villages: string[] = [];
  const communities: string[] = [];
  townships.forEach((t, ti) => {
    for (let k = 0; k < 4; k++) {
      const code = `${t.code}${201 + k}`;
      villages.push(code);
      changes.push({
        op: 'establish',
        kind: 'village',
        name: villageNames[ti * 4 + k]!,
        parent: t.code,
        code,
      });
    }
  });
  let ci = 0;
  townships.forEach((t, ti) => {
    const n = ti < 11 ? 4 : 3; // 11 × 4 + 22 × 3 = 110
    for (let k = 0; k < n; k++) {
      const code = `${t.code}${String(1 + k).padStart(3, '0')}`;
      communities.push(code);
      changes.push({ op: 'establish', kind: 'community', name: communityNames[ci++]!, parent: t.code, code });
    }
  });
  // 190 villager groups: one per village, a second in 58 of them; 83 resident groups in 83 communities
  villages.forEach((v, i) => {
    const n = i < 58 ? 2 : 1;
    for (let g = 0; g < n; g++)
      changes.push({ op: 'establish', kind: 'villager-group', name: groupName(g), parent: v });
  });
  communities
    .slice(0, 83)
    .forEach((cm) =>
      changes.push({ op: 'establish', kind: 'resident-group', name: groupName(0), parent: cm }),
    );
  return {
    key: 'demo:510799:1992-founding',
    input: {
      countyCode: c,
      authority: { documentNo: '川府函〔1992〕140号', issuedBy: '四川省人民政府', approvedOn: '1992-07-15' },
      effectiveAt: '1992-08-01',
      description: '建县以来的乡镇、村（社区）和村（居）民小组',
      changes,
    },
  };
}

async function tree(runtime: ProjectionRuntime, asOf: string): Promise<TreeNode> {
  const [county] = await runtime.query<TreeNode[]>(
    'divisions.tree',
    'tree',
    { rootId: DEMO_COUNTY.code },
    { asOf },
  );
  if (!county) throw new Error(`the demo county ${DEMO_COUNTY.code} does not exist as of ${asOf}`);
  return county;
}

/** Step 2: 33 townships → 13 (川府民政〔2019〕27号, effective 2019-12-20). */
export async function townshipStep(random: Random, runtime: ProjectionRuntime): Promise<DemoStep> {
  const county = await tree(runtime, '2019-12-19');
  const townships = random.shuffle([...county.children]);
  const towns = townships.filter((t) => t.kind === 'town');
  const survivors = towns.slice(0, 13);
  const sources = townships.filter((t) => !survivors.includes(t));
  const changes: EnactAdjustmentInput['changes'] = [];
  const groups = new Map<string, string[]>(survivors.map((s) => [s.code!, []]));
  sources.forEach((s, i) => groups.get(survivors[i % 13]!.code!)!.push(s.code!));
  for (const [into, from] of groups) changes.push({ op: 'merge', sources: from, into });
  survivors.forEach((s, i) =>
    changes.push({
      op: 'reclassify',
      division: s.code!,
      classification: CLASSES[i === 0 ? 0 : i < 3 ? 1 : i < 9 ? 2 : i < 12 ? 3 : 4],
    }),
  );
  return {
    key: 'demo:510799:2019-townships',
    input: {
      countyCode: DEMO_COUNTY.code,
      authority: { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府', approvedOn: '2019-11-28' },
      effectiveAt: '2019-12-20',
      description: '乡镇行政区划调整：33个乡镇调整为13个',
      changes,
    },
  };
}

/** Merges `count` children of the given kind, pairing within the same parent where it can. */
function mergesWithin(
  random: Random,
  parents: TreeNode[],
  kind: string,
  count: number,
): EnactAdjustmentInput['changes'] {
  const pools = parents.map((p) =>
    random.shuffle(p.children.filter((c) => c.kind === kind).map((c) => c.code ?? c.id)),
  );
  const changes: { op: 'merge'; sources: string[]; into: string }[] = [];
  const byTarget = new Map<string, string[]>();
  let left = count;
  // First within parents (a target per parent absorbs the others), then across if needed.
  for (const pool of pools) {
    // the last m units of the pool merge into one of the units that stay
    const m = Math.min(left, pool.length - 1);
    if (m <= 0) continue;
    const stay = pool.length - m;
    for (const source of pool.splice(stay, m)) {
      const into = pool[Math.floor(random.next() * stay)]!;
      byTarget.set(into, [...(byTarget.get(into) ?? []), source]);
    }
    left -= m;
  }
  const rest = pools.flat();
  while (left > 0 && rest.length >= 2) {
    const source = rest.pop()!;
    const into = rest[0]!;
    byTarget.set(into, [...(byTarget.get(into) ?? []), source]);
    left--;
  }
  if (left > 0) throw new Error(`the demo cannot merge ${count} ${kind} units`);
  for (const [into, sources] of byTarget) changes.push({ op: 'merge', sources, into });
  return changes;
}

/** Step 3: villages 132 → 83, communities 110 → 79 (county approval, effective 2020-06-30). */
export async function villageStep(random: Random, runtime: ProjectionRuntime): Promise<DemoStep> {
  const county = await tree(runtime, '2020-06-29');
  return {
    key: 'demo:510799:2020-villages',
    input: {
      countyCode: DEMO_COUNTY.code,
      authority: { documentNo: '青府发〔2020〕15号', issuedBy: '青溪县人民政府', approvedOn: '2020-06-10' },
      effectiveAt: '2020-06-30',
      description: '村（社区）体制改革：建制村132个调整为83个，社区110个调整为79个（经村民会议同意）',
      changes: [
        ...mergesWithin(random, county.children, 'village', 49),
        ...mergesWithin(random, county.children, 'community', 31),
      ],
    },
  };
}

/** Step 4: villager groups 190 → 83, resident groups 83 → 37 (effective 2020-12-31). */
export async function groupStep(random: Random, runtime: ProjectionRuntime): Promise<DemoStep> {
  const county = await tree(runtime, '2020-12-30');
  const villageLevel = county.children.flatMap((t) => t.children);
  return {
    key: 'demo:510799:2020-groups',
    input: {
      countyCode: DEMO_COUNTY.code,
      authority: { documentNo: '青府发〔2020〕38号', issuedBy: '青溪县人民政府', approvedOn: '2020-12-15' },
      effectiveAt: '2020-12-31',
      description: '村（居）民小组优化调整：村民小组190个调整为83个，居民小组83个调整为37个',
      changes: [
        ...mergesWithin(random, villageLevel, 'villager-group', 107),
        ...mergesWithin(random, villageLevel, 'resident-group', 46),
      ],
    },
  };
}

/** Step 5: an adjustment scheduled for 1 January of the year after `today` (a rename and a new class). */
export async function scheduledStep(runtime: ProjectionRuntime, today: string): Promise<DemoStep> {
  const county = await tree(runtime, today);
  const year = Number(today.slice(0, 4)) + 1;
  const target =
    county.children.find((t) => t.classification === 'characteristic-town') ?? county.children[1]!;
  return {
    key: `demo:510799:${year}-scheduled`,
    input: {
      countyCode: DEMO_COUNTY.code,
      authority: {
        documentNo: `青府发〔${year - 1}〕52号`,
        issuedBy: '青溪县人民政府',
        approvedOn: `${year - 1}-11-20`,
      },
      effectiveAt: `${year}-01-01`,
      description: '特色镇更名并调整为中心镇（已批复，待生效）',
      changes: [
        { op: 'rename', division: target.code!, name: target.name.replace(/镇$/, '新镇') },
        { op: 'reclassify', division: target.code!, classification: 'central-town' },
      ],
    },
  };
}
