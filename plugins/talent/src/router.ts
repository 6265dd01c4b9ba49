/** The talent plugin's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { secretariesProjection } from './coverage';
import { progressProjection } from './progress';
import { commandMutation, projectionQuery, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { isDate } from '@xianzhi/kernel';
import {
  certifyPracticalTalent,
  completeCadreTraining,
  developPartyMember,
  dispatchFirstSecretaries,
  recallFirstSecretaries,
  recruitReturningWorker,
  registerReserveCadre,
  revokeRecord,
} from './decide';
import { PLAN, PROGRESS_LABEL, programmeSchema } from './index';

const M = 'talent';
const ref = z.string().trim().min(1).max(80);
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const date = z.string().refine(isDate, { error: 'expected a date such as 2021-01-01' });

/** For a token limited to a division: the divisions named must be its own; the rest is kept to its own (`within`). */
const scoped = {
  names: (i: {
    townshipId?: string | undefined;
    villageId?: string | undefined;
    divisionId?: string | undefined;
  }) => [i.townshipId, i.villageId, i.divisionId],
  within: true,
} as const;
/** A record is of the division it names. */
const division = { names: (i: { divisionId: string }) => [i.divisionId] };

/** The village a first secretary's posting is in on a date (from the read model; recalled ones too). */
async function postingVillage(
  ctx: ApiContext,
  postingId: string,
  effectiveAt: string,
): Promise<string | undefined> {
  return (await ctx.runtime.query(secretariesProjection, 'posting', { postingId }, { asOf: effectiveAt }))
    ?.villageId;
}

const progressColumns = {
  code: '统计用区划代码',
  township: '乡镇',
  ...Object.fromEntries(PLAN.targets.map((t) => [t.key, PROGRESS_LABEL[t.key].zh])),
};

export const talentRouter = {
  /** The county's five-year targets: a county matter, for unrestricted tokens. */
  progress: projectionQuery(
    M,
    progressProjection,
    'progress',
    z.object({ countyCode: countyCode.optional() }),
    {
      summary: '五年目标完成进度',
      columns: { label: '项目', count: '完成数', target: '目标数', share: '完成率（%）', remaining: '尚差' },
    },
  ),
  byTownship: projectionQuery(
    M,
    progressProjection,
    'byTownship',
    z.object({ countyCode: countyCode.optional(), from: date.optional(), to: date.optional() }),
    {
      scoped: { within: true },
      summary: '各乡镇人才工作完成情况',
      columns: progressColumns,
    },
  ),
  records: projectionQuery(
    M,
    progressProjection,
    'records',
    z.object({
      divisionId: ref,
      programme: programmeSchema.optional(),
      limit: z.number().int().min(1).max(5000).optional(),
    }),
    {
      scoped,
      summary: '人才工作台账',
      columns: { label: '项目', name: '姓名', division: '所在村（乡镇）', effectiveAt: '日期' },
    },
  ),
  secretaryCoverage: projectionQuery(
    M,
    secretariesProjection,
    'coverage',
    z.object({
      countyCode: countyCode.optional(),
      townshipId: ref.optional(),
      kind: z.enum(['village', 'community', 'all']).optional(),
    }),
    {
      scoped,
      summary: '第一书记选派覆盖情况',
      columns: {
        code: '统计用区划代码',
        village: '村',
        township: '乡镇',
        coveredLabel: '有第一书记',
        secretaries: '在岗第一书记（人）',
        names: '姓名',
        since: '到岗日期',
      },
    },
  ),
  secretaries: projectionQuery(
    M,
    secretariesProjection,
    'secretaries',
    z.object({ countyCode: countyCode.optional(), townshipId: ref.optional(), villageId: ref.optional() }),
    {
      scoped,
      summary: '在岗第一书记',
      columns: {
        name: '姓名',
        unit: '派出单位',
        village: '村',
        township: '乡镇',
        dispatchedTo: '原选派村',
        since: '到岗日期',
      },
    },
  ),
  recruitReturningWorker: commandMutation(M, recruitReturningWorker, {
    scoped: division,
    summary: '回引返乡农民工',
  }),
  developPartyMember: commandMutation(M, developPartyMember, { scoped: division, summary: '发展党员' }),
  registerReserveCadre: commandMutation(M, registerReserveCadre, {
    scoped: division,
    summary: '储备村级后备干部',
  }),
  certifyPracticalTalent: commandMutation(M, certifyPracticalTalent, {
    scoped: division,
    summary: '认定农村实用人才',
  }),
  completeCadreTraining: commandMutation(M, completeCadreTraining, {
    scoped: division,
    summary: '干部培训结业',
  }),
  revokeRecord: commandMutation(M, revokeRecord, {
    scoped: {
      touches: async (ctx, i) => [
        (
          await ctx.runtime.query(
            progressProjection,
            'record',
            { recordId: i.recordId },
            { asOf: i.effectiveAt },
          )
        )?.divisionId,
        i.divisionId,
      ],
    },
    summary: '撤销人才工作记录',
  }),
  dispatchFirstSecretaries: commandMutation(M, dispatchFirstSecretaries, {
    scoped: { touches: async (_ctx, i) => i.postings.map((p) => p.villageId) },
    summary: '选派第一书记',
  }),
  recallFirstSecretaries: commandMutation(M, recallFirstSecretaries, {
    scoped: {
      touches: async (ctx, i) =>
        (
          await Promise.all(
            i.postings.map(async (p) => [await postingVillage(ctx, p.postingId, i.effectiveAt), p.villageId]),
          )
        ).flat(),
    },
    summary: '召回第一书记',
  }),
} satisfies TRPCRouterRecord;
