/**
 * Inputs of the institutions commands. Every command is a set of changes on one date under one
 * document (an 编委 decision), applied in order, all or nothing; the single-purpose commands are
 * shorthands for the common cases.
 */
import { z } from 'zod';
import { isDate, nameText, parseEffectiveAt } from '@xianzhi/kernel';
import { officeKindSchema } from './vocabulary';

const id = z.string().trim().min(1, { error: 'an id is required' }).max(120);
const count = z
  .number({ error: 'a whole number' })
  .int({ error: 'a whole number' })
  .min(0, { error: 'cannot be negative' })
  .max(100_000);
const text = nameText({ max: 80, required: 'required' });

const base = {
  countyCode: z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' }),
  effectiveAt: z
    .string()
    .refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date such as 2020-03-01' }),
  authority: z
    .object({
      documentNo: z
        .string()
        .trim()
        .min(1, { error: 'the document number is required (e.g. 三编发〔2020〕5号)' })
        .max(120),
      issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }).max(120),
      approvedOn: z.string().refine(isDate, { error: 'expected a date' }).optional(),
    })
    .optional(),
};

const stationFields = {
  /** Omit for the next id of the county (`station-510722-12`). */
  stationId: id.optional(),
  department: text,
  name: text,
  townshipId: id,
  quotas: count,
  staff: count,
};
const staffingFields = { stationId: id, quotas: count.optional(), staff: count.optional() };
const officeFields = {
  /** Omit for the next id of the county (`office-510722-3`). */
  officeId: id.optional(),
  townshipId: id,
  kind: officeKindSchema,
  name: text,
  quotas: count.optional(),
};
const reason = z.string().max(500).optional();

const hasStaffing = (v: { quotas?: number | undefined; staff?: number | undefined }) =>
  v.quotas !== undefined || v.staff !== undefined;
const staffingMessage = { error: 'give quotas, staff or both', path: ['quotas'] };

export const institutionalChangeSchema = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('devolve-station'), ...stationFields }),
    z.object({ op: z.literal('change-staffing'), ...staffingFields }),
    z.object({ op: z.literal('reassign-station'), stationId: id, townshipId: id }),
    z.object({ op: z.literal('withdraw-station'), stationId: id, reason }),
    z.object({ op: z.literal('establish-office'), ...officeFields }),
    z.object({ op: z.literal('abolish-office'), officeId: id, reason }),
  ])
  .superRefine((c, ctx) => {
    if (c.op === 'change-staffing' && !hasStaffing(c))
      ctx.addIssue({ code: 'custom', path: ['quotas'], message: staffingMessage.error });
  });

export type InstitutionalChange = z.output<typeof institutionalChangeSchema>;
export type InstitutionalChangeInput = z.input<typeof institutionalChangeSchema>;

export const recordInstitutionalChangesInput = z.object({
  ...base,
  changes: z.array(institutionalChangeSchema).min(1, { error: 'give at least one change' }).max(10_000),
});
export const devolveStationsInput = z.object({
  ...base,
  stations: z.array(z.object(stationFields)).min(1, { error: 'devolve at least one station' }).max(10_000),
});
export const changeStationStaffingInput = z
  .object({ ...base, ...staffingFields })
  .refine(hasStaffing, staffingMessage);
export const reassignStationInput = z.object({ ...base, stationId: id, townshipId: id });
export const withdrawStationInput = z.object({ ...base, stationId: id, reason });
export const establishOfficesInput = z.object({
  ...base,
  offices: z.array(z.object(officeFields)).min(1, { error: 'establish at least one office' }).max(10_000),
});
export const abolishOfficeInput = z.object({ ...base, officeId: id, reason });

export type InstitutionalChanges = z.output<typeof recordInstitutionalChangesInput>;
export type InstitutionalChangesInput = z.input<typeof recordInstitutionalChangesInput>;

/**
 * One stream per county: stations and offices change rarely (a few decisions a year) and the rules
 * span the county — unique ids, one approval office and one enforcement team per township, a
 * department's station not twice in one township — so they are checked atomically on one stream.
 */
export const institutionsStream = (countyCode: string): string => `institutions-${countyCode}`;
