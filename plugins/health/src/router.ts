/** The health plugin's tRPC procedures, built on the shared procedures of @xianzhi/api. */
import { z } from 'zod';
import { healthFacilities } from './facilities';
import {
  commandMutation,
  defineProcedure,
  projectionQuery,
  runCommand,
  type ApiContext,
  type CommandOutput,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { closeFacility, downgradeFacility, establishFacility, upgradeFacility } from './decide';
import { resolveFacilityDivision } from './guard';
import { establishFacilityInput, tierSchema, zoneSchema } from './index';

const M = 'health';
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const scope = z.object({
  countyCode: countyCode.optional(),
  townshipId: z.string().trim().min(1).max(80).optional(),
});

/** For a token limited to a division: a township named must be its own; the rest is kept to its own (`within`). */
const scoped = { names: (i: { townshipId?: string | undefined }) => [i.townshipId], within: true } as const;

/** The township a facility counts under on the effective date (from the read model), for commands on facilities. */
async function facilityDivision(
  ctx: ApiContext,
  facilityId: string,
  effectiveAt: string,
): Promise<(string | undefined)[]> {
  return [
    (await ctx.runtime.query(healthFacilities, 'facility', { facilityId }, { asOf: effectiveAt }))
      ?.townshipId,
  ];
}
const facility = {
  touches: (ctx: ApiContext, i: { facilityId: string; effectiveAt: string }) =>
    facilityDivision(ctx, i.facilityId, i.effectiveAt),
};

const networkColumns = {
  label: '层级',
  central: '中路',
  north: '北路',
  west: '西路',
  east: '东路',
  south: '南路',
  total: '合计',
  target: '目标',
  gap: '差距（目标−现有）',
};
const coverageColumns = {
  code: '统计用区划代码',
  township: '乡镇',
  subCentres: '医疗分中心',
  centralCentres: '中心卫生院',
  generalCentres: '一般卫生院',
  clinics: '村卫生室',
  hasCentre: '有卫生院',
  centreNames: '卫生院名称',
};

export const healthRouter = {
  facilities: projectionQuery(
    M,
    healthFacilities,
    'facilities',
    scope.extend({
      tier: tierSchema.optional(),
      zone: zoneSchema.optional(),
      includeClosed: z.boolean().optional(),
    }),
    {
      scoped,
      summary: '医疗卫生机构名录',
      columns: {
        name: '机构',
        tierLabel: '层级',
        zoneLabel: '片区',
        township: '所属乡镇',
        division: '设立地',
        establishedAt: '设立日期',
        tierHistory: '层级沿革',
        status: '状态',
      },
    },
  ),
  facility: projectionQuery(
    M,
    healthFacilities,
    'facility',
    z.object({ facilityId: z.string().min(1).max(80) }),
    {
      scoped: {
        filter: (row: { townshipId: string; divisionId: string } | null, keep) =>
          row !== null && keep(row.townshipId) && keep(row.divisionId) ? row : null,
      },
      summary: '机构详情',
    },
  ),
  network: projectionQuery(M, healthFacilities, 'network', scope, {
    scoped,
    summary: '按层级和片区的卫生机构网络（目标：医疗分中心 4、中心卫生院 15、一般卫生院 17）',
    columns: networkColumns,
  }),
  networkSummary: projectionQuery(M, healthFacilities, 'networkSummary', scope, {
    scoped,
    summary: '卫生机构网络概况',
  }),
  coverage: projectionQuery(M, healthFacilities, 'coverage', scope, {
    scoped,
    summary: '各乡镇卫生院配置',
    columns: coverageColumns,
  }),
  withoutCentre: projectionQuery(M, healthFacilities, 'withoutCentre', scope, {
    scoped,
    summary: '撤并后无卫生院的乡镇',
    columns: coverageColumns,
  }),

  /** Establishes a facility, after checking through the read model that its township/village is active on the date. */
  establishFacility: defineProcedure(
    { module: M, access: 'write', scoped: { names: (i) => [i.divisionId] }, summary: '设立医疗卫生机构' },
    establishFacilityInput.extend({ idempotencyKey: z.string().min(1).max(200).optional() }),
  ).mutation(async ({ ctx, input }): Promise<CommandOutput> => {
    const { idempotencyKey, ...command } = input;
    const divisionId = await resolveFacilityDivision(
      (p, q, i, at) => ctx.runtime.query(p, q, i, at ?? {}),
      command,
    );
    return runCommand(ctx, establishFacility, { ...command, divisionId }, idempotencyKey);
  }),
  upgradeFacility: commandMutation(M, upgradeFacility, {
    scoped: facility,
    summary: '升级（一般卫生院 → 中心卫生院 → 医疗分中心）',
  }),
  downgradeFacility: commandMutation(M, downgradeFacility, { scoped: facility, summary: '降级' }),
  closeFacility: commandMutation(M, closeFacility, { scoped: facility, summary: '撤销机构' }),
} satisfies TRPCRouterRecord;
