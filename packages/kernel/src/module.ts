/**
 * The module/plugin contract. Core modules (divisions, personnel, services, reform) and
 * department plugins (education, health…) declare themselves with the same shape; the server
 * composes events, commands, projections, routers, scopes and admin pages from the registered ones.
 */
import type { AnyCommand } from './decider';
import type { EventDefinition } from './define-event';
import type { NewEvent } from './envelope';
import type { AnyProjection } from './projection';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** What a module's demo data generator receives: a seeded random source and the county code. */
export interface DemoContext {
  seed: number;
  countyCode: string;
  /** Appends events (validated like any other append). */
  append: (stream: string, events: NewEvent[]) => Promise<void>;
}

export interface ModuleDefinition {
  /** Unique, lower case: `divisions`, `education`. Also the prefix of its event types and scopes. */
  name: string;
  kind: 'core' | 'plugin';
  title: LocalizedText;
  events: EventDefinition[];
  commands: Record<string, AnyCommand>;
  projections: AnyProjection[];
  /** Its tRPC router record, built on the shared procedures of `@xianzhi/api` (typed there). */
  router?: unknown;
  /** The scopes it defines; defaults to `<name>:read` and `<name>:write`. */
  scopes: string[];
  /** The module specifier of its admin entry (`@xianzhi/plugin-education/admin`), loaded lazily by the UI. */
  admin?: string;
  demo?: (context: DemoContext) => Promise<void>;
}

export type ModuleInput = Omit<ModuleDefinition, 'kind' | 'scopes' | 'commands' | 'projections'> &
  Partial<Pick<ModuleDefinition, 'scopes' | 'commands' | 'projections'>>;

function complete(kind: ModuleDefinition['kind'], input: ModuleInput): ModuleDefinition {
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
    scopes: input.scopes ?? [`${input.name}:read`, `${input.name}:write`],
  });
}

/**
 * Declares a core module.
 *
 * @example
 * export default defineModule({ name: 'divisions', title: { zh: '行政区划', en: 'Divisions' }, events: [divisionEstablished] });
 */
export function defineModule(input: ModuleInput): ModuleDefinition {
  return complete('core', input);
}

/**
 * Declares a department plugin — the same contract as a core module.
 *
 * @example
 * export default definePlugin({ name: 'education', title: { zh: '教育', en: 'Education' }, events: [schoolOpened] });
 */
export function definePlugin(input: ModuleInput): ModuleDefinition {
  return complete('plugin', input);
}
