import { describe, expect, it } from 'vitest';
import { InvariantViolation, defineProjection, type Decider, type NewEvent } from '@xianzhi/kernel';
import { deciderSpec } from './decider-spec';
import { naiveAsOf } from './naive';
import { toRecorded } from './recorded';

const trace = defineProjection({
  name: 'test.trace',
  version: 1,
  initialState: (): string[] => [],
  evolve: { 'test.happened': (s: string[], e) => [...s, (e.data as { n: string }).n] },
  queries: {},
});

describe('naiveAsOf — the definition, on a hand-made history', () => {
  it('filters by recordedAt and effectiveAt, drops retractions known at T, sorts by (effectiveAt, position)', () => {
    const happened = (n: string, effectiveAt: string): NewEvent => ({
      type: 'test.happened',
      data: { n },
      metadata: { effectiveAt },
    });
    const events = toRecorded([
      happened('a', '2020-01-02'),
      happened('b', '2020-01-01'),
      happened('c', '2020-01-03'),
    ]);
    const retraction = {
      ...events[0]!,
      id: '00000000-0000-4000-8000-000000000009',
      type: 'kernel.event-retracted',
      data: { eventId: events[2]!.id, reason: 'x' },
      position: 4,
      recordedMs: events[2]!.recordedMs + 10,
    };
    const log = [...events, retraction];
    expect(naiveAsOf(log, trace, '2020-01-05', events[2]!.recordedMs)).toEqual(['b', 'a', 'c']);
    expect(naiveAsOf(log, trace, '2020-01-05', retraction.recordedMs)).toEqual(['b', 'a']);
    expect(naiveAsOf(log, trace, '2020-01-01', retraction.recordedMs)).toEqual(['b']);
    expect(naiveAsOf(log, trace, '2020-01-05', events[0]!.recordedMs)).toEqual(['a']);
  });
});

describe('deciderSpec', () => {
  const counter: Decider<number, { add: number }> = {
    initialState: () => 0,
    evolve: (s) => s + 1,
    decide: (c, s) => {
      if (s >= 2) throw new InvariantViolation('full');
      return [{ type: 'test.happened', data: { n: String(c.add) } }];
    },
  };
  it('passes when the events match and fails when they do not', () => {
    const spec = deciderSpec(counter);
    spec
      .given([])
      .when({ add: 1 })
      .then([{ type: 'test.happened', data: { n: '1' } }]);
    expect(() =>
      spec
        .given([])
        .when({ add: 1 })
        .then([{ type: 'test.happened', data: { n: '2' } }]),
    ).toThrow();
    const two = [
      { type: 'test.happened', data: { n: '1' } },
      { type: 'test.happened', data: { n: '2' } },
    ];
    spec.given(two).when({ add: 3 }).thenThrows(InvariantViolation, /full/);
    expect(() => spec.given([]).when({ add: 3 }).thenThrows(InvariantViolation)).toThrow(/produced events/);
  });
});
