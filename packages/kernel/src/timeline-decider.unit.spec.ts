import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  InvariantViolation,
  PENDING_CORRELATION_ID,
  defineEvent,
  parseEffectiveAt,
  timelineDecider,
  type NewEvent,
  type RecordedEvent,
  type TimelineModel,
} from './index';

// A tiny model: stalls that open once and close once, and cannot close before they open.
const opened = defineEvent('test.stall-opened', 1, z.object({ stall: z.string() }));
const closed = defineEvent('test.stall-closed', 1, z.object({ stall: z.string() }));

interface Stalls {
  open: Set<string>;
  closed: Set<string>;
}

const model: TimelineModel<Stalls> = {
  initialState: () => ({ open: new Set(), closed: new Set() }),
  apply: (state, event, check) => {
    const { stall } = event.data as { stall: string };
    if (opened.is(event)) {
      if (check && (state.open.has(stall) || state.closed.has(stall)))
        throw new InvariantViolation(`stall ${stall} already exists on ${event.metadata.effectiveAt}`, {
          stall,
        });
      state.open.add(stall);
    } else if (closed.is(event)) {
      if (check && !state.open.has(stall))
        throw new InvariantViolation(`stall ${stall} is not open on ${event.metadata.effectiveAt}`, {
          stall,
        });
      state.open.delete(stall);
      state.closed.add(stall);
    }
  },
};

interface Command {
  effectiveAt: string;
  authority?: { documentNo: string; issuedBy: string };
  open?: string[];
  close?: string[];
  /** Closes `close` again on this later date (a fixed term). */
  until?: string;
}

const decide = (c: Command, t: { emit: (e: NewEvent, o?: { effectiveAt?: string }) => void }) => {
  for (const s of c.open ?? []) t.emit(opened.create({ stall: s }));
  for (const s of c.close ?? []) t.emit(closed.create({ stall: s }));
  if (c.until) for (const s of c.open ?? []) t.emit(closed.create({ stall: s }), { effectiveAt: c.until });
};

function history(events: { event: NewEvent; effectiveAt: string; documentNo?: string; act?: string }[]): {
  events: RecordedEvent[];
} {
  return {
    events: events.map(({ event, effectiveAt, documentNo, act }, i) => ({
      id: `e${i + 1}`,
      type: event.type,
      stream: 's',
      revision: i,
      position: i + 1,
      data: event.data,
      metadata: {
        effectiveAt,
        recordedAt: `2024-01-0${i + 1}T00:00:00.000Z`,
        schemaVersion: 1,
        ...(documentNo ? { authority: { documentNo, issuedBy: 'x' } } : {}),
        ...(act ? { correlationId: act } : {}),
      },
      effectiveMs: parseEffectiveAt(effectiveAt)!.ms,
      recordedMs: i,
    })),
  };
}

describe('timelineDecider', () => {
  const decider = timelineDecider(model, decide);

  it('decides as of the effective date: the state there, not the state at the end of the log', () => {
    // a opened in 2020 and closed in 2022: as of 2021 it is open, so it can be closed then…
    const h = history([
      { event: opened.create({ stall: 'a' }), effectiveAt: '2020-01-01' },
      { event: closed.create({ stall: 'b' }), effectiveAt: '2019-01-01' }, // a record that never folded (b never opened)
    ]);
    expect(
      decider.decide(
        {
          effectiveAt: '2021-06-01',
          close: ['a'],
          authority: { documentNo: '测〔2021〕1号', issuedBy: 'x' },
        },
        h,
      ),
    ).toEqual([
      {
        type: 'test.stall-closed',
        data: { stall: 'a' },
        metadata: { effectiveAt: '2021-06-01', authority: { documentNo: '测〔2021〕1号', issuedBy: 'x' } },
      },
    ]);
    // …but not before it opened, and the message is the model's
    expect(() => decider.decide({ effectiveAt: '2019-06-01', close: ['a'] }, h)).toThrow(
      /stall a is not open on 2019-06-01/,
    );
  });

  it('applies each emitted event with the rules, so a command cannot contradict itself', () => {
    expect(() => decider.decide({ effectiveAt: '2021-06-01', open: ['a', 'a'] }, history([]))).toThrow(
      /stall a already exists/,
    );
  });

  it('refuses a backdated command that contradicts a later event, naming it and its document', () => {
    const h = history([
      { event: opened.create({ stall: 'a' }), effectiveAt: '2020-01-01' },
      { event: closed.create({ stall: 'a' }), effectiveAt: '2022-01-01', documentNo: '测〔2022〕9号' },
    ]);
    const error = (() => {
      try {
        timelineDecider(model, decide, { noun: 'decision', advice: 'Retract it first.' }).decide(
          { effectiveAt: '2021-01-01', close: ['a'] },
          h,
        );
      } catch (e) {
        return e as InvariantViolation;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(InvariantViolation);
    expect(error.message).toBe(
      'this decision, effective 2021-01-01, contradicts test.stall-closed effective 2022-01-01 (测〔2022〕9号), recorded 2024-01-02T00:00:00.000Z as event e2: ' +
        'stall a is not open on 2022-01-01. Retract it first.',
    );
    expect(error.details).toEqual({
      stall: 'a',
      conflictingEventId: 'e2',
      conflictingDocument: '测〔2022〕9号',
      path: ['effectiveAt'],
    });
  });

  it('applies a deferred event (a fixed term) in date order among the later events; its own failure is the answer', () => {
    expect(
      decider
        .decide({ effectiveAt: '2021-01-01', open: ['a'], until: '2023-01-01' }, history([]))
        .map((e) => e.metadata?.effectiveAt),
    ).toEqual(['2021-01-01', '2023-01-01']);
    // a later record closes a in 2022: the term's end in 2023 finds it closed
    const h = history([{ event: closed.create({ stall: 'a' }), effectiveAt: '2022-01-01' }]);
    expect(() => decider.decide({ effectiveAt: '2021-01-01', open: ['a'], until: '2023-01-01' }, h)).toThrow(
      /^stall a is not open on 2023-01-01$/,
    );
    expect(() => decider.decide({ effectiveAt: '2021-01-01', open: ['a'], until: '2020-01-01' }, h)).toThrow(
      /cannot take effect earlier/,
    );
  });

  it('recheck "new-conflicts": a later event that already failed without the command does not block it', () => {
    // b closes in 2022 but never opened: the stream was already inconsistent
    const h = history([{ event: closed.create({ stall: 'b' }), effectiveAt: '2022-01-01' }]);
    expect(() => decider.decide({ effectiveAt: '2021-01-01', open: ['a'] }, h)).toThrow(
      /contradicts test.stall-closed/,
    );
    expect(
      timelineDecider(model, decide, { recheck: 'new-conflicts' }).decide(
        { effectiveAt: '2021-01-01', open: ['a'] },
        h,
      ),
    ).toHaveLength(1);
    // a new conflict still refuses
    const h2 = history([
      { event: opened.create({ stall: 'a' }), effectiveAt: '2022-01-01' },
      { event: closed.create({ stall: 'b' }), effectiveAt: '2022-01-01' },
    ]);
    expect(() =>
      timelineDecider(model, decide, { recheck: 'new-conflicts' }).decide(
        { effectiveAt: '2021-01-01', open: ['a'] },
        h2,
      ),
    ).toThrow(/contradicts test.stall-opened/);
  });

  it('recheck { concerning }: only later events about what the command touched are checked', () => {
    const concerning = (e: { data: unknown }) => [(e.data as { stall: string }).stall];
    const h = history([
      { event: closed.create({ stall: 'b' }), effectiveAt: '2022-01-01' },
      { event: opened.create({ stall: 'a' }), effectiveAt: '2022-01-01' },
    ]);
    const scoped = timelineDecider(model, decide, { recheck: { concerning } });
    expect(() => scoped.decide({ effectiveAt: '2021-01-01', open: ['c'] }, h)).not.toThrow();
    expect(() => scoped.decide({ effectiveAt: '2021-01-01', open: ['a'] }, h)).toThrow(
      /contradicts test.stall-opened effective 2022-01-01/,
    );
  });

  describe('checkAct: rules on the result of one act', () => {
    // At most two stalls open at once — a rule on an act's result: one act may open c and close a.
    const atMostTwo: TimelineModel<Stalls> = {
      ...model,
      checkAct: (state, act) => {
        if (state.open.size > 2)
          throw new InvariantViolation(`${state.open.size} stalls open after ${act.length} events`, {
            open: state.open.size,
          });
      },
    };
    const h = history([
      { event: opened.create({ stall: 'a' }), effectiveAt: '2020-01-01', act: 'x' },
      { event: opened.create({ stall: 'b' }), effectiveAt: '2020-01-01', act: 'x' },
      // one act: c opens before a closes (three open in between, two after)
      { event: opened.create({ stall: 'c' }), effectiveAt: '2022-01-01', act: 'y' },
      {
        event: closed.create({ stall: 'a' }),
        effectiveAt: '2022-01-01',
        act: 'y',
        documentNo: '测〔2022〕2号',
      },
    ]);

    it('checks a later act on its result, not event by event, and names its last event', () => {
      const decider = timelineDecider(atMostTwo, decide);
      expect(decider.decide({ effectiveAt: '2021-01-01', close: ['b'] }, h)).toHaveLength(1);
      // d opens in 2021: after the 2022 act three are open (b, c, d)
      expect(() => decider.decide({ effectiveAt: '2021-01-01', open: ['d'] }, h)).toThrow(
        /contradicts test.stall-closed effective 2022-01-01 \(测〔2022〕2号\), recorded .* as event e4: 3 stalls open after 2 events/,
      );
      // without checkAct the same command passes: each event alone breaks no rule of `apply`
      expect(
        timelineDecider(model, decide).decide({ effectiveAt: '2021-01-01', open: ['d'] }, h),
      ).toHaveLength(1);
    });

    it('recheck "new-conflicts" counts an act that already failed without the command as no new conflict', () => {
      const failing = history([
        { event: opened.create({ stall: 'a' }), effectiveAt: '2020-01-01', act: 'x' },
        { event: opened.create({ stall: 'b' }), effectiveAt: '2022-01-01', act: 'y' },
        { event: opened.create({ stall: 'c' }), effectiveAt: '2022-01-01', act: 'y' },
      ]);
      expect(() =>
        timelineDecider(atMostTwo, decide).decide({ effectiveAt: '2021-01-01', open: ['d'] }, failing),
      ).toThrow(/contradicts test.stall-opened/);
      expect(
        timelineDecider(atMostTwo, decide, { recheck: 'new-conflicts' }).decide(
          { effectiveAt: '2021-01-01', open: ['d'] },
          failing,
        ),
      ).toHaveLength(1);
    });

    it("gives the command's drafts one pending correlation id (one act), not stored with the events", () => {
      const seen: (string | undefined)[] = [];
      const spy: TimelineModel<Stalls> = {
        ...model,
        apply: (state, event, check) => {
          if (check) seen.push(event.metadata.correlationId);
          model.apply(state, event, check);
        },
      };
      const emitted = timelineDecider(spy, decide).decide(
        { effectiveAt: '2021-01-01', open: ['p', 'q'] },
        history([]),
      );
      expect(seen).toEqual([PENDING_CORRELATION_ID, PENDING_CORRELATION_ID]);
      expect(emitted.map((e) => e.metadata?.correlationId)).toEqual([undefined, undefined]);
    });
  });
});
