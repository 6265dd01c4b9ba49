/**
 * The app router, composed from the registered modules: core modules and plugins alike add their
 * procedures under their own name. One initTRPC (from @xianzhi/api) makes them mergeable.
 */
import { accessRouter, eventsRouter, integrityRouter, router, systemRouter, type TRPCRouterRecord } from '@xianzhi/api';
import { divisionsRouter, institutionsRouter, personnelRouter, reformRouter, servicesRouter } from '@xianzhi/core';
import type { ModuleDefinition } from '@xianzhi/kernel';

function coreRouters(scopes: () => readonly string[]) {
  return {
    access: router(accessRouter(scopes)),
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
  const core = coreRouters(options.scopes);
  const extra: Record<string, ReturnType<typeof router>> = {};
  for (const m of options.modules ?? []) {
    if (!m.router) continue;
    if (m.name in core) throw new Error(`module "${m.name}" cannot mount a router: the name is taken`);
    extra[m.name] = router(m.router as TRPCRouterRecord);
  }
  return router({ ...extra, ...core }) as unknown as ReturnType<typeof router<ReturnType<typeof coreRouters>>>;
}

export type AppRouter = ReturnType<typeof createAppRouter>;
