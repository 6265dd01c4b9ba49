/**
 * The personnel module's tRPC procedures: the roster as of a date, posts and persons, cadre
 * statistics with ages on the as-of date (`cadreStatistics`, not the raw query, which needs the
 * day), before/after comparisons, and every personnel command.
 */
import { z } from 'zod';
import { NotFoundError } from '@xianzhi/kernel';
import { personnelRoster } from './roster';
import { divisionTree } from '../divisions/tree';
import {
  asOfShape,
  atOf,
  commandMutation,
  defineProcedure,
  projectionQuery,
  withinOf,
  type ApiContext,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { EVER, countyCodeInput, dateInput, keepOne, limitInput, prefixOf, ref, refList } from '../router-kit';
import type { PersonnelChange } from './decision';
import {
  abolishPost,
  appointToPost,
  dismissFromPost,
  establishPost,
  recordPersonnelDecision,
  registerPerson,
  transferPerson,
  updatePerson,
} from './commands';
import type { DivisionRoster } from './roster';
import { CADRE_LEVELS, cadreComparison, cadreStatistics, type CadreLevel } from './statistics';
import { ORGANISATION_LABEL, SOURCE_LABEL, PERSON_SOURCES } from './vocabulary';

const M = 'personnel';

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

/** The division of each post (as recorded; posts never move), or its id's prefix when there is no such post. */
async function postDivisions(
  ctx: ApiContext,
  postIds: readonly (string | undefined)[],
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const postId of postIds) {
    if (postId === undefined) continue;
    const post = await ctx.runtime.query(personnelRoster, 'post', { postId }, EVER);
    out.push(post?.divisionId ?? prefixOf(postId));
  }
  return out;
}

/**
 * Every division a personnel decision touches: the posts' divisions (from the read model), a new
 * post's division; registering or updating a person concerns the county's register of persons.
 */
async function changeDivisions(
  ctx: ApiContext,
  changes: readonly PersonnelChange[],
  countyCode: string,
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const c of changes) {
    switch (c.op) {
      case 'establish-post':
        out.push(c.divisionId);
        break;
      case 'transfer':
        out.push(...(await postDivisions(ctx, [c.fromPostId, c.toPostId])));
        break;
      case 'abolish-post':
      case 'appoint':
      case 'dismiss':
        out.push(...(await postDivisions(ctx, [c.postId])));
        break;
      case 'register-person':
      case 'update-person':
        out.push(countyCode);
        break;
    }
  }
  return out;
}

/** Reads keep to the limited token's divisions: those named must be its own; the rest is counted over its own. */
const scopedRead = {
  names: (i: { divisionIds?: string[] | undefined; villageIds?: string[] | undefined }) => [
    ...(i.divisionIds ?? []),
    ...(i.villageIds ?? []),
  ],
  within: true,
} as const;
const post = { touches: (ctx: ApiContext, i: { postId: string }) => postDivisions(ctx, [i.postId]) };

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
        documentNo: p.holders
          .map((h) => h.documentNo ?? '')
          .filter(Boolean)
          .join('、'),
        vacant: p.vacant ? '空缺' : '',
      });
    }
  }
  return rows;
}

export const personnelRouter = {
  roster: projectionQuery(M, personnelRoster, 'roster', rosterInput, {
    scoped: scopedRead,
    summary: '领导班子及成员（各区划的岗位与在任人员、空缺）',
  }),
  /** The roster as flat rows (one per post), for tables and exports. */
  rosterRows: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: scopedRead,
      summary: '岗位与在任人员一览（每个岗位一行）',
      columns: {
        divisionName: '区划',
        divisionId: '区划编号',
        organisation: '组织',
        post: '岗位',
        holders: '在任人员',
        since: '任职日期',
        documentNo: '任职文号',
        vacant: '空缺',
      },
    },
    rosterInput.extend(asOfShape),
  ).query(async ({ ctx, input }): Promise<RosterRow[]> => {
    const { asOf, knownAt, ...rest } = input;
    const at = atOf({ asOf, knownAt });
    const within = await withinOf(ctx, at);
    const rosters = await ctx.runtime.query(
      personnelRoster,
      'roster',
      within === undefined ? rest : { ...rest, within },
      at,
    );
    const names = new Map<string, string>();
    for (const r of rosters) {
      const d = await ctx.runtime.query(divisionTree, 'get', { id: r.divisionId }, at);
      if (d) names.set(r.divisionId, d.name);
    }
    return rosterRows(rosters, names);
  }),
  post: projectionQuery(M, personnelRoster, 'post', z.object({ postId: ref }), {
    scoped: { filter: keepOne((p: { divisionId: string }) => p.divisionId) },
    summary: '岗位详情',
  }),
  /** A person's whole career spans townships: for unrestricted tokens only. */
  person: projectionQuery(M, personnelRoster, 'person', z.object({ personId: ref }), {
    summary: '干部个人信息与任职经历',
  }),
  search: projectionQuery(
    M,
    personnelRoster,
    'search',
    z.object({ q: z.string().trim().min(1).max(40), limit: limitInput.optional() }),
    {
      summary: '按姓名查找干部',
      columns: {
        id: '编号',
        name: '姓名',
        gender: '性别',
        birthDate: '出生日期',
        educationLabel: '学历',
        partyMember: '党员',
        posts: '现任岗位',
      },
    },
  ),
  /** Cadre statistics of one level as of the date, ages computed on that date. */
  statistics: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: scopedRead,
      summary: '干部队伍统计（平均年龄、学历、来源、一肩挑）',
    },
    z.object({ ...statisticsShape, ...asOfShape }),
  ).query(async ({ ctx, input }) => cadreStatistics(ctx.runtime, await withScope(ctx, input))),
  /** The same figures for every level, one row each (for tables, charts and exports). */
  statisticsByLevel: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: scopedRead,
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
    },
    z.object({
      divisionIds: statisticsShape.divisionIds,
      countyCode: statisticsShape.countyCode,
      villageIds: statisticsShape.villageIds,
      ...asOfShape,
    }),
  ).query(async ({ ctx, input }): Promise<CadreStatisticsRow[]> => {
    const scoped = await withScope(ctx, input);
    const rows: CadreStatisticsRow[] = [];
    for (const level of CADRE_LEVELS) {
      const s = await cadreStatistics(ctx.runtime, { ...scoped, level });
      const village =
        level === 'village-leaders' ||
        level === 'village-party-secretaries' ||
        level === 'village-committee-directors';
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
  compareStatistics: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { ...scopedRead, dates: (i) => [i.from, i.to] },
      summary: '干部队伍统计对比（两个日期）',
    },
    z.object({ ...statisticsShape, from: dateInput, to: dateInput, knownAt: asOfShape.knownAt }),
  ).query(async ({ ctx, input }) => {
    const { from, to, ...rest } = input;
    const before = await cadreStatistics(ctx.runtime, await withScope(ctx, { ...rest, asOf: from }));
    const after = await cadreStatistics(ctx.runtime, await withScope(ctx, { ...rest, asOf: to }));
    return cadreComparison(before, after);
  }),
  /** Where the holders of a level came from, with the Chinese labels (e.g. group leaders). */
  sources: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: scopedRead,
      summary: '干部来源构成',
      columns: { label: '来源', count: '人数', percent: '占比（%）' },
    },
    z.object({ ...statisticsShape, ...asOfShape }),
  ).query(async ({ ctx, input }) => {
    const s = await cadreStatistics(
      ctx.runtime,
      await withScope(ctx, { ...input, level: input.level ?? 'group-leaders' }),
    );
    return PERSON_SOURCES.map((source) => ({
      source,
      label: SOURCE_LABEL[source],
      count: s.bySource[source],
      percent: s.count === 0 ? null : Math.round((s.bySource[source] * 1000) / s.count) / 10,
    }));
  }),

  recordPersonnelDecision: commandMutation(M, recordPersonnelDecision, {
    scoped: { touches: (ctx, i) => changeDivisions(ctx, i.changes, i.countyCode) },
    summary: '任免决定（多项变更，全部成功或全部不生效）',
  }),
  /** The county's register of persons: for unrestricted tokens. */
  registerPerson: commandMutation(M, registerPerson, { summary: '登记干部' }),
  updatePerson: commandMutation(M, updatePerson, { summary: '变更干部信息（姓名、学历、党员）' }),
  establishPost: commandMutation(M, establishPost, {
    scoped: { names: (i) => [i.divisionId] },
    summary: '设立岗位',
  }),
  abolishPost: commandMutation(M, abolishPost, { scoped: post, summary: '撤销岗位' }),
  appointToPost: commandMutation(M, appointToPost, { scoped: post, summary: '任职' }),
  dismissFromPost: commandMutation(M, dismissFromPost, { scoped: post, summary: '免职' }),
  /**
   * Erases a person's personal data (个人信息保护法 第四十七条): destroys their key and records the
   * erasure. Their name and birth date read 已删除的个人信息 everywhere from then on; the facts stay.
   * Needs the dedicated scope `personnel:erase` (admin alone does not grant it); not open to tokens
   * limited to one division. The id is the person's id in any module: a personId, a talent record id,
   * an enforcement officer id.
   */
  erasePerson: defineProcedure(
    {
      module: M,
      access: 'write',
      scope: 'personnel:erase',
      summary: '删除个人信息（个人信息保护法第四十七条）',
    },
    z.object({
      personId: z.string().trim().min(1).max(200),
      reason: z.string().trim().min(1, { error: 'a reason is required (e.g. 本人申请删除)' }).max(2000),
      authority: z.object({
        documentNo: z
          .string()
          .trim()
          .min(1, { error: 'the document number of the decision is required' })
          .max(120),
        issuedBy: z.string().trim().min(1, { error: 'the issuing body is required' }).max(120),
        approvedOn: dateInput.optional(),
      }),
      idempotencyKey: z.string().min(1).max(200).optional(),
    }),
  ).mutation(async ({ ctx, input }) => {
    if (!ctx.personalData)
      throw new NotFoundError('personal data store', 'erasure', {
        message: 'this server keeps no personal data store; erasure is not available',
      });
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
  transferPerson: commandMutation(M, transferPerson, {
    scoped: { touches: (ctx, i) => postDivisions(ctx, [i.fromPostId, i.toPostId]) },
    summary: '调任（免去原职并任新职）',
  }),
} satisfies TRPCRouterRecord;

/** A statistics input with the limited caller's divisions (`within`) as of its date. */
async function withScope<I extends { asOf?: string | undefined; knownAt?: string | undefined }>(
  ctx: ApiContext,
  input: I,
): Promise<I & { within?: string[] }> {
  const within = await withinOf(ctx, atOf(input));
  return within === undefined ? input : { ...input, within };
}
