/**
 * Dates, instants and numbers as the UI shows them. Every county keeps its calendar in China
 * Standard Time (UTC+8, no daylight saving), whatever the browser's zone: instants are shown in it.
 * Chinese: 2019年12月20日; English: ISO-like 2019-12-20.
 */
export type Lang = 'zh' | 'en';

const OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The county's calendar date of an instant (default: now), as YYYY-MM-DD. */
export function countyToday(ms: number = Date.now()): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant in county time as YYYY-MM-DDTHH:mm:ss (for datetime-local inputs), or undefined. */
export function toCountyInput(instant: string | undefined): string | undefined {
  if (instant === undefined) return undefined;
  const ms = DATE_RE.test(instant) ? Date.parse(`${instant}T23:59:59+08:00`) : Date.parse(instant);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19);
}

/** A datetime-local value (county time) as an instant with the county's offset. */
export function fromCountyInput(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(value);
  if (!m) return undefined;
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`;
}

/** A date (YYYY-MM-DD) or an instant, as a calendar date in the UI's language. */
export function formatDate(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  const date = DATE_RE.test(value) ? value : countyDateOf(value);
  if (date === undefined) return value;
  if (lang === 'en') return date;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** An instant, in county time, to the second. */
export function formatInstant(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const iso = new Date(ms + OFFSET_MS).toISOString();
  const time = iso.slice(11, 19);
  return lang === 'en'
    ? `${iso.slice(0, 10)} ${time} (UTC+8)`
    : `${formatDate('zh', iso.slice(0, 10))} ${time}`;
}

/** A date or an instant: dates as dates, instants with their time. */
export function formatWhen(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  return DATE_RE.test(value) ? formatDate(lang, value) : formatInstant(lang, value);
}

function countyDateOf(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : countyToday(ms);
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();

export function formatNumber(lang: Lang, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US');
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/** A signed change: +3, −20 (a true minus sign). */
export function formatChange(lang: Lang, n: number): string {
  if (n === 0) return '0';
  return n > 0 ? `+${formatNumber(lang, n)}` : `−${formatNumber(lang, -n)}`;
}

/** A percentage with one decimal, signed; an em dash when there is none. */
export function formatPercent(lang: Lang, p: number | null): string {
  if (p === null) return '—';
  const abs = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.abs(p));
  return p > 0 ? `+${abs}%` : p < 0 ? `−${abs}%` : `${abs}%`;
}

/** A share (a part of a whole) in percent with one decimal, unsigned; an em dash when there is none. */
export function formatShare(lang: Lang, p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return `${new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(p)}%`;
}

/** True for a real calendar date YYYY-MM-DD. */
export function isDate(value: string | undefined | null): value is string {
  if (!value) return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** True for an instant with an offset, as the API accepts it. */
export function isInstant(value: string | undefined | null): value is string {
  return (
    !!value &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}
