/** A before/after comparison of one group of cadres between two dates (by default around a reform that re-drew the divisions). */
import { Suspense, lazy, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { isDate } from '@xianzhi/admin-kit';
import { useTRPC } from '../../../api/client';
import type { CadreLevel } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { useTime } from '../../../time/useTime';
import { Loading, QueryError, Section } from '../../../components/ui';

const CompareChart = lazy(() =>
  import('../../../components/CadreCharts').then((m) => ({ default: m.CompareChart })),
);

const LEVELS: CadreLevel[] = [
  'all',
  'township-leaders',
  'township-party-secretaries',
  'township-heads',
  'village-leaders',
  'village-party-secretaries',
  'village-committee-directors',
  'group-leaders',
];
const VILLAGE_LEVELS = new Set<CadreLevel>([
  'village-leaders',
  'village-party-secretaries',
  'village-committee-directors',
]);

/** Adjustments that re-draw divisions: their day is a natural "before and after". */
const REDRAWN = ['divisions.merged', 'divisions.split', 'divisions.abolished'];

/** The calendar day before `day` (YYYY-MM-DD). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function Comparison() {
  const trpc = useTRPC();
  const { t, num, share, date, change } = useI18n();
  const time = useTime();
  const [level, setLevel] = useState<CadreLevel>('township-leaders');
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  // Presets: the day before and the day of each adjustment that re-drew divisions (merged, split,
  // abolished).
  const adjustments = useQuery({
    ...trpc.divisions.adjustments.queryOptions({ ...time.at }),
    select: (data) =>
      data
        .map((a) => ({
          id: a.id,
          on: a.effectiveAt.slice(0, 10),
          documentNo: a.documentNo,
          size: REDRAWN.reduce((n, type) => n + (a.changes[type] ?? 0), 0),
        }))
        .filter((a) => a.size > 0 && isDate(a.on)),
  });
  const presets = adjustments.data ?? [];
  // The first reform is the default (e.g. the townships'); the others are a choice away.
  const first = [...presets].sort((a, b) => a.on.localeCompare(b.on))[0];
  const from = picked.from ?? (first ? dayBefore(first.on) : '2019-01-01');
  const until = picked.to ?? first?.on ?? time.date;
  const preset = presets.find((a) => a.on === until && dayBefore(a.on) === from);
  const valid = isDate(from) && isDate(until);
  const q = useQuery({
    ...trpc.personnel.compareStatistics.queryOptions({
      level,
      from,
      to: until,
      ...(time.knownAt ? { knownAt: time.knownAt } : {}),
    }),
    enabled: valid,
  });
  const c = q.data;
  const diff = (a: number | null, b: number | null) =>
    a === null || b === null ? '—' : change(Math.round((b - a) * 10) / 10);
  const metrics = c
    ? [
        {
          key: 'count',
          label: t('personnel.count'),
          before: num(c.before.count),
          after: num(c.after.count),
          delta: diff(c.before.count, c.after.count),
        },
        {
          key: 'averageAge',
          label: t('personnel.averageAge'),
          before: c.before.averageAge === null ? '—' : num(c.before.averageAge),
          after: c.after.averageAge === null ? '—' : num(c.after.averageAge),
          delta: c.averageAgeChange === null ? '—' : change(c.averageAgeChange),
        },
        {
          key: 'bachelor',
          label: t('personnel.bachelor'),
          before: share(c.before.bachelorOrHigher.percent),
          after: share(c.after.bachelorOrHigher.percent),
          delta:
            c.bachelorOrHigherChange === null
              ? '—'
              : t('personnel.points', { n: change(c.bachelorOrHigherChange) }),
        },
        {
          key: 'women',
          label: t('personnel.women'),
          before: share(c.before.women.percent),
          after: share(c.after.women.percent),
          delta: diff(c.before.women.percent, c.after.women.percent),
        },
        {
          key: 'party',
          label: t('personnel.party'),
          before: num(c.before.partyMembers),
          after: num(c.after.partyMembers),
          delta: diff(c.before.partyMembers, c.after.partyMembers),
        },
        ...(VILLAGE_LEVELS.has(level)
          ? [
              {
                key: 'dualRole',
                label: t('personnel.dualRole'),
                before: share(c.before.dualRole.percentOfAll),
                after: share(c.after.dualRole.percentOfAll),
                delta: diff(c.before.dualRole.percentOfAll, c.after.dualRole.percentOfAll),
              },
            ]
          : []),
      ]
    : [];
  return (
    <Section id="cadre-compare" title={t('personnel.compare')}>
      <div className="row wrap">
        <label className="field inline">
          <span>{t('personnel.level')}</span>
          <select
            value={level}
            onChange={(e) => setLevel(e.target.value as CadreLevel)}
            data-testid="compare-level"
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`personnel.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {presets.length > 0 && (
          <label className="field inline">
            <span>{t('personnel.preset')}</span>
            <select
              value={preset?.id ?? ''}
              data-testid="compare-preset"
              onChange={(e) => {
                const a = presets.find((x) => x.id === e.target.value);
                if (a) setPicked({ from: dayBefore(a.on), to: a.on });
              }}
            >
              <option value="">{t('personnel.presetCustom')}</option>
              {presets.map((a) => (
                <option key={a.id} value={a.id}>
                  {date(a.on)} {a.documentNo ?? ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field inline">
          <span>{t('personnel.from')}</span>
          <input
            type="date"
            value={from}
            onChange={(e) => setPicked((p) => ({ ...p, from: e.target.value }))}
            data-testid="compare-from"
          />
        </label>
        <label className="field inline">
          <span>{t('personnel.to')}</span>
          <input
            type="date"
            value={until}
            onChange={(e) => setPicked((p) => ({ ...p, to: e.target.value }))}
            data-testid="compare-to"
          />
        </label>
      </div>
      {q.isPending && valid && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {c && (
        <div className="split">
          <table className="table" data-testid="cadre-compare-table">
            <caption className="sr-only">
              {t('personnel.compareCaption', {
                level: t(`personnel.level.${level}`),
                from: date(from),
                to: date(until),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('personnel.metric')}</th>
                <th scope="col" className="num">
                  {date(from)}
                </th>
                <th scope="col" className="num">
                  {date(until)}
                </th>
                <th scope="col" className="num">
                  {t('personnel.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.before}</td>
                  <td className="num">{m.after}</td>
                  <td className="num">{m.delta}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="chart">
            <Suspense fallback={<Loading inline />}>
              <CompareChart comparison={c} from={from} to={until} />
            </Suspense>
          </div>
        </div>
      )}
    </Section>
  );
}
