/**
 * The enforcement demo for 青溪县 (runs after the divisions demo): comprehensive enforcement teams
 * in the 10 key townships in 2020, right after the 2019-12-20 merger, and in the other three by
 * 2022; their officers with yearly turnover; and a few thousand cases 2020–2024 with handling times
 * that vary by category and shorten as the teams settle in. Deterministic from the seed; re-running
 * it writes nothing (every command and append carries an idempotency key).
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
import { assignOfficer, formTeam, removeOfficer } from './decide';
import { caseStream, type CaseCategory, type CaseOutcome } from './index';

interface TownshipRow {
  id: string;
  code: string;
  name: string;
  classification: string;
}

const CLASS_ORDER = ['主城区镇', '副中心镇', '中心镇', '特色镇', '边界镇'];
const ORGAN = '青溪县机构编制委员会';
const LAST_DAY = '2024-12-31';

/** When each team is formed: the 10 key townships in 2020, the rest in 2021 and 2022. */
const FORMATIONS: { date: string; doc: string; count: number }[] = [
  { date: '2020-03-16', doc: '青编发〔2020〕8号', count: 4 },
  { date: '2020-07-01', doc: '青编发〔2020〕21号', count: 6 },
  { date: '2021-04-01', doc: '青编发〔2021〕9号', count: 1 },
  { date: '2021-10-08', doc: '青编发〔2021〕30号', count: 1 },
  { date: '2022-03-01', doc: '青编发〔2022〕5号', count: 1 },
];

/** Typical days from opening to closing, by category (median of a log-normal spread). */
const HANDLING_DAYS: Record<CaseCategory, number> = {
  land: 38,
  environment: 26,
  market: 11,
  construction: 32,
  safety: 14,
  other: 9,
};
const CATEGORY_WEIGHT: Record<CaseCategory, number> = {
  land: 20,
  environment: 17,
  market: 24,
  construction: 15,
  safety: 14,
  other: 10,
};
const OUTCOME_WEIGHT: Record<CaseOutcome, number> = {
  penalised: 46,
  corrected: 38,
  dismissed: 10,
  transferred: 6,
};

export interface EnforcementDemoTotals {
  teams: number;
  officers: number;
  cases: number;
  closed: number;
}

interface Team {
  teamId: string;
  township: TownshipRow;
  formedAt: string;
  officers: { id: string; since: string }[];
}

interface Case {
  townshipId: string;
  category: CaseCategory;
  openedAt: string;
  closedAt?: string;
  outcome?: CaseOutcome;
}

export async function enforcementDemo(context: DemoContext): Promise<EnforcementDemoTotals> {
  const random = seededRandom(seedFor(context.seed, 'enforcement'));
  const county = context.countyCode;
  const lastDay = context.today < LAST_DAY ? context.today : LAST_DAY;
  const list = await context.query<TownshipRow[]>(
    'divisions.tree',
    'list',
    { level: 'township', rootId: county },
    { asOf: '2020-01-01' },
  );
  const rank = (t: TownshipRow) => {
    const i = CLASS_ORDER.indexOf(t.classification);
    return i < 0 ? CLASS_ORDER.length : i;
  };
  const townships = [...list].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code));

  // ── teams and their first officers ──
  let officerSeq = 0;
  const newOfficer = () => ({
    officerId: `${county}${String(++officerSeq).padStart(5, '0')}`,
    name: personName(random),
  });
  const names = new Map<string, string>();
  const teams: Team[] = [];
  let next = 0;
  for (const [batch, f] of FORMATIONS.entries()) {
    for (const township of townships.slice(next, next + f.count)) {
      if (f.date > context.today) break;
      const officers = Array.from({ length: random.int(8, 14) }, newOfficer);
      for (const o of officers) names.set(o.officerId, o.name);
      const teamId = `enf-team-${township.code}`;
      await context.execute(
        formTeam,
        {
          countyCode: county,
          townshipId: township.id,
          teamId,
          key: batch < 2,
          officers,
          effectiveAt: f.date,
          authority: { documentNo: f.doc, issuedBy: ORGAN },
        },
        { idempotencyKey: `demo:enforcement:team:${township.code}` },
      );
      teams.push({
        teamId,
        township,
        formedAt: f.date,
        officers: officers.map((o) => ({ id: o.officerId, since: f.date })),
      });
    }
    next += f.count;
  }

  // ── yearly turnover: some leave, some join, a few move between teams ──
  let changes = 0;
  const change = async (
    command: typeof assignOfficer | typeof removeOfficer,
    input: Record<string, unknown>,
  ) => {
    await context.execute(
      command,
      { countyCode: county, ...input },
      { idempotencyKey: `demo:enforcement:officers:${++changes}` },
    );
  };
  for (const year of [2021, 2022, 2023, 2024]) {
    const dates = Array.from(
      { length: 6 },
      () =>
        `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    ).sort();
    for (const [i, date] of dates.entries()) {
      if (date > lastDay) continue;
      const eligible = teams.filter(
        (t) => t.formedAt < date && t.officers.filter((o) => o.since < date).length > 6,
      );
      if (eligible.length === 0) continue;
      const team = random.pick(eligible);
      const candidates = team.officers.filter((o) => o.since < date);
      const leaving = random.pick(candidates);
      team.officers.splice(team.officers.indexOf(leaving), 1);
      const others = teams.filter((t) => t !== team && t.formedAt < date);
      const move = i < 2 && others.length > 0 ? random.pick(others) : undefined;
      await change(removeOfficer, {
        teamId: team.teamId,
        officerId: leaving.id,
        reason: move ? '调整至其他执法队' : random.pick(['调离', '退休', '辞职']),
        effectiveAt: date,
      });
      if (move) {
        await change(assignOfficer, {
          teamId: move.teamId,
          officerId: leaving.id,
          name: names.get(leaving.id)!,
          effectiveAt: date,
        });
        move.officers.push({ id: leaving.id, since: date });
      } else {
        const o = newOfficer();
        const joined = addDays(date, random.int(10, 60));
        if (joined > lastDay) continue;
        names.set(o.officerId, o.name);
        await change(assignOfficer, { teamId: team.teamId, ...o, effectiveAt: joined });
        team.officers.push({ id: o.officerId, since: joined });
      }
    }
  }

  // ── cases ──
  const cases = generateCases(random, teams, lastDay);
  const byYear = new Map<string, { id: string; c: Case }[]>();
  for (const c of cases) {
    const year = c.openedAt.slice(0, 4);
    const list = byYear.get(year) ?? [];
    list.push({ id: `${county}-${year}-${String(list.length + 1).padStart(4, '0')}`, c });
    byYear.set(year, list);
  }
  let closed = 0;
  for (const [year, list] of byYear) {
    const events: NewEvent[] = [];
    for (const { id, c } of list) {
      const no = Number(id.slice(-4));
      events.push({
        type: 'enforcement.case-opened',
        data: {
          caseId: id,
          countyCode: county,
          townshipId: c.townshipId,
          category: c.category,
          caseNo: `青综执立〔${year}〕${no}号`,
        },
        metadata: { effectiveAt: c.openedAt },
      });
      if (c.closedAt !== undefined) {
        closed++;
        events.push({
          type: 'enforcement.case-closed',
          data: { caseId: id, outcome: c.outcome },
          metadata: { effectiveAt: c.closedAt },
        });
      }
    }
    events.sort((a, b) => a.metadata!.effectiveAt!.localeCompare(b.metadata!.effectiveAt!));
    for (let i = 0; i < events.length; i += 1000) {
      await context.append(caseStream(county, year), events.slice(i, i + 1000), {
        idempotencyKey: `demo:enforcement:cases:${year}:${i / 1000}`,
      });
    }
  }
  const totals = { teams: teams.length, officers: names.size, cases: cases.length, closed };
  context.log(
    `enforcement: ${totals.teams} teams, ${totals.officers} officers, ${totals.cases} cases (${totals.closed} closed)`,
  );
  return totals;
}

/** Cases month by month from each team's formation; handling times log-normal, shorter each year. */
function generateCases(random: Random, teams: readonly Team[], lastDay: string): Case[] {
  const cases: Case[] = [];
  for (const team of teams) {
    const rate = 3 + random.next() * 4; // cases a month in this township
    for (let year = 2020; year <= 2024; year++) {
      for (let month = 1; month <= 12; month++) {
        const first = `${year}-${String(month).padStart(2, '0')}-01`;
        if (first > lastDay) break;
        const season = month >= 4 && month <= 10 ? 1.15 : 0.8;
        const n = Math.max(0, Math.round(rate * season + random.normal() * 1.6));
        for (let k = 0; k < n; k++) {
          const openedAt = `${first.slice(0, 8)}${String(random.int(1, daysInMonth(year, month))).padStart(2, '0')}`;
          if (openedAt < team.formedAt || openedAt > lastDay) continue;
          const category = random.weighted(CATEGORY_WEIGHT);
          const settling = Math.pow(0.92, year - 2020);
          const days = Math.max(
            1,
            Math.round(HANDLING_DAYS[category] * settling * Math.exp(random.normal() * 0.55)),
          );
          const closedAt = addDays(openedAt, days);
          const c: Case = { townshipId: team.township.id, category, openedAt };
          if (closedAt <= lastDay) {
            c.closedAt = closedAt;
            c.outcome = random.weighted(OUTCOME_WEIGHT);
          }
          cases.push(c);
        }
      }
    }
  }
  return cases.sort(
    (a, b) => a.openedAt.localeCompare(b.openedAt) || a.townshipId.localeCompare(b.townshipId),
  );
}
