/** 卫生机构网络: facilities by tier and service zone against the targets, and the key figures. */
import type { PluginPageProps } from '@xianzhi/kernel';
import { ZONES } from '../index';
import type { NetworkRow, NetworkSummary } from '../network';
import { TEXT, TIER, ZONE } from './text';
import { Figure, Status, Table, useQueryResult, type Column } from './ui';

export default function NetworkPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<NetworkRow[]>(props, 'health.network');
  const summary = useQueryResult<NetworkSummary>(props, 'health.networkSummary');
  const columns: Column<NetworkRow>[] = [
    { key: 'tier', header: t.tier, cell: (r) => TIER[props.lang][r.tier] },
    ...ZONES.map((z): Column<NetworkRow> => ({ key: z, header: ZONE[props.lang][z], cell: (r) => r[z], numeric: true })),
    { key: 'total', header: t.total, cell: (r) => r.total, numeric: true },
    { key: 'target', header: t.target, cell: (r) => r.target ?? '—', numeric: true },
    {
      key: 'gap',
      header: t.gap,
      cell: (r) => (r.gap === null ? '—' : <span style={{ color: r.gap === 0 ? '#1a7f37' : '#b42318' }}>{r.gap > 0 ? `+${r.gap}` : r.gap}</span>),
      numeric: true,
    },
  ];
  const s = summary.data;
  return (
    <section>
      <h2>{t.networkTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today} · {t.networkNote}
      </p>
      {s && (
        <div style={{ margin: '12px 0' }}>
          <Figure label={t.centres} value={s.centres} />
          <Figure label={t.clinics} value={s.clinics} />
          <Figure label={t.tiersOnTarget} value={`${s.tiersOnTarget} / ${s.tiers}`} tone={s.tiersOnTarget === s.tiers ? 'good' : 'bad'} />
        </div>
      )}
      {rows.data ? <Table rows={rows.data} columns={columns} rowKey={(r) => r.tier} empty={t.empty} /> : <Status loading={t.loading} error={rows.error} />}
    </section>
  );
}
