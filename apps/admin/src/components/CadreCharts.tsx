/**
 * The cadre statistics charts (recharts, loaded only with them): average age and the share with a
 * bachelor's degree or higher per group, dual-role (一肩挑) coverage of the villages, the sources of
 * group leaders, and one group's figures on two dates.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CadreComparison, CadreStatistics, CadreStatisticsRow, SourceRow } from '../api/types';
import { Empty } from '@xianzhi/admin-kit';
import { useI18n } from '../i18n';

const RED = '#a5312b';
const GREY = '#9aa5b1';
const PALETTE = ['#a5312b', '#d9822b', '#3d7ea6', '#5b8c5a', '#9aa5b1'];

export default function CadreCharts({
  rows,
  dualRole,
  sources,
}: {
  rows: CadreStatisticsRow[];
  dualRole: CadreStatistics['dualRole'];
  sources: SourceRow[];
}) {
  const { t, share } = useI18n();
  const ages = rows
    .filter((r) => r.level !== 'all')
    .map((r) => ({
      name: t(`personnel.level.${r.level}`),
      age: r.averageAge,
      bachelor: r.bachelorOrHigherPercent,
    }));
  const dual = [
    { name: t('personnel.dualRoleYes'), value: dualRole.dualRole },
    { name: t('personnel.dualRoleNo'), value: dualRole.villages - dualRole.dualRole },
  ];
  const bySource = sources.map((s) => ({ name: t(`personnel.source.${s.source}`), count: s.count }));
  return (
    <div className="grid-3 charts" data-testid="cadre-charts">
      <figure className="figure" aria-label={t('personnel.ageChart')}>
        <figcaption>{t('personnel.ageChart')}</figcaption>
        {ages.some((a) => a.age !== null) ? (
          <ResponsiveContainer width="100%" height={300}>
            <BarChart data={ages} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="name"
                tick={{ fontSize: 11 }}
                interval={0}
                angle={-30}
                textAnchor="end"
                height={90}
              />
              <YAxis yAxisId="age" tick={{ fontSize: 12 }} domain={[0, 'auto']} />
              <YAxis yAxisId="share" orientation="right" tick={{ fontSize: 12 }} domain={[0, 100]} unit="%" />
              <Tooltip />
              <Legend />
              <Bar
                yAxisId="age"
                dataKey="age"
                name={t('personnel.averageAge')}
                fill={RED}
                isAnimationActive={false}
              />
              <Bar
                yAxisId="share"
                dataKey="bachelor"
                name={`${t('personnel.bachelor')} (%)`}
                fill={GREY}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <Empty>{t('chart.empty')}</Empty>
        )}
      </figure>
      <figure className="figure" aria-label={t('personnel.dualRoleTitle')} data-testid="dual-role-chart">
        <figcaption>{t('personnel.dualRoleTitle')}</figcaption>
        {dualRole.villages > 0 ? (
          <ResponsiveContainer width="100%" height={260}>
            <PieChart>
              <Pie
                data={dual}
                dataKey="value"
                nameKey="name"
                innerRadius={55}
                outerRadius={90}
                isAnimationActive={false}
                label
              >
                {dual.map((d, i) => (
                  <Cell key={d.name} fill={i === 0 ? RED : GREY} />
                ))}
              </Pie>
              <Tooltip />
              <Legend />
            </PieChart>
          </ResponsiveContainer>
        ) : (
          <Empty>{t('chart.empty')}</Empty>
        )}
        <p className="muted small" data-testid="dual-role-summary">
          {t('personnel.dualRoleOf', {
            villages: dualRole.villages,
            dual: dualRole.dualRole,
            percent: share(dualRole.percentOfAll),
          })}
        </p>
      </figure>
      <figure className="figure" aria-label={t('personnel.sourcesTitle')} data-testid="sources-chart">
        <figcaption>{t('personnel.sourcesTitle')}</figcaption>
        {bySource.some((s) => s.count > 0) ? (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={bySource} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="count" name={t('personnel.count')} isAnimationActive={false}>
                {bySource.map((s, i) => (
                  <Cell key={s.name} fill={PALETTE[i % PALETTE.length]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <Empty>{t('chart.empty')}</Empty>
        )}
      </figure>
    </div>
  );
}

/** One group's average age and shares on two dates. */
export function CompareChart({
  comparison,
  from,
  to,
}: {
  comparison: CadreComparison;
  from: string;
  to: string;
}) {
  const { t, date } = useI18n();
  const { before, after } = comparison;
  const data = [
    { name: t('personnel.averageAge'), before: before.averageAge, after: after.averageAge },
    {
      name: `${t('personnel.bachelor')} (%)`,
      before: before.bachelorOrHigher.percent,
      after: after.bachelorOrHigher.percent,
    },
    { name: `${t('personnel.women')} (%)`, before: before.women.percent, after: after.women.percent },
  ];
  return (
    <figure className="figure" aria-label={t('personnel.compare')} data-testid="compare-chart">
      {data.some((d) => d.before !== null || d.after !== null) ? (
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
            <YAxis tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar dataKey="before" name={date(from)} fill={GREY} isAnimationActive={false} />
            <Bar dataKey="after" name={date(to)} fill={RED} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <Empty>{t('chart.empty')}</Empty>
      )}
    </figure>
  );
}
