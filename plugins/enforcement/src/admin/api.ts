/** The enforcement procedures, typed by the plugin's own router (cached, batched, refreshed live by the admin kit). */
import { useModuleApi } from '@xianzhi/admin-kit';
import type { enforcementRouter } from '../router';

export const useEnforcement = () => useModuleApi<'enforcement', typeof enforcementRouter>('enforcement');
