/** The health plugin's admin pages (loaded lazily by the admin UI). */
import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: 'health',
  pages: [
    {
      path: 'network',
      title: { zh: '卫生机构网络', en: 'Health network' },
      load: () => import('./NetworkPage'),
    },
    {
      path: 'coverage',
      title: { zh: '乡镇卫生院配置', en: 'Centres by township' },
      load: () => import('./CoveragePage'),
    },
    {
      path: 'facilities',
      title: { zh: '机构名录', en: 'Facilities' },
      load: () => import('./FacilitiesPage'),
    },
  ],
});
