/** 机构名录: the open facilities as of the date, under the township each counts in. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { FacilityRow } from '../facilities';
import { useHealth } from './api';
import { TEXT, TIER, ZONE } from './text';

export default function FacilitiesPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const rows = useQuery(useHealth().facilities.queryOptions(at));
  const columns: Column<FacilityRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'name', header: t.facility, cell: (r) => r.name },
    { key: 'tier', header: t.tier, cell: (r) => TIER[lang][r.tier] },
    { key: 'zone', header: t.zone, cell: (r) => ZONE[lang][r.zone] },
    { key: 'division', header: t.division, cell: (r) => r.division },
    { key: 'establishedAt', header: t.establishedAt, cell: (r) => r.establishedAt },
    { key: 'tierHistory', header: t.tierHistory, cell: (r) => r.tierHistory },
  ];
  return (
    <AsOfSection title={t.facilitiesTitle} at={at}>
      <QueryView query={rows}>
        {(data) => <DataTable rows={data} columns={columns} rowKey={(r) => r.facilityId} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
