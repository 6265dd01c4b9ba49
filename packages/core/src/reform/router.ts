/**
 * The reform module's tRPC procedures: plans with their five steps and the adjustments they are
 * linked to, the plan behind an adjustment, and the reform commands. Plans are the county's, so
 * they concern the county (a plan's steps name only the plan: closed to tokens limited to a
 * township).
 */
import { z } from 'zod';
import { projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { countyCodeInput, scopedCommand } from '../router-kit';
import { completeReformStep, linkReformAdjustment, startReformPlan } from './commands';
import { REFORM_SCOPES } from './vocabulary';

const M = 'reform';
const P = 'reform.plans';
const planId = z.string().trim().min(1).max(120);
const countyOf = (i: unknown) => [(i && typeof i === 'object' ? (i as { countyCode?: string }) : {}).countyCode];

export const reformRouter = {
  plans: projectionQuery(M, P, 'plans', z.object({ countyCode: countyCodeInput.optional(), scope: z.enum(REFORM_SCOPES).optional() }), {
    divisions: countyOf,
    summary: '改革方案（五大步骤与关联的区划调整）',
    columns: { planId: '方案编号', title: '方案名称', scope: '范围', startedOn: '启动日期', status: '已完成步骤', next: '下一步骤', decided: '已决策' },
  }),
  plan: projectionQuery(M, P, 'plan', z.object({ planId }), { summary: '改革方案详情' }),
  byAdjustment: projectionQuery(
    M,
    P,
    'byAdjustment',
    z
      .object({ documentNo: z.string().trim().min(1).max(120).optional(), correlationId: z.string().trim().min(1).max(200).optional() })
      .refine((i) => i.documentNo !== undefined || i.correlationId !== undefined, { error: 'name the adjustment by documentNo or correlationId', path: ['documentNo'] }),
    { summary: '某次区划调整所依据的改革方案' },
  ),

  startReformPlan: scopedCommand(M, startReformPlan, { divisions: countyOf, summary: '启动改革方案' }),
  completeReformStep: scopedCommand(M, completeReformStep, { summary: '完成改革步骤（专题调研、制定方案、征求意见、论证评估、决策实施）' }),
  linkReformAdjustment: scopedCommand(M, linkReformAdjustment, { summary: '关联实施该方案的区划调整' }),
} satisfies TRPCRouterRecord;
