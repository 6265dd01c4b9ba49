/** Small building blocks of the education pages: a query hook, figures and a table (plain React). */
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import type { PluginPageProps } from '@xianzhi/kernel';

export interface Loaded<R> {
  data: R | undefined;
  error: string | undefined;
}

/** Calls a query procedure with the page's as-of time; reloads when the time or the input changes. */
export function useQueryResult<R>(props: PluginPageProps, path: string, input: Record<string, unknown> = {}): Loaded<R> {
  const [result, setResult] = useState<Loaded<R>>({ data: undefined, error: undefined });
  const { query, asOf, knownAt } = props;
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    setResult({ data: undefined, error: undefined });
    const at = { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) };
    query<R>(path, { ...(JSON.parse(key) as Record<string, unknown>), ...at }).then(
      (data) => {
        if (live) setResult({ data, error: undefined });
      },
      (e: unknown) => {
        if (live) setResult({ data: undefined, error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [query, path, key, asOf, knownAt]);
  return result;
}

const figureStyle: CSSProperties = { display: 'inline-block', minWidth: 120, marginRight: 16, padding: '8px 12px', border: '1px solid #ddd', borderRadius: 4 };

export function Figure({ label, value, tone }: { label: string; value: ReactNode; tone?: 'good' | 'bad' }) {
  const color = tone === 'good' ? '#1a7f37' : tone === 'bad' ? '#b42318' : 'inherit';
  return (
    <div style={figureStyle}>
      <div style={{ fontSize: 12, color: '#666' }}>{label}</div>
      <div style={{ fontSize: 22, fontWeight: 600, color }}>{value}</div>
    </div>
  );
}

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

const cellStyle: CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #eee' };

export function Table<Row>({ rows, columns, rowKey, empty }: { rows: readonly Row[]; columns: Column<Row>[]; rowKey: (row: Row) => string; empty: string }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%' }}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} style={{ ...cellStyle, textAlign: c.numeric ? 'right' : 'left', borderBottom: '2px solid #ccc' }}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c) => (
              <td key={c.key} style={{ ...cellStyle, textAlign: c.numeric ? 'right' : 'left' }}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Status({ loading, error, emptyText }: { loading: string; error: string | undefined; emptyText?: string }) {
  if (error) return <p role="alert">{error}</p>;
  return <p>{emptyText ?? loading}</p>;
}

export const pct = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`);
