/** First-secretary coverage of villages as of the page's date. */
import type { PluginPageProps } from '@xianzhi/kernel';
import type { SecretaryCoverage } from '../index';
import { words } from './i18n';
import { Figure, Figures, cellStyle, fmt, numberStyle, tableStyle } from './ui';
import { useQuery } from './useQuery';

export default function SecretariesPage(props: PluginPageProps) {
  const w = words(props.lang);
  const { data, error, loading } = useQuery<SecretaryCoverage>(props, 'talent.secretaryCoverage', {});
  if (error) return <p role="alert">{w.error + error}</p>;
  if (!data) return <p>{w.loading}</p>;
  return (
    <section aria-busy={loading}>
      <h2>{w.secretariesTitle}</h2>
      <Figures>
        <Figure label={w.villages} value={data.villages} />
        <Figure label={w.covered} value={data.covered} />
        <Figure label={w.share} value={fmt(data.share, '%')} />
        <Figure label={w.doubled} value={data.doubled} />
      </Figures>
      <p>
        {w.uncovered}：{data.uncovered.length === 0 ? w.none : data.uncovered.map((u) => `${u.township}${u.village}`).join('、')}
      </p>
      {data.rows.length === 0 ? (
        <p>{w.empty}</p>
      ) : (
        <table style={tableStyle}>
          <thead>
            <tr>
              <th style={cellStyle}>{w.code}</th>
              <th style={cellStyle}>{w.township}</th>
              <th style={cellStyle}>{w.village}</th>
              <th style={numberStyle}>{w.secretaries}</th>
              <th style={cellStyle}>{w.since}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.villageId} style={r.covered ? (r.secretaries > 1 ? { background: '#fff8e1' } : undefined) : { background: '#fff4e5' }}>
                <td style={cellStyle}>{r.code}</td>
                <td style={cellStyle}>{r.township}</td>
                <td style={cellStyle}>{r.village}</td>
                <td style={numberStyle}>{r.covered ? r.names.join('、') : '—'}</td>
                <td style={cellStyle}>{r.since ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
