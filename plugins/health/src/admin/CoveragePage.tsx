/** 乡镇卫生院配置: per township, its centres after mergers, and the townships without one. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  Tone,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { CoverageRow } from '../coverage';
import { useHealth } from './api';
import { TEXT } from './text';

export default function CoveragePage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const rows = useQuery(useHealth().coverage.queryOptions(at));
  const columns: Column<CoverageRow>[] = [
    { key: 'code', header: t.code, cell: (r) => r.code },
    {
      key: 'township',
      header: t.township,
      cell: (r) =>
        r.hasCentre ? (
          r.township
        ) : (
          <Tone tone="bad" strong>
            {r.township}
          </Tone>
        ),
    },
    { key: 'subCentres', header: t.subCentres, cell: (r) => r.subCentres, numeric: true },
    { key: 'centralCentres', header: t.centralCentres, cell: (r) => r.centralCentres, numeric: true },
    { key: 'generalCentres', header: t.generalCentres, cell: (r) => r.generalCentres, numeric: true },
    { key: 'clinics', header: t.clinics, cell: (r) => r.clinics, numeric: true },
    { key: 'centreNames', header: t.centreNames, cell: (r) => r.centreNames },
  ];
  return (
    <AsOfSection title={t.coverageTitle} at={at} note={t.coverageNote}>
      <QueryView query={rows}>
        {(data) => {
          const without = data.filter((r) => !r.hasCentre);
          return (
            <>
              <p>
                <strong>{t.withoutTitle}：</strong>
                {without.length === 0
                  ? t.none
                  : without.map((r) => r.township).join(lang === 'zh' ? '、' : ', ')}
              </p>
              <DataTable rows={data} columns={columns} rowKey={(r) => r.townshipId} empty={t.empty} />
            </>
          );
        }}
      </QueryView>
    </AsOfSection>
  );
}
