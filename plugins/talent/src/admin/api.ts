/** The talent procedures, typed by the plugin's own router (cached, batched, refreshed live by the admin kit). */
import { useModuleApi } from '@xianzhi/admin-kit';
import type { talentRouter } from '../router';

export const useTalent = () => useModuleApi<'talent', typeof talentRouter>('talent');
