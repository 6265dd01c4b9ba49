/** 2025 年目标进度: open schools of each kind against the county's 2025 targets. */
import {
  AsOfSection,
  DataTable,
  Gap,
  QueryView,
  useQuery,
  type Column,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { ProgressRow } from '../progress';
import { useEducation } from './api';
import { KIND, TEXT } from './text';

export default function ProgressPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const rows = useQuery(useEducation().progress.queryOptions(at));
  const columns: Column<ProgressRow>[] = [
    { key: 'kind', header: t.kind, cell: (r) => KIND[lang][r.kind] },
    { key: 'current', header: t.current, cell: (r) => r.current, numeric: true },
    { key: 'target', header: t.target2025, cell: (r) => r.target, numeric: true },
    { key: 'gap', header: t.gapCount, cell: (r) => <Gap value={r.gap} />, numeric: true },
  ];
  return (
    <AsOfSection title={t.progressTitle} at={at} note={t.progressNote}>
      <QueryView query={rows}>
        {(data) => <DataTable rows={data} columns={columns} rowKey={(r) => r.kind} empty={t.empty} />}
      </QueryView>
    </AsOfSection>
  );
}
