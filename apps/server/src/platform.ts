/**
 * Opens the platform: the event store (embedded SQLite file, or EventStoreDB), the registry of every
 * enabled module's events, and the projection runtime over all their read models.
 */
import { EventRegistry, type ModuleDefinition } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { isEsdbConnectionString, openEsdbEventStore } from '@xianzhi/event-store-esdb';
import { dirname, join } from 'node:path';
import { createProjectionRuntime, type ProjectionRuntime, type RuntimeProgress } from '@xianzhi/projections';
import { accessModule } from '@xianzhi/api';
import { SqliteKeyStore, withPersonalData, type PersonalDataStore } from '@xianzhi/personal-data';
import { coreModules } from '@xianzhi/core/server';
import { chronicleModule } from '@xianzhi/chronicle/server';
import { webhooksModule } from './webhooks/module';

export interface Platform {
  /** The store, with personal fields sealed on the way in and opened on the way out. */
  store: PersonalDataStore;
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
  /** The key file that authenticates the cache (default: <cache>.key, made on first start). */
  cacheKeyPath?: string;
  /** Warnings of the runtime (a cached state discarded; default: the console). */
  onWarning?: (message: string) => void;
  /** The personal-data key store (default: personal-keys.db beside the cache). */
  keyStorePath?: string;
  plugins?: readonly ModuleDefinition[];
  onProgress?: (p: RuntimeProgress) => void;
}

/** The platform's own access module, every core module, webhooks, the enabled plugins, and the chronicle told from them all. */
export function platformModules(plugins: readonly ModuleDefinition[] = []): ModuleDefinition[] {
  const modules = [...coreModules, ...plugins];
  return [accessModule, ...coreModules, webhooksModule, ...plugins, chronicleModule(modules)];
}

/** Opens only the event store (`xianzhi verify` reads the log without folding it). */
export async function openStore(
  options: Pick<PlatformOptions, 'eventStore' | 'cachePath'>,
  registry: EventRegistry,
): Promise<EventStore> {
  // One setting switches the whole product: a file path is the embedded store, esdb:// is EventStoreDB
  // (its effective-order index lives in the projection cache's folder, rebuildable from $all).
  return isEsdbConnectionString(options.eventStore)
    ? await openEsdbEventStore({
        connectionString: options.eventStore,
        registry,
        indexPath: join(dirname(options.cachePath), 'esdb-index.db'),
      })
    : openSqliteEventStore({ path: options.eventStore, registry });
}

export async function openPlatform(options: PlatformOptions): Promise<Platform> {
  const modules = platformModules(options.plugins);
  const registry = new EventRegistry(modules.flatMap((m) => m.events));
  const keyStore = new SqliteKeyStore(
    options.keyStorePath ?? join(dirname(options.cachePath), 'personal-keys.db'),
  );
  let store: PersonalDataStore;
  try {
    store = withPersonalData(await openStore(options, registry), keyStore);
  } catch (error) {
    await keyStore.close();
    throw error;
  }
  const runtime = createProjectionRuntime({
    store,
    projections: modules.flatMap((m) => m.projections),
    cache: options.cachePath,
    cacheKey: options.cacheKeyPath ?? `${options.cachePath}.key`,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await runtime.start();
  // `metrics`: internals (/metrics, system.health) without admin rights
  const scopes = ['admin', 'metrics', ...modules.filter((m) => m.name !== 'access').flatMap((m) => m.scopes)];
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
