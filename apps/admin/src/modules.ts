/**
 * The admin's registry: each bundled plugin's page entry (its package's `./admin`), loaded lazily.
 * The keys are checked by the compiler against the server's module list (apps/server/src/modules.ts):
 * a plugin missing here, a name the server does not bundle, or an entry whose `definePluginAdmin`
 * names another module fails `npm run typecheck`. `npm run new:plugin` adds the new plugin's line.
 */
import type { AdminEntryLoader } from '@xianzhi/admin-kit';
import type { PluginName } from '@xianzhi/server/modules';

export const PLUGIN_PAGES = {
  education: () => import('@xianzhi/plugin-education/admin'),
  health: () => import('@xianzhi/plugin-health/admin'),
  enforcement: () => import('@xianzhi/plugin-enforcement/admin'),
  talent: () => import('@xianzhi/plugin-talent/admin'),
  assets: () => import('@xianzhi/plugin-assets/admin'),
} satisfies { [Name in PluginName]: AdminEntryLoader<Name> | null };
