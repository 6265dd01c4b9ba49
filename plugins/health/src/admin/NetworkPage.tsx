/** 卫生机构网络: facilities by tier and service zone against the targets, and the key figures. */
import {
  AsOfSection,
  DataTable,
  Figure,
  Figures,
  Gap,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import { ZONES } from '../index';
import type { NetworkRow } from '../network';
import { useHealth } from './api';
import { TEXT, TIER, ZONE } from './text';

export default function NetworkPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const health = useHealth();
  const rows = useQuery(health.network.queryOptions(at));
  const summary = useQuery(health.networkSummary.queryOptions(at));
  const columns: Column<NetworkRow>[] = [
    { key: 'tier', header: t.tier, cell: (r) => TIER[lang][r.tier] },
    ...ZONES.map((z): Column<NetworkRow> => ({
      key: z,
      header: ZONE[lang][z],
      cell: (r) => r[z],
      numeric: true,
    })),
    { key: 'total', header: t.total, cell: (r) => r.total, numeric: true },
    { key: 'target', header: t.target, cell: (r) => r.target ?? '—', numeric: true },
    { key: 'gap', header: t.gap, cell: (r) => <Gap value={r.gap} />, numeric: true },
  ];
  const s = summary.data;
  return (
    <AsOfSection title={t.networkTitle} at={at} note={t.networkNote}>
      {s && (
        <Figures>
          <Figure label={t.centres} value={s.centres} />
          <Figure label={t.clinics} value={s.clinics} />
          <Figure
            label={t.tiersOnTarget}
            value={`${s.tiersOnTarget} / ${s.tiers}`}
            tone={s.tiersOnTarget === s.tiers ? 'good' : 'bad'}
          />
        </Figures>
      )}
      <QueryView query={rows}>
        {(data) => <DataTable rows={data} columns={columns} rowKey={(r) => r.tier} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
