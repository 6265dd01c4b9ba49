/** The collective assets procedures, typed by the plugin's own router (cached, batched, refreshed live by the admin kit). */
import { useModuleApi } from '@xianzhi/admin-kit';
import type { assetsRouter } from '../router';

export const useAssets = () => useModuleApi<'assets', typeof assetsRouter>('assets');
