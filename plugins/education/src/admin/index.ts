/** The education plugin's admin pages (loaded lazily by the admin UI). */
import { definePluginAdmin } from '@xianzhi/admin-kit';

export default definePluginAdmin({
  name: 'education',
  pages: [
    { path: 'layout', title: { zh: '学校布局', en: 'School layout' }, load: () => import('./LayoutPage') },
    {
      path: 'utilisation',
      title: { zh: '校舍利用率', en: 'Building utilisation' },
      load: () => import('./UtilisationPage'),
    },
    {
      path: 'progress',
      title: { zh: '2025 年目标进度', en: 'Progress to 2025' },
      load: () => import('./ProgressPage'),
    },
    { path: 'schools', title: { zh: '学校名录', en: 'Schools' }, load: () => import('./SchoolsPage') },
  ],
});
