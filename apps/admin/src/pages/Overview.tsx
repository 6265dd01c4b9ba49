/**
 * Overview: counts per level and kind as of the date; reform statistics between two dates (table
 * and chart); the timeline of adjustments with their documents; scheduled future changes.
 */
import { Suspense, lazy, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { type AdjustmentSummary, type DivisionKind, type Level } from '../api/types';
import { useI18n } from '../i18n';
import { countyToday, isDate } from '@xianzhi/admin-kit';
import { useTime } from '../time/useTime';
import { Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';
import { ExportButtons } from '../components/ExportButtons';

const StatisticsChart = lazy(() => import('../components/StatisticsChart'));

const LEVELS: Level[] = ['township', 'village', 'group'];
const KINDS_OF: Record<Level, DivisionKind[]> = {
  county: ['county'],
  township: ['town', 'xiang', 'ethnic-xiang', 'subdistrict', 'zone'],
  village: ['village', 'community'],
  group: ['villager-group', 'resident-group'],
};

function CountCards() {
  const trpc = useTRPC();
  const { t, num, date } = useI18n();
  const time = useTime();
  const q = useQuery({ ...trpc.divisions.counts.queryOptions({ ...time.at }) });
  return (
    <Section id="counts" title={t('overview.counts', { date: date(time.date) })}>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data && (
        <div className="cards">
          {LEVELS.map((level) => (
            <div key={level} className="stat" data-testid={`count-${level}`}>
              <div className="stat-label">{t(`level.${level}`)}</div>
              <div className="stat-value" data-testid={`count-${level}-value`}>
                {num(q.data.byLevel[level])}
              </div>
              <ul className="stat-kinds">
                {KINDS_OF[level]
                  .filter((k) => (q.data.byKind[k] ?? 0) > 0)
                  .map((k) => (
                    <li key={k}>
                      {t(`kind.${k}`)} <strong>{num(q.data.byKind[k] ?? 0)}</strong>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </Section>
  );
}

function ReformStatistics() {
  const trpc = useTRPC();
  const { t, num, change, percent, date } = useI18n();
  const time = useTime();
  const [from, setFrom] = useState('2019-01-01');
  const [to, setTo] = useState<string | undefined>(undefined);
  const until = to ?? time.asOf ?? countyToday();
  const valid = isDate(from) && isDate(until);
  const input = { from, to: until, ...(time.knownAt ? { knownAt: time.knownAt } : {}) };
  const q = useQuery({ ...trpc.divisions.statistics.queryOptions(input), enabled: valid });
  return (
    <Section
      id="statistics"
      title={t('overview.statistics')}
      actions={<ExportButtons procedure="divisions.statistics" input={{ from, to: until }} />}
    >
      <div className="row wrap">
        <label className="field inline">
          <span>{t('overview.from')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field inline">
          <span>{t('overview.to')}</span>
          <input type="date" value={until} onChange={(e) => setTo(e.target.value || undefined)} />
        </label>
      </div>
      {q.isPending && valid && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data && (
        <div className="split">
          <table className="table" data-testid="statistics-table">
            <caption className="sr-only">
              {t('overview.statisticsCaption', { from: date(from), to: date(until) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('stat.category')}</th>
                <th scope="col" className="num">
                  {date(from)}
                </th>
                <th scope="col" className="num">
                  {date(until)}
                </th>
                <th scope="col" className="num">
                  {t('stat.change')}
                </th>
                <th scope="col" className="num">
                  {t('stat.percent')}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((r) => (
                <tr key={`${r.group}-${r.key}`} className={r.group === 'level' ? 'strong' : 'sub'}>
                  <th scope="row">
                    {r.group === 'level' ? t(`level.${r.key as Level}`) : t(`kind.${r.key as DivisionKind}`)}
                  </th>
                  <td className="num">{num(r.before)}</td>
                  <td className="num">{num(r.after)}</td>
                  <td className="num">{change(r.change)}</td>
                  <td className="num">{percent(r.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="chart">
            <Suspense fallback={<Loading inline />}>
              <StatisticsChart rows={q.data} from={from} to={until} />
            </Suspense>
          </div>
        </div>
      )}
    </Section>
  );
}

export function ChangeSummary({ changes }: { changes: Record<string, number> }) {
  const { label, num } = useI18n();
  return (
    <span className="changes">
      {Object.entries(changes).map(([type, n]) => (
        <span key={type} className="chip">
          {label(`event.${type}`, type)} × {num(n)}
        </span>
      ))}
    </span>
  );
}

function AdjustmentList({ list, testId }: { list: AdjustmentSummary[]; testId: string }) {
  const { t, date, when } = useI18n();
  const time = useTime();
  return (
    <ol className="timeline" data-testid={testId}>
      {list.map((a) => (
        <li key={a.id}>
          <div className="when">
            <button
              type="button"
              title={t('overview.goTo')}
              onClick={() => time.set({ asOf: a.effectiveAt.slice(0, 10) })}
            >
              {when(a.effectiveAt)}
            </button>
          </div>
          <div className="what">
            <div>
              <strong className="doc">{a.documentNo ?? t('common.noDocument')}</strong>
              {a.issuedBy && <span className="muted"> · {a.issuedBy}</span>}
              {a.approvedOn && (
                <span className="muted"> · {t('adjustment.approvedOn', { date: date(a.approvedOn) })}</span>
              )}
            </div>
            <ChangeSummary changes={a.changes} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function Timeline() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.divisions.adjustments.queryOptions({ ...time.at }),
  });
  return (
    <Section id="timeline" title={t('overview.timeline')}>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('overview.noAdjustments')}</Empty>}
      {q.data && q.data.length > 0 && <AdjustmentList list={[...q.data].reverse()} testId="timeline-list" />}
    </Section>
  );
}

function Scheduled() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.divisions.scheduled.queryOptions(time.at),
  });
  return (
    <Section id="scheduled" title={t('overview.scheduled')}>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('overview.noScheduled')}</Empty>}
      {q.data && q.data.length > 0 && <AdjustmentList list={q.data} testId="scheduled-list" />}
    </Section>
  );
}

export default function Overview() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('overview.title')} />
      <CountCards />
      <div className="grid-2">
        <Timeline />
        <Scheduled />
      </div>
      <ReformStatistics />
    </>
  );
}
