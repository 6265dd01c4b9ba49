/** The health procedures, typed by the plugin's own router (cached, batched, refreshed live by the admin kit). */
import { useModuleApi } from '@xianzhi/admin-kit';
import type { healthRouter } from '../router';

export const useHealth = () => useModuleApi<'health', typeof healthRouter>('health');
