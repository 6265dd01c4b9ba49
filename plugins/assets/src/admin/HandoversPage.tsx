/** 合并村“三资”移交: handover completeness per merged village, as of the page's date. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { HandoverRow } from '../ledger';
import { RowsTable, TEXT, useRows, yuan } from './Table';

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

export default function HandoversPage(props: PluginPageProps) {
  const w = W[props.lang];
  const { rows, error } = useRows<HandoverRow>(props, 'assets.handovers', {});
  if (error) return <p role="alert">{TEXT[props.lang].error + error}</p>;
  if (!rows) return <p>{TEXT[props.lang].loading}</p>;
  return (
    <section>
      <h2>{w.title}</h2>
      <p>{w.summary(rows.length, rows.filter((r) => !r.complete).length)}</p>
      <RowsTable
        lang={props.lang}
        rows={rows}
        rowKey={(r) => r.fromVillageId}
        columns={[
          { title: w.township, value: (r) => r.township },
          { title: w.from, value: (r) => r.fromVillage },
          { title: w.to, value: (r) => r.village },
          { title: w.mergedOn, value: (r) => r.mergedOn.slice(0, 10) },
          { title: w.inventoried, value: (r) => yuan(r.inventoriedFen), numeric: true },
          { title: w.handed, value: (r) => yuan(r.handedOverFen), numeric: true },
          { title: w.open, value: (r) => r.openDiscrepancies, numeric: true },
          { title: w.complete, value: (r) => (r.complete ? w.yes : w.no) },
        ]}
      />
    </section>
  );
}
