/** Progress of the talent programmes against the five-year targets, county-wide and per township. */
import {
  AsOfSection,
  DataTable,
  QueryView,
  ShareBar,
  formatShare,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import { PLAN, PROGRESS_LABEL, type Progress, type TownshipProgressRow } from '../index';
import { useTalent } from './api';
import { words } from './i18n';

/** Share of the plan period passed as of the page's date (today when none is set). */
function elapsed(asOf: string | undefined): number {
  const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
  const at = asOf ? day(asOf.slice(0, 10)) + 86_400_000 : Date.now();
  const share = (at - day(PLAN.from)) / (day(PLAN.to) + 86_400_000 - day(PLAN.from));
  return Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10;
}

const count = (n: number | null) => (n === null ? '—' : n);

export default function ProgressPage({ at, lang }: PluginPageProps) {
  const w = words(lang);
  const talent = useTalent();
  const progress = useQuery(talent.progress.queryOptions(at));
  const townships = useQuery(talent.byTownship.queryOptions(at));
  const label = (key: keyof typeof PROGRESS_LABEL) => PROGRESS_LABEL[key][lang];
  const rows: Column<Progress['rows'][number]>[] = [
    { key: 'item', header: w.item, cell: (r) => label(r.key) },
    { key: 'count', header: w.count, cell: (r) => r.count, numeric: true },
    { key: 'target', header: w.target, cell: (r) => count(r.target), numeric: true },
    { key: 'share', header: w.share, cell: (r) => formatShare(lang, r.share), numeric: true },
    { key: 'bar', header: '', cell: (r) => r.target !== null && <ShareBar share={r.share} /> },
    { key: 'remaining', header: w.remaining, cell: (r) => count(r.remaining), numeric: true },
  ];
  const byTownship: Column<TownshipProgressRow>[] = [
    { key: 'township', header: w.township, cell: (r) => r.township },
    ...PLAN.targets.map((t): Column<TownshipProgressRow> => ({
      key: t.key,
      header: label(t.key),
      cell: (r) => r[t.key],
      numeric: true,
    })),
  ];
  return (
    <AsOfSection
      title={w.progressTitle}
      at={at}
      note={`${w.period}：${PLAN.from} — ${PLAN.to}；${w.elapsed}：${elapsed(at.asOf)}%`}
    >
      <QueryView query={progress}>
        {(data) => <DataTable rows={data.rows} columns={rows} rowKey={(r) => r.key} empty={w.empty} />}
      </QueryView>
      <h3>{w.byTownship}</h3>
      <QueryView query={townships}>
        {(data) => (
          <DataTable rows={data} columns={byTownship} rowKey={(r) => r.townshipId} empty={w.empty} />
        )}
      </QueryView>
    </AsOfSection>
  );
}
