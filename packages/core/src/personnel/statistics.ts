/**
 * Cadre statistics as of a date: head count, average age (周岁 on that date, one decimal), share
 * with a bachelor's degree or higher, education, sources, women, party members, and the dual-role
 * (一肩挑) coverage of villages. Pure functions of the personnel state; the runtime helpers below
 * fold the state as of the date and pass the date on, so ages are computed on the day asked for.
 */
import { ValidationError, countyDate, isDate } from '@xianzhi/kernel';
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import { ageOn, type PersonnelState, type Post } from './model';
import {
  EDUCATION_LEVELS,
  PERSON_SOURCES,
  isBachelorOrHigher,
  type EducationLevel,
  type PersonSource,
} from './vocabulary';

export const CADRE_LEVELS = [
  'all',
  'township-leaders',
  'township-party-secretaries',
  'township-heads',
  'village-leaders',
  'village-party-secretaries',
  'village-committee-directors',
  'group-leaders',
] as const;
export type CadreLevel = (typeof CADRE_LEVELS)[number];

const MATCH: Record<CadreLevel, (p: Post) => boolean> = {
  all: () => true,
  'township-leaders': (p) =>
    p.organisation === 'township-party-committee' || p.organisation === 'township-government',
  'township-party-secretaries': (p) =>
    p.organisation === 'township-party-committee' && p.role === 'party-secretary',
  'township-heads': (p) => p.organisation === 'township-government' && p.role === 'township-head',
  'village-leaders': (p) =>
    p.organisation === 'village-party-organisation' || p.organisation === 'village-committee',
  'village-party-secretaries': (p) =>
    p.organisation === 'village-party-organisation' && p.role === 'party-secretary',
  'village-committee-directors': (p) =>
    p.organisation === 'village-committee' && p.role === 'committee-director',
  'group-leaders': (p) => p.organisation === 'group' && p.role === 'group-leader',
};

export interface StatisticsInput {
  /** The day ages are computed on (YYYY-MM-DD); the runtime helpers set it to the as-of date. */
  on: string;
  level?: CadreLevel;
  /** Only posts of these divisions (e.g. the villages of one township). */
  divisionIds?: string[];
  countyCode?: string;
  /** The villages the dual-role coverage is over (default: every village with a village post). */
  villageIds?: string[];
  /** Set by the access layer for a token limited to a division: only posts of these divisions count. */
  within?: readonly string[];
}

export interface DualRoleCoverage {
  /** Villages counted (given, or known to the module: with a village post as of the date). */
  villages: number;
  /** Villages whose party secretary and committee director posts are both filled. */
  bothFilled: number;
  /** Villages where one person holds both (一肩挑). */
  dualRole: number;
  /** dualRole / bothFilled × 100, one decimal. */
  percentOfFilled: number | null;
  /** dualRole / villages × 100, one decimal. */
  percentOfAll: number | null;
  /** Villages without dual role (ids), for follow-up. */
  without: string[];
}

export interface CadreStatistics {
  on: string;
  level: CadreLevel;
  /** Distinct persons holding a matching post (someone with two posts counts once). */
  count: number;
  /** Over the persons whose birth date is known (an erased person's is not: see `ageUnknown`). */
  averageAge: number | null;
  /** Persons counted whose age is unknown: their birth date was erased (个人信息删除). */
  ageUnknown: number;
  bachelorOrHigher: { count: number; percent: number | null };
  byEducation: Record<EducationLevel, number>;
  bySource: Record<PersonSource, number>;
  women: { count: number; percent: number | null };
  partyMembers: number;
  dualRole: DualRoleCoverage;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
export const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : round1((part * 100) / whole);

function activePosts(state: PersonnelState, input: StatisticsInput): Post[] {
  const ids = input.divisionIds
    ? input.divisionIds.flatMap((d) => state.postsByDivision.get(d) ?? [])
    : [...state.posts.keys()];
  const within = input.within === undefined ? undefined : new Set(input.within);
  const posts: Post[] = [];
  for (const id of ids) {
    const p = state.posts.get(id);
    if (!p || p.abolishedAt !== undefined) continue;
    if (within !== undefined && !within.has(p.divisionId)) continue;
    if (input.countyCode !== undefined && p.countyCode !== input.countyCode) continue;
    posts.push(p);
  }
  return posts;
}

export function dualRoleCoverage(
  state: PersonnelState,
  posts: readonly Post[],
  villageIds?: readonly string[],
): DualRoleCoverage {
  const secretary = new Map<string, string | undefined>();
  const director = new Map<string, string | undefined>();
  const known = new Set<string>();
  for (const p of posts) {
    if (p.organisation !== 'village-party-organisation' && p.organisation !== 'village-committee') continue;
    known.add(p.divisionId);
    if (p.role === 'party-secretary') secretary.set(p.divisionId, p.holders[0]?.personId);
    if (p.role === 'committee-director') director.set(p.divisionId, p.holders[0]?.personId);
  }
  const villages = villageIds ?? [...known];
  let bothFilled = 0;
  let dualRole = 0;
  const without: string[] = [];
  for (const v of villages) {
    const s = secretary.get(v);
    const d = director.get(v);
    if (s !== undefined && d !== undefined) bothFilled += 1;
    if (s !== undefined && s === d) dualRole += 1;
    else without.push(v);
  }
  return {
    villages: villages.length,
    bothFilled,
    dualRole,
    percentOfFilled: percent(dualRole, bothFilled),
    percentOfAll: percent(dualRole, villages.length),
    without,
  };
}

/** The statistics of the cadres of `level` in the given state (as of `on`). */
export function computeStatistics(state: PersonnelState, input: StatisticsInput): CadreStatistics {
  if (typeof input?.on !== 'string' || !isDate(input.on)) {
    throw new ValidationError([
      {
        path: ['on'],
        message: `expected the date ages are computed on (2019-12-20), got ${JSON.stringify(input?.on)}`,
      },
    ]);
  }
  const level = input.level ?? 'all';
  const posts = activePosts(state, input);
  const personIds = new Set<string>();
  for (const p of posts) if (MATCH[level](p)) for (const h of p.holders) personIds.add(h.personId);
  const byEducation = Object.fromEntries(EDUCATION_LEVELS.map((e) => [e, 0])) as Record<
    EducationLevel,
    number
  >;
  const bySource = Object.fromEntries(PERSON_SOURCES.map((s) => [s, 0])) as Record<PersonSource, number>;
  let ages = 0;
  let aged = 0;
  let bachelor = 0;
  let women = 0;
  let party = 0;
  for (const id of personIds) {
    const person = state.persons.get(id)!;
    const age = ageOn(person.birthDate, input.on);
    if (Number.isFinite(age)) {
      ages += age;
      aged += 1;
    }
    byEducation[person.education] += 1;
    bySource[person.source] += 1;
    if (isBachelorOrHigher(person.education)) bachelor += 1;
    if (person.gender === 'female') women += 1;
    if (person.partyMember) party += 1;
  }
  const n = personIds.size;
  return {
    on: input.on,
    level,
    count: n,
    averageAge: aged === 0 ? null : round1(ages / aged),
    ageUnknown: n - aged,
    bachelorOrHigher: { count: bachelor, percent: percent(bachelor, n) },
    byEducation,
    bySource,
    women: { count: women, percent: percent(women, n) },
    partyMembers: party,
    dualRole: dualRoleCoverage(
      state,
      posts,
      input.villageIds === undefined || input.within === undefined
        ? input.villageIds
        : input.villageIds.filter((v) => input.within!.includes(v)),
    ),
  };
}

type HelperInput = Omit<StatisticsInput, 'on'> & Pick<AsOf, 'asOf' | 'knownAt'>;

/**
 * Cadre statistics as of a date (default today), as known at a time, with ages on that date.
 *
 * @example
 * await cadreStatistics(runtime, { level: 'village-party-secretaries', asOf: '2019-12-19' });
 */
export async function cadreStatistics(
  runtime: ProjectionRuntime,
  input: HelperInput,
): Promise<CadreStatistics> {
  const { asOf, knownAt, ...rest } = input;
  const at: AsOf = { ...(asOf === undefined ? {} : { asOf }), ...(knownAt === undefined ? {} : { knownAt }) };
  const on = countyDate(runtime.resolve(at).D);
  return runtime.query<CadreStatistics>('personnel.roster', 'statistics', { ...rest, on }, at);
}

export interface CadreComparison {
  before: CadreStatistics;
  after: CadreStatistics;
  /** after − before, one decimal (negative: younger). */
  averageAgeChange: number | null;
  bachelorOrHigherChange: number | null;
}

/** The same statistics on two dates and their differences (a report's "before and after the reform"). */
export async function compareCadreStatistics(
  runtime: ProjectionRuntime,
  input: Omit<HelperInput, 'asOf'> & { from: string; to: string },
): Promise<CadreComparison> {
  const { from, to, ...rest } = input;
  return cadreComparison(
    await cadreStatistics(runtime, { ...rest, asOf: from }),
    await cadreStatistics(runtime, { ...rest, asOf: to }),
  );
}

/** Two statistics and their differences. */
export function cadreComparison(before: CadreStatistics, after: CadreStatistics): CadreComparison {
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round1(a - b));
  return {
    before,
    after,
    averageAgeChange: diff(after.averageAge, before.averageAge),
    bachelorOrHigherChange: diff(after.bachelorOrHigher.percent, before.bachelorOrHigher.percent),
  };
}
