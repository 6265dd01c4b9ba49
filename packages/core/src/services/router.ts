/**
 * The services module's tRPC procedures: the service points by level, what they did (counts,
 * median lead time, share proxied — by level, point, kind, month or year), the open requests of a
 * point, and every services command.
 *
 * A token limited to one division acts on the points in it: opening them (and the point each hangs
 * under), closing them, and the requests made at them — each resolved from the read models (a
 * request's steps name only the request: its point is read from the request's stream).
 */
import { z } from 'zod';
import { servicePoints } from './directory';
import { serviceActivity } from './activity';
import { commandMutation, projectionQuery, type ApiContext, type TRPCRouterRecord } from '@xianzhi/api';
import { EVER, countyCodeInput, keepOne, limitInput, prefixOf, ref } from '../router-kit';
import { GROUP_BY } from './activity';
import { serviceRequestStream } from './inputs';
import { serviceRequested } from './events';
import {
  acceptService,
  closeServicePoint,
  completeService,
  openServicePoints,
  proxyService,
  rejectService,
  requestService,
} from './commands';
import { pointLevelSchema, serviceKindSchema } from './vocabulary';

const M = 'services';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'expected a month such as 2022-03' });

/** The division of a point (as the read model knows it), or its id's prefix when there is no such point. */
async function pointDivision(ctx: ApiContext, pointId: string | undefined): Promise<string | undefined> {
  if (pointId === undefined) return undefined;
  const point = await ctx.runtime.query(servicePoints, 'get', { pointId }, EVER);
  return point?.divisionId ?? prefixOf(pointId);
}

/** The division of the point a request was made at (read from the request's own stream). */
async function requestDivision(ctx: ApiContext, requestId: string): Promise<(string | undefined)[]> {
  const [first] = await ctx.store.readStream(serviceRequestStream(requestId), { limit: 1 });
  const pointId = first && serviceRequested.is(first) ? first.data.pointId : undefined;
  return [await pointDivision(ctx, pointId)];
}

/** A request's step (accept, proxy, complete, reject): it touches the division of the point the request was made at. */
const stepOptions = (summary: string) => ({
  scoped: { touches: (ctx: ApiContext, i: { requestId: string }) => requestDivision(ctx, i.requestId) },
  summary,
});

/** Reads keep to the limited token's divisions: a division named must be its own; the rest is counted over its own. */
const scopedRead = {
  names: (i: { divisionId?: string | undefined }) => [i.divisionId],
  within: true,
} as const;

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
    servicePoints,
    'list',
    z.object({
      level: pointLevelSchema.optional(),
      divisionId: ref.optional(),
      parentPointId: ref.optional(),
      countyCode: countyCodeInput.optional(),
      includeClosed: z.boolean().optional(),
    }),
    {
      scoped: scopedRead,
      summary: '便民服务点（按层级、区划或上级服务点）',
      columns: {
        name: '服务点',
        levelLabel: '层级',
        id: '编号',
        divisionId: '所在区划',
        parentPointId: '上级服务点',
        openedAt: '设立日期',
        closedAt: '撤销日期',
        children: '下级服务点',
      },
    },
  ),
  point: projectionQuery(M, servicePoints, 'get', z.object({ pointId: ref }), {
    scoped: { filter: keepOne((p: { divisionId: string }) => p.divisionId) },
    summary: '服务点详情',
  }),
  pointCounts: projectionQuery(
    M,
    servicePoints,
    'counts',
    z.object({ countyCode: countyCodeInput.optional() }),
    { scoped: { within: true }, summary: '各层级服务点数量' },
  ),
  statistics: projectionQuery(
    M,
    serviceActivity,
    'statistics',
    z.object({ ...activityFilter, groupBy: z.array(z.enum(GROUP_BY)).max(GROUP_BY.length).optional() }),
    {
      scoped: scopedRead,
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
    },
  ),
  openRequests: projectionQuery(
    M,
    serviceActivity,
    'openRequests',
    z.object({
      pointId: ref.optional(),
      level: pointLevelSchema.optional(),
      countyCode: countyCodeInput.optional(),
      limit: limitInput.optional(),
    }),
    { scoped: { within: true }, summary: '在办的服务事项（最早的在前）' },
  ),

  openServicePoints: commandMutation(M, openServicePoints, {
    // each new point's division, and the division of the point it hangs under
    scoped: {
      touches: async (ctx, i) => [
        ...i.points.map((p) => p.divisionId),
        ...(await Promise.all(i.points.map((p) => pointDivision(ctx, p.parentPointId)))),
      ],
    },
    summary: '设立便民服务点（可多个）',
  }),
  closeServicePoint: commandMutation(M, closeServicePoint, {
    scoped: { touches: async (ctx, i) => [await pointDivision(ctx, i.pointId)] },
    summary: '撤销便民服务点',
  }),
  requestService: commandMutation(M, requestService, {
    scoped: { touches: async (ctx, i) => [await pointDivision(ctx, i.pointId)] },
    summary: '申请服务事项',
  }),
  acceptService: commandMutation(M, acceptService, stepOptions('受理')),
  proxyService: commandMutation(M, proxyService, stepOptions('代办（民事代办）')),
  completeService: commandMutation(M, completeService, stepOptions('办结')),
  rejectService: commandMutation(M, rejectService, stepOptions('不予办理')),
} satisfies TRPCRouterRecord;
