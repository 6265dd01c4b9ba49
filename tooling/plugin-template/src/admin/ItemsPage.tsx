/** 按乡镇统计: the items per township as of the UI's date (typed by the plugin's own router). */
import {
  AsOfSection,
  DataTable,
  QueryView,
  useModuleApi,
  useQuery,
  type PluginPageProps,
} from '@xianzhi/admin-kit';
import type { __name__Router } from '../router';

const TEXT = {
  zh: { title: '按乡镇统计', township: '乡镇', count: '数量' },
  en: { title: 'By township', township: 'Township', count: 'Items' },
};

export default function ItemsPage({ at, lang }: PluginPageProps) {
  const t = TEXT[lang];
  const rows = useQuery(
    useModuleApi<'__name__', typeof __name__Router>('__name__').byTownship.queryOptions(at),
  );
  return (
    <AsOfSection title={t.title} at={at}>
      <QueryView query={rows}>
        {(data) => (
          <DataTable
            rows={data}
            rowKey={(r) => r.townshipId}
            columns={[
              { key: 'township', header: t.township, cell: (r) => r.township },
              { key: 'count', header: t.count, cell: (r) => r.count, numeric: true },
            ]}
          />
        )}
      </QueryView>
    </AsOfSection>
  );
}
