/**
 * What the commands of the reform's modules (zones, party organisations, power lists, cadre pay and
 * training) share: the decision's county, effective date and document, and an id in an input.
 */
import { z } from 'zod';
import { InvariantViolation, isDate, parseEffectiveAt } from '@xianzhi/kernel';

export const idInput = z.string().trim().min(1, { error: 'an id is required' }).max(120);
export const countyCodeField = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
export const effectiveAtField = z.string().refine((s) => parseEffectiveAt(s) !== undefined, {
  error: 'expected a date (2020-03-01) or an instant with an offset (2020-03-01T09:00:00+08:00)',
});

/** The approving document: number, issuing authority, approval date. */
export const authorityField = z.object({
  documentNo: z
    .string()
    .trim()
    .min(1, { error: 'the document number is required (e.g. 青委发〔2020〕8号)' })
    .max(120),
  issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }).max(120),
  approvedOn: z.string().refine(isDate, { error: 'expected a date' }).optional(),
});

/** A decision of the county: its county, effective date and (optional) document. */
export const decisionBase = {
  countyCode: countyCodeField,
  effectiveAt: effectiveAtField,
  authority: authorityField.optional(),
};

/** The same, with the document required (acts that need one: a merger of organisations, a handover). */
export const documentedBase = {
  countyCode: countyCodeField,
  effectiveAt: effectiveAtField,
  authority: authorityField,
};

/**
 * Runs `fn` for each change of a decision; a rule's refusal of one of several changes names it
 * (`changes[2] (join): …`, field path `changes.2`), so the caller knows which to correct.
 *
 * @example
 * eachChange('changes', decision.changes, (c) => emit(toEvent(c)));
 */
export function eachChange<T extends object>(
  field: string,
  changes: readonly T[],
  fn: (change: T, index: number) => void,
): void {
  changes.forEach((change, index) => {
    try {
      fn(change, index);
    } catch (error) {
      if (changes.length === 1 || !(error instanceof InvariantViolation)) throw error;
      const op = (change as { op?: unknown }).op;
      const what = typeof op === 'string' ? ` (${op})` : '';
      throw new InvariantViolation(
        `${field}[${index}]${what}: ${error.message}`,
        { ...error.details, path: [field, index] },
        { cause: error },
      );
    }
  });
}
