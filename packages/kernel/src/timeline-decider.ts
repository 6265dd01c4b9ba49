/**
 * Deciding as of the effective date — one implementation for every module whose rules depend on
 * the state at a date (divisions, personnel, institutions, services, and the plugins).
 *
 * The decider's state is the stream's history. To decide, the model's state is rebuilt as of the
 * command's effective date (events in effective order, rules not checked: the log is already
 * valid); the command emits its events, each applied with the rules checked as it is emitted; then
 * every event effective later is applied again on top, with the rules checked — so a backdated
 * command that contradicts what was already recorded after its date is refused, naming that event
 * and its document.
 */
import { InvariantViolation } from './errors';
import type { Authority, NewEvent, NewEventMetadata, RecordedEvent } from './envelope';
import type { Decider } from './decider';
import { requireEffectiveAt } from './time';

/** The state a timeline decider rebuilds, and how one event changes it. */
export interface TimelineModel<State> {
  initialState: () => State;
  /**
   * Applies one event (mutating `state`). With `check`, throws an InvariantViolation — before
   * changing anything — when the event breaks a rule as of its effective date; without, it folds
   * what it can (the read models' and the history's way).
   */
  apply: (state: State, event: RecordedEvent, check: boolean) => void;
  /**
   * The rules that hold for the result of one act rather than for each of its events — an act being
   * the events one command recorded (they share a correlation id). One adjustment may swap two
   * divisions' codes: each of its events alone leaves a code with two holders, the act does not.
   * When given, the later events are checked again act by act: each event with `apply(…, true)`,
   * then `checkAct` on the state after the act's last event (an InvariantViolation refuses the
   * command, naming that event). The command's own act is checked by `decide` itself, which knows
   * which of its inputs to blame.
   */
  checkAct?: (state: State, act: readonly RecordedEvent[]) => void;
}

/** The decider's state: the stream's events in log order. */
export interface TimelineHistory {
  events: RecordedEvent[];
}

/** What a command's `decide` sees and uses. */
export interface Timeline<State> {
  /** The model's state as of the command's effective date, with the events emitted so far applied. */
  readonly state: State;
  /** The effective date as stored (an instant normalised to UTC). */
  readonly at: string;
  readonly atMs: number;
  /** The whole stream, in log order (e.g. to number new ids after every id ever used). */
  readonly history: readonly RecordedEvent[];
  /** The events effective after `at`, in effective order (e.g. to say "only established later"). */
  readonly later: readonly RecordedEvent[];
  /**
   * Emits an event of the command, applied at once with the rules checked (an InvariantViolation
   * leaves it out). With `effectiveAt` after the command's date (e.g. the end of a fixed tenure), it
   * is applied in date order among the later events instead.
   */
  readonly emit: (event: NewEvent, options?: { effectiveAt?: string }) => void;
}

export interface TimelineOptions {
  /** How messages name what is decided: "this adjustment, effective …" (default `command`). */
  noun?: string;
  /** What the message of a contradiction advises (default: correct or retract the later record). */
  advice?: string;
  /**
   * Which later events are checked again:
   * - `all` (default): every one; any that breaks a rule refuses the command.
   * - `new-conflicts`: a later event that breaks a rule even without the command's events (the
   *   stream was already inconsistent, e.g. after a backdated division merger) does not block it.
   * - `{ concerning }`: only the later events that concern something the command's events concern
   *   (by the ids `concerning` names, growing as checked events bring more); the others are folded
   *   without the rules.
   */
  recheck?: 'all' | 'new-conflicts' | { concerning: (event: RecordedEvent) => readonly string[] };
}

/** Positions of not-yet-recorded events: after every real one, in emission order. */
const PENDING_POSITION = Number.MAX_SAFE_INTEGER - 1_000_000;

/**
 * The correlation id of a command's drafts: recorded together, its events will share one, so a
 * model that tells acts apart (what one act released it may take again) sees them as one act.
 */
export const PENDING_CORRELATION_ID = 'pending-command';

const actOf = (e: RecordedEvent): string => e.metadata.correlationId ?? e.id;

const byEffective = (a: RecordedEvent, b: RecordedEvent): number =>
  a.effectiveMs - b.effectiveMs || a.position - b.position;

function tryApply<S>(
  model: TimelineModel<S>,
  state: S,
  event: RecordedEvent,
): InvariantViolation | undefined {
  try {
    model.apply(state, event, true);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvariantViolation)) throw error;
    model.apply(state, event, false);
    return error;
  }
}

function tryCheckAct<S>(
  model: TimelineModel<S>,
  state: S,
  act: readonly RecordedEvent[],
): InvariantViolation | undefined {
  try {
    model.checkAct?.(state, act);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvariantViolation)) throw error;
    return error;
  }
}

/** Ids of the later events that break a rule even without the command's events. */
function failingWithout<S>(
  model: TimelineModel<S>,
  earlier: readonly RecordedEvent[],
  later: readonly RecordedEvent[],
): Set<string> {
  const state = model.initialState();
  for (const e of earlier) model.apply(state, e, false);
  const failed = new Set<string>();
  let act: RecordedEvent[] = [];
  later.forEach((e, i) => {
    let problem = tryApply(model, state, e);
    if (model.checkAct) {
      act.push(e);
      const next = later[i + 1];
      if (next === undefined || actOf(next) !== actOf(e)) {
        problem ??= tryCheckAct(model, state, act);
        act = [];
      }
    }
    if (problem) failed.add(e.id);
  });
  return failed;
}

/**
 * A decider that decides as of the command's effective date (see the header).
 *
 * @example
 * export const closeSchoolDecider = timelineDecider(schoolsModel, (command: CloseSchool, timeline) => {
 *   timeline.emit(schoolClosed.create({ schoolId: command.schoolId }));
 * });
 */
export function timelineDecider<
  State,
  Command extends { effectiveAt: string; authority?: Authority | undefined },
>(
  model: TimelineModel<State>,
  decide: (command: Command, timeline: Timeline<State>) => void,
  options: TimelineOptions = {},
): Decider<TimelineHistory, Command> {
  const noun = options.noun ?? 'command';
  const advice = options.advice ?? 'Correct or retract the later record first, or choose another date.';
  const recheck = options.recheck ?? 'all';
  return {
    initialState: () => ({ events: [] }),
    evolve: (history, event) => {
      history.events.push(event);
      return history;
    },
    decide: (command, history) => {
      const at = requireEffectiveAt(command.effectiveAt);
      const sorted = [...history.events].sort(byEffective);
      const earlier = sorted.filter((e) => e.effectiveMs <= at.ms);
      const later = sorted.filter((e) => e.effectiveMs > at.ms);
      const state = model.initialState();
      for (const e of earlier) model.apply(state, e, false);

      const emitted: NewEvent[] = [];
      const deferred: RecordedEvent[] = [];
      const touched = new Set<string>();
      const concerning = typeof recheck === 'object' ? recheck.concerning : undefined;
      const timeline: Timeline<State> = {
        state,
        at: at.text,
        atMs: at.ms,
        history: history.events,
        later,
        emit: (event, emitOptions) => {
          const when =
            emitOptions?.effectiveAt === undefined ? at : requireEffectiveAt(emitOptions.effectiveAt);
          if (when.ms < at.ms)
            throw new Error(
              `an event of a command effective ${at.text} cannot take effect earlier, on ${when.text}`,
            );
          const metadata: NewEventMetadata = {
            ...event.metadata,
            effectiveAt: when.text,
            ...(command.authority ? { authority: command.authority } : {}),
          };
          const draft: RecordedEvent = {
            id: `pending-${emitted.length}`,
            type: event.type,
            stream: '',
            revision: 0,
            position: PENDING_POSITION + emitted.length,
            data: event.data,
            metadata: {
              ...metadata,
              effectiveAt: when.text,
              correlationId: metadata.correlationId ?? PENDING_CORRELATION_ID,
              recordedAt: '',
              schemaVersion: 1,
            },
            effectiveMs: when.ms,
            recordedMs: 0,
          };
          if (when.ms > at.ms) deferred.push(draft);
          else model.apply(state, draft, true);
          emitted.push({ type: event.type, data: event.data, metadata });
          if (concerning) for (const id of concerning(draft)) touched.add(id);
        },
      };
      decide(command, timeline);

      const own = new Set(deferred);
      const queue = [...later, ...deferred].sort(byEffective);
      let baseline: Set<string> | undefined;
      /** The later act being checked again (with `checkAct`), and whether any of its events was. */
      let act: RecordedEvent[] = [];
      let actChecked = false;
      for (const [i, e] of queue.entries()) {
        if (own.has(e)) {
          model.apply(state, e, true); // the command's own later event: its rule error is the answer
          continue;
        }
        const checked = !concerning || concerning(e).some((id) => touched.has(id));
        let problem: InvariantViolation | undefined;
        if (checked) {
          problem = tryApply(model, state, e);
          if (concerning) for (const id of concerning(e)) touched.add(id);
        } else model.apply(state, e, false);
        if (model.checkAct) {
          act.push(e);
          actChecked ||= checked;
          const next = queue[i + 1];
          if (next === undefined || own.has(next) || actOf(next) !== actOf(e)) {
            if (actChecked) problem ??= tryCheckAct(model, state, act);
            act = [];
            actChecked = false;
          }
        }
        if (!problem) continue;
        if (recheck === 'new-conflicts') {
          baseline ??= failingWithout(model, earlier, later);
          if (baseline.has(e.id)) continue;
        }
        const doc = e.metadata.authority?.documentNo;
        throw new InvariantViolation(
          `this ${noun}, effective ${at.text}, contradicts ${e.type} effective ${e.metadata.effectiveAt}${doc ? ` (${doc})` : ''}, ` +
            `recorded ${e.metadata.recordedAt} as event ${e.id}: ${problem.message}. ${advice}`,
          {
            ...problem.details,
            conflictingEventId: e.id,
            ...(doc ? { conflictingDocument: doc } : {}),
            path: ['effectiveAt'],
          },
          { cause: problem },
        );
      }
      return emitted;
    },
  };
}
