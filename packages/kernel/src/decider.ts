/**
 * Commands and deciders: `decide(command, state)` returns the events a command produces, or throws
 * a domain error (InvariantViolation, NotFoundError…). State is rebuilt with `evolve` from the
 * command's stream. Deciders are pure; the runtime appends with optimistic concurrency.
 */
import type { z } from 'zod';
import type { NewEvent, RecordedEvent } from './envelope';

export interface Decider<State, Command, Event extends NewEvent = NewEvent> {
  initialState: () => State;
  evolve: (state: State, event: RecordedEvent) => State;
  decide: (command: Command, state: State) => Event[];
}

/**
 * A command a module offers: its input schema, the stream it writes to, and its decider.
 *
 * @example
 * const renameDivision = defineCommand({
 *   name: 'renameDivision',
 *   input: z.object({ countyCode: z.string(), divisionId: z.string(), name: z.string(), effectiveAt: z.string() }),
 *   stream: (input) => `county-${input.countyCode}`,
 *   decider: registryDecider,
 * });
 */
export interface CommandDefinition<Schema extends z.ZodType = z.ZodType, State = unknown> {
  name: string;
  input: Schema;
  stream: (input: z.output<Schema>) => string;
  decider: Decider<State, z.output<Schema>>;
  /** The scope a caller needs (defaults to `<module>:write`). */
  scope?: string;
}

export function defineCommand<Schema extends z.ZodType, State>(
  command: CommandDefinition<Schema, State>,
): CommandDefinition<Schema, State> {
  return command;
}

/** Any command, whatever its input and state types (for module registries). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDefinition<any, any>;
