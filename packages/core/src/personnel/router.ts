/**
 * The personnel module's tRPC procedures: the roster as of a date, posts and persons, cadre
 * statistics with ages on the as-of date (`cadreStatistics`, not the raw query, which needs the
 * day), before/after comparisons, and every personnel command.
 */
import { z } from 'zod';
import { NotFoundError } from '@xianzhi/kernel';
import { asOfShape, procedure, projectionQuery, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { EVER, atOf, countyCodeInput, dateInput, limitInput, prefixOf, ref, refList, scopedCommand } from '../router-kit';
import type { PersonnelChange } from './decision';
import { abolishPost, appointToPost, dismissFromPost, establishPost, recordPersonnelDecision, registerPerson, transferPerson, updatePerson } from './index';
import type { DivisionRoster } from './roster';
import { CADRE_LEVELS, cadreStatistics, compareCadreStatistics, type CadreLevel } from './statistics';
import { ORGANISATION_LABEL, SOURCE_LABEL, PERSON_SOURCES } from './vocabulary';

const M = 'personnel';
const P = 'personnel.roster';

type In = { divisionIds?: string[]; villageIds?: string[]; countyCode?: string; postId?: string; fromPostId?: string; toPostId?: string; divisionId?: string };
const inp = (i: unknown): In => (i && typeof i === 'object' ? i : {});
/** Named divisions, else the county (a token limited to a township must name its divisions). */
const scopeOf = (i: unknown) => {
  const v = inp(i);
  const named = [...(Array.isArray(v.divisionIds) ? v.divisionIds : []), ...(Array.isArray(v.villageIds) ? v.villageIds : [])];
  return named.length > 0 ? named : [v.countyCode];
};
const countyOf = (i: unknown) => [inp(i).countyCode];
const postOf = (i: unknown) => [prefixOf(inp(i).postId)];

const LEVEL_LABEL: Record<CadreLevel, string> = {
  all: '全部干部',
  'township-leaders': '乡镇领导班子',
  'township-party-secretaries': '乡镇党委书记',
  'township-heads': '乡镇长',
  'village-leaders': '村（社区）“两委”班子',
  'village-party-secretaries': '村（社区）党组织书记',
  'village-committee-directors': '村（居）委会主任',
  'group-leaders': '村（居）民小组长',
};

/** The division of each post (as recorded; posts never move), or its id's prefix when unknown. */
async function postDivisions(ctx: ApiContext, postIds: readonly (string | undefined)[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const postId of postIds) {
    if (postId === undefined) continue;
    const post = await ctx.runtime.query<{ divisionId: string } | null>(P, 'post', { postId }, EVER);
    out.push(post?.divisionId ?? prefixOf(postId));
  }
  return out;
}

/** Every division a personnel decision names: posts' divisions, else the county. */
function changeDivisions(changes: readonly Partial<PersonnelChange>[] | undefined, countyCode: string | undefined): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const c of Array.isArray(changes) ? changes : []) {
    if (!c || typeof c !== 'object') continue;
    const v = c as Record<string, unknown>;
    const s = (k: string) => (typeof v[k] === 'string' ? (v[k]) : undefined);
    switch (v.op) {
      case 'establish-post':
        out.push(s('divisionId'));
        break;
      case 'transfer':
        out.push(prefixOf(s('fromPostId')), prefixOf(s('toPostId')));
        break;
      case 'abolish-post':
      case 'appoint':
      case 'dismiss':
        out.push(prefixOf(s('postId')));
        break;
      default:
        out.push(countyCode);
    }
  }
  return out.length > 0 ? out : [countyCode];
}

const changesOf = (i: unknown) => (inp(i) as { changes?: Partial<PersonnelChange>[] }).changes;
const postsOfChanges = (changes: readonly Partial<PersonnelChange>[] | undefined): string[] =>
  (changes ?? []).flatMap((c) => {
    const v = c as Record<string, unknown>;
    return ['postId', 'fromPostId', 'toPostId'].map((k) => v[k]).filter((x): x is string => typeof x === 'string');
  });

const rosterInput = z.object({
  divisionIds: refList.optional(),
  countyCode: countyCodeInput.optional(),
  vacantOnly: z.boolean().optional(),
});

const statisticsShape = {
  level: z.enum(CADRE_LEVELS).optional(),
  divisionIds: refList.optional(),
  countyCode: countyCodeInput.optional(),
  villageIds: refList.optional(),
};

export interface RosterRow {
  divisionId: string;
  divisionName: string;
  organisation: string;
  post: string;
  holders: string;
  since: string;
  documentNo: string;
  vacant: string;
}

export interface CadreStatisticsRow {
  level: CadreLevel;
  levelLabel: string;
  count: number;
  averageAge: number | null;
  bachelorOrHigherPercent: number | null;
  womenPercent: number | null;
  partyMembers: number;
  /** Only for the village levels: villages where one person is both secretary and director. */
  dualRolePercent: number | null;
}

function rosterRows(rosters: DivisionRoster[], names: Map<string, string>): RosterRow[] {
  const rows: RosterRow[] = [];
  for (const r of rosters) {
    for (const p of r.posts) {
      rows.push({
        divisionId: r.divisionId,
        divisionName: names.get(r.divisionId) ?? r.divisionId,
        organisation: ORGANISATION_LABEL[p.organisation],
        post: p.label,
        holders: p.holders.map((h) => h.name).join('、'),
        since: p.holders.map((h) => h.since).join('、'),
        documentNo: p.holders.map((h) => h.documentNo ?? '').filter(Boolean).join('、'),
        vacant: p.vacant ? '空缺' : '',
      });
    }
  }
  return rows;
}

export const personnelRouter = {
  roster: projectionQuery(M, P, 'roster', rosterInput, { divisions: scopeOf, summary: '领导班子及成员（各区划的岗位与在任人员、空缺）' }),
  /** The roster as flat rows (one per post), for tables and exports. */
  rosterRows: procedure
    .meta({
      module: M,
      access: 'read',
      divisions: scopeOf,
      summary: '岗位与在任人员一览（每个岗位一行）',
      columns: { divisionName: '区划', divisionId: '区划编号', organisation: '组织', post: '岗位', holders: '在任人员', since: '任职日期', documentNo: '任职文号', vacant: '空缺' },
    })
    .input(rosterInput.extend(asOfShape))
    .query(async ({ ctx, input }): Promise<RosterRow[]> => {
      const { asOf, knownAt, ...rest } = input;
      const at = atOf({ asOf, knownAt });
      const rosters = await ctx.runtime.query<DivisionRoster[]>(P, 'roster', rest, at);
      const names = new Map<string, string>();
      for (const r of rosters) {
        const d = await ctx.runtime.query<{ name: string } | null>('divisions.tree', 'get', { id: r.divisionId }, at);
        if (d) names.set(r.divisionId, d.name);
      }
      return rosterRows(rosters, names);
    }),
  post: projectionQuery(M, P, 'post', z.object({ postId: ref }), { divisions: postOf, summary: '岗位详情' }),
  person: projectionQuery(M, P, 'person', z.object({ personId: ref }), { summary: '干部个人信息与任职经历' }),
  search: projectionQuery(M, P, 'search', z.object({ q: z.string().trim().min(1).max(40), limit: limitInput.optional() }), {
    summary: '按姓名查找干部',
    columns: { id: '编号', name: '姓名', gender: '性别', birthDate: '出生日期', educationLabel: '学历', partyMember: '党员', posts: '现任岗位' },
  }),
  /** Cadre statistics of one level as of the date, ages computed on that date. */
  statistics: procedure
    .meta({ module: M, access: 'read', divisions: scopeOf, summary: '干部队伍统计（平均年龄、学历、来源、一肩挑）' })
    .input(z.object({ ...statisticsShape, ...asOfShape }))
    .query(({ ctx, input }) => cadreStatistics(ctx.runtime, input)),
  /** The same figures for every level, one row each (for tables, charts and exports). */
  statisticsByLevel: procedure
    .meta({
      module: M,
      access: 'read',
      divisions: scopeOf,
      summary: '各类干部统计（每类一行）',
      columns: {
        levelLabel: '类别',
        count: '人数',
        averageAge: '平均年龄（周岁）',
        bachelorOrHigherPercent: '大学本科及以上（%）',
        womenPercent: '女性（%）',
        partyMembers: '党员',
        dualRolePercent: '一肩挑（%）',
      },
    })
    .input(z.object({ divisionIds: statisticsShape.divisionIds, countyCode: statisticsShape.countyCode, villageIds: statisticsShape.villageIds, ...asOfShape }))
    .query(async ({ ctx, input }): Promise<CadreStatisticsRow[]> => {
      const rows: CadreStatisticsRow[] = [];
      for (const level of CADRE_LEVELS) {
        const s = await cadreStatistics(ctx.runtime, { ...input, level });
        const village = level === 'village-leaders' || level === 'village-party-secretaries' || level === 'village-committee-directors';
        rows.push({
          level,
          levelLabel: LEVEL_LABEL[level],
          count: s.count,
          averageAge: s.averageAge,
          bachelorOrHigherPercent: s.bachelorOrHigher.percent,
          womenPercent: s.women.percent,
          partyMembers: s.partyMembers,
          dualRolePercent: village ? s.dualRole.percentOfAll : null,
        });
      }
      return rows;
    }),
  /** One level's statistics on two dates and the differences (before and after a reform). */
  compareStatistics: procedure
    .meta({ module: M, access: 'read', divisions: scopeOf, summary: '干部队伍统计对比（两个日期）' })
    .input(z.object({ ...statisticsShape, from: dateInput, to: dateInput, knownAt: asOfShape.knownAt }))
    .query(({ ctx, input }) => compareCadreStatistics(ctx.runtime, input)),
  /** Where the holders of a level came from, with the Chinese labels (e.g. group leaders). */
  sources: procedure
    .meta({ module: M, access: 'read', divisions: scopeOf, summary: '干部来源构成', columns: { label: '来源', count: '人数', percent: '占比（%）' } })
    .input(z.object({ ...statisticsShape, ...asOfShape }))
    .query(async ({ ctx, input }) => {
      const s = await cadreStatistics(ctx.runtime, { ...input, level: input.level ?? 'group-leaders' });
      return PERSON_SOURCES.map((source) => ({
        source,
        label: SOURCE_LABEL[source],
        count: s.bySource[source],
        percent: s.count === 0 ? null : Math.round((s.bySource[source] * 1000) / s.count) / 10,
      }));
    }),

  recordPersonnelDecision: scopedCommand(M, recordPersonnelDecision, {
    divisions: (i) => changeDivisions(changesOf(i), inp(i).countyCode),
    resolve: (ctx, i) => postDivisions(ctx, postsOfChanges(changesOf(i))),
    what: 'a post',
    summary: '任免决定（多项变更，全部成功或全部不生效）',
  }),
  registerPerson: scopedCommand(M, registerPerson, { divisions: countyOf, summary: '登记干部' }),
  updatePerson: scopedCommand(M, updatePerson, { divisions: countyOf, summary: '变更干部信息（姓名、学历、党员）' }),
  establishPost: scopedCommand(M, establishPost, { divisions: (i) => [inp(i).divisionId], summary: '设立岗位' }),
  abolishPost: scopedCommand(M, abolishPost, { divisions: postOf, resolve: (ctx, i) => postDivisions(ctx, [i.postId as string]), what: 'a post', summary: '撤销岗位' }),
  appointToPost: scopedCommand(M, appointToPost, { divisions: postOf, resolve: (ctx, i) => postDivisions(ctx, [i.postId as string]), what: 'a post', summary: '任职' }),
  dismissFromPost: scopedCommand(M, dismissFromPost, { divisions: postOf, resolve: (ctx, i) => postDivisions(ctx, [i.postId as string]), what: 'a post', summary: '免职' }),
  /**
   * Erases a person's personal data (个人信息保护法 第四十七条): destroys their key and records the
   * erasure. Their name and birth date read 已删除的个人信息 everywhere from then on; the facts stay.
   * Needs the dedicated scope `personnel:erase` (admin alone does not grant it). The id is the
   * person's id in any module: a personId, a talent record id, an enforcement officer id.
   */
  erasePerson: procedure
    .meta({ module: M, access: 'write', scope: 'personnel:erase', summary: '删除个人信息（个人信息保护法第四十七条）' })
    .input(
      z.object({
        personId: z.string().trim().min(1).max(200),
        reason: z.string().trim().min(1, { error: 'a reason is required (e.g. 本人申请删除)' }).max(2000),
        authority: z.object({
          documentNo: z.string().trim().min(1, { error: 'the document number of the decision is required' }).max(120),
          issuedBy: z.string().trim().min(1, { error: 'the issuing body is required' }).max(120),
          approvedOn: dateInput.optional(),
        }),
        idempotencyKey: z.string().min(1).max(200).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.personalData) throw new NotFoundError('personal data store', 'erasure', { message: 'this server keeps no personal data store; erasure is not available' });
      const key = input.idempotencyKey ?? ctx.idempotencyKey;
      const erased = await ctx.personalData.erasePersonalData(input.personId, {
        reason: input.reason,
        authority: input.authority,
        actor: ctx.caller ? `token:${ctx.caller.name}` : 'anonymous',
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      // Every read model has forgotten them before the caller hears back.
      await ctx.runtime.waitForPosition(erased.position);
      return erased;
    }),
  transferPerson: scopedCommand(M, transferPerson, {
    divisions: (i) => [prefixOf(inp(i).fromPostId), prefixOf(inp(i).toPostId)],
    resolve: (ctx, i) => postDivisions(ctx, [i.fromPostId as string, i.toPostId as string]),
    what: 'a post',
    summary: '调任（免去原职并任新职）',
  }),
} satisfies TRPCRouterRecord;
