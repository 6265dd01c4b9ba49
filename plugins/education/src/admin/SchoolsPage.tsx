/** 学校名录: the open schools as of the date, under the township each counts in. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  formatShare,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { SchoolRow } from '../schools';
import { useEducation } from './api';
import { KIND, TEXT } from './text';

export default function SchoolsPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const rows = useQuery(useEducation().schools.queryOptions(at));
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  const columns: Column<SchoolRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'name', header: t.school, cell: (r) => r.name },
    { key: 'kind', header: t.kind, cell: (r) => KIND[lang][r.kind] },
    { key: 'openedIn', header: t.openedIn, cell: (r) => (r.openedInId === r.townshipId ? '' : r.openedIn) },
    { key: 'capacity', header: t.capacity, cell: (r) => r.capacity, numeric: true },
    { key: 'enrolled', header: t.enrolled, cell: (r) => r.enrolled ?? '—', numeric: true },
    { key: 'rate', header: t.rate, cell: (r) => formatShare(lang, r.rate), numeric: true },
    { key: 'boarding', header: t.boarding, cell: (r) => yesNo(r.boarding) },
    { key: 'public', header: t.public, cell: (r) => yesNo(r.public) },
    { key: 'openedAt', header: t.openedAt, cell: (r) => r.openedAt },
  ];
  return (
    <AsOfSection title={t.schoolsTitle} at={at}>
      <QueryView query={rows}>
        {(data) => <DataTable rows={data} columns={columns} rowKey={(r) => r.schoolId} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
