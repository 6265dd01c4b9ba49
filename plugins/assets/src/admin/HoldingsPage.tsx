/** 各村集体“三资”: each village's funds, assets, resources and what merged villages have yet to hand over, as of the page's date. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { HoldingRow, KindTotalRow } from '../ledger';
import { RowsTable, TEXT, useRows, yuan } from './Table';

const W = {
  zh: {
    title: '各村集体“三资”',
    totals: '全县合计（按类别）',
    township: '乡镇',
    village: '村',
    funds: '资金（元）',
    assets: '资产（元）',
    resources: '资源（元）',
    land: '土地（平方米）',
    pending: '待移交（元）',
    group: '类别',
    kind: '项目',
    amount: '金额（元）',
    area: '面积（平方米）',
    villages: '村数',
  },
  en: {
    title: 'Village collective holdings',
    totals: 'County totals by kind',
    township: 'Township',
    village: 'Village',
    funds: 'Funds (元)',
    assets: 'Assets (元)',
    resources: 'Resources (元)',
    land: 'Land (m²)',
    pending: 'To hand over (元)',
    group: 'Group',
    kind: 'Kind',
    amount: 'Amount (元)',
    area: 'Area (m²)',
    villages: 'Villages',
  },
};

export default function HoldingsPage(props: PluginPageProps) {
  const w = W[props.lang];
  const holdings = useRows<HoldingRow>(props, 'assets.holdings', {});
  const totals = useRows<KindTotalRow>(props, 'assets.totals', {});
  const error = holdings.error ?? totals.error;
  if (error) return <p role="alert">{TEXT[props.lang].error + error}</p>;
  if (!holdings.rows || !totals.rows) return <p>{TEXT[props.lang].loading}</p>;
  return (
    <section>
      <h2>{w.totals}</h2>
      <RowsTable
        lang={props.lang}
        rows={totals.rows}
        rowKey={(r) => r.kind}
        columns={[
          { title: w.group, value: (r) => r.group },
          { title: w.kind, value: (r) => r.label },
          { title: w.amount, value: (r) => yuan(r.amountFen), numeric: true },
          { title: w.area, value: (r) => r.areaSqm, numeric: true },
          { title: w.villages, value: (r) => r.villages, numeric: true },
        ]}
      />
      <h2>{w.title}</h2>
      <RowsTable
        lang={props.lang}
        rows={holdings.rows}
        rowKey={(r) => r.villageId}
        columns={[
          { title: w.township, value: (r) => r.township },
          { title: w.village, value: (r) => r.village },
          { title: w.funds, value: (r) => yuan(r.fundsFen), numeric: true },
          { title: w.assets, value: (r) => yuan(r.assetsFen), numeric: true },
          { title: w.resources, value: (r) => yuan(r.resourcesFen), numeric: true },
          { title: w.land, value: (r) => r.landSqm, numeric: true },
          { title: w.pending, value: (r) => yuan(r.pendingFen), numeric: true },
        ]}
      />
    </section>
  );
}
