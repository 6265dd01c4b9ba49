/** Before/after bars of the reform statistics (recharts, loaded only with this chart). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DivisionKind, Level, StatisticsRow } from '../api/types';
import { Empty } from '@xianzhi/admin-kit';
import { useI18n } from '../i18n';

export default function StatisticsChart({
  rows,
  from,
  to,
}: {
  rows: StatisticsRow[];
  from: string;
  to: string;
}) {
  const { t, date } = useI18n();
  const data = rows
    .filter((r) => r.group === 'kind')
    .map((r) => ({
      name: r.group === 'level' ? t(`level.${r.key as Level}`) : t(`kind.${r.key as DivisionKind}`),
      before: r.before,
      after: r.after,
    }));
  return (
    <figure className="figure" aria-label={t('overview.chart')}>
      {data.some((d) => d.before > 0 || d.after > 0) ? (
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar dataKey="before" name={date(from)} fill="#9aa5b1" isAnimationActive={false} />
            <Bar dataKey="after" name={date(to)} fill="#a5312b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <Empty>{t('chart.empty')}</Empty>
      )}
    </figure>
  );
}
