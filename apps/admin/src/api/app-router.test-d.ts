/**
 * Type tests (checked by `npm run typecheck`, never run): every procedure, core or plugin, is typed
 * in the admin's client; a wrong input to a plugin procedure does not compile; and each plugin's
 * pages, typed by the plugin's own router, see exactly what the app router says.
 */
import { expectTypeOf } from 'vitest';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { ModuleRouter } from '@xianzhi/api';
import type { educationRouter } from '@xianzhi/plugin-education/server';
import type { enforcementRouter } from '@xianzhi/plugin-enforcement/server';
import type { healthRouter } from '@xianzhi/plugin-health/server';
import type { talentRouter } from '@xianzhi/plugin-talent/server';
import type { useTRPC } from './client';
import type { AppRouter, RouterInputs, RouterOutputs } from './types';

declare const client: TRPCClient<AppRouter>;
declare const trpc: ReturnType<typeof useTRPC>;

export async function plugins() {
  // a plugin's query: input and answer typed from its read model
  const schools = await client.education.schools.query({ kind: 'primary', asOf: '2020-01-01' });
  expectTypeOf(schools[0]!.enrolled).toEqualTypeOf<number | null>();
  // @ts-expect-error `kind` is one of the school kinds, not any string
  await client.education.schools.query({ kind: 'university' });
  // @ts-expect-error a plugin's query has no field it does not declare
  await client.health.coverage.query({ township: '510799101' });
  // @ts-expect-error a plugin's command needs its fields: openSchool without a name
  await client.education.openSchool.mutate({
    townshipId: '510799101',
    kind: 'primary',
    capacity: 300,
    effectiveAt: '2024-09-01',
  });
  // @ts-expect-error no such procedure
  await client.talent.nothing.query(); // eslint-disable-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- what does not exist is untyped
  // the admin's hooks are typed the same way
  expectTypeOf<RouterInputs['enforcement']['coverage']>().toExtend<
    Parameters<typeof trpc.enforcement.coverage.queryOptions>[0]
  >();
  expectTypeOf(trpc.enforcement.coverage.queryOptions({ countyCode: '510799' })).not.toBeAny();
  // @ts-expect-error a wrong input through the hooks
  trpc.enforcement.casesByTownship.queryOptions({ category: 42 });
}

// A plugin's own view (its pages') is the app's view of it.
expectTypeOf<
  inferRouterInputs<ModuleRouter<'education', typeof educationRouter>>['education']
>().toEqualTypeOf<RouterInputs['education']>();
expectTypeOf<
  inferRouterOutputs<ModuleRouter<'education', typeof educationRouter>>['education']
>().toEqualTypeOf<RouterOutputs['education']>();
expectTypeOf<inferRouterInputs<ModuleRouter<'health', typeof healthRouter>>['health']>().toEqualTypeOf<
  RouterInputs['health']
>();
expectTypeOf<inferRouterOutputs<ModuleRouter<'health', typeof healthRouter>>['health']>().toEqualTypeOf<
  RouterOutputs['health']
>();
expectTypeOf<
  inferRouterInputs<ModuleRouter<'enforcement', typeof enforcementRouter>>['enforcement']
>().toEqualTypeOf<RouterInputs['enforcement']>();
expectTypeOf<
  inferRouterOutputs<ModuleRouter<'enforcement', typeof enforcementRouter>>['enforcement']
>().toEqualTypeOf<RouterOutputs['enforcement']>();
expectTypeOf<inferRouterInputs<ModuleRouter<'talent', typeof talentRouter>>['talent']>().toEqualTypeOf<
  RouterInputs['talent']
>();
expectTypeOf<inferRouterOutputs<ModuleRouter<'talent', typeof talentRouter>>['talent']>().toEqualTypeOf<
  RouterOutputs['talent']
>();

// Core read models reach the client typed too (no casts in the pages).
expectTypeOf<RouterOutputs['divisions']['tree'][number]['children']>().toBeArray();
expectTypeOf<RouterOutputs['personnel']['roster'][number]['divisionId']>().toBeString();
