/**
 * The time model's primitives (docs/time-model.md).
 *
 * `effectiveAt` (valid time) is either a calendar date `YYYY-MM-DD` — the change takes effect at the
 * start of that day in the county's time zone (China Standard Time, UTC+8, no daylight saving) — or
 * an ISO instant with an offset. Both are mapped onto one axis, epoch milliseconds, so that mixed
 * dates and instants sort correctly.
 *
 * `asOf` D (a query's valid time) is inclusive: as of a date means "at the end of that day", so an
 * event effective on 2019-12-20 is visible as of 2019-12-20. As of an instant means at that instant.
 *
 * `knownAt` T (transaction time) is an instant: the events recorded at or before T.
 */
import { ValidationError } from './errors';

/** China Standard Time: every county keeps its calendar in UTC+8. */
export const COUNTY_UTC_OFFSET_MINUTES = 480;
const OFFSET_MS = COUNTY_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function dateStartMs(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return utc - OFFSET_MS;
}

function instantMs(text: string): number | undefined {
  if (!INSTANT_RE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True for `YYYY-MM-DD` (a real calendar day). */
export function isDate(text: string): boolean {
  return dateStartMs(text) !== undefined;
}

/**
 * Parses an `effectiveAt`: a date keeps its form, an instant is normalised to UTC ISO.
 * Returns the text to store and the point on the time axis, or undefined when it is neither.
 *
 * @example
 * parseEffectiveAt('2019-12-20') // { text: '2019-12-20', ms: 1576771200000 } (00:00 UTC+8)
 */
export function parseEffectiveAt(text: string): { text: string; ms: number } | undefined {
  const d = dateStartMs(text);
  if (d !== undefined) return { text, ms: d };
  const i = instantMs(text);
  if (i !== undefined) return { text: new Date(i).toISOString(), ms: i };
  return undefined;
}

/** Like parseEffectiveAt, but throws a ValidationError naming `field`. */
export function requireEffectiveAt(
  text: unknown,
  field: (string | number)[] = ['effectiveAt'],
): { text: string; ms: number } {
  const parsed = typeof text === 'string' ? parseEffectiveAt(text) : undefined;
  if (!parsed) {
    throw new ValidationError([
      {
        path: field,
        message: `expected a date (2019-12-20) or an instant with an offset (2019-12-20T09:00:00+08:00), got ${JSON.stringify(text)}`,
      },
    ]);
  }
  return parsed;
}

/**
 * The inclusive upper bound on the time axis for "as of D": the last millisecond of day D (UTC+8)
 * for a date, the instant itself for an instant, `now` when D is undefined.
 *
 * @example
 * asOfBound('2019-12-20') === parseEffectiveAt('2019-12-21')!.ms - 1
 */
export function asOfBound(asOf: string | undefined, now: () => number = Date.now): number {
  if (asOf === undefined) return now();
  const d = dateStartMs(asOf);
  if (d !== undefined) return d + DAY_MS - 1;
  const i = instantMs(asOf);
  if (i !== undefined) return i;
  throw new ValidationError([
    {
      path: ['asOf'],
      message: `expected a date (2019-12-20) or an instant with an offset, got ${JSON.stringify(asOf)}`,
    },
  ]);
}

/** Parses a `knownAt` instant (a date means the end of that day, UTC+8), or `now` when undefined. */
export function knownAtBound(knownAt: string | undefined, now: () => number = Date.now): number {
  if (knownAt === undefined) return now();
  try {
    return asOfBound(knownAt, now);
  } catch {
    throw new ValidationError([
      {
        path: ['knownAt'],
        message: `expected an instant (2020-01-01T12:00:00+08:00) or a date, got ${JSON.stringify(knownAt)}`,
      },
    ]);
  }
}

/** The calendar date (UTC+8) of a point on the time axis, as `YYYY-MM-DD`. */
export function countyDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Start of the next county day after `ms` (for timers that wake scheduled events). */
export function nextCountyMidnight(ms: number): number {
  const local = ms + OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) + DAY_MS - OFFSET_MS;
}

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates (no time zone involved).
 *
 * @example
 * addDays('2019-12-31', 1) // '2020-01-01'
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The number of days of a month (1–12) of a year.
 *
 * @example
 * daysInMonth(2024, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
