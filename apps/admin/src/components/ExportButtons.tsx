/** CSV / Excel downloads of a query's rows (the server's /export, with the signed-in token). */
import { useState } from 'react';
import { authHeaders } from '../api/client';
import { useI18n } from '../i18n';
import { useTime } from '../time/useTime';

export function ExportButtons({
  procedure,
  input,
  withAsOf = false,
}: {
  procedure: string;
  input: Record<string, unknown>;
  withAsOf?: boolean;
}) {
  const { t } = useI18n();
  const time = useTime();
  const [error, setError] = useState<string | null>(null);

  const download = async (format: 'csv' | 'xlsx') => {
    setError(null);
    const params = new URLSearchParams({ input: JSON.stringify(input) });
    if (withAsOf && time.asOf) params.set('asOf', time.asOf);
    if (time.knownAt) params.set('knownAt', time.knownAt);
    const res = await fetch(`/export/${procedure}.${format}?${params.toString()}`, {
      headers: authHeaders(),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { detail?: string };
      setError(body.detail ?? res.statusText);
      return;
    }
    // the Chinese name (filename*, RFC 6266) when the server gives one, else the ASCII one
    const disposition = res.headers.get('content-disposition') ?? '';
    const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
    const name =
      (utf8 ? decodeURIComponent(utf8) : /filename="([^"]+)"/.exec(disposition)?.[1]) ??
      `${procedure}.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <span className="row">
      <button type="button" className="small" onClick={() => void download('csv')}>
        {t('export.csv')}
      </button>
      <button type="button" className="small" onClick={() => void download('xlsx')}>
        {t('export.xlsx')}
      </button>
      {error && <span className="error">{error}</span>}
    </span>
  );
}
