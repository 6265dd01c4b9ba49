/** The enforcement plugin's admin pages (loaded lazily by the admin UI; the server never loads React). */
import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: 'enforcement',
  pages: [
    {
      path: 'coverage',
      title: { zh: '执法队覆盖', en: 'Team coverage' },
      load: () => import('./CoveragePage'),
    },
    { path: 'cases', title: { zh: '执法案件', en: 'Cases' }, load: () => import('./CasesPage') },
  ],
});
