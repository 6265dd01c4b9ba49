/** 校舍利用率: the county figure against the 94 % target, then per township and per school. */
import {
  AsOfSection,
  DataTable,
  Figure,
  Figures,
  QueryView,
  formatShare,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { SchoolUtilisationRow, TownshipUtilisationRow } from '../utilisation';
import { useEducation } from './api';
import { TEXT } from './text';

export default function UtilisationPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const education = useEducation();
  const summary = useQuery(education.utilisationSummary.queryOptions(at));
  const townships = useQuery(education.utilisationByTownship.queryOptions(at));
  const schools = useQuery(education.utilisationBySchool.queryOptions(at));
  const pct = (v: number | null) => formatShare(lang, v);
  const byTownship: Column<TownshipUtilisationRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'schools', header: t.schools, cell: (r) => r.schools, numeric: true },
    { key: 'enrolled', header: t.enrolled, cell: (r) => r.enrolled, numeric: true },
    { key: 'capacity', header: t.capacity, cell: (r) => r.capacity, numeric: true },
    { key: 'rate', header: t.rate, cell: (r) => pct(r.rate), numeric: true },
    { key: 'unreported', header: t.unreported, cell: (r) => r.unreported, numeric: true },
  ];
  const bySchool: Column<SchoolUtilisationRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'name', header: t.school, cell: (r) => r.name },
    { key: 'kind', header: t.kind, cell: (r) => r.kind },
    { key: 'enrolled', header: t.enrolled, cell: (r) => r.enrolled ?? '—', numeric: true },
    { key: 'capacity', header: t.capacity, cell: (r) => r.capacity, numeric: true },
    { key: 'rate', header: t.rate, cell: (r) => pct(r.rate), numeric: true },
    { key: 'term', header: t.term, cell: (r) => r.term },
  ];
  const s = summary.data;
  return (
    <AsOfSection title={t.utilisationTitle} at={at}>
      {s && (
        <Figures>
          <Figure label={`${t.county} ${t.rate}`} value={pct(s.rate)} tone={s.meets ? 'good' : 'bad'} />
          <Figure label={t.target} value={`≥ ${s.target}%`} />
          <Figure label={t.gap} value={s.gap ?? '—'} />
          <Figure label={t.enrolled} value={s.enrolled} />
          <Figure label={t.capacity} value={s.capacity} />
        </Figures>
      )}
      <h3>{t.byTownship}</h3>
      <QueryView query={townships}>
        {(data) => (
          <DataTable rows={data} columns={byTownship} rowKey={(r) => r.townshipId} empty={t.empty} />
        )}
      </QueryView>
      <h3>{t.bySchool}</h3>
      <QueryView query={schools}>
        {(data) => <DataTable rows={data} columns={bySchool} rowKey={(r) => r.schoolId} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
