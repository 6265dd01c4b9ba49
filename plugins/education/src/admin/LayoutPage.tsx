/** 学校布局: per township, the schools against the layout pattern, and the key figures. */
import {
  AsOfSection,
  DataTable,
  Figure,
  Figures,
  QueryView,
  Tone,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { LayoutRow } from '../layout';
import { useEducation } from './api';
import { NEED, TEXT } from './text';

export default function LayoutPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const education = useEducation();
  const rows = useQuery(education.layout.queryOptions(at));
  const summary = useQuery(education.layoutSummary.queryOptions(at));
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  const columns: Column<LayoutRow>[] = [
    { key: 'code', header: t.code, cell: (r) => r.code },
    { key: 'township', header: t.township, cell: (r) => r.township },
    { key: 'schools', header: t.schools, cell: (r) => r.schools, numeric: true },
    {
      key: 'boardingPrimary',
      header: t.boardingPrimary,
      cell: (r) => `${r.boardingPrimary} / ${r.primary}`,
      numeric: true,
    },
    { key: 'juniorHigh', header: t.juniorHigh, cell: (r) => r.juniorHigh + r.nineYear, numeric: true },
    {
      key: 'publicKindergarten',
      header: t.publicKindergarten,
      cell: (r) => `${r.publicKindergarten} / ${r.kindergarten}`,
      numeric: true,
    },
    {
      key: 'meets',
      header: t.meets,
      cell: (r) => <Tone tone={r.meets ? 'good' : 'bad'}>{yesNo(r.meets)}</Tone>,
    },
    {
      key: 'missing',
      header: t.missing,
      cell: (r) => r.missingNeeds.map((n) => NEED[lang][n]).join(lang === 'zh' ? '、' : ', '),
    },
    {
      key: 'excess',
      header: t.excess,
      cell: (r) => (r.excess ? `${t.boardingPrimary} ${r.boardingPrimary}` : ''),
    },
  ];
  return (
    <AsOfSection title={t.layoutTitle} at={at} note={t.layoutNote}>
      {summary.data && (
        <Figures>
          <Figure label={t.townships} value={summary.data.townships} />
          <Figure label={t.meeting} value={summary.data.meeting} tone="good" />
          <Figure
            label={t.notMeeting}
            value={summary.data.notMeeting}
            tone={summary.data.notMeeting > 0 ? 'bad' : undefined}
          />
        </Figures>
      )}
      <QueryView query={rows}>
        {(data) => <DataTable rows={data} columns={columns} rowKey={(r) => r.townshipId} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
