/**
 * Modules as the server mounts them: each module's router record under its name. The app router's
 * type is built from the typed list of modules (the composition root's), so every procedure — core
 * or plugin — is typed in the admin's client.
 *
 * The kernel's contract carries a module's router as a type parameter (it knows nothing of tRPC);
 * here it must be a router record built on this package's procedures.
 */
import type { TRPCRouterRecord } from '@trpc/server';
import type { ModuleDefinition } from '@xianzhi/kernel';
import type { router } from './trpc';

/** A module the server can mount: its router, if it has one, is a record of procedures. */
export type ServerModule = ModuleDefinition<string, TRPCRouterRecord | undefined>;

/** The router record of a list of modules: each module's procedures under its name (modules without procedures left out). */
export type ModuleRouters<Modules extends readonly ServerModule[]> = {
  [M in Modules[number] as M['router'] extends TRPCRouterRecord ? M['name'] : never]: Exclude<
    M['router'],
    undefined
  >;
};

/**
 * The router record of the `enabled` modules, typed as that of the whole `Modules` list (every
 * module the product bundles): a module left out at run time (a disabled plugin) answers NOT_FOUND. Refuses
 * two modules of one name, or a module named like one of the platform's own routers (`reserved`).
 *
 * @example
 * const record = mountModules<typeof MODULES>(enabledModules, ['access', 'events', 'system']);
 * const app = router({ ...record, ...platformRouters });
 */
export function mountModules<Modules extends readonly ServerModule[]>(
  enabled: readonly ModuleDefinition[],
  reserved: readonly string[] = [],
): ModuleRouters<Modules> {
  const record: Record<string, TRPCRouterRecord> = {};
  for (const m of enabled) {
    if (m.router === undefined) continue;
    if (reserved.includes(m.name))
      throw new Error(
        `module "${m.name}" cannot mount a router: the name is the platform's (${reserved.join(', ')})`,
      );
    if (Object.hasOwn(record, m.name)) throw new Error(`two modules are named "${m.name}"`);
    // a module enabled at run time may be any ModuleDefinition; its procedures are checked once the app router is built (assertProceduresSafe)
    record[m.name] = m.router as TRPCRouterRecord;
  }
  // One record per name, each the module's own router: the mapped type says exactly this.
  return record as ModuleRouters<Modules>;
}

/** The router type of a record of procedures, as this package's `router()` builds it. */
export type RouterOf<Record extends TRPCRouterRecord> = ReturnType<typeof router<Record>>;

/**
 * The router type of one module as mounted in the app (its procedures under its name): what a
 * module's admin pages are typed by, without knowing the whole app.
 *
 * @example
 * type EducationApi = ModuleRouter<'education', typeof educationRouter>; // education.layout, education.openSchool…
 */
export type ModuleRouter<Name extends string, Record extends TRPCRouterRecord> = RouterOf<{
  [K in Name]: Record;
}>;
