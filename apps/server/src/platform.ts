/**
 * Opens the platform: the event store (embedded SQLite file, or EventStoreDB), the registry of every
 * enabled module's events, and the projection runtime over all their read models.
 */
import { EventRegistry, type ModuleDefinition } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, type ProjectionRuntime, type RuntimeProgress } from '@xianzhi/projections';
import { accessModule } from '@xianzhi/api';
import { coreModules } from '@xianzhi/core';

export interface Platform {
  store: EventStore;
  runtime: ProjectionRuntime;
  registry: EventRegistry;
  modules: ModuleDefinition[];
  /** Every scope a token may be given. */
  scopes: string[];
  close(): Promise<void>;
}

export interface PlatformOptions {
  eventStore: string;
  cachePath: string;
  plugins?: ModuleDefinition[];
  onProgress?: (p: RuntimeProgress) => void;
}

export function platformModules(plugins: ModuleDefinition[] = []): ModuleDefinition[] {
  return [accessModule, ...coreModules, ...plugins];
}

export async function openPlatform(options: PlatformOptions): Promise<Platform> {
  const modules = platformModules(options.plugins);
  const registry = new EventRegistry(modules.flatMap((m) => m.events));
  if (/^esdb(\+discover)?:\/\//.test(options.eventStore)) {
    throw new Error(
      `XIANZHI_EVENTSTORE=${options.eventStore}: the EventStoreDB adapter is not wired into the server yet; use a file path for the embedded store`,
    );
  }
  const store = openSqliteEventStore({ path: options.eventStore, registry });
  const runtime = createProjectionRuntime({
    store,
    projections: modules.flatMap((m) => m.projections),
    cache: options.cachePath,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await runtime.start();
  const scopes = ['admin', ...modules.filter((m) => m.name !== 'access').flatMap((m) => m.scopes), 'events:read'];
  return {
    store,
    runtime,
    registry,
    modules,
    scopes: [...new Set(scopes)],
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}
