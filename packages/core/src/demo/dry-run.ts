/**
 * Runs a demo script in memory, without a store: every command is validated and decided by the
 * module's own decider over its stream's history, and the events get positions and times as a store
 * would give them. For tests and for checking a script before recording it.
 */
import type { z } from 'zod';
import {
  ValidationError,
  parseEffectiveAt,
  type CommandDefinition,
  type ModuleDefinition,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import type { DemoScript } from './types';

export async function dryRunScript(script: DemoScript, module: ModuleDefinition): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const record = (stream: string, events: readonly NewEvent[]) => {
    const history = streams.get(stream) ?? [];
    for (const e of events) {
      const eff = parseEffectiveAt(e.metadata?.effectiveAt ?? '')!;
      const position = log.length + 1;
      const recorded: RecordedEvent = {
        id: `dry-${position}`,
        type: e.type,
        stream,
        revision: history.length,
        position,
        data: e.data,
        metadata: {
          ...e.metadata,
          effectiveAt: eff.text,
          recordedAt: new Date(position).toISOString(),
          schemaVersion: 1,
        },
        effectiveMs: eff.ms,
        recordedMs: position,
      };
      history.push(recorded);
      log.push(recorded);
    }
    streams.set(stream, history);
  };
  for (const c of script.commands) {
    const command = module.commands[c.command] as CommandDefinition<z.ZodType, unknown> | undefined;
    if (!command) throw new Error(`module "${module.name}" has no command "${c.command}"`);
    const parsed = command.input.safeParse(c.input);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error);
    const stream = command.stream(parsed.data);
    let state: unknown = command.decider.initialState();
    for (const e of streams.get(stream) ?? []) state = command.decider.evolve(state, e);
    record(stream, command.decider.decide(parsed.data, state));
  }
  if (script.appends)
    for await (const batch of script.appends()) for (const a of batch) record(a.stream, a.events);
  return log;
}

/** Folds a projection over events as of a date (effective order), the way the runtime would. */
export function foldAsOf<S>(
  projection: { initialState: () => S; evolve: Record<string, (s: S, e: RecordedEvent) => S> },
  events: readonly RecordedEvent[],
  asOfMs: number,
): S {
  let state = projection.initialState();
  const sorted = events
    .filter((e) => e.effectiveMs <= asOfMs)
    .sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position);
  for (const e of sorted) {
    const fn = projection.evolve[e.type];
    if (fn) state = fn(state, e);
  }
  return state;
}
