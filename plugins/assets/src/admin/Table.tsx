/** A table of a query's rows (plain React, inline styles), reloaded when the page's date changes. */
import { useEffect, useState } from 'react';
import type { PluginPageProps } from '@xianzhi/kernel';

export const cellStyle = { border: '1px solid #ddd', padding: '4px 8px', textAlign: 'left' } as const;
export const numberStyle = { ...cellStyle, textAlign: 'right' } as const;

/** Fen as 元 with separators (display only: amounts are integers of fen). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
}

export interface Column<Row> {
  title: string;
  value: (row: Row) => string | number;
  numeric?: boolean;
}

export const TEXT = {
  zh: { loading: '加载中…', empty: '暂无数据', error: '查询失败：' },
  en: { loading: 'Loading…', empty: 'Nothing yet', error: 'Query failed: ' },
};

export function useRows<Row>(
  props: PluginPageProps,
  path: string,
  input: Record<string, unknown>,
): { rows: Row[] | null; error: string | null } {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    setRows(null);
    setError(null);
    props
      .query<Row[]>(path, JSON.parse(key) as Record<string, unknown>)
      .then(setRows, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [props, props.asOf, props.knownAt, path, key]);
  return { rows, error };
}

export function RowsTable<Row>({
  rows,
  columns,
  rowKey,
  lang,
}: {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  lang: 'zh' | 'en';
}) {
  if (rows.length === 0) return <p>{TEXT[lang].empty}</p>;
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.title} style={c.numeric ? numberStyle : cellStyle}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c) => (
              <td key={c.title} style={c.numeric ? numberStyle : cellStyle}>
                {c.value(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
