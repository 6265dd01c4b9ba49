/** Progress of the talent programmes against the five-year targets, county-wide and per township. */
import type { PluginPageProps } from '@xianzhi/kernel';
import { PLAN, PROGRESS_LABEL, type Progress, type TownshipProgressRow } from '../index';
import { words } from './i18n';
import { cellStyle, fmt, numberStyle, tableStyle } from './ui';
import { useQuery } from './useQuery';

/** Share of the plan period passed as of the page's date (today when none is set). */
function elapsed(asOf: string | undefined): number {
  const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
  const at = asOf ? day(asOf.slice(0, 10)) + 86_400_000 : Date.now();
  const share = (at - day(PLAN.from)) / (day(PLAN.to) + 86_400_000 - day(PLAN.from));
  return Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10;
}

function Bar({ share }: { share: number | null }) {
  const width = Math.min(100, share ?? 0);
  return (
    <div style={{ background: '#eee', width: 160, height: 10, borderRadius: 5 }}>
      <div style={{ background: (share ?? 0) >= 100 ? '#2e7d32' : '#1565c0', width: `${width}%`, height: 10, borderRadius: 5 }} />
    </div>
  );
}

export default function ProgressPage(props: PluginPageProps) {
  const w = words(props.lang);
  const progress = useQuery<Progress>(props, 'talent.progress', {});
  const townships = useQuery<TownshipProgressRow[]>(props, 'talent.byTownship', {});
  const label = (key: keyof typeof PROGRESS_LABEL) => PROGRESS_LABEL[key][props.lang];
  if (progress.error) return <p role="alert">{w.error + progress.error}</p>;
  if (!progress.data) return <p>{w.loading}</p>;
  return (
    <section aria-busy={progress.loading || townships.loading}>
      <h2>{w.progressTitle}</h2>
      <p>
        {w.period}：{PLAN.from} — {PLAN.to}；{w.elapsed}：{elapsed(props.asOf)}%
      </p>
      <table style={tableStyle}>
        <thead>
          <tr>
            <th style={cellStyle}>{w.item}</th>
            <th style={numberStyle}>{w.count}</th>
            <th style={numberStyle}>{w.target}</th>
            <th style={numberStyle}>{w.share}</th>
            <th style={cellStyle} />
            <th style={numberStyle}>{w.remaining}</th>
          </tr>
        </thead>
        <tbody>
          {progress.data.rows.map((r) => (
            <tr key={r.key}>
              <td style={cellStyle}>{label(r.key)}</td>
              <td style={numberStyle}>{r.count}</td>
              <td style={numberStyle}>{fmt(r.target)}</td>
              <td style={numberStyle}>{fmt(r.share, '%')}</td>
              <td style={cellStyle}>{r.target !== null && <Bar share={r.share} />}</td>
              <td style={numberStyle}>{fmt(r.remaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{w.byTownship}</h3>
      {townships.error && <p role="alert">{w.error + townships.error}</p>}
      {(townships.data ?? []).length === 0 ? (
        <p>{townships.loading ? w.loading : w.empty}</p>
      ) : (
        <table style={tableStyle}>
          <thead>
            <tr>
              <th style={cellStyle}>{w.township}</th>
              {PLAN.targets.map((t) => (
                <th key={t.key} style={numberStyle}>
                  {label(t.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(townships.data ?? []).map((r) => (
              <tr key={r.townshipId}>
                <td style={cellStyle}>{r.township}</td>
                {PLAN.targets.map((t) => (
                  <td key={t.key} style={numberStyle}>
                    {r[t.key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
