/** The health plugin's tRPC procedures, built on the shared procedures of @xianzhi/api. */
import { z } from 'zod';
import { commandMutation, procedure, projectionQuery, type CommandOutput, type TRPCRouterRecord } from '@xianzhi/api';
import { executeCommand } from '@xianzhi/projections';
import { closeFacility, downgradeFacility, establishFacility, upgradeFacility } from './decide';
import { resolveFacilityDivision } from './guard';
import { establishFacilityInput, tierSchema, zoneSchema } from './index';

const M = 'health';
const P = 'health.facilities';
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const scope = z.object({ countyCode: countyCode.optional(), townshipId: z.string().trim().min(1).max(80).optional() });

type In = { countyCode?: string; townshipId?: string } | undefined;
/** The division a call concerns: its township, else its county (for tokens limited to a subtree). */
const scopeOf = (i: unknown) => [(i as In)?.townshipId ?? (i as In)?.countyCode];
const countyOf = (i: unknown) => [(i as In)?.countyCode];

const networkColumns = { label: '层级', central: '中路', north: '北路', west: '西路', east: '东路', south: '南路', total: '合计', target: '目标', gap: '差距（目标−现有）' };
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
  facilities: projectionQuery(M, P, 'facilities', scope.extend({ tier: tierSchema.optional(), zone: zoneSchema.optional(), includeClosed: z.boolean().optional() }), {
    divisions: scopeOf,
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
  }),
  facility: projectionQuery(M, P, 'facility', z.object({ facilityId: z.string().min(1).max(80) }), { summary: '机构详情' }),
  network: projectionQuery(M, P, 'network', scope, { divisions: scopeOf, summary: '按层级和片区的卫生机构网络（目标：医疗分中心 4、中心卫生院 15、一般卫生院 17）', columns: networkColumns }),
  networkSummary: projectionQuery(M, P, 'networkSummary', scope, { divisions: scopeOf, summary: '卫生机构网络概况' }),
  coverage: projectionQuery(M, P, 'coverage', scope, { divisions: scopeOf, summary: '各乡镇卫生院配置', columns: coverageColumns }),
  withoutCentre: projectionQuery(M, P, 'withoutCentre', scope, { divisions: scopeOf, summary: '撤并后无卫生院的乡镇', columns: coverageColumns }),

  /** Establishes a facility, after checking through the read model that its township/village is active on the date. */
  establishFacility: procedure
    .meta({ module: M, access: 'write', divisions: (i) => [(i as { divisionId?: string }).divisionId], summary: '设立医疗卫生机构' })
    .input(establishFacilityInput.extend({ idempotencyKey: z.string().min(1).max(200).optional() }))
    .mutation(async ({ ctx, input }): Promise<CommandOutput> => {
      const { idempotencyKey, ...command } = input;
      const divisionId = await resolveFacilityDivision((p, q, i, at) => ctx.runtime.query(p, q, i, at ?? {}), command);
      const key = idempotencyKey ?? ctx.idempotencyKey;
      const result = await executeCommand({ store: ctx.store, runtime: ctx.runtime }, establishFacility, { ...command, divisionId }, {
        actor: ctx.caller ? `token:${ctx.caller.name}` : 'anonymous',
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      return {
        stream: result.stream,
        replayed: result.replayed,
        noop: result.noop,
        lastPosition: result.lastPosition,
        events: result.events.map((e) => ({ id: e.id, type: e.type, position: e.position, revision: e.revision, effectiveAt: e.metadata.effectiveAt })),
      };
    }),
  upgradeFacility: commandMutation(M, upgradeFacility, { divisions: countyOf, summary: '升级（一般卫生院 → 中心卫生院 → 医疗分中心）' }),
  downgradeFacility: commandMutation(M, downgradeFacility, { divisions: countyOf, summary: '降级' }),
  closeFacility: commandMutation(M, closeFacility, { divisions: countyOf, summary: '撤销机构' }),
} satisfies TRPCRouterRecord;
