/**
 * Read model `reform.plans`: every reform plan with the steps completed and the adjustments linked
 * as of any date, its status (the last step done, the next one due), and the plan behind an
 * adjustment (by document number or correlation id).
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { adjustmentLinked, planStarted, stepCompleted, type Opinions } from './events';
import { REFORM_STEPS, STEP_LABEL, type ReformScope, type ReformStep } from './vocabulary';

export interface StepRecord {
  step: ReformStep;
  label: string;
  completedOn: string;
  summary: string;
  documentNo?: string;
  opinions?: Opinions;
}

export interface AdjustmentLink {
  documentNo?: string;
  correlationId?: string;
  effectiveAt: string;
}

export interface PlanView {
  planId: string;
  countyCode: string;
  title: string;
  scope: ReformScope;
  description?: string;
  startedOn: string;
  steps: StepRecord[];
  links: AdjustmentLink[];
  /** The last step completed (null before the research is done). */
  status: ReformStep | null;
  /** The next step due (null once decided). */
  next: ReformStep | null;
  decided: boolean;
}

type State = Map<string, PlanView>;

function status(plan: PlanView): void {
  const done = new Set(plan.steps.map((s) => s.step));
  const next = REFORM_STEPS.find((s) => !done.has(s)) ?? null;
  plan.next = next;
  plan.decided = done.has('decision');
  plan.status = plan.steps.length ? plan.steps[plan.steps.length - 1]!.step : null;
}

const evolve = {
  ...on(planStarted, (state: State, e) => {
    const d = e.data;
    state.set(d.planId, {
      ...d,
      startedOn: e.metadata.effectiveAt,
      steps: [],
      links: [],
      status: null,
      next: 'research',
      decided: false,
    });
    return state;
  }),
  ...on(stepCompleted, (state: State, e) => {
    const d = e.data;
    const plan = state.get(d.planId);
    if (!plan) return state;
    const { planId: _p, ...step } = d;
    plan.steps.push({ ...step, label: STEP_LABEL[d.step], completedOn: e.metadata.effectiveAt });
    plan.steps.sort((a, b) => REFORM_STEPS.indexOf(a.step) - REFORM_STEPS.indexOf(b.step));
    status(plan);
    return state;
  }),
  ...on(adjustmentLinked, (state: State, e) => {
    const { planId, ...link } = e.data;
    state.get(planId)?.links.push({ ...link, effectiveAt: e.metadata.effectiveAt });
    return state;
  }),
};

export const reformPlans = defineProjection({
  name: 'reform.plans',
  version: 1,
  initialState: (): State => new Map(),
  evolve,
  queries: {
    /** Plans started as of the date, with their steps and links; optionally of one county or scope. */
    plans: (state: State, input: { countyCode?: string; scope?: ReformScope } | undefined): PlanView[] =>
      [...state.values()]
        .filter(
          (p) =>
            (input?.countyCode === undefined || p.countyCode === input.countyCode) &&
            (input?.scope === undefined || p.scope === input.scope),
        )
        .sort((a, b) => a.startedOn.localeCompare(b.startedOn) || a.planId.localeCompare(b.planId)),
    plan: (state: State, input: { planId: string }): PlanView | null => state.get(input.planId) ?? null,
    /** The plans an adjustment enacts, found by its document number or correlation id. */
    byAdjustment: (state: State, input: { documentNo?: string; correlationId?: string }): PlanView[] =>
      [...state.values()].filter((p) =>
        p.links.some(
          (l) =>
            (input.documentNo !== undefined && l.documentNo === input.documentNo) ||
            (input.correlationId !== undefined && l.correlationId === input.correlationId),
        ),
      ),
  },
});
