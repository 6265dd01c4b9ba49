/** The divisions module's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { asOfShape, commandMutation, defineProcedure, projectionQuery, withinOf, type TRPCRouterRecord } from '@xianzhi/api';
import { parseEffectiveAt } from '@xianzhi/kernel';
import { enactAdjustment } from './commands';
import { enactAdjustmentInput, type Change } from './adjustment';
import { levelSchema } from '@xianzhi/divisions-contract';
import { previewAdjustment } from './preview';
import { reformStatistics } from './statistics';

const M = 'divisions';
const root = z.object({ rootId: z.string().min(1).max(80).optional() });
const byId = z.object({ id: z.string().min(1).max(80), on: z.string().max(40).optional() });
const date = z.string().refine((v) => parseEffectiveAt(v) !== undefined, { error: 'expected a date' });

/**
 * For a token limited to one division: the divisions named must be its own (on the date asked), a
 * query naming none is about its own division, and what the read model shows or counts is kept to
 * the divisions it sees (`within`).
 */
const underRoot = { names: (i: { rootId?: string | undefined }) => [i.rootId], narrow: <I extends { rootId?: string | undefined }>(i: I, rootId: string) => ({ ...i, rootId }), within: true } as const;
/** One division's chronicle (its names, codes, parents, lineage): open when the division is the token's on that date. */
const ofDivision = { names: (i: { id: string }) => [i.id] };

/** Every division an adjustment names (for tokens limited to a subtree: each must be inside it). */
function adjustmentDivisions(input: { changes: Change[] }): string[] {
  return input.changes.flatMap((c) => {
    switch (c.op) {
      case 'establish':
        return [c.parent ?? '(the county)'];
      case 'merge':
        return [...c.sources, c.into];
      case 'split':
        return [c.source, ...c.parts.flatMap((p) => p.children ?? [])];
      case 'abolish':
        return [c.division, c.absorbedBy];
      case 'transfer':
        return [c.division, c.parent];
      case 'boundary':
        return [c.from, c.to, ...c.divisions];
      case 'rename':
      case 'change-kind':
      case 'reclassify':
      case 'move-seat':
        return [c.division];
    }
  });
}
const adjustmentScope = { touches: async (_ctx: unknown, i: { changes: Change[] }) => adjustmentDivisions(i) };

export const divisionsRouter = {
  tree: projectionQuery(M, 'divisions.tree', 'tree', root.extend({ depth: z.number().int().min(0).max(9).optional() }), { scoped: underRoot, summary: '区划树' }),
  counts: projectionQuery(M, 'divisions.tree', 'counts', root, { scoped: underRoot, summary: '按层级和类型计数' }),
  get: projectionQuery(M, 'divisions.tree', 'get', z.object({ id: z.string().min(1).max(80) }), { scoped: { ...ofDivision, within: true }, summary: '区划详情' }),
  search: projectionQuery(M, 'divisions.tree', 'search', z.object({ q: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(200).optional() }), {
    scoped: { within: true },
    summary: '按名称或代码查找',
  }),
  list: projectionQuery(M, 'divisions.tree', 'list', root.extend({ level: levelSchema }), {
    scoped: underRoot,
    summary: '某一层级的区划列表',
    columns: { code: '统计用区划代码', name: '名称', kind: '类型', parent: '上级', classification: '分类' },
  }),
  history: projectionQuery(M, 'divisions.history', 'history', byId, { scoped: ofDivision, summary: '沿革' }),
  lineage: projectionQuery(M, 'divisions.history', 'lineage', byId.extend({ depth: z.number().int().min(1).max(20).optional() }), { scoped: ofDivision, summary: '演变关系' }),
  successors: projectionQuery(M, 'divisions.history', 'successors', byId, { scoped: ofDivision, summary: '现属区划' }),
  adjustments: projectionQuery(M, 'divisions.adjustments', 'timeline', z.object({ stream: z.string().max(200).optional() }), { summary: '调整时间线' }),
  /** Adjustments recorded with an effective date after now (or after `asOf`). */
  scheduled: defineProcedure({ module: M, access: 'read', summary: '待生效的调整' }, z.object({ knownAt: asOfShape.knownAt }).optional()).query(async ({ ctx, input }) => {
    const now = Date.now();
    return ctx.runtime.query('divisions.adjustments', 'timeline', { after: now }, { asOf: '9999-12-31', ...(input?.knownAt ? { knownAt: input.knownAt } : {}) });
  }),
  statistics: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { ...underRoot, dates: (i) => [i.from, i.to] },
      summary: '改革统计（两个日期之间）',
      columns: { label: '类别', before: '调整前', after: '调整后', change: '增减', percent: '变化率（%）' },
    },
    z.object({ from: date, to: date, rootId: z.string().min(1).max(80).optional(), knownAt: asOfShape.knownAt }),
  ).query(async ({ ctx, input }) => (await reformStatistics(ctx.runtime, input, (at) => withinOf(ctx, { ...(at.asOf === undefined ? {} : { asOf: String(at.asOf) }), ...(at.knownAt === undefined ? {} : { knownAt: String(at.knownAt) }) }))).rows),
  preview: defineProcedure({ module: M, access: 'write', scoped: adjustmentScope, summary: '预览调整后的区划树' }, enactAdjustmentInput).query(({ ctx, input }) =>
    previewAdjustment({ store: ctx.store, runtime: ctx.runtime }, input, ctx.scope?.kind === 'subtree' ? { rootId: ctx.scope.rootId } : {}),
  ),
  enactAdjustment: commandMutation(M, enactAdjustment, { scoped: adjustmentScope, summary: '行政区划调整' }),
} satisfies TRPCRouterRecord;
