/** 机构名录: the open facilities as of the date, under the township each counts in. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { FacilityRow } from '../facilities';
import { TEXT, TIER, ZONE } from './text';
import { Status, Table, useQueryResult, type Column } from './ui';

export default function FacilitiesPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const rows = useQueryResult<FacilityRow[]>(props, 'health.facilities');
  const columns: Column<FacilityRow>[] = [
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'name', header: t.facility, cell: (r) => r.name },
    { key: 'tier', header: t.tier, cell: (r) => TIER[props.lang][r.tier] },
    { key: 'zone', header: t.zone, cell: (r) => ZONE[props.lang][r.zone] },
    { key: 'division', header: t.division, cell: (r) => r.division },
    { key: 'establishedAt', header: t.establishedAt, cell: (r) => r.establishedAt },
    { key: 'tierHistory', header: t.tierHistory, cell: (r) => r.tierHistory },
  ];
  return (
    <section>
      <h2>{t.facilitiesTitle}</h2>
      <p style={{ color: '#666' }}>
        {t.asOf} {props.asOf ?? t.today}
      </p>
      {rows.data ? <Table rows={rows.data} columns={columns} rowKey={(r) => r.facilityId} empty={t.empty} /> : <Status loading={t.loading} error={rows.error} />}
    </section>
  );
}
