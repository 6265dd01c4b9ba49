/** 学校名录: the open schools as of the date, under the township each counts in. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { SchoolRow } from '../schools';
import { KIND, TEXT } from './text';
import { Status, Table, pct, useQueryResult, type Column } from './ui';

export default function SchoolsPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<SchoolRow[]>(props, 'education.schools');
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  const columns: Column<SchoolRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'name', header: t.school, cell: (r) => r.name },
    { key: 'kind', header: t.kind, cell: (r) => KIND[props.lang][r.kind] },
    { key: 'openedIn', header: t.openedIn, cell: (r) => (r.openedInId === r.townshipId ? '' : r.openedIn) },
    { key: 'capacity', header: t.capacity, cell: (r) => r.capacity, numeric: true },
    { key: 'enrolled', header: t.enrolled, cell: (r) => r.enrolled ?? '—', numeric: true },
    { key: 'rate', header: t.rate, cell: (r) => pct(r.rate), numeric: true },
    { key: 'boarding', header: t.boarding, cell: (r) => yesNo(r.boarding) },
    { key: 'public', header: t.public, cell: (r) => yesNo(r.public) },
    { key: 'openedAt', header: t.openedAt, cell: (r) => r.openedAt },
  ];
  return (
    <section>
      <h2>{t.schoolsTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today}
      </p>
      {rows.data ? <Table rows={rows.data} columns={columns} rowKey={(r) => r.schoolId} empty={t.empty} /> : <Status loading={t.loading} error={rows.error} />}
    </section>
  );
}
