/**
 * The fields every department's command inputs share, each refused with a message that names the
 * reason: a county's statistical code, a calendar date, and the document a change was decided by.
 */
import { z } from 'zod';
import { countyDate, isDate, parseEffectiveAt } from './time';

/** A county's 6-digit statistical code (510799). */
export const countyCodeText = () =>
  z
    .string()
    .regex(/^\d{6}$/, { error: 'a county code has 6 digits' })
    .describe('县的统计用区划代码（6 位，如 510799）');

/** A record's id: at most 80 letters, digits, dots, colons, dashes, underscores or Chinese characters. */
export const idText = () =>
  z
    .string()
    .trim()
    .regex(/^[\w.:\-\u4e00-\u9fff]{1,80}$/, {
      error: 'an id of at most 80 letters, digits, dots, colons, dashes or underscores',
    });

/** A calendar date (2020-09-01). */
export const dateText = () =>
  z.string().refine(isDate, { error: 'expected a date such as 2020-09-01' }).describe('日期（2020-09-01）');

/**
 * The document a change was decided by: its number (e.g. `example`), who issued it, and when it was
 * approved (a date when `approvedOnDate`, else any text).
 */
export function authorityInput(options: { example?: string; approvedOnDate?: boolean } = {}) {
  const eg = options.example ? ` (e.g. ${options.example})` : '';
  return z
    .object({
      documentNo: z
        .string()
        .trim()
        .min(1, { error: `the document number is required${eg}` })
        .max(120)
        .describe('文号（如 川府民政〔2019〕27号）'),
      issuedBy: z
        .string()
        .trim()
        .min(1, { error: 'the issuing authority is required' })
        .max(120)
        .describe('发文机关'),
      approvedOn: (options.approvedOnDate ? dateText() : z.string()).describe('批准日期').optional(),
    })
    .describe('决定依据的文件：文号、发文机关、批准日期');
}

/**
 * The fields a department's dated commands share: the county, the day the change takes effect, and
 * the approving document (optional: many routine records have none).
 *
 * @example
 * export const openSchoolInput = z.object({ ...datedCommandFields({ approvedOnDate: true }), name: … });
 */
export function datedCommandFields(options: { example?: string; approvedOnDate?: boolean } = {}) {
  return {
    countyCode: countyCodeText(),
    effectiveAt: dateText(),
    authority: authorityInput(options).optional(),
  };
}

/** The county calendar year (UTC+8) of an effective date or instant; throws on anything else. */
export function countyYearOf(effectiveAt: string): string {
  const p = parseEffectiveAt(effectiveAt);
  if (!p) throw new Error(`"${effectiveAt}" is not a date`);
  return countyDate(p.ms).slice(0, 4);
}
