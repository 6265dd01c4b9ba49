/**
 * Inputs of the cadre pay and training commands. Amounts are whole fen (3,500 元 = 350000): money is
 * never a floating point number.
 */
import { z } from 'zod';
import { isDate } from '@xianzhi/kernel';
import { decisionBase, idInput } from '../command-kit';
import { ORGANISATIONS, ROLES } from '../personnel/vocabulary';

const fen = z
  .number({ error: 'an amount in fen (3,500 元 = 350000)' })
  .int({ error: 'a whole number of fen' })
  .min(0, { error: 'cannot be negative' })
  .max(100_000_000);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month such as 2021-03' });
const date = z.string().refine(isDate, { error: 'expected a date such as 2021-03-01' });

export const setPayScalesInput = z.object({
  ...decisionBase,
  scales: z
    .array(z.object({ organisation: z.enum(ORGANISATIONS), role: z.enum(ROLES), monthlyFen: fen }))
    .min(1, { error: 'set at least one scale' })
    .max(100),
});

export const recordPayrollInput = z.object({
  ...decisionBase,
  month,
  payments: z
    .array(z.object({ postId: idInput, personId: idInput, amountFen: fen }))
    .min(1, { error: 'a payroll pays at least one post' })
    .max(20_000),
});

export const correctPaymentInput = z.object({
  ...decisionBase,
  month,
  postId: idInput,
  personId: idInput,
  amountFen: fen,
  reason: z.string().trim().min(1, { error: 'say why it is corrected' }).max(500),
});

export const holdCourseInput = z
  .object({
    ...decisionBase,
    /** Omit for the next id of the county (`course-510799-7`). */
    courseId: idInput.optional(),
    title: z.string().trim().min(1, { error: 'the course title is required' }).max(120),
    organiser: z.string().trim().min(1, { error: 'the organiser is required' }).max(80),
    endsOn: date,
    hours: z.number().int({ error: 'whole hours' }).min(1).max(2_000),
  })
  .refine((c) => c.endsOn >= c.effectiveAt.slice(0, 10), {
    error: 'a course ends on or after the day it starts (effectiveAt)',
    path: ['endsOn'],
  });

export const recordAttendanceInput = z.object({
  ...decisionBase,
  courseId: idInput,
  personIds: z.array(idInput).min(1, { error: 'name at least one attendee' }).max(10_000),
});

export type SetPayScales = z.output<typeof setPayScalesInput>;
export type RecordPayroll = z.output<typeof recordPayrollInput>;
export type CorrectPayment = z.output<typeof correctPaymentInput>;
export type HoldCourse = z.output<typeof holdCourseInput>;
export type RecordAttendance = z.output<typeof recordAttendanceInput>;
