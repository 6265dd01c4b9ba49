/**
 * Inputs of the reform commands and the stream they write to.
 */
import { z } from 'zod';
import { parseEffectiveAt } from '@xianzhi/kernel';
import { REFORM_SCOPES, reformStepSchema } from './vocabulary';

const planId = z
  .string()
  .trim()
  .regex(/^[\w.:\-\u4e00-\u9fff]{1,120}$/, {
    error: 'a plan id of at most 120 letters, digits, dots, colons, dashes or underscores',
  });
const effective = z
  .string()
  .refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date such as 2019-12-20' });
const documentNo = z.string().trim().min(1).max(120);

export const startReformPlanInput = z.object({
  planId,
  countyCode: z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' }),
  title: z.string().trim().min(1, { error: 'a title is required' }).max(200),
  scope: z.enum(REFORM_SCOPES),
  description: z.string().max(4000).optional(),
  /** When work on the plan began. */
  effectiveAt: effective,
});

export const completeReformStepInput = z
  .object({
    planId,
    step: reformStepSchema,
    /** The day the step was completed. */
    effectiveAt: effective,
    summary: z.string().trim().min(1, { error: 'summarise what the step found or decided' }).max(4000),
    documentNo: documentNo.optional(),
    /** Required for the consultation: how many opinions came in, how many were adopted, what they said. */
    opinions: z
      .object({
        count: z.number().int({ error: 'a whole number' }).min(0),
        adopted: z.number().int({ error: 'a whole number' }).min(0).optional(),
        summary: z.string().trim().min(1, { error: 'summarise the opinions' }).max(4000),
      })
      .refine((o) => o.adopted === undefined || o.adopted <= o.count, {
        error: 'more opinions adopted than received',
        path: ['adopted'],
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.step === 'consultation' && !s.opinions)
      ctx.addIssue({
        code: 'custom',
        path: ['opinions'],
        message: 'a consultation records the opinions received (count and summary)',
      });
    if (s.step !== 'consultation' && s.opinions)
      ctx.addIssue({
        code: 'custom',
        path: ['opinions'],
        message: 'only the consultation step records opinions',
      });
  });

export const linkReformAdjustmentInput = z
  .object({
    planId,
    /** The adjustment's effective date. */
    effectiveAt: effective,
    /** e.g. 川府民政〔2019〕27号 */
    documentNo: documentNo.optional(),
    /** The correlation id of the adjustment's events. */
    correlationId: z.string().trim().min(1).max(200).optional(),
  })
  .refine((l) => l.documentNo !== undefined || l.correlationId !== undefined, {
    error: 'name the adjustment by documentNo, correlationId or both',
    path: ['documentNo'],
  });

export type StartReformPlan = z.output<typeof startReformPlanInput>;
export type CompleteReformStep = z.output<typeof completeReformStepInput>;
export type LinkReformAdjustment = z.output<typeof linkReformAdjustmentInput>;

/**
 * One stream per plan: the order of the five steps is a rule within one plan only, plans never
 * constrain each other, and a plan's stream stays a handful of events.
 */
export const reformStream = (planId: string): string => `reform-${planId}`;
