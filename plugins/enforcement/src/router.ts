/** The enforcement plugin's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { teamsProjection } from './coverage';
import { casesProjection } from './cases';
import { commandMutation, projectionQuery, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { assignOfficer, closeCase, disbandTeam, formTeam, openCase, removeOfficer } from './decide';
import { caseCategorySchema } from './index';

const M = 'enforcement';
const ref = z.string().trim().min(1).max(80);
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month such as 2021-03' });
const caseFilter = z.object({
  countyCode: countyCode.optional(),
  townshipId: ref.optional(),
  category: caseCategorySchema.optional(),
  from: month.optional(),
  to: month.optional(),
});

/** For a token limited to a division: a township named must be its own; the rest is kept to its own (`within`). */
const scoped = { names: (i: { townshipId?: string | undefined }) => [i.townshipId], within: true } as const;

/** The township a team serves on a date (from the read model; disbanded teams too). */
async function teamTownship(
  ctx: ApiContext,
  teamId: string,
  effectiveAt: string,
): Promise<string | undefined> {
  return (await ctx.runtime.query(teamsProjection, 'team', { teamId }, { asOf: effectiveAt }))?.townshipId;
}
/** A command on a team touches the township the team serves (and the one named, if any). */
const team = {
  touches: async (
    ctx: ApiContext,
    i: { teamId: string; townshipId?: string | undefined; effectiveAt: string },
  ) => [await teamTownship(ctx, i.teamId, i.effectiveAt), i.townshipId],
};

export const enforcementRouter = {
  coverage: projectionQuery(M, teamsProjection, 'coverage', z.object({ countyCode: countyCode.optional() }), {
    scoped: { within: true },
    summary: '综合行政执法队覆盖情况（一支队伍管执法）',
    columns: {
      code: '统计用区划代码',
      township: '乡镇',
      coveredLabel: '已组建执法队',
      teams: '执法队（支）',
      teamNames: '执法队名称',
      officers: '在岗执法人员',
      since: '组建日期',
    },
  }),
  teams: projectionQuery(
    M,
    teamsProjection,
    'teams',
    z.object({ countyCode: countyCode.optional(), townshipId: ref.optional() }),
    {
      scoped,
      summary: '综合行政执法队',
      columns: {
        name: '执法队',
        code: '统计用区划代码',
        township: '所在乡镇',
        formedIn: '原组建乡镇',
        formedAt: '组建日期',
        officers: '在岗执法人员',
      },
    },
  ),
  officers: projectionQuery(
    M,
    teamsProjection,
    'officers',
    z.object({ townshipId: ref, teamId: ref.optional() }),
    {
      scoped,
      summary: '执法人员',
      columns: { officerId: '执法证号', name: '姓名', team: '执法队', since: '到岗日期' },
    },
  ),
  casesByMonth: projectionQuery(M, casesProjection, 'byTownshipMonth', caseFilter, {
    scoped,
    summary: '执法案件（按乡镇和月份）',
    columns: {
      code: '统计用区划代码',
      township: '乡镇',
      month: '月份',
      opened: '立案数',
      closed: '结案数',
      medianDays: '办理天数中位数',
    },
  }),
  casesByTownship: projectionQuery(M, casesProjection, 'byTownship', caseFilter, {
    scoped,
    summary: '执法案件（按乡镇）',
    columns: {
      code: '统计用区划代码',
      township: '乡镇',
      opened: '立案数',
      closed: '结案数',
      pending: '在办数',
      medianDays: '办理天数中位数',
    },
  }),
  case: projectionQuery(M, casesProjection, 'case', z.object({ caseId: ref }), {
    scoped: {
      filter: (row: { townshipId: string; countsUnder: string } | null, keep) =>
        row !== null && keep(row.countsUnder) && keep(row.townshipId) ? row : null,
    },
    summary: '案件详情',
  }),
  formTeam: commandMutation(M, formTeam, {
    scoped: { names: (i) => [i.townshipId] },
    summary: '组建综合行政执法队',
  }),
  disbandTeam: commandMutation(M, disbandTeam, { scoped: team, summary: '撤销综合行政执法队' }),
  assignOfficer: commandMutation(M, assignOfficer, { scoped: team, summary: '执法人员到岗' }),
  removeOfficer: commandMutation(M, removeOfficer, { scoped: team, summary: '执法人员离岗' }),
  openCase: commandMutation(M, openCase, { scoped: { names: (i) => [i.townshipId] }, summary: '立案' }),
  closeCase: commandMutation(M, closeCase, {
    scoped: {
      touches: async (ctx, i) => [
        (await ctx.runtime.query(casesProjection, 'case', { caseId: i.caseId }, { asOf: i.effectiveAt }))
          ?.countsUnder,
        i.townshipId,
      ],
    },
    summary: '结案',
  }),
} satisfies TRPCRouterRecord;
