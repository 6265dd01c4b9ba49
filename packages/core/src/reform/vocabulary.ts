/**
 * The five steps of a reform (改革五大步骤), in the order they must be completed, and the scopes a
 * reform plan may have.
 */
import { z } from 'zod';

export const REFORM_STEPS = ['research', 'plan', 'consultation', 'assessment', 'decision'] as const;
export type ReformStep = (typeof REFORM_STEPS)[number];
export const reformStepSchema = z.enum(REFORM_STEPS);

export const STEP_LABEL: Record<ReformStep, string> = {
  research: '专题调研',
  plan: '制定方案',
  consultation: '征求意见',
  assessment: '论证评估',
  decision: '决策实施',
};

/** What the plan re-draws: townships, villages and communities, groups, or something else. */
export const REFORM_SCOPES = ['township', 'village', 'group', 'other'] as const;
export type ReformScope = (typeof REFORM_SCOPES)[number];
