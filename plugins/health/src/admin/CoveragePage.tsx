/** 乡镇卫生院配置: per township, its centres after mergers, and the townships without one. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { CoverageRow } from '../coverage';
import { TEXT } from './text';
import { Status, Table, useQueryResult, type Column } from './ui';

export default function CoveragePage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<CoverageRow[]>(props, 'health.coverage');
  const columns: Column<CoverageRow>[] = [
    { key: 'code', header: t.code, cell: (r) => r.code },
    { key: 'township', header: t.township, cell: (r) => <span style={{ color: r.hasCentre ? 'inherit' : '#b42318', fontWeight: r.hasCentre ? 400 : 600 }}>{r.township}</span> },
    { key: 'subCentres', header: t.subCentres, cell: (r) => r.subCentres, numeric: true },
    { key: 'centralCentres', header: t.centralCentres, cell: (r) => r.centralCentres, numeric: true },
    { key: 'generalCentres', header: t.generalCentres, cell: (r) => r.generalCentres, numeric: true },
    { key: 'clinics', header: t.clinics, cell: (r) => r.clinics, numeric: true },
    { key: 'centreNames', header: t.centreNames, cell: (r) => r.centreNames },
  ];
  const without = rows.data?.filter((r) => !r.hasCentre) ?? [];
  return (
    <section>
      <h2>{t.coverageTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today} · {t.coverageNote}
      </p>
      {rows.data && (
        <p>
          <strong>{t.withoutTitle}：</strong>
          {without.length === 0 ? t.none : without.map((r) => r.township).join(props.lang === 'zh' ? '、' : ', ')}
        </p>
      )}
      {rows.data ? <Table rows={rows.data} columns={columns} rowKey={(r) => r.townshipId} empty={t.empty} /> : <Status loading={t.loading} error={rows.error} />}
    </section>
  );
}
