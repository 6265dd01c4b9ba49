/** The divisions module's tRPC procedures (built on the shared procedures of @xianzhi/api). */
import { z } from 'zod';
import { divisionTree } from './tree';
import { divisionHistory } from './history';
import { divisionAdjustments } from './adjustments';
import {
  asOfShape,
  commandMutation,
  defineProcedure,
  projectionQuery,
  withinOf,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { asOfBound, parseEffectiveAt } from '@xianzhi/kernel';
import { levelSchema } from '@xianzhi/divisions-contract';
import { enactAdjustment } from './commands';
import { enactAdjustmentInput, type Change } from './adjustment';
import { assignedCodes } from './assignments';
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
const underRoot = {
  names: (i: { rootId?: string | undefined }) => [i.rootId],
  narrow: <I extends { rootId?: string | undefined }>(i: I, rootId: string) => ({ ...i, rootId }),
  within: true,
} as const;
/** One division's chronicle (its names, codes, parents, lineage): open when the division is the token's on that date. */
const ofDivision = { names: (i: { id: string }) => [i.id] };

const refOf = (c: string | { division: string }) => (typeof c === 'string' ? c : c.division);

/** Every division an adjustment names, children and their destinations included (for tokens limited to a subtree: each must be inside it). */
function adjustmentDivisions(input: { countyCode: string; changes: Change[] }): string[] {
  return input.changes.flatMap((c): string[] => {
    switch (c.op) {
      case 'establish':
        return [c.parent ?? input.countyCode];
      case 'merge':
        return [
          ...c.sources,
          c.into,
          ...(c.children ?? []).flatMap((x) => (x.into ? [x.division, x.into] : [x.division])),
        ];
      case 'split':
        return [c.source, ...c.parts.flatMap((p) => (p.children ?? []).map(refOf))];
      case 'abolish':
        return [
          c.division,
          ...(c.absorbedBy === undefined ? [] : [c.absorbedBy]),
          ...(c.children ?? []).map(refOf),
        ];
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
/**
 * What a limited token's adjustment touches. Inferred changes (the national codes of the whole
 * county) and their supersession — which takes inferred events anywhere in the county out of the
 * registry — are the county's acts: they touch the county, so a token limited to a township is refused.
 */
const adjustmentScope = {
  touches: async (
    _ctx: unknown,
    i: { countyCode: string; changes: Change[]; inferred?: unknown; supersedes?: string[] | undefined },
  ) => [
    ...adjustmentDivisions(i),
    ...(i.inferred !== undefined || (i.supersedes?.length ?? 0) > 0 ? [i.countyCode] : []),
  ],
};

export const divisionsRouter = {
  tree: projectionQuery(
    M,
    divisionTree,
    'tree',
    root.extend({ depth: z.number().int().min(0).max(9).optional() }),
    { scoped: underRoot, summary: '区划树' },
  ),
  counts: projectionQuery(M, divisionTree, 'counts', root, {
    scoped: underRoot,
    summary: '按层级和类型计数',
  }),
  get: projectionQuery(M, divisionTree, 'get', z.object({ id: z.string().min(1).max(80) }), {
    scoped: { ...ofDivision, within: true },
    summary: '区划详情',
  }),
  search: projectionQuery(
    M,
    divisionTree,
    'search',
    z.object({ q: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(200).optional() }),
    {
      scoped: { within: true },
      summary: '按名称或代码查找',
    },
  ),
  list: projectionQuery(M, divisionTree, 'list', root.extend({ level: levelSchema }), {
    scoped: underRoot,
    summary: '某一层级的区划列表',
    columns: {
      code: '统计用区划代码',
      name: '名称',
      fullName: '全称',
      kind: '类型',
      parentCode: '上级代码',
      parent: '上级',
      classification: '分类',
    },
  }),
  history: projectionQuery(M, divisionHistory, 'history', byId, { scoped: ofDivision, summary: '沿革' }),
  lineage: projectionQuery(
    M,
    divisionHistory,
    'lineage',
    byId.extend({ depth: z.number().int().min(1).max(20).optional() }),
    { scoped: ofDivision, summary: '演变关系' },
  ),
  /** What each of these divisions (ids, or codes held on `on`) became: one row per id asked. A limited token may name only its own. */
  successors: projectionQuery(
    M,
    divisionHistory,
    'successorsOf',
    z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(5000), on: z.string().max(40).optional() }),
    { scoped: { names: (i) => i.ids }, summary: '现属区划（批量）' },
  ),
  adjustments: projectionQuery(
    M,
    divisionAdjustments,
    'timeline',
    z.object({ stream: z.string().max(200).optional() }),
    { summary: '调整时间线' },
  ),
  /**
   * Adjustments not yet in force: effective after now, or after the day `asOf` (those effective on
   * that day are in force as of it) — as known at `knownAt`.
   */
  scheduled: defineProcedure(
    { module: M, access: 'read', summary: '待生效的调整' },
    z.object(asOfShape).optional(),
  ).query(async ({ ctx, input }) => {
    return ctx.runtime.query(
      divisionAdjustments,
      'timeline',
      { after: asOfBound(input?.asOf) },
      { asOf: '9999-12-31', ...(input?.knownAt ? { knownAt: input.knownAt } : {}) },
    );
  }),
  statistics: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { ...underRoot, dates: (i) => [i.from, i.to] },
      summary: '改革统计（两个日期之间）',
      columns: { label: '类别', before: '调整前', after: '调整后', change: '增减', percent: '变化率（%）' },
    },
    z.object({
      from: date,
      to: date,
      rootId: z.string().min(1).max(80).optional(),
      knownAt: asOfShape.knownAt,
    }),
  ).query(
    async ({ ctx, input }) =>
      (
        await reformStatistics(ctx.runtime, input, (at) =>
          withinOf(ctx, {
            ...(at.asOf === undefined ? {} : { asOf: String(at.asOf) }),
            ...(at.knownAt === undefined ? {} : { knownAt: String(at.knownAt) }),
          }),
        )
      ).rows,
  ),
  /**
   * A mutation that writes nothing: a county-wide document (thousands of changes) travels in the
   * request body, which a query's URL cannot carry (HTTP 431).
   */
  preview: defineProcedure(
    { module: M, access: 'write', scoped: adjustmentScope, summary: '预览调整后的区划树（不写入）' },
    enactAdjustmentInput,
  ).mutation(({ ctx, input }) =>
    previewAdjustment(
      { store: ctx.store, runtime: ctx.runtime },
      input,
      ctx.scope?.kind === 'subtree' ? { rootId: ctx.scope.rootId } : {},
    ),
  ),
  /** Answers also with every id and code it assigned, each given by the document or generated. */
  enactAdjustment: commandMutation(M, enactAdjustment, {
    scoped: adjustmentScope,
    summary: '行政区划调整',
    answer: (input, events) => ({ assigned: assignedCodes(input, events) }),
  }),
} satisfies TRPCRouterRecord;
