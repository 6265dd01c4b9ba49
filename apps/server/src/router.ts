/**
 * The app router, composed from the enabled modules: core modules and plugins alike add their
 * procedures under their own name, beside the platform's own routers (access, events, system).
 * Its type is built from the bundled module list (./modules), so every procedure is typed in the
 * admin's client; a plugin disabled at run time answers NOT_FOUND.
 *
 * Before it serves, every procedure is checked (access metadata, strict inputs, no raw-input
 * division checks, a scope gate where a scope rule is declared): a router that could leak does not
 * start.
 */
import {
  accessRouter,
  assertProceduresSafe,
  eventsRouter,
  integrityRouter,
  mountModules,
  router,
  scopeOpener,
  systemRouter,
} from '@xianzhi/api';
import type { ModuleDefinition } from '@xianzhi/kernel';
import type { BundledModules } from './modules';

export interface AppRouterOptions {
  scopes: () => readonly string[];
  /** The enabled modules (core and plugins): each one's router is mounted under its name. */
  modules: readonly ModuleDefinition[];
}

export function createAppRouter(options: AppRouterOptions) {
  // Whether a scope opens anything is read from the finished router (a token is not issued for nothing).
  const read: { opens?: (scope: string, limited: boolean) => boolean } = {};
  const platform = {
    access: router(
      accessRouter(() => ({
        knownScopes: options.scopes(),
        opens: (scope: string, limited: boolean) => read.opens!(scope, limited),
      })),
    ),
    events: router(eventsRouter),
    system: router(systemRouter),
    integrity: router(integrityRouter),
  };
  const app = router({
    ...mountModules<BundledModules>(options.modules, Object.keys(platform)),
    ...platform,
  });
  assertProceduresSafe(app._def.procedures);
  read.opens = scopeOpener(app._def.procedures);
  return app;
}

export type AppRouter = ReturnType<typeof createAppRouter>;
