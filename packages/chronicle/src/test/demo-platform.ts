/**
 * The demo county recorded for the chronicle's specs: the divisions and the stories of the core
 * modules (small scale), with "today" pinned to the demo's clock, and the chronicle's read model
 * over every module's chronicle entry. Recorded once per spec file.
 */
import { EventRegistry, type ModuleDefinition } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { ManualClock, createProjectionRuntime, type ProjectionRuntime } from '@xianzhi/projections';
import { coreModules } from '@xianzhi/core/server';
import { runDemo } from '@xianzhi/core/demo';
import { chronicleEntries } from '../entries';
import { wordingOf, type Wording } from '../tell';

/** The demo's "today" (the day the demo is recorded), and the clock's "now" a little after it. */
export const DEMO_TODAY = '2026-11-29';
export const DEMO_NOW = Date.parse('2026-11-29T10:00:00+08:00');

export interface DemoPlatform {
  store: SqliteEventStore;
  runtime: ProjectionRuntime;
  clock: ManualClock;
  modules: readonly ModuleDefinition[];
  wording: Wording;
  close: () => Promise<void>;
}

export async function recordDemo(
  options: { modules?: readonly ModuleDefinition[] } = {},
): Promise<DemoPlatform> {
  const modules = options.modules ?? coreModules;
  const clock = new ManualClock(DEMO_NOW);
  const store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(modules.flatMap((m) => m.events)),
    now: () => clock.now(),
  });
  const runtime = createProjectionRuntime({
    store,
    projections: [...modules.flatMap((m) => m.projections), chronicleEntries(modules)],
    clock,
  });
  await runtime.start();
  await runDemo(
    { store, runtime },
    { seed: 2019, today: DEMO_TODAY, scale: 'small', modules: modules.filter((m) => m.name !== 'divisions') },
  );
  return {
    store,
    runtime,
    clock,
    modules,
    wording: wordingOf(modules),
    close: async () => {
      await runtime.stop();
      await store.close();
    },
  };
}
