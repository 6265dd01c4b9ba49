/** The education plugin's tRPC procedures, built on the shared procedures of @xianzhi/api. */
import { z } from 'zod';
import { educationSchools } from './schools';
import {
  commandMutation,
  defineProcedure,
  keepOne,
  projectionQuery,
  runCommand,
  type ApiContext,
  type CommandOutput,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { changeSchool, closeSchool, mergeSchools, openSchool, reportEnrolment } from './decide';
import { resolveTownship } from './guard';
import { openSchoolInput, schoolKindSchema } from './index';

const M = 'education';
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const divisionRef = z.string().trim().min(1).max(80);
const scope = z.object({ countyCode: countyCode.optional(), townshipId: divisionRef.optional() });

/** For a token limited to a division: a township named must be its own; the rest is kept to its own (`within`). */
const scoped = { names: (i: { townshipId?: string | undefined }) => [i.townshipId], within: true } as const;

/** The townships the schools lie in on the effective date (from the read model), for commands on schools. */
async function schoolTownships(
  ctx: ApiContext,
  schoolIds: readonly string[],
  effectiveAt: string,
): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const schoolId of schoolIds)
    out.push(
      (await ctx.runtime.query(educationSchools, 'school', { schoolId }, { asOf: effectiveAt }))?.townshipId,
    );
  return out;
}

const schoolColumns = {
  name: '学校',
  kindLabel: '类别',
  township: '所属乡镇',
  openedIn: '设立时乡镇',
  capacity: '学位数',
  enrolled: '在校生',
  rate: '校舍利用率（%）',
  term: '报告学期',
  boarding: '寄宿制',
  public: '公办',
  openedAt: '设立日期',
  status: '状态',
};

export const educationRouter = {
  schools: projectionQuery(
    M,
    educationSchools,
    'schools',
    scope.extend({ kind: schoolKindSchema.optional(), includeClosed: z.boolean().optional() }),
    {
      scoped,
      summary: '学校名录',
      columns: schoolColumns,
    },
  ),
  school: projectionQuery(M, educationSchools, 'school', z.object({ schoolId: z.string().min(1).max(80) }), {
    scoped: { filter: keepOne((row: { townshipId: string }) => row.townshipId) },
    summary: '学校详情',
  }),
  layout: projectionQuery(M, educationSchools, 'layout', scope, {
    scoped,
    summary: '各乡镇学校布局（寄宿制中心小学 1–3 所、初中 1 所、公办幼儿园 1 所）',
    columns: {
      code: '统计用区划代码',
      township: '乡镇',
      schools: '学校数',
      primary: '小学',
      boardingPrimary: '寄宿制中心小学',
      juniorHigh: '初中',
      nineYear: '九年一贯制',
      kindergarten: '幼儿园',
      publicKindergarten: '公办幼儿园',
      meets: '符合布局',
      missing: '缺少',
      excess: '超出',
    },
  }),
  layoutSummary: projectionQuery(M, educationSchools, 'layoutSummary', scope, {
    scoped,
    summary: '布局达标情况',
  }),
  utilisationBySchool: projectionQuery(M, educationSchools, 'utilisationBySchool', scope, {
    scoped,
    summary: '校舍利用率（按学校）',
    columns: {
      name: '学校',
      kind: '类别',
      township: '乡镇',
      enrolled: '在校生',
      capacity: '学位数',
      rate: '校舍利用率（%）',
      term: '报告学期',
    },
  }),
  utilisationByTownship: projectionQuery(M, educationSchools, 'utilisationByTownship', scope, {
    scoped,
    summary: '校舍利用率（按乡镇）',
    columns: {
      township: '乡镇',
      schools: '学校数',
      unreported: '未报告',
      enrolled: '在校生',
      capacity: '学位数',
      rate: '校舍利用率（%）',
    },
  }),
  utilisationSummary: projectionQuery(M, educationSchools, 'utilisationSummary', scope, {
    scoped,
    summary: '全县校舍利用率（目标 ≥ 94%）',
  }),
  /** The county's 2025 targets: a county matter, for unrestricted tokens. */
  progress: projectionQuery(
    M,
    educationSchools,
    'progress',
    z.object({ countyCode: countyCode.optional() }),
    {
      summary: '2025 年目标进度',
      columns: { label: '类别', current: '现有', target: '2025 年目标', gap: '距目标（目标−现有）' },
    },
  ),

  /** Opens a school, after checking through the read model that its township is active on the date. */
  openSchool: defineProcedure(
    { module: M, access: 'write', scoped: { names: (i) => [i.townshipId] }, summary: '设立学校' },
    openSchoolInput.extend({ idempotencyKey: z.string().min(1).max(200).optional() }),
  ).mutation(async ({ ctx, input }): Promise<CommandOutput> => {
    const { idempotencyKey, ...command } = input;
    const townshipId = await resolveTownship((p, q, i, at) => ctx.runtime.query(p, q, i, at ?? {}), command);
    return runCommand(ctx, openSchool, { ...command, townshipId }, idempotencyKey);
  }),
  changeSchool: commandMutation(M, changeSchool, {
    scoped: { touches: (ctx, i) => schoolTownships(ctx, [i.schoolId], i.effectiveAt) },
    summary: '变更学校（名称、学位数、寄宿制、公办）',
  }),
  reportEnrolment: commandMutation(M, reportEnrolment, {
    scoped: {
      touches: (ctx, i) =>
        schoolTownships(
          ctx,
          i.reports.map((r) => r.schoolId),
          i.effectiveAt,
        ),
    },
    summary: '报告在校生人数',
  }),
  closeSchool: commandMutation(M, closeSchool, {
    scoped: { touches: (ctx, i) => schoolTownships(ctx, [i.schoolId], i.effectiveAt) },
    summary: '撤销学校',
  }),
  mergeSchools: commandMutation(M, mergeSchools, {
    scoped: { touches: (ctx, i) => schoolTownships(ctx, [...i.sourceIds, i.targetId], i.effectiveAt) },
    summary: '合并学校',
  }),
} satisfies TRPCRouterRecord;
