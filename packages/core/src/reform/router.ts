/**
 * The reform module's tRPC procedures: plans with their five steps and the adjustments they are
 * linked to, the plan behind an adjustment, and the reform commands. Plans are the county's: no
 * procedure here declares a scope rule, so all are closed to tokens limited to one division (and a
 * `reform:*` scope is not issued with a division).
 */
import { z } from 'zod';
import { reformPlans } from './plans';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { countyCodeInput } from '../router-kit';
import { completeReformStep, linkReformAdjustment, startReformPlan } from './commands';
import { REFORM_SCOPES } from './vocabulary';

const M = 'reform';
const planId = z.string().trim().min(1).max(120);

export const reformRouter = {
  plans: projectionQuery(
    M,
    reformPlans,
    'plans',
    z.object({ countyCode: countyCodeInput.optional(), scope: z.enum(REFORM_SCOPES).optional() }),
    {
      summary: '改革方案（五大步骤与关联的区划调整）',
      columns: {
        planId: '方案编号',
        title: '方案名称',
        scope: '范围',
        startedOn: '启动日期',
        status: '已完成步骤',
        next: '下一步骤',
        decided: '已决策',
      },
    },
  ),
  plan: projectionQuery(M, reformPlans, 'plan', z.object({ planId }), { summary: '改革方案详情' }),
  byAdjustment: projectionQuery(
    M,
    reformPlans,
    'byAdjustment',
    z
      .object({
        documentNo: z.string().trim().min(1).max(120).optional(),
        correlationId: z.string().trim().min(1).max(200).optional(),
      })
      .refine((i) => i.documentNo !== undefined || i.correlationId !== undefined, {
        error: 'name the adjustment by documentNo or correlationId',
        path: ['documentNo'],
      }),
    { summary: '某次区划调整所依据的改革方案' },
  ),

  startReformPlan: commandMutation(M, startReformPlan, { summary: '启动改革方案' }),
  completeReformStep: commandMutation(M, completeReformStep, {
    summary: '完成改革步骤（专题调研、制定方案、征求意见、论证评估、决策实施）',
  }),
  linkReformAdjustment: commandMutation(M, linkReformAdjustment, { summary: '关联实施该方案的区划调整' }),
} satisfies TRPCRouterRecord;
