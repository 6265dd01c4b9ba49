/**
 * Runs a module command: validate the input, load the command's stream (without retracted events),
 * fold it with the decider, decide, and append with the stream's revision as the expected one — so
 * two writers deciding on the same state cannot both win. Waits until the runtime has taken the new
 * events in, so the caller reads its own writes.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  IdempotencyKeyReused,
  ValidationError,
  type AnyCommand,
  type CommandDefinition,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { stableStringify, type AppendResult, type EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from './runtime';

export interface ExecuteOptions {
  /** Who issues the command (from the caller's token); written into every event's metadata. */
  actor?: string;
  /** A retry with the same key returns the original result and writes nothing. */
  idempotencyKey?: string;
  correlationId?: string;
}

export interface CommandResult extends AppendResult {
  /** True when the decider produced no events (nothing to do). */
  noop: boolean;
}

function fold(command: Command, events: readonly RecordedEvent[], runtime: ProjectionRuntime): unknown {
  const decider = command.decider;
  let state: unknown = decider.initialState();
  for (const e of events) {
    if (runtime.findEvent(e.id)?.retractedBy) continue;
    state = decider.evolve(state, e);
  }
  return state;
}

type Command = CommandDefinition<z.ZodType, unknown>;

/** The same command: the same events — types, data, effective dates, documents — by the same actor. */
const sameEvents = (a: readonly NewEvent[], b: readonly RecordedEvent[], actor: string | undefined) =>
  a.length === b.length &&
  a.every((e, i) => {
    const s = b[i]!;
    return (
      e.type === s.type &&
      stableStringify(e.data) === stableStringify(s.data) &&
      e.metadata?.effectiveAt === s.metadata.effectiveAt &&
      stableStringify(e.metadata?.authority ?? null) === stableStringify(s.metadata.authority ?? null) &&
      (actor ?? null) === (s.metadata.actor ?? null)
    );
  });

/**
 * @example
 * await executeCommand({ store, runtime }, enactAdjustment, input, { actor: 'token:minzheng', idempotencyKey });
 */
export async function executeCommand(
  context: { store: EventStore; runtime: ProjectionRuntime },
  anyCommand: AnyCommand,
  input: unknown,
  options: ExecuteOptions = {},
): Promise<CommandResult> {
  const { store, runtime } = context;
  const command = anyCommand as Command;
  const parsed = command.input.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const stream = command.stream(parsed.data);
  const history = await store.readStream(stream);
  const last = history[history.length - 1];
  if (last) await runtime.waitForPosition(last.position);

  const key = options.idempotencyKey;
  if (key !== undefined) {
    const first = history.findIndex((e) => e.metadata.idempotencyKey === key);
    if (first >= 0) {
      // A retry: decide again on the state before the original, and compare.
      const stored = history.filter((e) => e.metadata.idempotencyKey === key);
      const again: NewEvent[] = command.decider.decide(
        parsed.data,
        fold(command, history.slice(0, first), runtime),
      );
      if (!sameEvents(again, stored, options.actor)) throw new IdempotencyKeyReused(key);
      return {
        stream,
        nextExpectedRevision: stored[stored.length - 1]!.revision,
        firstPosition: stored[0]!.position,
        lastPosition: stored[stored.length - 1]!.position,
        events: stored,
        replayed: true,
        noop: false,
      };
    }
  }

  const events: NewEvent[] = command.decider.decide(parsed.data, fold(command, history, runtime));
  if (events.length === 0) {
    return {
      stream,
      nextExpectedRevision: last?.revision ?? -1,
      firstPosition: 0,
      lastPosition: 0,
      events: [],
      replayed: false,
      noop: true,
    };
  }
  const correlationId = options.correlationId ?? randomUUID();
  const stamped = events.map((e) => ({
    ...e,
    metadata: {
      ...e.metadata,
      correlationId,
      ...(options.actor === undefined ? {} : { actor: options.actor }),
    },
  }));
  const result = await store.append(stream, stamped, {
    expectedRevision: last ? last.revision : 'no-stream',
    ...(key === undefined ? {} : { idempotencyKey: key }),
  });
  await runtime.waitForPosition(result.lastPosition);
  return { ...result, noop: false };
}
