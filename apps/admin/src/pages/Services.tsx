/**
 * Services (便民服务): the four-level service points as of the date, the open requests of a point,
 * and what the points did — by level (counts, median lead time, share proxied) and by month with a
 * chart.
 */
import { Suspense, lazy, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/client';
import { type ActivityRow, type PointLevel, type PointRow } from '../api/types';
import { useI18n } from '../i18n';
import { useTime } from '../time/useTime';
import { ExportButtons } from '../components/ExportButtons';
import { DivisionName, Empty, Loading, PageTitle, QueryError, Section } from '../components/ui';

const ServicesChart = lazy(() => import('../components/ServicesChart'));

const LEVELS: PointLevel[] = ['county-centre', 'township-centre', 'village-room', 'grid-worker'];
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function useLevelLabel() {
  const { t } = useI18n();
  return (level: ActivityRow['level']) =>
    level === undefined || level === '(unknown)' ? t('services.level.unknown') : t(`services.level.${level}`);
}

function PointCounts() {
  const trpc = useTRPC();
  const { t, num } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.services.pointCounts.queryOptions({ ...time.at }),
  });
  return (
    <Section id="point-counts" title={t('services.counts')}>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data && (
        <div className="cards">
          {LEVELS.map((level) => (
            <div key={level} className="stat" data-testid={`point-count-${level}`}>
              <div className="stat-label">{t(`services.level.${level}`)}</div>
              <div className="stat-value" data-testid={`point-count-${level}-value`}>
                {num(q.data[level])}
              </div>
            </div>
          ))}
        </div>
      )}
    </Section>
  );
}

function OpenRequests({ point }: { point: PointRow }) {
  const trpc = useTRPC();
  const { t, num, when } = useI18n();
  const time = useTime();
  const q = useQuery({
    ...trpc.services.openRequests.queryOptions({ pointId: point.id, limit: 50, ...time.at }),
  });
  return (
    <section className="detail" data-testid="open-requests">
      <h3>{t('services.openOf', { name: point.name, n: num(q.data?.total ?? 0) })}</h3>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.total === 0 && <Empty>{t('services.noOpen')}</Empty>}
      {q.data && q.data.requests.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t('services.requestId')}</th>
              <th scope="col">{t('services.kind')}</th>
              <th scope="col">{t('services.status')}</th>
              <th scope="col">{t('services.requestedAt')}</th>
              <th scope="col">{t('services.lastAt')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.requests.map((r) => (
              <tr key={r.requestId} data-testid="open-request">
                <td className="code">{r.requestId}</td>
                <td>{t(`services.kind.${r.kind}`)}</td>
                <td>{t(`services.status.${r.status}`)}</td>
                <td className="nowrap">{when(r.requestedAt)}</td>
                <td className="nowrap">{when(r.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Points() {
  const trpc = useTRPC();
  const { t, num, date } = useI18n();
  const time = useTime();
  const [level, setLevel] = useState<PointLevel>('township-centre');
  const [selected, setSelected] = useState<string | null>(null);
  const q = useQuery({
    ...trpc.services.points.queryOptions({ level, ...time.at }),
  });
  // The points one level up, for the names of the parents.
  const parentLevel = LEVELS[LEVELS.indexOf(level) - 1];
  const parents = useQuery({
    ...trpc.services.points.queryOptions({ level: parentLevel ?? 'county-centre', ...time.at }),
    enabled: parentLevel !== undefined,
  });
  const point = q.data?.find((p) => p.id === selected);
  const names = new Map([...(parents.data ?? []), ...(q.data ?? [])].map((p) => [p.id, p.name]));
  return (
    <Section
      id="points"
      title={t('services.points')}
      actions={
        <>
          <label className="field inline">
            <span>{t('services.level')}</span>
            <select
              value={level}
              data-testid="points-level"
              onChange={(e) => {
                setLevel(e.target.value as PointLevel);
                setSelected(null);
              }}
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`services.level.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <ExportButtons procedure="services.points" input={{ level }} withAsOf />
        </>
      }
    >
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.length === 0 && <Empty>{t('services.noPoints')}</Empty>}
      {q.data && q.data.length > 0 && (
        <div className={point ? 'master-detail open' : 'master-detail'}>
          <section>
            <table className="table compact" data-testid="points-table">
              <thead>
                <tr>
                  <th scope="col">{t('services.pointName')}</th>
                  <th scope="col">{t('services.division')}</th>
                  <th scope="col">{t('services.parent')}</th>
                  <th scope="col">{t('services.opened')}</th>
                  <th scope="col" className="num">
                    {t('services.children')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.map((p) => (
                  <tr
                    key={p.id}
                    className={p.id === selected ? 'selected' : ''}
                    onClick={() => setSelected(p.id)}
                    data-point={p.id}
                  >
                    <th scope="row">
                      <button type="button" className="link" onClick={() => setSelected(p.id)}>
                        {p.name}
                      </button>
                    </th>
                    <td>
                      <DivisionName id={p.divisionId} />
                    </td>
                    <td>{p.parentPointId ? (names.get(p.parentPointId) ?? p.parentPointId) : '—'}</td>
                    <td className="nowrap">{date(p.openedAt)}</td>
                    <td className="num">{num(p.children)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!point && <p className="muted small">{t('services.choosePoint')}</p>}
          </section>
          {point && <OpenRequests point={point} />}
        </div>
      )}
    </Section>
  );
}

function ActivityCells({ r }: { r: ActivityRow }) {
  const { num, share } = useI18n();
  return (
    <>
      <td className="num">{num(r.requested)}</td>
      <td className="num">{num(r.accepted)}</td>
      <td className="num">{num(r.proxied)}</td>
      <td className="num">{num(r.completed)}</td>
      <td className="num">{num(r.rejected)}</td>
      <td className="num">{num(r.open)}</td>
      <td className="num">{r.medianLeadTimeHours === null ? '—' : num(r.medianLeadTimeHours)}</td>
      <td className="num">{share(r.proxiedPercent)}</td>
    </>
  );
}

function ActivityHead({ first }: { first: string }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {(
          [
            'services.requested',
            'services.accepted',
            'services.proxied',
            'services.completed',
            'services.rejected',
            'services.openCount',
            'services.median',
            'services.proxiedShare',
          ] as const
        ).map((k) => (
          <th key={k} scope="col" className="num">
            {t(k)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function ByLevel() {
  const trpc = useTRPC();
  const { t, date } = useI18n();
  const time = useTime();
  const levelLabel = useLevelLabel();
  const q = useQuery({
    ...trpc.services.statistics.queryOptions({ groupBy: ['level'], ...time.at }),
  });
  const order = (l: ActivityRow['level']) => (l === undefined || l === '(unknown)' ? 99 : LEVELS.indexOf(l));
  const rows = [...(q.data?.rows ?? [])].sort((a, b) => order(a.level) - order(b.level));
  return (
    <Section
      id="services-by-level"
      title={`${t('services.statistics')} · ${t('services.byLevel')}`}
      actions={<ExportButtons procedure="services.statistics" input={{ groupBy: ['level'] }} withAsOf />}
    >
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.total.requested === 0 && <Empty>{t('services.noActivity')}</Empty>}
      {q.data && q.data.total.requested > 0 && (
        <table className="table" data-testid="services-statistics-table">
          <caption className="sr-only">{t('services.statisticsCaption', { date: date(time.date) })}</caption>
          <ActivityHead first={t('services.level')} />
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.level)} data-level={r.level}>
                <th scope="row">{levelLabel(r.level)}</th>
                <ActivityCells r={r} />
              </tr>
            ))}
            <tr className="strong" data-level="total">
              <th scope="row">{t('services.total')}</th>
              <ActivityCells r={q.data.total} />
            </tr>
          </tbody>
        </table>
      )}
    </Section>
  );
}

function ByMonth() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const time = useTime();
  const [level, setLevel] = useState<PointLevel | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = {
    ...(level ? { level } : {}),
    ...(MONTH_RE.test(from) ? { from } : {}),
    ...(MONTH_RE.test(to) ? { to } : {}),
  };
  const q = useQuery({
    ...trpc.services.statistics.queryOptions({ groupBy: ['month'], ...filter, ...time.at }),
  });
  return (
    <Section
      id="services-by-month"
      title={`${t('services.statistics')} · ${t('services.byMonth')}`}
      actions={
        <ExportButtons procedure="services.statistics" input={{ groupBy: ['month'], ...filter }} withAsOf />
      }
    >
      <div className="row wrap">
        <label className="field inline">
          <span>{t('services.level')}</span>
          <select
            value={level}
            onChange={(e) => setLevel(e.target.value as PointLevel | '')}
            data-testid="month-level"
          >
            <option value="">{t('services.allLevels')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`services.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>{t('services.fromMonth')}</span>
          <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field inline">
          <span>{t('services.toMonth')}</span>
          <input type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {q.isPending && <Loading inline />}
      {q.error && <QueryError error={q.error} />}
      {q.data?.rows.length === 0 && <Empty>{t('services.noActivity')}</Empty>}
      {q.data && q.data.rows.length > 0 && (
        <>
          <Suspense fallback={<Loading inline />}>
            <ServicesChart rows={q.data.rows} />
          </Suspense>
          <details>
            <summary>{t('services.byMonth')}</summary>
            <table className="table compact" data-testid="services-month-table">
              <ActivityHead first={t('services.month')} />
              <tbody>
                {q.data.rows.map((r) => (
                  <tr key={r.month}>
                    <th scope="row">{r.month}</th>
                    <ActivityCells r={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Section>
  );
}

export default function Services() {
  const { t, date } = useI18n();
  const time = useTime();
  return (
    <>
      <PageTitle title={t('services.title')} subtitle={t('services.subtitle', { date: date(time.date) })} />
      <PointCounts />
      <ByLevel />
      <ByMonth />
      <Points />
    </>
  );
}
