/**
 * The app router, composed from the registered modules: core modules and plugins alike add their
 * procedures under their own name. One initTRPC (from @xianzhi/api) makes them mergeable. Before it
 * serves, every procedure is checked (access metadata, strict inputs, no raw-input division checks,
 * a scope gate where a scope rule is declared): a router that could leak does not start.
 */
import { accessRouter, assertProceduresSafe, eventsRouter, integrityRouter, router, scopeOpener, systemRouter, type TRPCRouterRecord } from '@xianzhi/api';
import { divisionsRouter, institutionsRouter, personnelRouter, reformRouter, servicesRouter } from '@xianzhi/core/server';
import type { ModuleDefinition } from '@xianzhi/kernel';

function coreRouters(scopes: () => readonly string[], opens: (scope: string, limited: boolean) => boolean) {
  return {
    access: router(accessRouter(() => ({ knownScopes: scopes(), opens }))),
    divisions: router(divisionsRouter),
    personnel: router(personnelRouter),
    services: router(servicesRouter),
    institutions: router(institutionsRouter),
    reform: router(reformRouter),
    events: router(eventsRouter),
    system: router(systemRouter),
    integrity: router(integrityRouter),
  };
}

export interface AppRouterOptions {
  scopes: () => readonly string[];
  /** Modules (core or plugin) that bring their own router record, mounted under their name. */
  modules?: readonly ModuleDefinition[];
}

/**
 * The app router. Its static type lists the core routers; plugins are mounted at run time under
 * their own names (the admin UI calls them by path through PluginPageProps).
 */
export function createAppRouter(options: AppRouterOptions) {
  // Whether a scope opens anything is read from the finished router (a token is not issued for nothing).
  const read: { opens?: (scope: string, limited: boolean) => boolean } = {};
  const core = coreRouters(options.scopes, (scope, limited) => read.opens!(scope, limited));
  const extra: Record<string, ReturnType<typeof router>> = {};
  for (const m of options.modules ?? []) {
    if (!m.router) continue;
    if (m.name in core) throw new Error(`module "${m.name}" cannot mount a router: the name is taken`);
    extra[m.name] = router(m.router as TRPCRouterRecord);
  }
  const app = router({ ...extra, ...core });
  assertProceduresSafe(app._def.procedures);
  read.opens = scopeOpener(app._def.procedures);
  return app as unknown as ReturnType<typeof router<ReturnType<typeof coreRouters>>>;
}

export type AppRouter = ReturnType<typeof createAppRouter>;

