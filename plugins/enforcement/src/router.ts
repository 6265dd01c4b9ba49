/** The enforcement plugin's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
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

type Named = { countyCode?: string; townshipId?: string };
/** The division a call concerns: the township when one is named, else the county. */
const place = (i: unknown) => [(i as Named | undefined)?.townshipId ?? (i as Named | undefined)?.countyCode];
const township = (i: unknown) => [(i as Named | undefined)?.townshipId];

export const enforcementRouter = {
  coverage: projectionQuery(M, 'enforcement.teams', 'coverage', z.object({ countyCode: countyCode.optional() }), {
    divisions: place,
    summary: '综合行政执法队覆盖情况（一支队伍管执法）',
    columns: { code: '统计用区划代码', township: '乡镇', coveredLabel: '已组建执法队', teams: '执法队（支）', teamNames: '执法队名称', officers: '在岗执法人员', since: '组建日期' },
  }),
  teams: projectionQuery(M, 'enforcement.teams', 'teams', z.object({ countyCode: countyCode.optional(), townshipId: ref.optional() }), {
    divisions: place,
    summary: '综合行政执法队',
    columns: { name: '执法队', code: '统计用区划代码', township: '所在乡镇', formedIn: '原组建乡镇', formedAt: '组建日期', officers: '在岗执法人员' },
  }),
  officers: projectionQuery(M, 'enforcement.teams', 'officers', z.object({ townshipId: ref, teamId: ref.optional() }), {
    divisions: township,
    summary: '执法人员',
    columns: { officerId: '执法证号', name: '姓名', team: '执法队', since: '到岗日期' },
  }),
  casesByMonth: projectionQuery(M, 'enforcement.cases', 'byTownshipMonth', caseFilter, {
    divisions: place,
    summary: '执法案件（按乡镇和月份）',
    columns: { code: '统计用区划代码', township: '乡镇', month: '月份', opened: '立案数', closed: '结案数', medianDays: '办理天数中位数' },
  }),
  casesByTownship: projectionQuery(M, 'enforcement.cases', 'byTownship', caseFilter, {
    divisions: place,
    summary: '执法案件（按乡镇）',
    columns: { code: '统计用区划代码', township: '乡镇', opened: '立案数', closed: '结案数', pending: '在办数', medianDays: '办理天数中位数' },
  }),
  case: projectionQuery(M, 'enforcement.cases', 'case', z.object({ caseId: ref }), { summary: '案件详情' }),
  formTeam: commandMutation(M, formTeam, { divisions: township, summary: '组建综合行政执法队' }),
  disbandTeam: commandMutation(M, disbandTeam, { divisions: township, summary: '撤销综合行政执法队' }),
  assignOfficer: commandMutation(M, assignOfficer, { divisions: township, summary: '执法人员到岗' }),
  removeOfficer: commandMutation(M, removeOfficer, { divisions: township, summary: '执法人员离岗' }),
  openCase: commandMutation(M, openCase, { divisions: township, summary: '立案' }),
  closeCase: commandMutation(M, closeCase, { divisions: township, summary: '结案' }),
} satisfies TRPCRouterRecord;
