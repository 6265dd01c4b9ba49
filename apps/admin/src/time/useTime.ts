/**
 * The global time: "as of" (valid time, a date) and "as known at" (transaction time, an instant),
 * carried by the URL (?asOf=2019-06-01&knownAt=2024-05-01T10:00:00+08:00) so a view can be shared.
 * Absent means "now". Every read-model query takes `at`.
 */
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import { countyToday, isDate, isInstant } from '@xianzhi/admin-kit';

export interface TimeParams {
  asOf?: string;
  knownAt?: string;
}

export function parseTime(search: string): TimeParams {
  const params = new URLSearchParams(search);
  const asOf = params.get('asOf');
  const knownAt = params.get('knownAt');
  return { ...(isDate(asOf) ? { asOf } : {}), ...(isInstant(knownAt) ? { knownAt } : {}) };
}

/** The query string carrying `time` (plus any other params of `search`). */
export function withTime(search: string, time: TimeParams): string {
  const params = new URLSearchParams(search);
  for (const key of ['asOf', 'knownAt'] as const) {
    const v = time[key];
    if (v === undefined) params.delete(key);
    else params.set(key, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A path with the current time parameters (for links between pages). */
export function useTimeHref(): (path: string) => string {
  const search = useSearch();
  return useCallback(
    (path: string) => {
      const [p, q = ''] = path.split('?') as [string, string?];
      return `${p}${withTime(q, parseTime(search))}`;
    },
    [search],
  );
}

export interface TimeState extends TimeParams {
  /** `{ asOf, knownAt }` with only the set ones: the input every read query takes. */
  at: TimeParams;
  /** The date the UI shows: `asOf`, or today in the county. */
  date: string;
  /** True when the UI shows the present (no asOf other than today, no knownAt). */
  isPresent: boolean;
  set: (next: Partial<Record<keyof TimeParams, string | undefined>>) => void;
  reset: () => void;
}

export function useTime(): TimeState {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const time = useMemo(() => parseTime(search), [search]);
  const set = useCallback(
    (next: Partial<Record<keyof TimeParams, string | undefined>>) => {
      const merged: TimeParams = { ...time };
      for (const key of ['asOf', 'knownAt'] as const) {
        if (key in next) {
          const v = next[key];
          if (v === undefined || v === '') delete merged[key];
          else merged[key] = v;
        }
      }
      navigate(`${location}${withTime(search, merged)}`, { replace: true });
    },
    [time, location, search, navigate],
  );
  const reset = useCallback(
    () => navigate(`${location}${withTime(search, {})}`, { replace: true }),
    [location, search, navigate],
  );
  return useMemo(() => {
    const today = countyToday();
    const at: TimeParams = {
      ...(time.asOf ? { asOf: time.asOf } : {}),
      ...(time.knownAt ? { knownAt: time.knownAt } : {}),
    };
    return {
      ...time,
      at,
      date: time.asOf ?? today,
      isPresent: (time.asOf === undefined || time.asOf === today) && time.knownAt === undefined,
      set,
      reset,
    };
  }, [time, set, reset]);
}
