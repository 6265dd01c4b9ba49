/**
 * The module/plugin contract. Core modules (divisions, personnel, services, reform) and
 * department plugins (education, health…) declare themselves with the same shape; the server
 * composes events, commands, projections, routers, scopes and admin pages from the registered ones.
 */
import type { AnyCommand } from './decider';
import type { EventDefinition } from './define-event';
import type { NewEvent } from './envelope';
import type { AnyProjection } from './projection';
import type { ChronicleEntry } from './chronicle';

export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * What a module's demo generator receives. Generators are deterministic: the same seed and `today`
 * give the same events; commands carry idempotency keys so a second run writes nothing.
 */
export interface DemoContext {
  seed: number;
  /** The demo county's 6-digit code (its divisions exist when module demos run). */
  countyCode: string;
  /** "Today" (YYYY-MM-DD, UTC+8): the day the demo is recorded. */
  today: string;
  /**
   * How much bulk history to generate: `full` (default) is the real county's volume; `small` keeps
   * every story but scales bulk data (e.g. service requests) down, for tests and UI journeys.
   */
  scale?: 'full' | 'small';
  /** Runs one of the module's commands through its decider (validated; idempotent with a key). */
  execute: (command: AnyCommand, input: unknown, options?: { idempotencyKey?: string }) => Promise<void>;
  /** Appends events directly (validated like any append) — for bulk history such as service actions. */
  append: (stream: string, events: NewEvent[], options?: { idempotencyKey?: string }) => Promise<void>;
  /** Appends to many streams at once (one transaction on the embedded store) — for bulk history. */
  appendMany: (items: { stream: string; events: NewEvent[]; idempotencyKey?: string }[]) => Promise<void>;
  /** Queries any read model as of a date (e.g. the demo county's townships before and after the reform). */
  query: <R = unknown>(
    projection: string,
    query: string,
    input?: unknown,
    at?: { asOf?: string; knownAt?: string },
  ) => Promise<R>;
  log: (message: string) => void;
}

/** Props every plugin admin page receives from the admin UI. */
export interface PluginPageProps {
  /** The global time control: as of this date, as known at this time. */
  asOf?: string;
  knownAt?: string;
  lang: 'zh' | 'en';
  /** Calls a query procedure by path (e.g. 'education.layout') with `{ ...input, asOf, knownAt }` added. */
  query: <R = unknown>(path: string, input?: Record<string, unknown>) => Promise<R>;
  /** Calls a mutation procedure by path. */
  mutate: <R = unknown>(path: string, input: Record<string, unknown>) => Promise<R>;
}

export interface PluginAdminPage {
  /** URL segment under /plugins/<plugin>/ */
  path: string;
  title: LocalizedText;
  /** Lazily loads the page; its default export is a React component taking PluginPageProps. */
  load: () => Promise<{ default: unknown }>;
}

/** What a plugin's `./admin` entry default-exports. */
export interface PluginAdmin {
  name: string;
  pages: PluginAdminPage[];
}

/**
 * @example
 * export default definePluginAdmin({ name: 'education', pages: [{ path: 'layout', title: { zh: '学校布局', en: 'School layout' }, load: () => import('./LayoutPage') }] });
 */
export function definePluginAdmin(admin: PluginAdmin): PluginAdmin {
  return admin;
}

/**
 * A module (core or plugin): its events, commands, read models, procedures, scopes and demo.
 *
 * `Name` and `Router` are type parameters so that the app router's type can be built from a typed
 * list of modules: the kernel knows nothing of tRPC, it only carries the router record's type
 * through; `@xianzhi/api` (`ModuleRouters`, `moduleRouters`) requires it to be a router record built
 * on its procedures and composes it. With the defaults, `ModuleDefinition` is "any module".
 * A module's admin pages are its package's `./admin` entry (see `@xianzhi/admin-kit`), listed in the
 * admin's registry beside the server's.
 */
export interface ModuleDefinition<
  Name extends string = string,
  Router extends object | undefined = object | undefined,
> {
  /** Unique, lower case: `divisions`, `education`. Also the prefix of its event types and scopes, and its procedures' path. */
  name: Name;
  kind: 'core' | 'plugin';
  title: LocalizedText;
  events: EventDefinition[];
  commands: Record<string, AnyCommand>;
  projections: AnyProjection[];
  /** Its procedures (a tRPC router record built on `@xianzhi/api`), mounted under `name`. */
  router: Router;
  /** The scopes it defines; defaults to `<name>:read` and `<name>:write`. */
  scopes: string[];
  demo?: (context: DemoContext) => Promise<void>;
  /** How its events read in the county chronicle (大事记, 建置沿革): see `defineChronicle`. */
  chronicle?: ChronicleEntry;
}

/** What `defineModule`/`definePlugin` take: the definition with `commands`, `projections`, `router` and `scopes` optional. */
export type ModuleInput<
  Name extends string = string,
  Router extends object | undefined = object | undefined,
> = Omit<ModuleDefinition<Name, Router>, 'kind' | 'scopes' | 'commands' | 'projections' | 'router'> &
  Partial<Pick<ModuleDefinition<Name, Router>, 'scopes' | 'commands' | 'projections'>> & { router?: Router };

function complete<Name extends string, Router extends object | undefined>(
  kind: ModuleDefinition['kind'],
  input: ModuleInput<Name, Router>,
): ModuleDefinition<Name, Router> {
  if (!/^[a-z][a-z0-9-]*$/.test(input.name)) {
    throw new Error(`module name "${input.name}" must be lower case letters, digits and dashes`);
  }
  for (const e of input.events) {
    if (!e.type.startsWith(`${input.name}.`)) {
      throw new Error(`module "${input.name}": event type "${e.type}" must start with "${input.name}."`);
    }
  }
  return Object.freeze({
    ...input,
    kind,
    commands: input.commands ?? {},
    projections: input.projections ?? [],
    router: input.router as Router,
    scopes: input.scopes ?? [`${input.name}:read`, `${input.name}:write`],
  });
}

/**
 * Declares a core module. Its name and router keep their literal types (for the app router's type).
 *
 * @example
 * export const divisionsModule = defineModule({ name: 'divisions', title: { zh: '行政区划', en: 'Divisions' }, events: divisionEvents, router: divisionsRouter });
 */
export function defineModule<const Name extends string, Router extends object | undefined = undefined>(
  input: ModuleInput<Name, Router>,
): ModuleDefinition<Name, Router> {
  return complete('core', input);
}

/**
 * Declares a department plugin — the same contract as a core module.
 *
 * @example
 * export default definePlugin({ name: 'education', title: { zh: '教育', en: 'Education' }, events: educationEvents, router: educationRouter });
 */
export function definePlugin<const Name extends string, Router extends object | undefined = undefined>(
  input: ModuleInput<Name, Router>,
): ModuleDefinition<Name, Router> {
  return complete('plugin', input);
}
