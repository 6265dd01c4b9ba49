/** The divisions module's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { asOfShape, commandMutation, procedure, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { parseEffectiveAt } from '@xianzhi/kernel';
import { enactAdjustment } from './index';
import { enactAdjustmentInput, type Change } from './adjustment';
import { assignedCodes } from './assignments';
import { levelSchema } from './kinds';
import { previewAdjustment } from './preview';
import { reformStatistics } from './statistics';

const M = 'divisions';
const root = z.object({ rootId: z.string().min(1).max(80).optional() });
const byId = z.object({ id: z.string().min(1).max(80), on: z.string().max(40).optional() });
const rootOf = (i: unknown) => [(i as { rootId?: string } | undefined)?.rootId];
const idOf = (i: unknown) => [(i as { id?: string } | undefined)?.id];
const idsOf = (i: unknown) => (i as { ids?: string[] } | undefined)?.ids ?? [];

const refOf = (c: string | { division: string }) => (typeof c === 'string' ? c : c.division);

/** Every division an adjustment names (for tokens limited to a subtree). */
function adjustmentDivisions(input: unknown): string[] {
  const changes = (input as { changes?: Change[] } | undefined)?.changes ?? [];
  return changes.flatMap((c): string[] => {
    switch (c.op) {
      case 'establish':
        return [c.parent ?? '(county)'];
      case 'merge':
        return [...c.sources, c.into, ...(c.children ?? []).flatMap((x) => (x.into ? [x.division, x.into] : [x.division]))];
      case 'split':
        return [c.source, ...c.parts.flatMap((p) => (p.children ?? []).map(refOf))];
      case 'abolish':
        return [c.division, ...(c.absorbedBy === undefined ? [] : [c.absorbedBy])];
      case 'transfer':
        return [c.division, c.parent];
      case 'boundary':
        return [c.from, c.to, ...c.divisions.map(refOf)];
      case 'rename':
      case 'reclassify':
      case 'move-seat':
        return [c.division];
      case 'change-kind':
      case 'recode':
        return [c.division, ...(c.children ?? []).map(refOf)];
    }
  });
}

export const divisionsRouter = {
  tree: projectionQuery(M, 'divisions.tree', 'tree', root.extend({ depth: z.number().int().min(0).max(9).optional() }), { divisions: rootOf, summary: '区划树' }),
  counts: projectionQuery(M, 'divisions.tree', 'counts', root, { divisions: rootOf, summary: '按层级和类型计数' }),
  get: projectionQuery(M, 'divisions.tree', 'get', z.object({ id: z.string().min(1).max(80) }), { divisions: idOf, summary: '区划详情' }),
  search: projectionQuery(M, 'divisions.tree', 'search', z.object({ q: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(200).optional() }), { summary: '按名称或代码查找' }),
  list: projectionQuery(M, 'divisions.tree', 'list', root.extend({ level: levelSchema }), {
    divisions: rootOf,
    summary: '某一层级的区划列表',
    columns: { code: '统计用区划代码', name: '名称', fullName: '全称', kind: '类型', parentCode: '上级代码', parent: '上级', classification: '分类' },
  }),
  history: projectionQuery(M, 'divisions.history', 'history', byId, { divisions: idOf, summary: '沿革' }),
  lineage: projectionQuery(M, 'divisions.history', 'lineage', byId.extend({ depth: z.number().int().min(1).max(20).optional() }), { divisions: idOf, summary: '演变关系' }),
  /** What each of these divisions (ids, or codes held on `on`) became: one row per id asked. */
  successors: projectionQuery(
    M,
    'divisions.history',
    'successorsOf',
    z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(5000), on: z.string().max(40).optional() }),
    { divisions: idsOf, summary: '现属区划（批量）' },
  ),
  adjustments: projectionQuery(M, 'divisions.adjustments', 'timeline', z.object({ stream: z.string().max(200).optional() }), { summary: '调整时间线' }),
  /** Adjustments recorded with an effective date after now (or after `asOf`). */
  scheduled: procedure
    .meta({ module: M, access: 'read', summary: '待生效的调整' })
    .input(z.object({ knownAt: asOfShape.knownAt }).optional())
    .query(async ({ ctx, input }) => {
      const now = Date.now();
      return ctx.runtime.query('divisions.adjustments', 'timeline', { after: now }, { asOf: '9999-12-31', ...(input?.knownAt ? { knownAt: input.knownAt } : {}) });
    }),
  statistics: procedure
    .meta({
      module: M,
      access: 'read',
      divisions: rootOf,
      summary: '改革统计（两个日期之间）',
      columns: { label: '类别', before: '调整前', after: '调整后', change: '增减', percent: '变化率（%）' },
    })
    .input(
      z.object({
        from: z.string().refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date' }),
        to: z.string().refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date' }),
        rootId: z.string().min(1).max(80).optional(),
        knownAt: asOfShape.knownAt,
      }),
    )
    .query(async ({ ctx, input }) => (await reformStatistics(ctx.runtime, input)).rows),
  /**
   * A mutation that writes nothing: a county-wide document (thousands of changes) travels in the
   * request body, which a query's URL cannot carry (HTTP 431).
   */
  preview: procedure
    .meta({ module: M, access: 'write', divisions: adjustmentDivisions, summary: '预览调整后的区划树（不写入）' })
    .input(enactAdjustmentInput)
    .mutation(({ ctx, input }) => previewAdjustment({ store: ctx.store, runtime: ctx.runtime }, input)),
  /** Answers also with every id and code it assigned, each given by the document or generated. */
  enactAdjustment: commandMutation(M, enactAdjustment, {
    divisions: adjustmentDivisions,
    summary: '行政区划调整',
    answer: (input, events) => ({ assigned: assignedCodes(input, events) }),
  }),
} satisfies TRPCRouterRecord;
