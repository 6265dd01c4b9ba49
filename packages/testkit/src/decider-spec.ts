/**
 * given/when/then for deciders.
 *
 * @example
 * const spec = deciderSpec(registryDecider);
 * spec.given([established]).when(mergeCommand).then([merged]);
 * spec.given([established, abolished]).when(mergeCommand).thenThrows(InvariantViolation, /abolished/);
 */
import { expect } from 'vitest';
import type { Decider, NewEvent, RecordedEvent } from '@xianzhi/kernel';
import { toRecorded } from './recorded';

type ErrorClass = abstract new (...args: never[]) => Error;

export interface DeciderThen<E> {
  /** The events the command must produce: type and data equal, metadata matching where given. */
  then(expected: readonly NewEvent[] | ((events: E[]) => void)): void;
  /** The command must throw this error class (and a message matching `message`). */
  thenThrows(errorClass: ErrorClass, message?: RegExp | string): Error;
}

export function deciderSpec<S, C, E extends NewEvent = NewEvent>(decider: Decider<S, C, E>) {
  return {
    given(history: readonly (NewEvent | RecordedEvent)[] = []) {
      return {
        when(command: C): DeciderThen<E> {
          const run = (): E[] => {
            let state = decider.initialState();
            for (const e of toRecorded(history)) state = decider.evolve(state, e);
            return decider.decide(command, state);
          };
          return {
            then(expected) {
              const actual = run();
              if (typeof expected === 'function') {
                expected(actual);
                return;
              }
              expect(actual.map((e) => ({ type: e.type, data: e.data }))).toEqual(
                expected.map((e) => ({ type: e.type, data: e.data })),
              );
              expected.forEach((e, i) => {
                if (e.metadata) expect(actual[i]!.metadata).toMatchObject(e.metadata);
              });
            },
            thenThrows(errorClass, message) {
              try {
                run();
              } catch (error) {
                expect(error).toBeInstanceOf(errorClass);
                if (message !== undefined) expect((error as Error).message).toMatch(message);
                return error as Error;
              }
              throw new Error(`expected the command to throw ${errorClass.name}, but it produced events`);
            },
          };
        },
      };
    },
  };
}
