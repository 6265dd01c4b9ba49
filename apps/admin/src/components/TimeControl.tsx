/**
 * The global time control on every page: "as of" (a date picker and a slider over the years that
 * have events, up to next year) and an optional "as known at" instant; and the banner shown
 * whenever the UI is not showing the present.
 */
import { useId, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { useI18n } from '../i18n';
import { countyToday, fromCountyInput, isDate, toCountyInput } from '@xianzhi/admin-kit';
import { useTime } from '../time/useTime';

/** The same month and day in another year (29 February becomes the 28th). */
export function inYear(date: string, year: number): string {
  const candidate = `${year}-${date.slice(5)}`;
  return isDate(candidate) ? candidate : `${year}-${date.slice(5, 8)}28`;
}

function useEventYears(knownAt: string | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.divisions.adjustments.queryOptions({ asOf: '9999-12-31', ...(knownAt ? { knownAt } : {}) }),
    select: (data) => [...new Set(data.map((a) => Number(a.effectiveAt.slice(0, 4))))].sort((a, b) => a - b),
    staleTime: 60_000,
  });
}

export function TimeControl() {
  const { t } = useI18n();
  const time = useTime();
  const years = useEventYears(time.knownAt);
  const listId = useId();
  const today = countyToday();
  const thisYear = Number(today.slice(0, 4));
  const eventYears = useMemo(() => years.data ?? [], [years.data]);
  const min = Math.min(eventYears[0] ?? 1992, thisYear);
  const max = thisYear + 1;
  const year = Number(time.date.slice(0, 4));

  const setDate = (date: string) => time.set({ asOf: date === today ? undefined : date });

  return (
    <div className="timebar" role="group" aria-label={t('time.label')}>
      <label className="field inline">
        <span>{t('time.asOf')}</span>
        <input
          type="date"
          data-testid="asof-date"
          value={time.date}
          min="1900-01-01"
          max="9999-12-31"
          onChange={(e) => isDate(e.target.value) && setDate(e.target.value)}
        />
      </label>
      <label className="field inline slider">
        <span className="sr-only">{t('time.year')}</span>
        <input
          type="range"
          data-testid="asof-year"
          min={min}
          max={max}
          step={1}
          value={Math.min(Math.max(year, min), max)}
          list={listId}
          aria-valuetext={t('time.yearValue', { year })}
          onChange={(e) => setDate(inYear(time.date, Number(e.target.value)))}
        />
        <datalist id={listId}>
          {eventYears.map((y) => (
            <option key={y} value={y} label={String(y)} />
          ))}
        </datalist>
        <output className="year">{t('time.yearValue', { year })}</output>
      </label>
      <label className="field inline">
        <span>{t('time.knownAt')}</span>
        <input
          type="datetime-local"
          step={1}
          data-testid="known-at"
          value={toCountyInput(time.knownAt) ?? ''}
          onChange={(e) =>
            time.set({ knownAt: e.target.value ? fromCountyInput(e.target.value) : undefined })
          }
        />
      </label>
      {time.knownAt && (
        <button type="button" className="link" onClick={() => time.set({ knownAt: undefined })}>
          {t('time.knownNow')}
        </button>
      )}
      {!time.isPresent && (
        <button type="button" onClick={time.reset} data-testid="time-reset">
          {t('time.backToPresent')}
        </button>
      )}
    </div>
  );
}

export function TimeBanner() {
  const { t, date, instant } = useI18n();
  const time = useTime();
  if (time.isPresent) return null;
  const today = countyToday();
  const future = time.asOf !== undefined && time.asOf > today;
  return (
    <div className={future ? 'banner banner-future' : 'banner'} role="status" data-testid="time-banner">
      <strong>
        {future
          ? t('banner.future', { date: date(time.date) })
          : time.asOf && time.asOf !== today
            ? t('banner.past', { date: date(time.date) })
            : t('banner.today')}
      </strong>
      {time.knownAt && <span> {t('banner.knownAt', { instant: instant(time.knownAt) })}</span>}
      <button type="button" className="link" onClick={time.reset}>
        {t('time.backToPresent')}
      </button>
    </div>
  );
}
