/**
 * The shape of a projection (a read model). The runtime that runs it live and as of any
 * (date, knowledge time) lives in `@xianzhi/projections`; modules only declare this shape.
 *
 * Rule for `evolve`: it is a pure function of (state, event). It may return a new state or mutate
 * and return the one it was given (faster for large states) — but it must never keep references to
 * the state outside it, nor mutate anything else. The runtime copies state with `structuredClone`
 * (or the projection's own `clone`) before it stores a snapshot or starts an as-of fold from one, so
 * snapshots and concurrent as-of answers stay isolated even when evolve mutates in place.
 * State must therefore be structured-cloneable (plain objects, arrays, Map, Set, Date, primitives).
 */
import type { RecordedEvent } from './envelope';

export type Evolver<State> = (state: State, event: RecordedEvent) => State;
export type QueryFn<State, Input = never, Output = unknown> = (state: State, input: Input) => Output;

export interface ProjectionDefinition<
  State = unknown,
  Queries extends Record<string, QueryFn<State, never>> = Record<string, QueryFn<State, never>>,
> {
  /** Unique across the product, e.g. `divisions.tree`. */
  name: string;
  /** Bump to rebuild: the new version is folded in the background, then swapped in. */
  version: number;
  initialState: () => State;
  /** Handlers by event type; events of other types are skipped. */
  evolve: Record<string, Evolver<State>>;
  queries: Queries;
  /** Optional faster deep copy than structuredClone. */
  clone?: (state: State) => State;
}

/**
 * @example
 * const countsByType = defineProjection({
 *   name: 'demo.counts', version: 1, initialState: () => ({ n: 0 }),
 *   evolve: { 'division.established': (s) => ({ n: s.n + 1 }) },
 *   queries: { total: (s) => s.n },
 * });
 */
export function defineProjection<State, Queries extends Record<string, QueryFn<State, never>>>(
  definition: ProjectionDefinition<State, Queries>,
): ProjectionDefinition<State, Queries> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(definition.name)) {
    throw new Error(
      `projection name "${definition.name}" must be lower case, dot separated (e.g. divisions.tree)`,
    );
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`projection "${definition.name}": version must be an integer ≥ 1`);
  }
  return definition;
}

/** Any projection, whatever its state type (for registries and runtimes that hold many). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = ProjectionDefinition<any, any>;

/** The names of a projection's queries: `QueryName<typeof divisionTree>` is `'tree' | 'list' | …`. */
export type QueryName<P extends AnyProjection> = Extract<keyof P['queries'], string>;

/** What query `K` of projection `P` takes (`undefined` when it takes nothing). */
export type QueryInput<P extends AnyProjection, K extends QueryName<P>> = Parameters<P['queries'][K]>[1];

/** What query `K` of projection `P` answers — the type that reaches a procedure's caller. */
export type QueryOutput<P extends AnyProjection, K extends QueryName<P>> = ReturnType<P['queries'][K]>;
