/** 合并村“三资”移交: handover completeness per merged village, as of the page's date. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { HandoverRow } from '../ledger';
import { useAssets } from './api';
import { yuan } from './format';

const W = {
  zh: {
    title: '合并村“三资”移交',
    township: '乡镇',
    from: '被合并村',
    to: '并入村',
    mergedOn: '合并日期',
    inventoried: '清查（元）',
    handed: '已移交（元）',
    open: '未解决差异',
    complete: '移交完成',
    yes: '是',
    no: '否',
    summary: (n: number, open: number) => `合并村 ${n} 个，未完成移交 ${open} 个`,
  },
  en: {
    title: 'Handovers of merged villages',
    township: 'Township',
    from: 'Merged village',
    to: 'Into',
    mergedOn: 'Merged on',
    inventoried: 'Inventoried (元)',
    handed: 'Handed over (元)',
    open: 'Open discrepancies',
    complete: 'Complete',
    yes: 'yes',
    no: 'no',
    summary: (n: number, open: number) => `${n} merged villages, ${open} handovers open`,
  },
};

export default function HandoversPage({ at, lang }: PluginPageProps) {
  const w = W[lang];
  const assets = useAssets();
  const handovers = useQuery(assets.handovers.queryOptions({ ...at }));
  const columns: Column<HandoverRow>[] = [
    { key: 'township', header: w.township, cell: (r) => r.township },
    { key: 'from', header: w.from, cell: (r) => r.fromVillage },
    { key: 'to', header: w.to, cell: (r) => r.village },
    { key: 'mergedOn', header: w.mergedOn, cell: (r) => r.mergedOn.slice(0, 10) },
    { key: 'inventoried', header: w.inventoried, cell: (r) => yuan(r.inventoriedFen), numeric: true },
    { key: 'handed', header: w.handed, cell: (r) => yuan(r.handedOverFen), numeric: true },
    { key: 'open', header: w.open, cell: (r) => r.openDiscrepancies, numeric: true },
    { key: 'complete', header: w.complete, cell: (r) => (r.complete ? w.yes : w.no) },
  ];
  return (
    <AsOfSection title={w.title} at={at}>
      <QueryView query={handovers}>
        {(rows) => (
          <>
            <p>{w.summary(rows.length, rows.filter((r) => !r.complete).length)}</p>
            <DataTable rows={rows} columns={columns} rowKey={(r) => r.fromVillageId} />
          </>
        )}
      </QueryView>
    </AsOfSection>
  );
}
