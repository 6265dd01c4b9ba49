/** Enforcement cases per township (and per month for one township) as of the page's date. */
import { useState } from 'react';
import type { PluginPageProps } from '@xianzhi/kernel';
import { CASE_CATEGORIES, CASE_CATEGORY_LABEL, type CaseCategory, type CaseMonthRow, type CaseTownshipRow } from '../index';
import { words } from './i18n';
import { Figure, Figures, cellStyle, fmt, numberStyle, tableStyle } from './ui';
import { useQuery } from './useQuery';

type ByTownship = { rows: CaseTownshipRow[]; total: Omit<CaseTownshipRow, 'townshipId' | 'code' | 'township'> };

export default function CasesPage(props: PluginPageProps) {
  const w = words(props.lang);
  const [category, setCategory] = useState<CaseCategory | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [township, setTownship] = useState('');
  const filter = { ...(category ? { category } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const summary = useQuery<ByTownship>(props, 'enforcement.casesByTownship', filter);
  const selected = township || summary.data?.rows[0]?.townshipId || '';
  const months = useQuery<CaseMonthRow[]>(props, 'enforcement.casesByMonth', { ...filter, townshipId: selected || undefined });
  const label = (c: CaseCategory) => CASE_CATEGORY_LABEL[c][props.lang];

  if (summary.error) return <p role="alert">{w.error + summary.error}</p>;
  const data = summary.data;
  return (
    <section aria-busy={summary.loading || months.loading}>
      <h2>{w.casesTitle}</h2>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
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
      {!data ? (
        <p>{w.loading}</p>
      ) : (
        <>
          <Figures>
            <Figure label={w.opened} value={data.total.opened} />
            <Figure label={w.closed} value={data.total.closed} />
            <Figure label={w.pending} value={data.total.pending} />
            <Figure label={w.medianDays} value={fmt(data.total.medianDays, ` ${w.days}`)} />
          </Figures>
          <h3>{w.byTownship}</h3>
          <table style={tableStyle}>
            <thead>
              <tr>
                <th style={cellStyle}>{w.township}</th>
                <th style={numberStyle}>{w.opened}</th>
                <th style={numberStyle}>{w.closed}</th>
                <th style={numberStyle}>{w.pending}</th>
                <th style={numberStyle}>{w.medianDays}</th>
                {CASE_CATEGORIES.map((c) => (
                  <th key={c} style={numberStyle}>
                    {label(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.townshipId} onClick={() => setTownship(r.townshipId)} style={{ cursor: 'pointer', background: r.townshipId === selected ? '#eef5ff' : undefined }}>
                  <td style={cellStyle}>{r.township}</td>
                  <td style={numberStyle}>{r.opened}</td>
                  <td style={numberStyle}>{r.closed}</td>
                  <td style={numberStyle}>{r.pending}</td>
                  <td style={numberStyle}>{fmt(r.medianDays)}</td>
                  {CASE_CATEGORIES.map((c) => (
                    <td key={c} style={numberStyle}>
                      {r.byCategory[c]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            {w.byMonth}：{data.rows.find((r) => r.townshipId === selected)?.township ?? '—'}
          </h3>
          {months.error && <p role="alert">{w.error + months.error}</p>}
          {(months.data ?? []).length === 0 ? (
            <p>{months.loading ? w.loading : w.empty}</p>
          ) : (
            <table style={tableStyle}>
              <thead>
                <tr>
                  <th style={cellStyle}>{w.month}</th>
                  <th style={numberStyle}>{w.opened}</th>
                  <th style={numberStyle}>{w.closed}</th>
                  <th style={numberStyle}>{w.medianDays}</th>
                </tr>
              </thead>
              <tbody>
                {(months.data ?? []).map((m) => (
                  <tr key={m.month}>
                    <td style={cellStyle}>{m.month}</td>
                    <td style={numberStyle}>{m.opened}</td>
                    <td style={numberStyle}>{m.closed}</td>
                    <td style={numberStyle}>{fmt(m.medianDays)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
