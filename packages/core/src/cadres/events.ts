/**
 * Events of village cadre pay and training, recorded on the county's personnel stream (see
 * decide.ts for why). Amounts are integers of fen.
 */
import { z } from 'zod';
import { defineEvent, eventFamily, type RecordedEventOf } from '@xianzhi/kernel';
import { ORGANISATIONS, ROLES } from '../personnel/vocabulary';

const id = z.string().min(1).max(120);
const fen = z.number().int().min(0).max(100_000_000);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const countyCode = z.string().regex(/^\d{6}$/);

/** The monthly pay of a post of an organisation and role, from the effective date on. */
export const payScaleSet = defineEvent(
  'cadres.pay-scale-set',
  1,
  z.object({ countyCode, organisation: z.enum(ORGANISATIONS), role: z.enum(ROLES), monthlyFen: fen }),
);

/** What was paid for one month, per post and holder. */
export const payrollRecorded = defineEvent(
  'cadres.payroll-recorded',
  1,
  z.object({
    countyCode,
    month,
    payments: z.array(z.object({ postId: id, personId: id, amountFen: fen })).min(1),
  }),
);

/** One payment of a month corrected (a back payment, an error). */
export const paymentCorrected = defineEvent(
  'cadres.payment-corrected',
  1,
  z.object({
    countyCode,
    month,
    postId: id,
    personId: id,
    amountFen: fen,
    previousFen: fen,
    reason: z.string().trim().min(1).max(500),
  }),
);

export const courseHeld = defineEvent(
  'cadres.course-held',
  1,
  z.object({
    courseId: id,
    countyCode,
    title: z.string().trim().min(1).max(120),
    organiser: z.string().trim().min(1).max(80),
    startsOn: date,
    endsOn: date,
    hours: z.number().int().min(1).max(2_000),
  }),
);

export const attendanceRecorded = defineEvent(
  'cadres.attendance-recorded',
  1,
  z.object({ courseId: id, personIds: z.array(id).min(1) }),
);

export const cadresEvents = [payScaleSet, payrollRecorded, paymentCorrected, courseHeld, attendanceRecorded];

/** Every cadres event, as one family. */
export const cadresEvent = eventFamily(cadresEvents);
export type CadresEvent = RecordedEventOf<(typeof cadresEvents)[number]>;
