/**
 * The cadre pay and training tRPC procedures: pay scales, village party secretaries' pay for a
 * month against the target (≥ 3,500 元), courses of a year and training coverage per township — and
 * the pay and training commands. Payrolls, scales and courses are the county's (组织部): the commands
 * declare no scope rule, so they are closed to tokens limited to a division; the reads keep to its
 * divisions.
 */
import { z } from 'zod';
import { cadresOverview } from './overview';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { countyCodeInput, ref } from '../router-kit';
import { correctPayment, holdCourse, recordAttendance, recordPayroll, setPayScales } from './decide';

const M = 'cadres';
const P = cadresOverview;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month such as 2021-03' });
const year = z.number().int({ error: 'a year such as 2021' }).min(1949).max(2100);

export const cadresRouter = {
  scales: projectionQuery(M, P, 'scales', z.object({}), {
    summary: '村干部报酬标准（每月，分）',
    columns: { label: '岗位', monthlyFen: '月报酬（分）', since: '执行日期', documentNo: '文号' },
  }),
  secretaryPay: projectionQuery(
    M,
    P,
    'secretaryPay',
    z.object({ month, countyCode: countyCodeInput.optional(), townshipId: ref.optional() }),
    {
      scoped: { names: (i) => [i.townshipId], within: true },
      summary: '村党组织书记当月报酬与目标（每月不低于3500元）',
      columns: {
        township: '乡镇',
        division: '村',
        name: '书记',
        scaleFen: '标准（分）',
        paidFen: '实发（分）',
        atTarget: '达到目标',
      },
    },
  ),
  payAgainstTarget: projectionQuery(
    M,
    P,
    'payAgainstTarget',
    z.object({ month, countyCode: countyCodeInput.optional() }),
    {
      scoped: { within: true },
      summary: '村党组织书记报酬达标情况',
    },
  ),
  paidWithoutPost: projectionQuery(
    M,
    P,
    'paidWithoutPost',
    z.object({ countyCode: countyCodeInput.optional(), townshipId: ref.optional() }),
    {
      scoped: { names: (i) => [i.townshipId], within: true },
      summary: '发放给当月未在岗人员的报酬（补录的免职早于已发放月份，待追回）',
      columns: {
        month: '月份',
        township: '乡镇',
        division: '村',
        post: '岗位',
        name: '领取人',
        amountFen: '金额（分）',
        paidDocumentNo: '发放文号',
        leftOn: '离任日期',
        leftDocumentNo: '离任文号',
      },
    },
  ),
  courses: projectionQuery(M, P, 'courses', z.object({ year, countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '村干部培训班次',
    columns: {
      title: '培训班',
      organiser: '主办单位',
      startsOn: '开班日期',
      endsOn: '结业日期',
      hours: '学时',
      attendees: '参训人数',
      documentNo: '文号',
    },
  }),
  training: projectionQuery(M, P, 'training', z.object({ year, countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '村“两委”干部年度培训覆盖率（按乡镇）',
    columns: { township: '乡镇', cadres: '村干部数', trained: '已参训', coverage: '覆盖率（%）' },
  }),

  setPayScales: commandMutation(M, setPayScales, { summary: '确定村干部报酬标准' }),
  recordPayroll: commandMutation(M, recordPayroll, { summary: '登记村干部月度报酬发放' }),
  correctPayment: commandMutation(M, correctPayment, { summary: '更正一笔报酬发放' }),
  holdCourse: commandMutation(M, holdCourse, { summary: '登记村干部培训班' }),
  recordAttendance: commandMutation(M, recordAttendance, { summary: '登记培训参训人员' }),
} satisfies TRPCRouterRecord;
