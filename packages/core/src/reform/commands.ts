/** The reform commands. */
import { defineCommand } from '@xianzhi/kernel';
import { completeStepDecider, linkAdjustmentDecider, startPlanDecider } from './decide';
import {
  completeReformStepInput,
  linkReformAdjustmentInput,
  reformStream,
  startReformPlanInput,
} from './inputs';

const onPlan = (input: { planId: string }) => reformStream(input.planId);

export const startReformPlan = defineCommand({
  name: 'startReformPlan',
  input: startReformPlanInput,
  stream: onPlan,
  decider: startPlanDecider,
});
export const completeReformStep = defineCommand({
  name: 'completeReformStep',
  input: completeReformStepInput,
  stream: onPlan,
  decider: completeStepDecider,
});
export const linkReformAdjustment = defineCommand({
  name: 'linkReformAdjustment',
  input: linkReformAdjustmentInput,
  stream: onPlan,
  decider: linkAdjustmentDecider,
});

/** Every reform command, by name. */
export const reformCommands = { startReformPlan, completeReformStep, linkReformAdjustment };
