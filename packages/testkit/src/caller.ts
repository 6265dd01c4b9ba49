/**
 * Calling a module's procedures through tRPC on the test platform, as a token would: the same
 * context the server builds (store, runtime, the divisions directory), for a caller with its scopes
 * and, for a token limited to a division, its subtree.
 *
 * @example
 * const platform = await openTestPlatform({ modules: [divisionsModule, talent] });
 * const county = callerOf(platform, talentRouter, { tokenId: 'a', name: '县委组织部', scopes: ['talent:write'] });
 * expect(await trpcCode(county.progress({ countyCode: '51079x' }))).toBe('BAD_REQUEST');
 */
import { createCallerFactory, router, runtimeDivisions, type Caller } from '@xianzhi/api';
import type { TestPlatform } from './platform';

/** A module's procedures, as its `router.ts` exports them (a record of procedures and sub-routers). */
export type ProcedureRecord = Parameters<typeof router>[0];

/** A typed caller of `procedures` on the platform, as `caller` (null: no token). */
export function callerOf<P extends ProcedureRecord>(
  platform: Pick<TestPlatform, 'store' | 'runtime'>,
  procedures: P,
  caller: Caller | null,
) {
  return createCallerFactory(router(procedures))({
    store: platform.store,
    runtime: platform.runtime,
    caller,
    requestId: 'test',
    divisions: runtimeDivisions(platform.runtime),
    log: () => {},
  });
}

/** How a call ended: 'OK', or the tRPC error code it failed with (FORBIDDEN, BAD_REQUEST…). */
export async function trpcCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
