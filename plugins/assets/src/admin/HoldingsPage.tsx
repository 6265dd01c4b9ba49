/** 各村集体“三资”: each village's funds, assets, resources and what merged villages have yet to hand over, as of the page's date. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { HoldingRow, KindTotalRow } from '../ledger';
import { useAssets } from './api';
import { yuan } from './format';

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

export default function HoldingsPage({ at, lang }: PluginPageProps) {
  const w = W[lang];
  const assets = useAssets();
  const holdings = useQuery(assets.holdings.queryOptions({ ...at }));
  const totals = useQuery(assets.totals.queryOptions({ ...at }));
  const totalColumns: Column<KindTotalRow>[] = [
    { key: 'group', header: w.group, cell: (r) => r.group },
    { key: 'kind', header: w.kind, cell: (r) => r.label },
    { key: 'amount', header: w.amount, cell: (r) => yuan(r.amountFen), numeric: true },
    { key: 'area', header: w.area, cell: (r) => r.areaSqm, numeric: true },
    { key: 'villages', header: w.villages, cell: (r) => r.villages, numeric: true },
  ];
  const holdingColumns: Column<HoldingRow>[] = [
    { key: 'township', header: w.township, cell: (r) => r.township },
    { key: 'village', header: w.village, cell: (r) => r.village },
    { key: 'funds', header: w.funds, cell: (r) => yuan(r.fundsFen), numeric: true },
    { key: 'assets', header: w.assets, cell: (r) => yuan(r.assetsFen), numeric: true },
    { key: 'resources', header: w.resources, cell: (r) => yuan(r.resourcesFen), numeric: true },
    { key: 'land', header: w.land, cell: (r) => r.landSqm, numeric: true },
    { key: 'pending', header: w.pending, cell: (r) => yuan(r.pendingFen), numeric: true },
  ];
  return (
    <>
      <AsOfSection title={w.totals} at={at}>
        <QueryView query={totals}>
          {(rows) => <DataTable rows={rows} columns={totalColumns} rowKey={(r) => r.kind} />}
        </QueryView>
      </AsOfSection>
      <AsOfSection title={w.title} at={at}>
        <QueryView query={holdings}>
          {(rows) => <DataTable rows={rows} columns={holdingColumns} rowKey={(r) => r.villageId} />}
        </QueryView>
      </AsOfSection>
    </>
  );
}
