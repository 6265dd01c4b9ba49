/**
 * The power lists' tRPC procedures: the items held as of a date, what a township may approve on a
 * date (and which office handles it), counts per township and department, the approval offices and
 * enforcement teams with the items they handle (from the institutions module's offices on that
 * date) — and the list commands. Lists are published by the county government: the commands declare
 * no scope rule, so they are closed to tokens limited to a division; the reads keep to its townships.
 */
import { z } from 'zod';
import { powerLists } from './lists';
import { institutionsByTownship } from '../institutions/townships';
import { divisionTree } from '../divisions/tree';
import {
  asOfShape,
  atOf,
  commandMutation,
  defineProcedure,
  projectionQuery,
  withinOf,
  type ApiContext,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { countyCodeInput, keepOne, ref } from '../router-kit';
import type { Office } from '../institutions/model';
import { amendPowerItem, listPowerItems, withdrawPowerItems } from './decide';
import { HANDLERS, HANDLER_LABEL, powerCategorySchema, powerListSchema, type Handler } from './vocabulary';

const M = 'powers';
const P = powerLists;

export interface PowerOfficeRow {
  townshipId: string;
  township: string;
  kind: Handler;
  kindLabel: string;
  /** The township's office of that kind on the date (institutions), or null: items without an office to handle them. */
  officeId: string | null;
  office: string;
  since: string | null;
  items: number;
}

/** The township's offices of each handling kind on the date (from the institutions read model). */
async function officesOf(
  ctx: ApiContext,
  townshipId: string,
  at: { asOf?: string; knownAt?: string },
): Promise<Map<Handler, Office>> {
  const t = await ctx.runtime.query(institutionsByTownship, 'township', { townshipId }, at);
  const out = new Map<Handler, Office>();
  for (const o of t.offices)
    if ((HANDLERS as readonly string[]).includes(o.kind)) out.set(o.kind as Handler, o);
  return out;
}

const itemColumns = {
  township: '乡镇',
  listLabel: '清单',
  code: '事项编码',
  title: '事项名称',
  categoryLabel: '权力类别',
  department: '下放（提出）部门',
  legalBasis: '法律依据',
  effectiveAt: '生效日期',
  documentNo: '文号',
  handledByLabel: '承办机构',
};

export const powersRouter = {
  items: projectionQuery(
    M,
    P,
    'items',
    z.object({
      countyCode: countyCodeInput.optional(),
      townshipId: ref.optional(),
      list: powerListSchema.optional(),
      category: powerCategorySchema.optional(),
      department: z.string().trim().min(1).max(80).optional(),
    }),
    {
      scoped: { names: (i) => [i.townshipId], within: true },
      summary: '乡镇权力清单、责任清单、准入清单事项',
      columns: itemColumns,
    },
  ),
  /** "What may this township approve on date D" — and the approval office that handles it. */
  mayApprove: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { names: (i) => [i.townshipId], within: true },
      summary: '乡镇在某日可以审批的事项（及承办的行政审批办公室）',
    },
    z.object({ townshipId: ref, ...asOfShape }),
  ).query(async ({ ctx, input }) => {
    const at = atOf(input);
    const within = await withinOf(ctx, at);
    const items = await ctx.runtime.query(
      P,
      'mayApprove',
      { townshipId: input.townshipId, ...(within === undefined ? {} : { within }) },
      at,
    );
    const townshipId =
      items[0]?.townshipId ??
      (await ctx.runtime.query(divisionTree, 'get', { id: input.townshipId }, at))?.id ??
      input.townshipId;
    const office = (await officesOf(ctx, townshipId, at)).get('approval-office');
    return {
      townshipId,
      office: office ? { officeId: office.id, name: office.name, since: office.establishedAt } : null,
      items,
    };
  }),
  byTownship: projectionQuery(M, P, 'byTownship', z.object({ countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '各乡镇清单事项数',
    columns: {
      name: '乡镇',
      code: '统计用区划代码',
      power: '权力清单',
      responsibility: '责任清单',
      access: '准入清单',
      approvals: '审批事项',
      enforcement: '执法事项',
    },
  }),
  byDepartment: projectionQuery(M, P, 'byDepartment', z.object({ countyCode: countyCodeInput.optional() }), {
    scoped: { within: true },
    summary: '各部门下放（提出）事项',
    columns: {
      department: '部门',
      catalogueItems: '事项（目录）',
      townships: '乡镇数',
      items: '事项（合计）',
    },
  }),
  item: projectionQuery(M, P, 'item', z.object({ itemId: ref }), {
    scoped: { filter: keepOne((row: { townshipId: string }) => row.townshipId) },
    summary: '清单事项详情',
  }),
  /** The approval offices and enforcement teams of each township on the date, and the items they handle. */
  offices: defineProcedure(
    {
      module: M,
      access: 'read',
      scoped: { within: true },
      summary: '行政审批办公室、综合行政执法队承接的清单事项',
      columns: {
        township: '乡镇',
        kindLabel: '机构类别',
        office: '机构',
        since: '设立日期',
        items: '承接事项数',
      },
    },
    z.object({ countyCode: countyCodeInput.optional(), ...asOfShape }),
  ).query(async ({ ctx, input }): Promise<PowerOfficeRow[]> => {
    const { asOf, knownAt, ...rest } = input;
    const at = atOf({ asOf, knownAt });
    const within = await withinOf(ctx, at);
    const scope = within === undefined ? rest : { ...rest, within };
    const townships = await ctx.runtime.query(P, 'byTownship', scope, at);
    const items = await ctx.runtime.query(P, 'items', { ...scope, list: 'power' }, at);
    const rows: PowerOfficeRow[] = [];
    for (const t of townships) {
      const offices = await officesOf(ctx, t.townshipId, at);
      for (const kind of HANDLERS) {
        const office = offices.get(kind);
        const handled = new Set(
          items.filter((i) => i.townshipId === t.townshipId && i.handledBy === kind).map((i) => i.code),
        ).size;
        if (!office && handled === 0) continue;
        rows.push({
          townshipId: t.townshipId,
          township: t.name,
          kind,
          kindLabel: HANDLER_LABEL[kind].zh,
          officeId: office?.id ?? null,
          office: office?.name ?? '（未设立）',
          since: office?.establishedAt ?? null,
          items: handled,
        });
      }
    }
    return rows;
  }),

  listPowerItems: commandMutation(M, listPowerItems, { summary: '公布乡镇清单事项（赋权、明责、准入）' }),
  amendPowerItem: commandMutation(M, amendPowerItem, { summary: '修订清单事项（名称、法律依据）' }),
  withdrawPowerItems: commandMutation(M, withdrawPowerItems, { summary: '取消（收回）清单事项' }),
} satisfies TRPCRouterRecord;
