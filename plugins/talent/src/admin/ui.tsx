/** Small presentational pieces shared by the pages (plain React, inline styles). */
import type { ReactNode } from 'react';

export const tableStyle = { borderCollapse: 'collapse', width: '100%', fontSize: 14 } as const;
export const cellStyle = { border: '1px solid #ddd', padding: '4px 8px', textAlign: 'left' } as const;
export const numberStyle = { ...cellStyle, textAlign: 'right' } as const;

export function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div style={{ border: '1px solid #ddd', borderRadius: 6, padding: '8px 16px', minWidth: 140 }}>
      <div style={{ color: '#666', fontSize: 13 }}>{label}</div>
      <div style={{ fontSize: 24, fontWeight: 600 }}>{value}</div>
    </div>
  );
}

export function Figures({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', margin: '12px 0' }}>{children}</div>;
}

export const fmt = (n: number | null | undefined, suffix = ''): string => (n === null || n === undefined ? '—' : `${n}${suffix}`);
