/** 校舍利用率: the county figure against the 94 % target, then per township and per school. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { SchoolUtilisationRow, TownshipUtilisationRow, UtilisationSummary } from '../utilisation';
import { TEXT } from './text';
import { Figure, Status, Table, pct, useQueryResult, type Column } from './ui';

export default function UtilisationPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const summary = useQueryResult<UtilisationSummary>(props, 'education.utilisationSummary');
  const townships = useQueryResult<TownshipUtilisationRow[]>(props, 'education.utilisationByTownship');
  const schools = useQueryResult<SchoolUtilisationRow[]>(props, 'education.utilisationBySchool');
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
    <section>
      <h2>{t.utilisationTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today}
      </p>
      {s && (
        <div style={{ margin: '12px 0' }}>
          <Figure label={`${t.county} ${t.rate}`} value={pct(s.rate)} tone={s.meets ? 'good' : 'bad'} />
          <Figure label={t.target} value={`≥ ${s.target}%`} />
          <Figure label={t.gap} value={s.gap ?? '—'} />
          <Figure label={t.enrolled} value={s.enrolled} />
          <Figure label={t.capacity} value={s.capacity} />
        </div>
      )}
      <h3>{t.byTownship}</h3>
      {townships.data ? (
        <Table rows={townships.data} columns={byTownship} rowKey={(r) => r.townshipId} empty={t.empty} />
      ) : (
        <Status loading={t.loading} error={townships.error} />
      )}
      <h3>{t.bySchool}</h3>
      {schools.data ? (
        <Table rows={schools.data} columns={bySchool} rowKey={(r) => r.schoolId} empty={t.empty} />
      ) : (
        <Status loading={t.loading} error={schools.error} />
      )}
    </section>
  );
}
