/**
 * Typed evolve: `on(eventDefinition, handler)` hands the handler the event with its data typed by
 * the definition's schema, and `eventFamily(definitions)` narrows a stored event to one of several
 * definitions (then `switch (event.type)` narrows its data). Modules decode events through these,
 * never by string and cast.
 *
 * Why the one cast below is safe: the store validates data against the definition's schema on
 * append and upcasts older versions on read, so a stored event of a type carries that type's data.
 */
import type { z } from 'zod';
import type { EventDefinition } from './define-event';
import type { RecordedEvent } from './envelope';
import type { Evolver } from './projection';

/** The stored event of a definition (or of any of a union of definitions), with its data typed. */
export type RecordedEventOf<D extends EventDefinition> =
  D extends EventDefinition<infer Type, infer Schema> ? RecordedEvent<Type, z.output<Schema>> : never;

/** Several event definitions read together (e.g. every divisions event). */
export interface EventFamily<D extends EventDefinition = EventDefinition> {
  readonly definitions: readonly D[];
  readonly types: readonly D['type'][];
  /** Narrows a stored event to one of the family; `switch (event.type)` then narrows its data. */
  is(event: RecordedEvent): event is RecordedEventOf<D>;
}

/**
 * @example
 * const divisionEvent = eventFamily(divisionEvents);
 * if (divisionEvent.is(event)) switch (event.type) { case 'divisions.renamed': rename(event.data.id, event.data.name); … }
 */
export function eventFamily<D extends EventDefinition>(definitions: readonly D[]): EventFamily<D> {
  const types = definitions.map((d) => d.type);
  const known: ReadonlySet<string> = new Set(types);
  return Object.freeze({
    definitions,
    types,
    is: (event: RecordedEvent): event is RecordedEventOf<D> => known.has(event.type),
  });
}

/**
 * Evolve handlers of a projection, typed by their event definitions. Spread several into the
 * projection's `evolve`.
 *
 * @example
 * evolve: {
 *   ...on(schoolOpened, (state: SchoolsState, event) => state.schools.set(event.data.schoolId, …) && state),
 *   ...on(divisionEvent, (state: SchoolsState, event) => { applyDivisionEvent(state.divisions, event); return state; }),
 * }
 */
export function on<Type extends string, Schema extends z.ZodType, State>(
  definition: EventDefinition<Type, Schema>,
  handler: (state: State, event: RecordedEvent<Type, z.output<Schema>>) => State,
): Record<Type, Evolver<State>>;
export function on<D extends EventDefinition, State>(
  definitions: EventFamily<D> | readonly D[],
  handler: (state: State, event: RecordedEventOf<D>) => State,
): Record<D['type'], Evolver<State>>;
export function on<State>(
  definitions: EventDefinition | EventFamily | readonly EventDefinition[],
  handler: (state: State, event: never) => State,
): Record<string, Evolver<State>> {
  const list =
    'type' in definitions
      ? [definitions]
      : 'definitions' in definitions
        ? definitions.definitions
        : definitions;
  const evolve = handler as Evolver<State>;
  return Object.fromEntries(list.map((d) => [d.type, evolve]));
}
