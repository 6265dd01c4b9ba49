/**
 * The health demo for the demo county 青溪县: before the township reform, a health centre in nearly
 * every one of the 33 townships (one medical sub-centre, central and general health centres, a few
 * second centres in big towns; two townships served by a neighbour's) and a clinic in every
 * administrative village. After the merger of 2019-12-20 the network is rebuilt towards the
 * county's targets (4 sub-centres, 15 central, 17 general health centres): three central health
 * centres become sub-centres (one per route), eight general ones become central, one central is
 * downgraded, two duplicated general centres close, two new general centres open — and one
 * township's only centre closes for rebuilding in 2022, leaving it without a centre of its own
 * until the new one opens in 2023. Village clinics of merged villages are consolidated in 2021.
 *
 * Deterministic from `context.seed`; every write carries an idempotency key, so a second run writes
 * nothing. Nothing dated after `context.today` is recorded.
 */
import { seededRandom, type DemoContext, type NewEvent } from '@xianzhi/kernel';
import {
  townshipsAcrossReform,
  type DemoTreeNode as TreeNode,
  type DivisionInfo,
} from '@xianzhi/divisions-contract';
import { closeFacility, downgradeFacility, establishFacility, upgradeFacility } from './decide';
import { facilityEstablished, healthStream, type Tier, type Zone } from './index';

interface Planned {
  id: string;
  name: string;
  tier: Tier;
  zone: Zone;
  divisionId: string;
  /** The township it belongs to after the reform (for clinics, the village's township's survivor). */
  survivorId: string;
  /** The township (before the reform) it lies in. */
  townshipId: string;
}

interface Step {
  date: string;
  key: string;
  command: Parameters<DemoContext['execute']>[0];
  input: Record<string, unknown>;
}

const REFORM = '2019-12-20';
const ZONE_PATTERN: Zone[] = [
  'central',
  'central',
  'north',
  'north',
  'north',
  'west',
  'west',
  'east',
  'east',
  'east',
  'south',
  'south',
  'south',
];

export async function healthDemo(context: DemoContext): Promise<void> {
  const random = seededRandom(context.seed * 17 + 3);
  const county = context.countyCode;
  const { townships: old, survivorOf } = await townshipsAcrossReform(context, 'health.facilities', {
    before: '2019-06-01',
    reform: REFORM,
  });
  const survivors = random.shuffle([...new Set(survivorOf.values())].sort());
  const zoneOf = new Map<string, Zone>(survivors.map((s, i) => [s, ZONE_PATTERN[i % ZONE_PATTERN.length]!]));
  const groupOf = (s: string) => old.filter((t) => survivorOf.get(t.id) === s);

  // The story township: a survivor that absorbed exactly one township, which had no centre.
  const story = survivors.find((s) => groupOf(s).length === 2) ?? survivors[0]!;
  const lacking = new Set(
    groupOf(story)
      .filter((t) => t.id !== story)
      .map((t) => t.id),
  );
  const otherXiang = old.find(
    (t) => t.kind !== 'town' && !lacking.has(t.id) && t.id !== story && survivorOf.get(t.id) !== story,
  );
  if (otherXiang) lacking.add(otherXiang.id);

  const planned: Planned[] = [];
  let seq = 0;
  const plan = (t: TreeNode, tier: Tier, name: string, divisionId = t.id): Planned => {
    const survivorId = survivorOf.get(t.id) ?? t.id;
    const p: Planned = {
      id: `facility-${county}-${String(++seq).padStart(3, '0')}`,
      name,
      tier,
      zone: zoneOf.get(survivorId) ?? 'central',
      divisionId,
      survivorId,
      townshipId: t.id,
    };
    planned.push(p);
    return p;
  };
  const suffix: Record<Tier, string> = {
    'medical-sub-centre': '医疗分中心',
    'central-health-centre': '中心卫生院',
    'general-health-centre': '卫生院',
    'village-clinic': '卫生室',
  };

  // 1. Before the reform: the health centres and the village clinics.
  const towns = random.shuffle(old.filter((t) => t.kind === 'town'));
  const subTown =
    towns.find((t) => survivorOf.get(t.id) === t.id && zoneOf.get(t.id) === 'central') ?? towns[0]!;
  const centralTowns = new Set(towns.filter((t) => t !== subTown).slice(0, 11));
  for (const t of old) {
    if (lacking.has(t.id)) continue;
    const tier: Tier =
      t === subTown
        ? 'medical-sub-centre'
        : centralTowns.has(t)
          ? 'central-health-centre'
          : 'general-health-centre';
    plan(t, tier, `${t.name}${suffix[tier]}`);
  }
  for (const t of towns.filter((x) => x !== subTown && survivorOf.get(x.id) !== story).slice(-4))
    plan(t, 'general-health-centre', `${t.name}第二卫生院`);
  for (const t of old)
    for (const v of t.children.filter((c) => c.kind === 'village'))
      plan(t, 'village-clinic', `${v.name}卫生室`, v.id);
  const before: NewEvent[] = planned.map((p) =>
    facilityEstablished.create(
      {
        facilityId: p.id,
        countyCode: county,
        name: p.name,
        tier: p.tier,
        zone: p.zone,
        divisionId: p.divisionId,
      },
      {
        effectiveAt: `${random.int(p.tier === 'village-clinic' ? 2000 : 1993, 2012)}-0${random.int(1, 9)}-01`,
      },
    ),
  );

  // 2. After the reform.
  const steps: Step[] = [];
  const step = (date: string, command: Step['command'], input: Record<string, unknown>) =>
    steps.push({
      date,
      key: `demo:health:${county}:${steps.length + 1}:${command.name}`,
      command,
      input: { countyCode: county, effectiveAt: date, ...input },
    });
  const used = new Set<string>();
  const centres = planned.filter((p) => p.tier !== 'village-clinic');
  const storyCentre = centres.find((p) => p.survivorId === story);
  if (storyCentre) used.add(storyCentre.id);
  const take = (
    pred: (p: Planned) => boolean,
    n: number,
    prefer: (p: Planned) => number = () => 0,
  ): Planned[] => {
    const out = centres
      .filter((p) => !used.has(p.id) && pred(p))
      .sort((a, b) => prefer(a) - prefer(b) || a.id.localeCompare(b.id));
    const chosen = out.slice(0, n);
    for (const p of chosen) used.add(p.id);
    return chosen;
  };
  const own = (p: Planned) => (p.townshipId === p.survivorId ? 0 : 1);
  const groupCentres = (s: string) => centres.filter((p) => p.survivorId === s).length;

  // three central health centres become medical sub-centres, one per route other than the central one
  let subCentres = 0;
  for (const zone of random.shuffle(['north', 'west', 'east', 'south'] as Zone[])) {
    if (subCentres === 3) break;
    const [c] = take((p) => p.tier === 'central-health-centre' && p.zone === zone, 1, own);
    if (!c) continue;
    subCentres += 1;
    step('2020-06-01', upgradeFacility, {
      facilityId: c.id,
      tier: 'medical-sub-centre',
      name: c.name.replace(/中心卫生院$/, '医疗分中心'),
    });
  }
  // eight general health centres become central ones (the survivors' own first), in three rounds
  take((p) => p.tier === 'general-health-centre' && !p.name.includes('第二'), 8, own).forEach((c, i) =>
    step(['2020-12-01', '2021-06-01', '2022-03-01'][i % 3]!, upgradeFacility, {
      facilityId: c.id,
      tier: 'central-health-centre',
      name: c.name.replace(/卫生院$/, '中心卫生院'),
    }),
  );
  // a central health centre of a merged-away township is downgraded
  for (const c of take(
    (p) => p.tier === 'central-health-centre' && own(p) === 1 && groupCentres(p.survivorId) >= 3,
    1,
  )) {
    step('2021-03-01', downgradeFacility, {
      facilityId: c.id,
      tier: 'general-health-centre',
      name: c.name.replace(/中心卫生院$/, '卫生院'),
    });
  }
  // two duplicated general centres of merged-away townships close
  for (const c of take(
    (p) => p.tier === 'general-health-centre' && own(p) === 1 && groupCentres(p.survivorId) >= 3,
    2,
  )) {
    step('2021-12-31', closeFacility, { facilityId: c.id, reason: '乡镇撤并后与医疗分中心整合' });
  }
  // the story township's only centre closes for rebuilding; the new one opens in 2023
  const storyTownship = old.find((t) => t.id === story);
  if (storyCentre && storyTownship) {
    step('2022-03-01', closeFacility, { facilityId: storyCentre.id, reason: '原址房屋鉴定为危房，停用迁建' });
    step('2023-01-10', establishFacility, {
      facilityId: `facility-${county}-${String(++seq).padStart(3, '0')}`,
      name: `${storyTownship.name}${suffix[storyCentre.tier]}（新址）`,
      tier: storyCentre.tier,
      zone: storyCentre.zone,
      divisionId: story,
    });
  }
  // two new general health centres in the biggest townships
  const bySize = [...survivors]
    .filter((s) => s !== story)
    .sort((a, b) => groupOf(b).length - groupOf(a).length || a.localeCompare(b));
  bySize.slice(0, 2).forEach((s, i) => {
    const t = old.find((x) => x.id === s)!;
    step(i === 0 ? '2022-07-01' : '2023-03-01', establishFacility, {
      facilityId: `facility-${county}-${String(++seq).padStart(3, '0')}`,
      name: `${t.name}第${i === 0 ? '三' : '二'}卫生院`,
      tier: 'general-health-centre',
      zone: zoneOf.get(s) ?? 'central',
      divisionId: s,
    });
  });

  // 3. Village clinics of villages merged on 2020-06-30: three in five close in 2021.
  const clinics = planned.filter((p) => p.tier === 'village-clinic');
  for (const c of clinics) {
    const info = await context.query<DivisionInfo | null>(
      'health.facilities',
      'division',
      { id: c.divisionId },
      { asOf: '2020-06-30' },
    );
    if (info?.ended && random.next() < 0.6)
      step('2021-06-30', closeFacility, { facilityId: c.id, reason: '村合并后并入中心村卫生室' });
  }

  await context.append(
    healthStream(county),
    before.filter((e) => e.metadata!.effectiveAt! <= context.today),
    { idempotencyKey: `demo:health:${county}:before-${REFORM}` },
  );
  const ordered = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.date.localeCompare(b.s.date) || a.i - b.i);
  for (const { s } of ordered) {
    if (s.date > context.today) break;
    await context.execute(s.command, s.input, { idempotencyKey: s.key });
  }
  context.log(
    `health: ${planned.length} facilities before the reform, ${steps.length} changes after it, up to ${context.today}`,
  );
}
