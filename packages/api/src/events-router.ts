/**
 * The event log (filter, inspect, retract) and the live feeds (new events; "read model X changed").
 * Reading the log is an admin matter: it shows every module's events.
 */
import { TRPCError, tracked } from '@trpc/server';
import { z } from 'zod';
import { parseEffectiveAt, type RecordedEvent } from '@xianzhi/kernel';
import { retractEvent, type ChangeNotice } from '@xianzhi/projections';
import { AsyncQueue } from './queue';
import { defineProcedure, noInput } from './procedures';
import { hasScope, type ApiContext, type Caller, type TRPCRouterRecord } from './trpc';

const instant = z.string().refine((s) => parseEffectiveAt(s) !== undefined, {
  error: 'expected a date or an instant with an offset',
});

export const eventFilter = z.strictObject({
  types: z.array(z.string().min(1).max(100)).max(50).optional(),
  stream: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  effectiveFrom: instant.optional(),
  effectiveTo: instant.optional(),
  recordedFrom: instant.optional(),
  recordedTo: instant.optional(),
  /** Newest first; pages by position. */
  beforePosition: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export interface EventRow {
  id: string;
  position: number;
  stream: string;
  revision: number;
  type: string;
  effectiveAt: string;
  recordedAt: string;
  actor: string | null;
  documentNo: string | null;
  retractedBy: string | null;
}

function row(e: RecordedEvent, retractedBy: RecordedEvent | undefined): EventRow {
  return {
    id: e.id,
    position: e.position,
    stream: e.stream,
    revision: e.revision,
    type: e.type,
    effectiveAt: e.metadata.effectiveAt,
    recordedAt: e.metadata.recordedAt,
    actor: e.metadata.actor ?? null,
    documentNo: e.metadata.authority?.documentNo ?? null,
    retractedBy: retractedBy?.id ?? null,
  };
}

const bound = (s: string | undefined, end: boolean) => {
  if (s === undefined) return end ? Infinity : -Infinity;
  const p = parseEffectiveAt(s)!;
  return end && /^\d{4}-\d{2}-\d{2}$/.test(s) ? p.ms + 86_400_000 - 1 : p.ms;
};

export const eventsRouter = {
  list: defineProcedure(
    {
      module: 'events',
      access: 'admin',
      summary: '事件日志',
      columns: {
        position: '位置',
        type: '类型',
        stream: '流',
        effectiveAt: '生效时间',
        recordedAt: '记录时间',
        actor: '操作人',
        documentNo: '文号',
        retractedBy: '撤回事件',
      },
    },
    eventFilter,
  ).query(({ ctx, input }) => {
    const list = ctx.runtime.timeline.bySeq;
    const [ef, et, rf, rt] = [
      bound(input.effectiveFrom, false),
      bound(input.effectiveTo, true),
      bound(input.recordedFrom, false),
      bound(input.recordedTo, true),
    ];
    const types = input.types ? new Set(input.types) : undefined;
    const rows: EventRow[] = [];
    let more = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const { event: e } = list[i]!;
      if (input.beforePosition !== undefined && e.position >= input.beforePosition) continue;
      if (types && !types.has(e.type)) continue;
      if (input.stream !== undefined && e.stream !== input.stream) continue;
      if (input.actor !== undefined && e.metadata.actor !== input.actor) continue;
      if (e.effectiveMs < ef || e.effectiveMs > et || e.recordedMs < rf || e.recordedMs > rt) continue;
      if (rows.length === input.limit) {
        more = true;
        break;
      }
      rows.push(row(e, ctx.runtime.findEvent(e.id)?.retractedBy));
    }
    return { rows, more };
  }),
  /** One event's full envelope. */
  get: defineProcedure(
    { module: 'events', access: 'admin', summary: '事件详情' },
    z.object({ id: z.uuid() }),
  ).query(({ ctx, input }) => {
    const found = ctx.runtime.findEvent(input.id.toLowerCase());
    return found ? { event: found.event, retractedBy: found.retractedBy ?? null } : null;
  }),
  retract: defineProcedure(
    { module: 'events', access: 'admin', summary: '撤回事件' },
    z.object({
      eventId: z.uuid(),
      reason: z.string().trim().min(1).max(2000),
      authority: z.object({
        documentNo: z.string().trim().min(1).max(120),
        issuedBy: z.string().trim().min(1).max(120),
        approvedOn: z.string().optional(),
      }),
      idempotencyKey: z.string().min(1).max(200).optional(),
    }),
  ).mutation(async ({ ctx, input }) => {
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    const r = await retractEvent(ctx.store, ctx.runtime, {
      eventId: input.eventId,
      reason: input.reason,
      authority: input.authority,
      actor: `token:${ctx.caller!.name}`,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    await ctx.runtime.waitForPosition(r.lastPosition);
    return { retractionId: r.events[0]!.id, position: r.lastPosition, replayed: r.replayed };
  }),
  /**
   * New events as they are recorded (SSE), resumable from the last position seen. The token is
   * checked again before every event: revoked (or no longer admin), the stream ends with UNAUTHORIZED.
   */
  feed: defineProcedure(
    { module: 'events', access: 'admin', summary: '事件推送' },
    z
      .object({
        fromPosition: z.number().int().min(0).optional(),
        lastEventId: z.string().max(40).optional(),
      })
      .optional(),
  ).subscription(async function* ({ ctx, input, signal }) {
    const from =
      input?.lastEventId !== undefined
        ? Number(input.lastEventId)
        : (input?.fromPosition ?? (await ctx.store.headPosition()));
    const queue = new AsyncQueue<RecordedEvent>();
    const sub = ctx.store.subscribe(
      { fromPosition: Number.isFinite(from) ? from : 0 },
      { onEvents: (es) => es.forEach((e) => queue.push(e)) },
    );
    signal?.addEventListener('abort', () => queue.close());
    try {
      for await (const e of queue) {
        await stillAllowed(ctx, 'admin', 'events.feed');
        yield tracked(String(e.position), row(e, undefined));
      }
    } finally {
      await sub.stop();
    }
  }),
} satisfies TRPCRouterRecord;

/**
 * For streams: the caller the call's token stands for now (re-verified), when it still has `scope`;
 * otherwise the stream ends with UNAUTHORIZED / FORBIDDEN.
 */
async function stillAllowed(ctx: ApiContext, scope: string, path: string): Promise<Caller> {
  const now = ctx.reverify ? await ctx.reverify() : ctx.caller;
  if (!now)
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: `the token of this ${path} stream was revoked; the stream ends`,
    });
  if (!hasScope(now, scope))
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `token "${now.name}" no longer has ${scope || 'access'} for ${path}; the stream ends`,
    });
  return now;
}

/** The module a read model belongs to: `divisions.tree` → `divisions`. */
const moduleOf = (projection: string) => projection.split('.')[0] ?? projection;

export const systemRouter = {
  /**
   * "Read model X changed" notices, so screens refresh without polling — for any signed-in caller,
   * only of the modules it may read (`<module>:read`), its token checked again before every notice.
   */
  changes: defineProcedure(
    { module: 'system', access: 'signed-in', summary: '读模型变更通知' },
    noInput,
  ).subscription(async function* ({ ctx, signal }) {
    const queue = new AsyncQueue<ChangeNotice>();
    const off = ctx.runtime.onChange((n) => queue.push(n));
    signal?.addEventListener('abort', () => queue.close());
    try {
      for await (const n of queue) {
        const caller = await stillAllowed(ctx, '', 'system.changes');
        const module = moduleOf(n.projection);
        if (hasScope(caller, `${module}:read`) || (module === 'access' && hasScope(caller, 'admin'))) yield n;
      }
    } finally {
      off();
    }
  }),
  /** The enabled modules and plugins: the UI builds its navigation (and loads plugin pages) from this. */
  modules: defineProcedure(
    { module: 'system', access: 'public', summary: '已启用的模块和插件' },
    noInput,
  ).query(({ ctx }) => ctx.modules ?? []),
  /** Read models' status, lag and positions: internals, for the `metrics` scope. */
  health: defineProcedure({ module: 'system', access: 'metrics', summary: '读模型状态' }, noInput).query(
    ({ ctx }) => ({ head: ctx.runtime.headPosition, projections: ctx.runtime.health() }),
  ),
} satisfies TRPCRouterRecord;
