/**
 * The personnel decider, shared by every personnel command of a county's stream.
 *
 * The state is the stream's whole history. To decide, the personnel state is rebuilt as of the
 * decision's effective date, each change is turned into events and applied with the rules checked;
 * then every event effective later (and the end of any `until` tenure) is applied again on top —
 * so a backdated decision that contradicts what was already recorded after its date is refused,
 * naming that event and its document.
 */
import {
  InvariantViolation,
  parseEffectiveAt,
  timelineDecider,
  type Decider,
  type Timeline,
  type TimelineHistory,
} from '@xianzhi/kernel';
import { postIdOf, type PersonnelChange, type PersonnelDecision } from './decision';
import { personRegistered, postEstablished } from './events';
import { applyEvent, emptyPersonnel, type PersonnelState } from './model';

export type PersonnelHistory = TimelineHistory;

const decisionDecider = timelineDecider(
  { initialState: emptyPersonnel, apply: applyEvent },
  (decision: PersonnelDecision, timeline: Timeline<PersonnelState>) =>
    new DecisionBuilder(decision, timeline).build(),
  {
    noun: 'decision',
    advice: 'Correct the later decision first (retract it), or choose another effective date.',
  },
);

/**
 * A decider for one personnel command: `toDecision` turns its input into a decision.
 *
 * @example
 * const appoint = personnelDecider((input: AppointToPost) => ({ ...input, changes: [{ op: 'appoint', ...input }] }));
 */
export function personnelDecider<Command>(
  toDecision: (command: Command) => PersonnelDecision,
): Decider<PersonnelHistory, Command> {
  return {
    ...decisionDecider,
    decide: (command, history) => decisionDecider.decide(toDecision(command), history),
  };
}

class DecisionBuilder {
  readonly #at: string;
  readonly #atMs: number;
  readonly #timeline: Timeline<PersonnelState>;
  readonly #personIds: Set<string>;
  #seq: number;

  constructor(
    private readonly decision: PersonnelDecision,
    timeline: Timeline<PersonnelState>,
  ) {
    this.#timeline = timeline;
    this.#at = timeline.at;
    this.#atMs = timeline.atMs;
    this.#personIds = new Set(
      timeline.history.flatMap((e) => (personRegistered.is(e) ? [e.data.personId] : [])),
    );
    this.#seq = this.#personIds.size;
  }

  build(): void {
    const many = this.decision.changes.length > 1;
    this.decision.changes.forEach((change, index) => {
      try {
        this.#change(change);
      } catch (error) {
        if (many && error instanceof InvariantViolation) {
          throw new InvariantViolation(
            `changes[${index}] (${change.op}): ${error.message}`,
            { ...error.details, path: ['changes', index] },
            { cause: error },
          );
        }
        throw error;
      }
    });
  }

  /** Emits one event of the decision; `until` defers it to the end of a fixed tenure. */
  #emit(type: string, data: Record<string, unknown>, until?: { text: string }): void {
    this.#timeline.emit({ type, data }, until ? { effectiveAt: until.text } : {});
  }

  /** Names a person or post that only appears later, so the message says when it does. */
  #notYet(kind: 'person' | 'post', id: string, action: string): void {
    const { state, later: laterEvents } = this.#timeline;
    const exists = kind === 'person' ? state.persons.has(id) : state.posts.has(id);
    if (exists) return;
    const later = laterEvents.find((e) =>
      kind === 'person'
        ? personRegistered.is(e) && e.data.personId === id
        : postEstablished.is(e) && e.data.postId === id,
    );
    if (later) {
      const doc = later.metadata.authority?.documentNo;
      throw new InvariantViolation(
        `${kind} ${id} is only ${kind === 'person' ? 'registered' : 'established'} on ${later.metadata.effectiveAt}${doc ? ` (${doc})` : ''}; ` +
          `it cannot be ${action} on ${this.#at}`,
        { [`${kind}Id`]: id, recordedBy: later.id },
      );
    }
  }

  #nextPersonId(): string {
    let id: string;
    do {
      this.#seq += 1;
      id = `person-${this.decision.countyCode}-${this.#seq}`;
    } while (this.#personIds.has(id));
    this.#personIds.add(id);
    return id;
  }

  #change(change: PersonnelChange): void {
    const countyCode = this.decision.countyCode;
    switch (change.op) {
      case 'register-person': {
        const { op: _op, personId, ...person } = change;
        const id = personId ?? this.#nextPersonId();
        this.#personIds.add(id);
        this.#emit('personnel.person-registered', { personId: id, countyCode, ...person });
        return;
      }
      case 'update-person': {
        this.#notYet('person', change.personId, 'updated');
        const { op: _op, ...update } = change;
        this.#emit('personnel.person-updated', update);
        return;
      }
      case 'establish-post': {
        const { op: _op, postId, ...post } = change;
        this.#emit('personnel.post-established', {
          postId: postId ?? postIdOf(post.divisionId, post.organisation, post.role),
          countyCode,
          ...post,
        });
        return;
      }
      case 'abolish-post':
        this.#notYet('post', change.postId, 'abolished');
        this.#emit('personnel.post-abolished', { postId: change.postId });
        return;
      case 'appoint': {
        this.#notYet('person', change.personId, 'appointed');
        this.#notYet('post', change.postId, 'given a holder');
        this.#emit('personnel.appointed', { personId: change.personId, postId: change.postId });
        if (change.until !== undefined) {
          const until = parseEffectiveAt(change.until)!;
          if (until.ms <= this.#atMs) {
            throw new InvariantViolation(
              `the tenure ends on ${until.text}, which is not after its start on ${this.#at}`,
              { path: ['until'] },
            );
          }
          this.#emit('personnel.dismissed', { personId: change.personId, postId: change.postId }, until);
        }
        return;
      }
      case 'dismiss':
        this.#notYet('person', change.personId, 'dismissed');
        this.#emit('personnel.dismissed', {
          personId: change.personId,
          postId: change.postId,
          ...(change.reason ? { reason: change.reason } : {}),
        });
        return;
      case 'transfer':
        this.#notYet('person', change.personId, 'transferred');
        this.#notYet('post', change.toPostId, 'given a holder');
        this.#emit('personnel.transferred', {
          personId: change.personId,
          fromPostId: change.fromPostId,
          toPostId: change.toPostId,
        });
        return;
    }
  }
}
