/** 2025 年目标进度: open schools of each kind against the county's 2025 targets. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { ProgressRow } from '../progress';
import { KIND, TEXT } from './text';
import { Status, Table, useQueryResult, type Column } from './ui';

export default function ProgressPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<ProgressRow[]>(props, 'education.progress');
  const columns: Column<ProgressRow>[] = [
    { key: 'kind', header: t.kind, cell: (r) => KIND[props.lang][r.kind] },
    { key: 'current', header: t.current, cell: (r) => r.current, numeric: true },
    { key: 'target', header: t.target2025, cell: (r) => r.target, numeric: true },
    {
      key: 'gap',
      header: t.gapCount,
      cell: (r) => <span style={{ color: r.gap === 0 ? '#1a7f37' : '#b42318' }}>{r.gap > 0 ? `+${r.gap}` : r.gap}</span>,
      numeric: true,
    },
  ];
  return (
    <section>
      <h2>{t.progressTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today} · {t.progressNote}
      </p>
      {rows.data ? <Table rows={rows.data} columns={columns} rowKey={(r) => r.kind} empty={t.empty} /> : <Status loading={t.loading} error={rows.error} />}
    </section>
  );
}
