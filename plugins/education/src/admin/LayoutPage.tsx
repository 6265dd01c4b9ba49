/** 学校布局: per township, the schools against the layout pattern, and the key figures. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { LayoutRow, LayoutSummary } from '../layout';
import { NEED, TEXT } from './text';
import { Figure, Status, Table, useQueryResult, type Column } from './ui';

export default function LayoutPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<LayoutRow[]>(props, 'education.layout');
  const summary = useQueryResult<LayoutSummary>(props, 'education.layoutSummary');
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  const columns: Column<LayoutRow>[] = [
    { key: 'code', header: t.code, cell: (r) => r.code },
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'schools', header: t.schools, cell: (r) => r.schools, numeric: true },
    { key: 'boardingPrimary', header: t.boardingPrimary, cell: (r) => `${r.boardingPrimary} / ${r.primary}`, numeric: true },
    { key: 'juniorHigh', header: t.juniorHigh, cell: (r) => r.juniorHigh + r.nineYear, numeric: true },
    { key: 'publicKindergarten', header: t.publicKindergarten, cell: (r) => `${r.publicKindergarten} / ${r.kindergarten}`, numeric: true },
    { key: 'meets', header: t.meets, cell: (r) => <span style={{ color: r.meets ? '#1a7f37' : '#b42318' }}>{yesNo(r.meets)}</span> },
    { key: 'missing', header: t.missing, cell: (r) => r.missingNeeds.map((n) => NEED[props.lang][n]).join(props.lang === 'zh' ? '、' : ', ') },
    { key: 'excess', header: t.excess, cell: (r) => (r.excess ? `${t.boardingPrimary} ${r.boardingPrimary}` : '') },
  ];
  return (
    <section>
      <h2>{t.layoutTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today} · {t.layoutNote}
      </p>
      {summary.data && (
        <div style={{ margin: '12px 0' }}>
          <Figure label={t.townships} value={summary.data.townships} />
          <Figure label={t.meeting} value={summary.data.meeting} tone="good" />
          <Figure label={t.notMeeting} value={summary.data.notMeeting} {...(summary.data.notMeeting > 0 ? { tone: 'bad' as const } : {})} />
        </div>
      )}
      {rows.data ? (
        <Table rows={rows.data} columns={columns} rowKey={(r) => r.townshipId} empty={t.empty} />
      ) : (
        <Status loading={t.loading} error={rows.error} />
      )}
    </section>
  );
}
