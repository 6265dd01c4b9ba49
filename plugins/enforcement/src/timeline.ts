/**
 * Deciding on a timeline: the state is rebuilt as of the command's effective date from the stream's
 * history (in effective order), the command's events are applied with the rules checked, and then
 * every event effective later is applied again on top with the rules checked — so a backdated
 * command that contradicts what is already recorded after its date is refused, naming that event.
 * A later event that was already inconsistent without the new events (e.g. after a backdated
 * division merger) does not block unrelated commands.
 */
import {
  InvariantViolation,
  parseEffectiveAt,
  type Authority,
  type Decider,
  type NewEvent,
  type NewEventMetadata,
  type RecordedEvent,
} from '@xianzhi/kernel';

export interface TimelineModel<S> {
  empty: () => S;
  /** Applies an event; with `check`, throws an InvariantViolation before changing anything. */
  apply: (state: S, event: RecordedEvent, check: boolean) => void;
}

export interface History {
  events: RecordedEvent[];
}

export type Emit = (type: string, data: Record<string, unknown>) => void;

const byEffective = (a: RecordedEvent, b: RecordedEvent) => a.effectiveMs - b.effectiveMs || a.position - b.position;

function tryApply<S>(model: TimelineModel<S>, state: S, event: RecordedEvent): InvariantViolation | undefined {
  try {
    model.apply(state, event, true);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvariantViolation)) throw error;
    model.apply(state, event, false);
    return error;
  }
}

/**
 * A decider whose state is the stream's history. `build` receives the state as of the command's
 * date and emits the command's events (each applied with the rules checked as it is emitted).
 */
export function timelineDecider<S, C extends { effectiveAt: string; authority?: Authority | undefined }>(
  model: TimelineModel<S>,
  build: (command: C, state: S, emit: Emit, context: { at: string; history: readonly RecordedEvent[] }) => void,
): Decider<History, C> {
  return {
    initialState: () => ({ events: [] }),
    evolve: (history, event) => {
      history.events.push(event);
      return history;
    },
    decide: (command, history) => {
      const at = parseEffectiveAt(command.effectiveAt)!;
      const sorted = [...history.events].sort(byEffective);
      const earlier = sorted.filter((e) => e.effectiveMs <= at.ms);
      const later = sorted.filter((e) => e.effectiveMs > at.ms);
      const state = model.empty();
      for (const e of earlier) model.apply(state, e, false);

      const metadata: NewEventMetadata = { effectiveAt: at.text, ...(command.authority ? { authority: command.authority } : {}) };
      const events: NewEvent[] = [];
      build(
        command,
        state,
        (type, data) => {
          const draft: RecordedEvent = {
            id: `pending-${events.length}`,
            type,
            stream: '',
            revision: 0,
            position: Number.MAX_SAFE_INTEGER - 100_000 + events.length,
            data,
            metadata: { ...metadata, effectiveAt: at.text, recordedAt: '', schemaVersion: 1 },
            effectiveMs: at.ms,
            recordedMs: 0,
          };
          model.apply(state, draft, true);
          events.push({ type, data, metadata });
        },
        { at: at.text, history: history.events },
      );

      let baseline: Set<string> | undefined;
      for (const e of later) {
        const problem = tryApply(model, state, e);
        if (!problem) continue;
        baseline ??= failuresWithout(model, earlier, later);
        if (baseline.has(e.id)) continue;
        const doc = e.metadata.authority?.documentNo;
        throw new InvariantViolation(
          `this command, effective ${at.text}, contradicts ${e.type} effective ${e.metadata.effectiveAt}${doc ? ` (${doc})` : ''}, ` +
            `recorded ${e.metadata.recordedAt} as event ${e.id}: ${problem.message}. Correct or retract the later record first, or choose another date.`,
          { conflictingEventId: e.id, path: ['effectiveAt'] },
          { cause: problem },
        );
      }
      return events;
    },
  };
}

/** Ids of the later events that break a rule even without the command's events. */
function failuresWithout<S>(model: TimelineModel<S>, earlier: readonly RecordedEvent[], later: readonly RecordedEvent[]): Set<string> {
  const state = model.empty();
  for (const e of earlier) model.apply(state, e, false);
  const failed = new Set<string>();
  for (const e of later) if (tryApply(model, state, e)) failed.add(e.id);
  return failed;
}
