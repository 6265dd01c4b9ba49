/** 一支队伍管执法: which townships have a comprehensive enforcement team as of the page's date. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { Coverage } from '../index';
import { words } from './i18n';
import { Figure, Figures, cellStyle, fmt, numberStyle, tableStyle } from './ui';
import { useQuery } from './useQuery';

export default function CoveragePage(props: PluginPageProps) {
  const w = words(props.lang);
  const { data, error, loading } = useQuery<Coverage>(props, 'enforcement.coverage', {});
  if (error) return <p role="alert">{w.error + error}</p>;
  if (!data) return <p>{w.loading}</p>;
  const officers = data.rows.reduce((n, r) => n + r.officers, 0);
  return (
    <section aria-busy={loading}>
      <h2>{w.coverageTitle}</h2>
      <Figures>
        <Figure label={w.townships} value={data.townships} />
        <Figure label={w.covered} value={data.covered} />
        <Figure label={w.share} value={fmt(data.share, '%')} />
        <Figure label={w.keyCovered} value={data.keyCovered} />
        <Figure label={w.officers} value={officers} />
      </Figures>
      <p>
        {w.uncovered}：{data.uncovered.length === 0 ? w.none : data.uncovered.map((u) => u.township).join('、')}
      </p>
      {data.rows.length === 0 ? (
        <p>{w.empty}</p>
      ) : (
        <table style={tableStyle}>
          <thead>
            <tr>
              <th style={cellStyle}>{w.code}</th>
              <th style={cellStyle}>{w.township}</th>
              <th style={cellStyle}>{w.team}</th>
              <th style={numberStyle}>{w.officers}</th>
              <th style={cellStyle}>{w.since}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.townshipId} style={r.covered ? undefined : { background: '#fff4e5' }}>
                <td style={cellStyle}>{r.code}</td>
                <td style={cellStyle}>
                  {r.township}
                  {r.key ? ' ★' : ''}
                </td>
                <td style={cellStyle}>{r.covered ? r.teamNames.join('、') : w.no}</td>
                <td style={numberStyle}>{r.officers}</td>
                <td style={cellStyle}>{r.since ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
