/** Enforcement cases per township (and per month for one township) as of the page's date. */
import { useState } from 'react';
import {
  AsOfSection,
  DataTable,
  Figure,
  Figures,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import {
  CASE_CATEGORIES,
  CASE_CATEGORY_LABEL,
  type CaseCategory,
  type CaseMonthRow,
  type CaseTownshipRow,
} from '../index';
import { useEnforcement } from './api';
import { words } from './i18n';

const days = (n: number | null, suffix = '') => (n === null ? '—' : `${n}${suffix}`);

export default function CasesPage({ at, lang }: PluginPageProps) {
  const w = words(lang);
  const enforcement = useEnforcement();
  const [category, setCategory] = useState<CaseCategory | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [township, setTownship] = useState('');
  const filter = {
    ...at,
    ...(category ? { category } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const summary = useQuery(enforcement.casesByTownship.queryOptions(filter));
  const selected = township || summary.data?.rows[0]?.townshipId || '';
  const months = useQuery({
    ...enforcement.casesByMonth.queryOptions({ ...filter, townshipId: selected }),
    enabled: selected !== '',
  });
  const label = (c: CaseCategory) => CASE_CATEGORY_LABEL[c][lang];
  const byTownship: Column<CaseTownshipRow>[] = [
    { key: 'township', header: w.township, cell: (r) => r.township },
    { key: 'opened', header: w.opened, cell: (r) => r.opened, numeric: true },
    { key: 'closed', header: w.closed, cell: (r) => r.closed, numeric: true },
    { key: 'pending', header: w.pending, cell: (r) => r.pending, numeric: true },
    { key: 'medianDays', header: w.medianDays, cell: (r) => days(r.medianDays), numeric: true },
    ...CASE_CATEGORIES.map((c): Column<CaseTownshipRow> => ({
      key: c,
      header: label(c),
      cell: (r) => r.byCategory[c],
      numeric: true,
    })),
  ];
  const byMonth: Column<CaseMonthRow>[] = [
    { key: 'month', header: w.month, cell: (m) => m.month },
    { key: 'opened', header: w.opened, cell: (m) => m.opened, numeric: true },
    { key: 'closed', header: w.closed, cell: (m) => m.closed, numeric: true },
    { key: 'medianDays', header: w.medianDays, cell: (m) => days(m.medianDays), numeric: true },
  ];
  return (
    <AsOfSection title={w.casesTitle} at={at}>
      <div className="filters">
        <label>
          {w.category}{' '}
          <select value={category} onChange={(e) => setCategory(e.target.value as CaseCategory | '')}>
            <option value="">{w.all}</option>
            {CASE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.from} <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {w.to} <input type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <QueryView query={summary}>
        {(data) => (
          <>
            <Figures>
              <Figure label={w.opened} value={data.total.opened} />
              <Figure label={w.closed} value={data.total.closed} />
              <Figure label={w.pending} value={data.total.pending} />
              <Figure label={w.medianDays} value={days(data.total.medianDays, ` ${w.days}`)} />
            </Figures>
            <h3>{w.byTownship}</h3>
            <DataTable
              rows={data.rows}
              columns={byTownship}
              rowKey={(r) => r.townshipId}
              empty={w.empty}
              onSelect={(r) => setTownship(r.townshipId)}
              selected={(r) => r.townshipId === selected}
            />
            <h3>
              {w.byMonth}：{data.rows.find((r) => r.townshipId === selected)?.township ?? '—'}
            </h3>
            {selected !== '' && (
              <QueryView query={months}>
                {(rows) => (
                  <DataTable rows={rows} columns={byMonth} rowKey={(m) => m.month} empty={w.empty} />
                )}
              </QueryView>
            )}
          </>
        )}
      </QueryView>
    </AsOfSection>
  );
}
