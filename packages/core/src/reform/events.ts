/**
 * Events of the reform module, each on the plan's own stream: the plan started, each of its five
 * steps completed (effective on the day it was completed), and the adjustments that enact it.
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';
import { REFORM_SCOPES, REFORM_STEPS } from './vocabulary';

const id = z.string().min(1).max(120);

export const opinionsSchema = z.object({
  /** Opinions received in the consultation. */
  count: z.number().int().min(0),
  /** Of which adopted into the plan. */
  adopted: z.number().int().min(0).optional(),
  summary: z.string().min(1).max(4000),
});
export type Opinions = z.infer<typeof opinionsSchema>;

export const planStarted = defineEvent(
  'reform.plan-started',
  1,
  z.object({
    planId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    title: z.string().min(1).max(200),
    scope: z.enum(REFORM_SCOPES),
    description: z.string().max(4000).optional(),
  }),
);

export const stepCompleted = defineEvent(
  'reform.step-completed',
  1,
  z.object({
    planId: id,
    step: z.enum(REFORM_STEPS),
    summary: z.string().min(1).max(4000),
    documentNo: z.string().max(120).optional(),
    opinions: opinionsSchema.optional(),
  }),
);

/** The plan is enacted by an adjustment, named by its document number and/or correlation id. */
export const adjustmentLinked = defineEvent(
  'reform.adjustment-linked',
  1,
  z.object({
    planId: id,
    documentNo: z.string().max(120).optional(),
    correlationId: z.string().max(200).optional(),
  }),
);

export const reformEvents = [planStarted, stepCompleted, adjustmentLinked];
export const REFORM_EVENT_TYPES = reformEvents.map((e) => e.type);
