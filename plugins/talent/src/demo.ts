/**
 * The talent demo for 青溪县 (runs after the divisions demo): five years (2020–2024) of programme
 * records across the county's villages and townships, approaching the five-year targets without
 * all reaching them, a few records revoked; and first secretaries dispatched in batches — the
 * 2020-06-30 village merger leaves some survivors with two, which the county then resolves —
 * rotated in 2022 and topped up later. Deterministic from the seed; re-running it writes nothing.
 */
import {
  addDays,
  daysInMonth,
  personName,
  seedFor,
  seededRandom,
  type DemoContext,
  type NewEvent,
  type Random,
} from '@xianzhi/kernel';
import { dispatchFirstSecretaries, recallFirstSecretaries } from './decide';
import { RECORD_EVENT, recordStream, type ProgressKey } from './index';

interface ListRow {
  id: string;
  code: string;
  name: string;
  kind: string;
}

const ORGANISATION = '中共青溪县委组织部';
const UNITS = [
  '县委组织部',
  '县财政局',
  '县农业农村局',
  '县交通运输局',
  '县卫生健康局',
  '县教育局',
  '县自然资源局',
  '县人力资源社会保障局',
  '县住房城乡建设局',
  '县水利局',
  '县商务局',
  '国网青溪县供电公司',
  '青溪农商银行',
];
const COURSES = [
  '村党组织书记示范培训',
  '村级后备干部能力提升班',
  '乡村振兴专题培训',
  '基层治理能力培训',
  '农村电商人才培训',
];
const YEARS = [2020, 2021, 2022, 2023, 2024];
const VILLAGE_MERGER = '2020-06-30';

/** Records a year (before noise) per target key; together they approach the five-year targets. */
const PER_YEAR: Record<ProgressKey, readonly number[]> = {
  'returning-worker': [880, 920, 960, 980, 985],
  'party-member': [390, 400, 410, 415, 415],
  'reserve-cadre': [360, 370, 375, 380, 375],
  'practical-talent-senior': [14, 16, 18, 19, 20],
  'practical-talent-intermediate': [390, 400, 410, 420, 420],
  'cadre-training': [600, 620, 650, 660, 670],
};

/** Share of records later revoked, and why. */
const REVOKED: Partial<Record<ProgressKey, { share: number; reasons: readonly string[] }>> = {
  'returning-worker': { share: 0.012, reasons: ['再次外出务工'] },
  'reserve-cadre': { share: 0.015, reasons: ['不再列为村级后备干部', '考察不合格'] },
  'practical-talent-senior': { share: 0.02, reasons: ['资格复核不合格'] },
  'practical-talent-intermediate': { share: 0.012, reasons: ['资格复核不合格'] },
};

export interface TalentDemoTotals {
  records: number;
  revoked: number;
  dispatched: number;
  recalled: number;
}

export async function talentDemo(context: DemoContext): Promise<TalentDemoTotals> {
  const random = seededRandom(seedFor(context.seed, 'talent'));
  const county = context.countyCode;
  const lastDay = context.today < '2024-12-31' ? context.today : '2024-12-31';
  const list = (level: string, asOf: string) =>
    context.query<ListRow[]>('divisions.tree', 'list', { level, rootId: county }, { asOf });
  const townships = await list('township', '2020-01-01');
  const before = await list('village', '2020-01-01');
  const after = await list('village', '2020-07-01');
  const villagesOn = (date: string) => (date < VILLAGE_MERGER ? before : after);

  const secretaries = await firstSecretaries(context, random, before, after, lastDay);
  const { records, revoked } = await programmeRecords(context, random, townships, villagesOn, lastDay);
  const totals = { records, revoked, ...secretaries };
  context.log(
    `talent: ${records} programme records (${revoked} revoked), ${secretaries.dispatched} first secretaries dispatched, ${secretaries.recalled} recalled`,
  );
  return totals;
}

// ── first secretaries ────────────────────────────────────────────────────────────────────────

/**
 * The plan is computed from the divisions alone (never from this plugin's read models, which a
 * second run would find already filled): the villages before and after the merger, and where
 * each merged village went.
 */
async function firstSecretaries(
  context: DemoContext,
  random: Random,
  before: ListRow[],
  after: ListRow[],
  lastDay: string,
) {
  const county = context.countyCode;
  const villagesBefore = before.filter((v) => v.kind === '行政村').map((v) => v.id);
  const villagesAfter = after.filter((v) => v.kind === '行政村').map((v) => v.id);
  const survivor = new Map<string, string>();
  for (const id of villagesBefore) {
    if (villagesAfter.includes(id)) continue;
    const [next] =
      (await context.query<{ id: string }[] | null>(
        'divisions.history',
        'successors',
        { id, on: '2020-06-29' },
        { asOf: '2020-07-01' },
      )) ?? [];
    if (next) survivor.set(id, next.id);
  }
  /** Postings in post: posting id → the village it serves now. */
  const inPost = new Map<string, string>();
  const serving = (date: string) => {
    if (date >= VILLAGE_MERGER) for (const [p, v] of inPost) inPost.set(p, survivor.get(v) ?? v);
    return new Set(inPost.values());
  };
  let people = 0;
  let dispatched = 0;
  let recalled = 0;
  const dispatch = async (date: string, documentNo: string, villageIds: readonly string[]) => {
    if (date > lastDay || villageIds.length === 0) return;
    const postings = villageIds.map((villageId) => {
      const n = String(++people).padStart(4, '0');
      return {
        postingId: `fs-${county}-${n}`,
        villageId,
        name: personName(random),
        personId: `${county}-fs-person-${n}`,
        unit: random.pick(UNITS),
      };
    });
    await context.execute(
      dispatchFirstSecretaries,
      { countyCode: county, effectiveAt: date, authority: { documentNo, issuedBy: ORGANISATION }, postings },
      { idempotencyKey: `demo:talent:dispatch:${date}` },
    );
    for (const p of postings) inPost.set(p.postingId, p.villageId);
    dispatched += postings.length;
  };
  const recall = async (date: string, documentNo: string, postingIds: readonly string[], reason: string) => {
    if (date > lastDay || postingIds.length === 0) return;
    const postings = postingIds.map((postingId) => ({ postingId, reason }));
    await context.execute(
      recallFirstSecretaries,
      { countyCode: county, effectiveAt: date, authority: { documentNo, issuedBy: ORGANISATION }, postings },
      { idempotencyKey: `demo:talent:recall:${date}` },
    );
    for (const id of postingIds) inPost.delete(id);
    recalled += postings.length;
  };
  const uncovered = (date: string) => {
    const covered = serving(date);
    return (date < VILLAGE_MERGER ? villagesBefore : villagesAfter).filter((v) => !covered.has(v));
  };

  // 2020: a first batch to 45 of the 132 villages; the 2020-06-30 merger leaves some survivors with two or more,
  // whose extra secretaries are recalled on 2020-09-01 while twelve uncovered villages get one
  await dispatch('2020-03-01', '青组通〔2020〕6号', sample(random, villagesBefore, 45));
  serving('2020-09-01');
  const first = new Map<string, string>(); // village → the posting that stays
  const extra: string[] = [];
  for (const [posting, village] of inPost) {
    if (first.has(village)) extra.push(posting);
    else first.set(village, posting);
  }
  await recall('2020-09-01', '青组通〔2020〕31号', extra, '村合并后一村一名第一书记');
  await dispatch('2020-09-01', '青组通〔2020〕32号', sample(random, uncovered('2020-09-01'), 12));
  // 2022: the two-year term ends — all recalled, a new batch to 60 of the 83 villages
  await recall('2022-03-01', '青组通〔2022〕4号', [...inPost.keys()], '任期届满');
  await dispatch('2022-03-01', '青组通〔2022〕5号', sample(random, villagesAfter, 60));
  // 2023: eight more villages; 2024: ten replaced in their villages, and four more villages
  await dispatch('2023-06-01', '青组通〔2023〕15号', sample(random, uncovered('2023-06-01'), 8));
  const replaced = sample(random, [...inPost], 10);
  const open = uncovered('2024-03-01');
  await recall(
    '2024-03-01',
    '青组通〔2024〕7号',
    replaced.map(([p]) => p),
    '工作调整',
  );
  await dispatch('2024-03-01', '青组通〔2024〕8号', [
    ...replaced.map(([, v]) => v),
    ...sample(random, open, 4),
  ]);
  return { dispatched, recalled };
}

// ── programme records ────────────────────────────────────────────────────────────────────────

interface Draft {
  key: ProgressKey;
  date: string;
  divisionId: string;
  name: string;
  revokedOn?: string;
  reason?: string;
}

/** Where a programme's people are: village-level units, with some at township level. */
const TOWNSHIP_SHARE: Record<ProgressKey, number> = {
  'returning-worker': 0.15,
  'party-member': 0.1,
  'reserve-cadre': 0,
  'practical-talent-senior': 0,
  'practical-talent-intermediate': 0,
  'cadre-training': 0.6,
};

async function programmeRecords(
  context: DemoContext,
  random: Random,
  townships: ListRow[],
  villagesOn: (date: string) => ListRow[],
  lastDay: string,
) {
  const county = context.countyCode;
  const drafts: Draft[] = [];
  for (const [y, year] of YEARS.entries()) {
    for (const key of Object.keys(PER_YEAR) as ProgressKey[]) {
      const n = Math.round(PER_YEAR[key][y]! * (1 + random.normal() * 0.03));
      for (let i = 0; i < n; i++) {
        const month = random.int(1, 12);
        const date = `${year}-${String(month).padStart(2, '0')}-${String(random.int(1, daysInMonth(year, month))).padStart(2, '0')}`;
        if (date > lastDay) continue;
        const atTownship = random.next() < TOWNSHIP_SHARE[key];
        const villages = villagesOn(date).filter((v) => key !== 'reserve-cadre' || v.kind === '行政村');
        const draft: Draft = {
          key,
          date,
          divisionId: (atTownship ? random.pick(townships) : random.pick(villages)).id,
          name: personName(random),
        };
        const revoke = REVOKED[key];
        if (revoke && random.next() < revoke.share) {
          const on = addDays(date, random.int(90, 540));
          if (on <= lastDay) {
            draft.revokedOn = on;
            draft.reason = random.pick(revoke.reasons);
          }
        }
        drafts.push(draft);
      }
    }
  }
  drafts.sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.key.localeCompare(b.key) || a.divisionId.localeCompare(b.divisionId),
  );

  let revoked = 0;
  const byYear = new Map<string, NewEvent[]>();
  const seq = new Map<string, number>();
  for (const d of drafts) {
    const year = d.date.slice(0, 4);
    const n = (seq.get(year) ?? 0) + 1;
    seq.set(year, n);
    const recordId = `${county}-${year}-${String(n).padStart(5, '0')}`;
    const programme = d.key.startsWith('practical-talent')
      ? 'practical-talent'
      : (d.key as Exclude<ProgressKey, `practical-talent-${string}`>);
    const data: Record<string, unknown> = {
      recordId,
      countyCode: county,
      divisionId: d.divisionId,
      name: d.name,
    };
    if (programme === 'practical-talent')
      data.level = d.key === 'practical-talent-senior' ? 'senior' : 'intermediate';
    if (programme === 'cadre-training') data.course = random.pick(COURSES);
    const events = byYear.get(year) ?? [];
    events.push({ type: RECORD_EVENT[programme].type, data, metadata: { effectiveAt: d.date } });
    if (d.revokedOn !== undefined) {
      events.push({
        type: 'talent.record-revoked',
        data: { recordId, reason: d.reason },
        metadata: { effectiveAt: d.revokedOn },
      });
      revoked++;
    }
    byYear.set(year, events);
  }
  for (const [year, events] of byYear) {
    for (let i = 0; i < events.length; i += 1000) {
      await context.append(recordStream(county, year), events.slice(i, i + 1000), {
        idempotencyKey: `demo:talent:records:${year}:${i / 1000}`,
      });
    }
  }
  return { records: drafts.length, revoked };
}

/** `n` distinct items drawn from `list` (all of them when it is shorter), in drawing order. */
function sample<T>(random: Random, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < n && pool.length > 0)
    out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0]!);
  return out;
}
