/** The education procedures, typed by the plugin's own router (cached, batched, refreshed live by the admin kit). */
import { useModuleApi } from '@xianzhi/admin-kit';
import type { educationRouter } from '../router';

export const useEducation = () => useModuleApi<'education', typeof educationRouter>('education');
