/** The collective assets plugin's admin pages (loaded lazily by the admin UI; the server never loads React). */
import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: 'assets',
  pages: [
    {
      path: 'holdings',
      title: { zh: '各村集体三资', en: 'Village holdings' },
      load: () => import('./HoldingsPage'),
    },
    {
      path: 'handovers',
      title: { zh: '合并村三资移交', en: 'Handovers' },
      load: () => import('./HandoversPage'),
    },
  ],
});
