/**
 * The shell's typed view of the API: the whole app router (core and plugin procedures). The client,
 * its cache, batching and live refresh are the admin kit's (@xianzhi/admin-kit), shared with every
 * module's pages.
 */
import { useApi, useApiClient } from '@xianzhi/admin-kit';
import type { AppRouter } from './types';

export { ApiProvider, authHeaders, newIdempotencyKey, readToken, writeToken } from '@xianzhi/admin-kit';

/** Options, keys and subscriptions for every procedure of the app. */
export const useTRPC = () => useApi<AppRouter>();

/** The app's client, for calls awaited outside React Query. */
export const useTRPCClient = () => useApiClient<AppRouter>();
