import { useEffect, useState } from 'react';
import type { PluginPageProps } from '@xianzhi/kernel';

const TEXT = {
  zh: { title: '按乡镇统计', township: '乡镇', items: '数量', loading: '加载中…', empty: '暂无数据' },
  en: { title: 'By township', township: 'Township', items: 'Items', loading: 'Loading…', empty: 'Nothing yet' },
};

interface Row {
  townshipId: string;
  township: string;
  items: number;
}

export default function ItemsPage(props: PluginPageProps) {
  const t = TEXT[props.lang];
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRows(null);
    props.query<Row[]>('__name__.byTownship', {}).then(setRows, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [props, props.asOf, props.knownAt]);
  if (error) return <p role="alert">{error}</p>;
  if (!rows) return <p>{t.loading}</p>;
  return (
    <section>
      <h2>{t.title}</h2>
      {rows.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t.township}</th>
              <th>{t.items}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.townshipId}>
                <td>{r.township}</td>
                <td>{r.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
