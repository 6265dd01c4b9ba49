/** Cadre statistics by group as of the date, with charts. */
import { Suspense, lazy } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { useTime } from '../../../time/useTime';
import { ExportButtons } from '../../../components/ExportButtons';
import { Loading, QueryError, Section } from '../../../components/ui';

const CadreCharts = lazy(() => import('../../../components/CadreCharts'));

export function Statistics() {
  const trpc = useTRPC();
  const { t, num, share, date } = useI18n();
  const time = useTime();
  const rows = useQuery(trpc.personnel.statisticsByLevel.queryOptions({ ...time.at }));
  const villages = useQuery(trpc.personnel.statistics.queryOptions({ level: 'village-leaders', ...time.at }));
  const sources = useQuery(trpc.personnel.sources.queryOptions({ level: 'group-leaders', ...time.at }));
  return (
    <Section
      id="cadre-statistics"
      title={t('personnel.statistics')}
      actions={<ExportButtons procedure="personnel.statisticsByLevel" input={{}} withAsOf />}
    >
      {rows.isPending && <Loading inline />}
      {rows.error && <QueryError error={rows.error} />}
      {rows.data && (
        <table className="table" data-testid="cadre-statistics-table">
          <caption className="sr-only">{t('personnel.statisticsCaption', { date: date(time.date) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('personnel.level')}</th>
              <th scope="col" className="num">
                {t('personnel.count')}
              </th>
              <th scope="col" className="num">
                {t('personnel.averageAge')}
              </th>
              <th scope="col" className="num">
                {t('personnel.bachelor')}
              </th>
              <th scope="col" className="num">
                {t('personnel.women')}
              </th>
              <th scope="col" className="num">
                {t('personnel.party')}
              </th>
              <th scope="col" className="num">
                {t('personnel.dualRole')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.level} className={r.level === 'all' ? 'strong' : ''} data-level={r.level}>
                <th scope="row">{t(`personnel.level.${r.level}`)}</th>
                <td className="num">{num(r.count)}</td>
                <td className="num" data-testid={`average-age-${r.level}`}>
                  {r.averageAge === null ? '—' : num(r.averageAge)}
                </td>
                <td className="num">{share(r.bachelorOrHigherPercent)}</td>
                <td className="num">{share(r.womenPercent)}</td>
                <td className="num">{num(r.partyMembers)}</td>
                <td className="num">{share(r.dualRolePercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.data && villages.data && sources.data && (
        <Suspense fallback={<Loading inline />}>
          <CadreCharts rows={rows.data} dualRole={villages.data.dualRole} sources={sources.data} />
        </Suspense>
      )}
    </Section>
  );
}
