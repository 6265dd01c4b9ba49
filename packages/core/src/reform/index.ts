/**
 * The reform module: reform plans through their five steps (research, plan, consultation with the
 * opinions received, assessment, decision), linked to the adjustments that enact them.
 */
import { defineCommand, defineModule } from '@xianzhi/kernel';
import { completeStepDecider, linkAdjustmentDecider, startPlanDecider } from './decide';
import { reformEvents } from './events';
import { completeReformStepInput, linkReformAdjustmentInput, reformStream, startReformPlanInput } from './inputs';
import { reformPlans } from './plans';

const onPlan = (input: { planId: string }) => reformStream(input.planId);

export const startReformPlan = defineCommand({ name: 'startReformPlan', input: startReformPlanInput, stream: onPlan, decider: startPlanDecider });
export const completeReformStep = defineCommand({ name: 'completeReformStep', input: completeReformStepInput, stream: onPlan, decider: completeStepDecider });
export const linkReformAdjustment = defineCommand({ name: 'linkReformAdjustment', input: linkReformAdjustmentInput, stream: onPlan, decider: linkAdjustmentDecider });

export const reformModule = defineModule({
  name: 'reform',
  title: { zh: '改革方案', en: 'Reform plans' },
  events: reformEvents,
  commands: { startReformPlan, completeReformStep, linkReformAdjustment },
  projections: [reformPlans],
  /** The demo county's reform story (see demo/reform.ts); loaded only when the demo is recorded. */
  demo: async (context) => (await import('../demo/hooks')).recordStory(context, 'reform'),
});

export * from './vocabulary';
export * from './events';
export * from './inputs';
export { evolvePlan, startPlanDecider, completeStepDecider, linkAdjustmentDecider, type PlanState } from './decide';
export { reformPlans, type PlanView, type StepRecord, type AdjustmentLink } from './plans';
