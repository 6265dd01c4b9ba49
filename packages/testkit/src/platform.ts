/**
 * openTestPlatform: the platform of a module's integration specs in one call — an in-memory store
 * that knows the modules' events (and the divisions events), the projection runtime running their
 * read models, and a manual clock that moves a minute per write, so each write is recorded at its
 * own time and "as known at" questions have answers.
 *
 * @example
 * const platform = await openTestPlatform({ modules: [education] });
 * const county = await testCounty(platform);
 * await platform.run(openSchool, { countyCode: county.code, townshipId: county.id('510798101'), … });
 * expect(await platform.query('education.schools', 'layout', {}, { asOf: '2019-12-20' })).toEqual(…);
 * await platform.close();
 */
import {
  EventRegistry,
  parseEffectiveAt,
  type AnyCommand,
  type EventDefinition,
  type ModuleDefinition,
  type NewEvent,
} from '@xianzhi/kernel';
import { divisionEvents } from '@xianzhi/divisions-contract';
import type { AppendOptions, AppendResult } from '@xianzhi/event-store';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  createProjectionRuntime,
  executeCommand,
  type AsOf,
  type CommandResult,
  type ProjectionRuntime,
} from '@xianzhi/projections';

export interface TestPlatformOptions {
  /** The modules (core or plugins) whose events the store accepts and whose read models run. */
  modules: readonly Pick<ModuleDefinition, 'events' | 'projections'>[];
  /** "Now" when the platform opens (default 2024-06-30T12:00:00+08:00); every write moves it a minute on. */
  now?: string;
}

export interface TestPlatform {
  store: SqliteEventStore;
  runtime: ProjectionRuntime;
  clock: ManualClock;
  /** Runs a command through its decider, a minute after the previous write, as actor `test`. */
  run: (command: AnyCommand, input: unknown, options?: { idempotencyKey?: string }) => Promise<CommandResult>;
  /** Appends events as they are, a minute after the previous write; the runtime has taken them in on return. */
  append: (stream: string, events: NewEvent[], options?: AppendOptions) => Promise<AppendResult>;
  /** A read-model query as of (D, T). */
  query: <R = unknown>(projection: string, query: string, input?: unknown, at?: AsOf) => Promise<R>;
  close: () => Promise<void>;
}

export const TEST_NOW = '2024-06-30T12:00:00+08:00';

export async function openTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const now = parseEffectiveAt(options.now ?? TEST_NOW);
  if (!now) throw new Error(`openTestPlatform: now "${options.now}" is not a date or an instant`);
  const clock = new ManualClock(now.ms);
  // The divisions events are always known: every module follows them, and testCounty records them.
  const events = new Set<EventDefinition>([...divisionEvents, ...options.modules.flatMap((m) => m.events)]);
  const store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(events),
    now: () => clock.now(),
  });
  const runtime = createProjectionRuntime({
    store,
    projections: options.modules.flatMap((m) => m.projections),
    clock,
  });
  await runtime.start();
  return {
    store,
    runtime,
    clock,
    run: (command, input, runOptions = {}) => {
      clock.advance(60_000);
      return executeCommand({ store, runtime }, command, input, { actor: 'test', ...runOptions });
    },
    append: async (stream, newEvents, appendOptions = {}) => {
      clock.advance(60_000);
      const result = await store.append(stream, newEvents, appendOptions);
      await runtime.waitForPosition(result.lastPosition);
      return result;
    },
    query: (projection, query, input, at = {}) => runtime.query(projection, query, input, at),
    close: async () => {
      await runtime.stop();
      await store.close();
    },
  };
}
