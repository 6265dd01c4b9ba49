/** First-secretary coverage of villages as of the page's date. */
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
import type { SecretaryCoverage } from '../index';
import { useTalent } from './api';
import { words } from './i18n';

type Row = SecretaryCoverage['rows'][number];

export default function SecretariesPage({ at, lang }: PluginPageProps) {
  const w = words(lang);
  const coverage = useQuery(useTalent().secretaryCoverage.queryOptions(at));
  const columns: Column<Row>[] = [
    { key: 'code', header: w.code, cell: (r) => r.code },
    { key: 'township', header: w.township, cell: (r) => r.township },
    { key: 'village', header: w.village, cell: (r) => r.village },
    { key: 'secretaries', header: w.secretaries, cell: (r) => (r.covered ? r.names.join('、') : '—') },
    { key: 'since', header: w.since, cell: (r) => r.since ?? '—' },
  ];
  return (
    <AsOfSection title={w.secretariesTitle} at={at}>
      <QueryView query={coverage}>
        {(data) => (
          <>
            <Figures>
              <Figure label={w.villages} value={data.villages} />
              <Figure label={w.covered} value={data.covered} />
              <Figure label={w.share} value={formatShare(lang, data.share)} />
              <Figure label={w.doubled} value={data.doubled} />
            </Figures>
            <p>
              {w.uncovered}：
              {data.uncovered.length === 0
                ? w.none
                : data.uncovered.map((u) => `${u.township}${u.village}`).join('、')}
            </p>
            <DataTable
              rows={data.rows}
              columns={columns}
              rowKey={(r) => r.villageId}
              empty={w.empty}
              rowClass={(r) => (!r.covered ? 'warn' : r.secretaries > 1 ? 'notice' : undefined)}
            />
          </>
        )}
      </QueryView>
    </AsOfSection>
  );
}
