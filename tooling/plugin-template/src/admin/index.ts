import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: '__name__',
  pages: [
    { path: 'items', title: { zh: '按乡镇统计', en: 'By township' }, load: () => import('./ItemsPage') },
  ],
});
