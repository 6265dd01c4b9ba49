/**
 * The collective assets procedures: holdings per village as of a date, handover completeness per
 * merged village (and the open ones), county totals by kind — and the inventory, handover and
 * discrepancy commands. A limited token (a township) reads its villages; it records the inventory
 * and handovers of villages inside its own (the township's 农业综合服务中心 does the work).
 */
import { z } from 'zod';
import { ledgerProjection } from './ledger';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { recordDiscrepancy, recordHandover, recordInventory, resolveDiscrepancy } from './decide';

const M = 'assets';
const P = ledgerProjection;
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const ref = z.string().trim().min(1).max(120);

export const assetsRouter = {
  holdings: projectionQuery(
    M,
    P,
    'holdings',
    z.object({ countyCode: countyCode.optional(), townshipId: ref.optional() }),
    {
      scoped: { names: (i) => [i.townshipId], within: true },
      summary: '各村集体“三资”（资金、资产、资源）',
      columns: {
        township: '乡镇',
        village: '村',
        code: '统计用区划代码',
        fundsFen: '资金（分）',
        assetsFen: '资产（分）',
        resourcesFen: '资源（分）',
        landSqm: '土地（平方米）',
        pendingFen: '待移交（分）',
      },
    },
  ),
  handovers: projectionQuery(
    M,
    P,
    'handovers',
    z.object({ countyCode: countyCode.optional(), open: z.boolean().optional() }),
    {
      scoped: { within: true },
      summary: '合并村“三资”移交情况（可筛选未完成的）',
      columns: {
        township: '乡镇',
        fromVillage: '被合并村',
        village: '并入村',
        mergedOn: '合并日期',
        inventoriedFen: '清查（分）',
        handedOverFen: '已移交（分）',
        openDiscrepancies: '未解决差异',
        complete: '移交完成',
      },
    },
  ),
  totals: projectionQuery(M, P, 'totals', z.object({ countyCode: countyCode.optional() }), {
    scoped: { within: true },
    summary: '全县集体“三资”按类别合计',
    columns: {
      group: '类别',
      label: '项目',
      amountFen: '金额（分）',
      areaSqm: '面积（平方米）',
      villages: '村数',
    },
  }),

  recordInventory: commandMutation(M, recordInventory, {
    summary: '登记清产核资结果',
    scoped: { names: (i) => i.entries.map((e) => e.villageId) },
  }),
  recordHandover: commandMutation(M, recordHandover, {
    summary: '登记合并村“三资”移交',
    scoped: { names: (i) => [i.fromVillageId, i.toVillageId] },
  }),
  recordDiscrepancy: commandMutation(M, recordDiscrepancy, { summary: '登记移交差异' }),
  resolveDiscrepancy: commandMutation(M, resolveDiscrepancy, { summary: '登记差异处理结果' }),
} satisfies TRPCRouterRecord;
