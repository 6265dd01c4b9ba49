/** Requests per month with the median lead time and the share proxied (recharts, loaded with it). */
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ActivityRow } from '../api/types';
import { Empty } from '@xianzhi/admin-kit';
import { useI18n } from '../i18n';

export default function ServicesChart({ rows }: { rows: ActivityRow[] }) {
  const { t } = useI18n();
  const data = rows.map((r) => ({
    month: r.month,
    requested: r.requested,
    completed: r.completed,
    median: r.medianLeadTimeHours,
    proxied: r.proxiedPercent,
  }));
  return (
    <figure className="figure" aria-label={t('services.chart')} data-testid="services-chart">
      <figcaption>{t('services.chart')}</figcaption>
      {data.some((d) => d.requested > 0 || d.completed > 0) ? (
        <ResponsiveContainer width="100%" height={320}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis yAxisId="right" orientation="right" tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Bar
              yAxisId="count"
              dataKey="requested"
              name={t('services.requested')}
              fill="#9aa5b1"
              isAnimationActive={false}
            />
            <Bar
              yAxisId="count"
              dataKey="completed"
              name={t('services.completed')}
              fill="#3d7ea6"
              isAnimationActive={false}
            />
            <Line
              yAxisId="right"
              type="monotone"
              dataKey="median"
              name={t('services.medianShort')}
              stroke="#a5312b"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="right"
              type="monotone"
              dataKey="proxied"
              name={`${t('services.proxiedShare')} (%)`}
              stroke="#d9822b"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      ) : (
        <Empty>{t('chart.empty')}</Empty>
      )}
    </figure>
  );
}
