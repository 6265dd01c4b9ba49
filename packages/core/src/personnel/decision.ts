/**
 * Inputs of the personnel commands. Every command is a personnel decision (任免决定): a county, an
 * effective date, optionally the document that authorises it, and one or more changes applied in
 * order, all or nothing. The single-change commands (`appointToPost`…) are shorthands for a
 * decision of one change.
 */
import { z } from 'zod';
import { isDate, nameText, parseEffectiveAt } from '@xianzhi/kernel';
import {
  EDUCATION_LEVELS,
  GENDERS,
  ORGANISATIONS,
  PERSON_SOURCES,
  ROLES,
  ROLES_OF,
  type Organisation,
  type Role,
} from './vocabulary';

const id = z.string().trim().min(1, { error: 'an id is required' }).max(120);
const name = nameText({ max: 40 });
const effective = z
  .string()
  .refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date such as 2019-12-20' });
const calendarDate = z.string().refine(isDate, { error: 'expected a calendar date such as 1975-03-08' });

export const authoritySchema = z.object({
  documentNo: z
    .string()
    .trim()
    .min(1, { error: 'the document number is required (e.g. 三委〔2019〕88号)' })
    .max(120),
  issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }).max(120),
  approvedOn: calendarDate.optional(),
});

const base = {
  countyCode: z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' }),
  effectiveAt: effective,
  authority: authoritySchema.optional(),
};

const personFields = {
  /** Omit to get the next id of the county (`person-510722-17`). */
  personId: id.optional(),
  name,
  gender: z.enum(GENDERS),
  birthDate: calendarDate,
  education: z.enum(EDUCATION_LEVELS),
  partyMember: z.boolean(),
  source: z.enum(PERSON_SOURCES).default('other'),
};
const updateFields = {
  personId: id,
  name: name.optional(),
  education: z.enum(EDUCATION_LEVELS).optional(),
  partyMember: z.boolean().optional(),
};
const postFields = {
  /** Omit to use `postIdOf(divisionId, organisation, role)`. */
  postId: id.optional(),
  divisionId: id,
  organisation: z.enum(ORGANISATIONS),
  role: z.enum(ROLES),
  title: z.string().trim().max(80).optional(),
};
/** `until`: the tenure ended on that date (records a past tenure in one change). */
const appointFields = { personId: id, postId: id, until: effective.optional() };
const dismissFields = { personId: id, postId: id, reason: z.string().max(500).optional() };
const transferFields = { personId: id, fromPostId: id, toPostId: id };

function checkRole(
  value: { organisation: Organisation; role: Role },
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (!ROLES_OF[value.organisation].includes(value.role)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'role'],
      message: `a ${value.organisation} has no ${value.role}; its roles are ${ROLES_OF[value.organisation].join(', ')}`,
    });
  }
}

const hasUpdate = (v: {
  name?: string | undefined;
  education?: string | undefined;
  partyMember?: boolean | undefined;
}) => v.name !== undefined || v.education !== undefined || v.partyMember !== undefined;
const updateMessage = { error: 'give at least one of name, education, partyMember', path: ['education'] };

export const personnelChangeSchema = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('register-person'), ...personFields }),
    z.object({ op: z.literal('update-person'), ...updateFields }),
    z.object({ op: z.literal('establish-post'), ...postFields }),
    z.object({ op: z.literal('abolish-post'), postId: id }),
    z.object({ op: z.literal('appoint'), ...appointFields }),
    z.object({ op: z.literal('dismiss'), ...dismissFields }),
    z.object({ op: z.literal('transfer'), ...transferFields }),
  ])
  .superRefine((change, ctx) => {
    if (change.op === 'establish-post') checkRole(change, ctx);
    if (change.op === 'update-person' && !hasUpdate(change))
      ctx.addIssue({ code: 'custom', path: ['education'], message: updateMessage.error });
  });

export type PersonnelChange = z.output<typeof personnelChangeSchema>;
export type PersonnelChangeInput = z.input<typeof personnelChangeSchema>;

export const recordPersonnelDecisionInput = z.object({
  ...base,
  changes: z
    .array(personnelChangeSchema)
    .min(1, { error: 'a decision makes at least one change' })
    .max(20_000),
});
export const registerPersonInput = z.object({ ...base, ...personFields });
export const updatePersonInput = z.object({ ...base, ...updateFields }).refine(hasUpdate, updateMessage);
export const establishPostInput = z
  .object({ ...base, ...postFields })
  .superRefine((v, ctx) => checkRole(v, ctx));
export const abolishPostInput = z.object({ ...base, postId: id });
export const appointToPostInput = z.object({ ...base, ...appointFields });
export const dismissFromPostInput = z.object({ ...base, ...dismissFields });
export const transferPersonInput = z.object({ ...base, ...transferFields });

export type PersonnelDecision = z.output<typeof recordPersonnelDecisionInput>;
export type PersonnelDecisionInput = z.input<typeof recordPersonnelDecisionInput>;

/** The id of the post `role` of `organisation` in a division, when none is given. */
export const postIdOf = (divisionId: string, organisation: Organisation, role: Role): string =>
  `${divisionId}:${organisation}:${role}`;

/**
 * One stream per county for persons, posts and appointments: the single-holder rule and a transfer
 * between two posts (possibly in two townships) are checked and written atomically, and a person
 * must exist before they are appointed. Personnel decisions are rare (hundreds a year), so one
 * stream stays small and contention is negligible.
 */
export const personnelStream = (countyCode: string): string => `personnel-${countyCode}`;
