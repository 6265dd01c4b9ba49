/**
 * The services module's tRPC procedures: the service points by level, what they did (counts,
 * median lead time, share proxied — by level, point, kind, month or year), the open requests of a
 * point, and every services command.
 *
 * A token limited to one division acts on the points in it: opening and closing them, and the
 * requests made at them. A request's steps (accept, proxy, complete, reject) name only the request,
 * so such a token also names the request's `pointId`; the request's real point is checked.
 */
import { z } from 'zod';
import { projectionQuery, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { EVER, countyCodeInput, limitInput, prefixOf, ref, scopedCommand } from '../router-kit';
import { GROUP_BY } from './activity';
import { serviceRequestStream } from './inputs';
import { acceptService, closeServicePoint, completeService, openServicePoints, proxyService, rejectService, requestService } from './commands';
import { pointLevelSchema, serviceKindSchema } from './vocabulary';

const M = 'services';
const POINTS = 'services.points';
const ACTIVITY = 'services.activity';

type In = { countyCode?: string; pointId?: string; divisionId?: string; parentPointId?: string; points?: { divisionId?: string }[] };
const inp = (i: unknown): In => (i && typeof i === 'object' ? i : {});
/** The division a query concerns: a division, a point's, a parent point's, else the county. */
const scopeOf = (i: unknown) => {
  const v = inp(i);
  return [v.divisionId ?? prefixOf(v.pointId) ?? prefixOf(v.parentPointId) ?? v.countyCode];
};
const countyOf = (i: unknown) => [inp(i).countyCode];
const pointOf = (i: unknown) => [prefixOf(inp(i).pointId)];

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month such as 2022-03' });

async function pointDivision(ctx: ApiContext, pointId: string | undefined): Promise<string | undefined> {
  if (pointId === undefined) return undefined;
  const point = await ctx.runtime.query<{ divisionId: string } | null>(POINTS, 'get', { pointId }, EVER);
  return point?.divisionId ?? prefixOf(pointId);
}

/** The division of the point a request was made at (read from the request's own stream). */
async function requestDivision(ctx: ApiContext, requestId: string): Promise<(string | undefined)[]> {
  const [first] = await ctx.store.readStream(serviceRequestStream(requestId), { limit: 1 });
  const pointId = (first?.data as { pointId?: string } | undefined)?.pointId;
  return [await pointDivision(ctx, pointId)];
}

const stepOptions = (summary: string) => ({
  /** Only for tokens limited to a division: the point the request was made at. */
  extra: { pointId: ref.optional() },
  divisions: pointOf,
  resolve: (ctx: ApiContext, i: Record<string, unknown>) => requestDivision(ctx, i.requestId as string),
  what: 'a service request',
  summary,
});

const activityFilter = {
  level: pointLevelSchema.optional(),
  pointId: ref.optional(),
  divisionId: ref.optional(),
  kind: serviceKindSchema.optional(),
  countyCode: countyCodeInput.optional(),
  from: month.optional(),
  to: month.optional(),
};

export const servicesRouter = {
  points: projectionQuery(
    M,
    POINTS,
    'list',
    z.object({ level: pointLevelSchema.optional(), divisionId: ref.optional(), parentPointId: ref.optional(), countyCode: countyCodeInput.optional(), includeClosed: z.boolean().optional() }),
    {
      divisions: scopeOf,
      summary: '便民服务点（按层级、区划或上级服务点）',
      columns: { name: '服务点', levelLabel: '层级', id: '编号', divisionId: '所在区划', parentPointId: '上级服务点', openedAt: '设立日期', closedAt: '撤销日期', children: '下级服务点' },
    },
  ),
  point: projectionQuery(M, POINTS, 'get', z.object({ pointId: ref }), { divisions: pointOf, summary: '服务点详情' }),
  pointCounts: projectionQuery(M, POINTS, 'counts', z.object({ countyCode: countyCodeInput.optional() }), { divisions: countyOf, summary: '各层级服务点数量' }),
  statistics: projectionQuery(M, ACTIVITY, 'statistics', z.object({ ...activityFilter, groupBy: z.array(z.enum(GROUP_BY)).max(GROUP_BY.length).optional() }), {
    divisions: scopeOf,
    summary: '服务事项统计（件数、办理时长中位数、代办占比），可按层级、服务点、事项、月份、年份分组',
    columns: {
      levelLabel: '层级',
      pointName: '服务点',
      kindLabel: '事项类别',
      year: '年份',
      month: '月份',
      requested: '申请',
      accepted: '受理',
      proxied: '代办',
      completed: '办结',
      rejected: '不予办理',
      open: '在办',
      medianLeadTimeHours: '办理时长中位数（小时）',
      proxiedPercent: '代办占比（%）',
    },
  }),
  openRequests: projectionQuery(
    M,
    ACTIVITY,
    'openRequests',
    z.object({ pointId: ref.optional(), level: pointLevelSchema.optional(), countyCode: countyCodeInput.optional(), limit: limitInput.optional() }),
    { divisions: (i) => [prefixOf(inp(i).pointId) ?? inp(i).countyCode], summary: '在办的服务事项（最早的在前）' },
  ),

  openServicePoints: scopedCommand(M, openServicePoints, {
    divisions: (i) => {
      const points = inp(i).points;
      return Array.isArray(points) && points.length > 0 ? points.map((p) => (p && typeof p === 'object' ? p.divisionId : undefined)) : [inp(i).countyCode];
    },
    summary: '设立便民服务点（可多个）',
  }),
  closeServicePoint: scopedCommand(M, closeServicePoint, {
    divisions: pointOf,
    resolve: async (ctx, i) => [await pointDivision(ctx, i.pointId as string)],
    what: 'a service point',
    summary: '撤销便民服务点',
  }),
  requestService: scopedCommand(M, requestService, {
    divisions: pointOf,
    resolve: async (ctx, i) => [await pointDivision(ctx, i.pointId as string)],
    what: 'a service point',
    summary: '申请服务事项',
  }),
  acceptService: scopedCommand(M, acceptService, stepOptions('受理')),
  proxyService: scopedCommand(M, proxyService, stepOptions('代办（民事代办）')),
  completeService: scopedCommand(M, completeService, stepOptions('办结')),
  rejectService: scopedCommand(M, rejectService, stepOptions('不予办理')),
} satisfies TRPCRouterRecord;
