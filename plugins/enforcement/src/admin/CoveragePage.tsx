/** 一支队伍管执法: which townships have a comprehensive enforcement team as of the page's date. */
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
import type { Coverage } from '../index';
import { useEnforcement } from './api';
import { words } from './i18n';

type Row = Coverage['rows'][number];

export default function CoveragePage({ at, lang }: PluginPageProps) {
  const w = words(lang);
  const coverage = useQuery(useEnforcement().coverage.queryOptions(at));
  const columns: Column<Row>[] = [
    { key: 'code', header: w.code, cell: (r) => r.code },
    { key: 'township', header: w.township, cell: (r) => `${r.township}${r.key ? ' ★' : ''}` },
    { key: 'team', header: w.team, cell: (r) => (r.covered ? r.teamNames.join('、') : w.no) },
    { key: 'officers', header: w.officers, cell: (r) => r.officers, numeric: true },
    { key: 'since', header: w.since, cell: (r) => r.since ?? '—' },
  ];
  return (
    <AsOfSection title={w.coverageTitle} at={at}>
      <QueryView query={coverage}>
        {(data) => (
          <>
            <Figures>
              <Figure label={w.townships} value={data.townships} />
              <Figure label={w.covered} value={data.covered} />
              <Figure label={w.share} value={formatShare(lang, data.share)} />
              <Figure label={w.keyCovered} value={data.keyCovered} />
              <Figure label={w.officers} value={data.rows.reduce((n, r) => n + r.officers, 0)} />
            </Figures>
            <p>
              {w.uncovered}：
              {data.uncovered.length === 0 ? w.none : data.uncovered.map((u) => u.township).join('、')}
            </p>
            <DataTable
              rows={data.rows}
              columns={columns}
              rowKey={(r) => r.townshipId}
              empty={w.empty}
              rowClass={(r) => (r.covered ? undefined : 'warn')}
            />
          </>
        )}
      </QueryView>
    </AsOfSection>
  );
}
