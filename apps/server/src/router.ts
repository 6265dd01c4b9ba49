/**
 * The app router, composed from the registered modules: core modules and plugins alike add their
 * procedures under their own name. One initTRPC (from @xianzhi/api) makes them mergeable.
 */
import { accessRouter, eventsRouter, router, systemRouter } from '@xianzhi/api';
import { divisionsRouter } from '@xianzhi/core';

export function createAppRouter(options: { scopes: () => readonly string[] }) {
  return router({
    access: router(accessRouter(options.scopes)),
    divisions: router(divisionsRouter),
    events: router(eventsRouter),
    system: router(systemRouter),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
