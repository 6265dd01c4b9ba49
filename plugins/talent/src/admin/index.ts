/** The talent plugin's admin pages (loaded lazily by the admin UI; the server never loads React). */
import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: 'talent',
  pages: [
    {
      path: 'progress',
      title: { zh: '五年目标进度', en: 'Five-year targets' },
      load: () => import('./ProgressPage'),
    },
    {
      path: 'first-secretaries',
      title: { zh: '第一书记', en: 'First secretaries' },
      load: () => import('./SecretariesPage'),
    },
  ],
});
