/**
 * The reform-plan decider: a plan starts once, its five steps are completed in order (each on or
 * after the previous one), and only a decided plan is linked to the adjustments that enact it.
 */
import {
  InvariantViolation,
  parseEffectiveAt,
  type Decider,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { adjustmentLinked, planStarted, stepCompleted } from './events';
import type { CompleteReformStep, LinkReformAdjustment, StartReformPlan } from './inputs';
import { REFORM_STEPS, STEP_LABEL, type ReformStep } from './vocabulary';

export interface PlanState {
  planId?: string;
  title?: string;
  startedAt?: string;
  startedMs?: number;
  steps: { step: ReformStep; at: string; ms: number }[];
  links: { documentNo?: string; correlationId?: string; at: string }[];
}

export function evolvePlan(state: PlanState, e: RecordedEvent): PlanState {
  const at = e.metadata.effectiveAt;
  if (planStarted.is(e)) {
    Object.assign(state, {
      planId: e.data.planId,
      title: e.data.title,
      startedAt: at,
      startedMs: e.effectiveMs,
    });
  } else if (stepCompleted.is(e)) {
    state.steps.push({ step: e.data.step, at, ms: e.effectiveMs });
  } else if (adjustmentLinked.is(e)) {
    const { documentNo, correlationId } = e.data;
    state.links.push({
      ...(documentNo === undefined ? {} : { documentNo }),
      ...(correlationId === undefined ? {} : { correlationId }),
      at,
    });
  }
  return state;
}

const describeStep = (s: ReformStep) => `'${s}' (${STEP_LABEL[s]})`;

function requirePlan(
  state: PlanState,
  planId: string,
): asserts state is PlanState & { title: string; startedAt: string; startedMs: number } {
  if (state.planId === undefined)
    throw new InvariantViolation(`no reform plan ${planId} exists; start it first`, { planId });
}

const planDecider = <C>(decide: (command: C, state: PlanState) => NewEvent[]): Decider<PlanState, C> => ({
  initialState: () => ({ steps: [], links: [] }),
  evolve: evolvePlan,
  decide,
});

export const startPlanDecider = planDecider((c: StartReformPlan, state) => {
  if (state.planId !== undefined) {
    throw new InvariantViolation(
      `reform plan ${c.planId} already exists (“${state.title}”, started on ${state.startedAt}); choose another id`,
      { planId: c.planId },
    );
  }
  const { effectiveAt, description, ...plan } = c;
  return [
    {
      type: 'reform.plan-started',
      data: { ...plan, ...(description ? { description } : {}) },
      metadata: { effectiveAt: parseEffectiveAt(effectiveAt)!.text },
    },
  ];
});

export const completeStepDecider = planDecider((c: CompleteReformStep, state) => {
  requirePlan(state, c.planId);
  const at = parseEffectiveAt(c.effectiveAt)!;
  const done = state.steps.find((s) => s.step === c.step);
  if (done)
    throw new InvariantViolation(
      `step ${describeStep(c.step)} of plan ${c.planId} was already completed on ${done.at}`,
      { planId: c.planId, step: c.step },
    );
  const index = REFORM_STEPS.indexOf(c.step);
  const missing = REFORM_STEPS.slice(0, index).filter((s) => !state.steps.some((x) => x.step === s));
  if (missing.length > 0) {
    const sofar = state.steps.length
      ? state.steps.map((s) => `${s.step} (${s.at})`).join(', ')
      : 'no step yet';
    throw new InvariantViolation(
      `step ${describeStep(c.step)} cannot come before ${describeStep(missing[0]!)}: plan ${c.planId} has ${sofar}; complete ${describeStep(missing[0]!)} first`,
      { planId: c.planId, step: c.step, missing },
    );
  }
  const previous = [
    { label: 'the start of the plan', at: state.startedAt, ms: state.startedMs },
    ...state.steps.map((s) => ({ label: `step ${describeStep(s.step)}`, at: s.at, ms: s.ms })),
  ];
  const last = previous.reduce((a, b) => (b.ms > a.ms ? b : a));
  if (at.ms < last.ms) {
    throw new InvariantViolation(
      `step ${describeStep(c.step)} on ${at.text} would come before ${last.label} on ${last.at}; the steps are completed in order`,
      {
        planId: c.planId,
        path: ['effectiveAt'],
      },
    );
  }
  const { effectiveAt: _e, documentNo, opinions, ...step } = c;
  return [
    {
      type: 'reform.step-completed',
      data: { ...step, ...(documentNo ? { documentNo } : {}), ...(opinions ? { opinions } : {}) },
      metadata: { effectiveAt: at.text },
    },
  ];
});

export const linkAdjustmentDecider = planDecider((c: LinkReformAdjustment, state) => {
  requirePlan(state, c.planId);
  const at = parseEffectiveAt(c.effectiveAt)!;
  const decision = state.steps.find((s) => s.step === 'decision');
  if (!decision) {
    const sofar = state.steps.map((s) => s.step).join(', ') || 'none';
    throw new InvariantViolation(
      `reform plan ${c.planId} is not decided yet (steps completed: ${sofar}); link the adjustments that enact it after its decision step`,
      {
        planId: c.planId,
      },
    );
  }
  if (at.ms < decision.ms) {
    throw new InvariantViolation(
      `an adjustment effective ${at.text} cannot enact plan ${c.planId}, decided later on ${decision.at}`,
      { planId: c.planId, path: ['effectiveAt'] },
    );
  }
  const twin = state.links.find(
    (l) =>
      (c.documentNo !== undefined && l.documentNo === c.documentNo) ||
      (c.correlationId !== undefined && l.correlationId === c.correlationId),
  );
  if (twin) {
    throw new InvariantViolation(
      `reform plan ${c.planId} is already linked to ${twin.documentNo ?? twin.correlationId} (effective ${twin.at})`,
      { planId: c.planId },
    );
  }
  const data = {
    planId: c.planId,
    ...(c.documentNo ? { documentNo: c.documentNo } : {}),
    ...(c.correlationId ? { correlationId: c.correlationId } : {}),
  };
  return [{ type: 'reform.adjustment-linked', data, metadata: { effectiveAt: at.text } }];
});
