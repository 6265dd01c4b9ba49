/**
 * What the routers of personnel, services, institutions and reform share: input pieces, and the
 * helpers their scope rules use to find, in the read models, the divisions a command really touches
 * (an id in the input — a post, a point, a request — only suggests its division).
 */
import { z } from 'zod';

/** A reference to a division, post, point… (ids or codes), as the read models take it. */
export const ref = z.string().trim().min(1).max(120);
export const refList = z.array(ref).min(1).max(2_000);
export const countyCodeInput = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
export const limitInput = z.number().int().min(1).max(1_000);
/** A calendar date for a custom procedure's `from`/`to` (the same check as asOf). */
export const dateInput = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, {
    error: 'expected a date (2019-12-20) or an instant with an offset',
  });

/** The first segment of an id built as `<divisionId>:…` (posts, points), else the id itself. */
export const prefixOf = (id: string | undefined): string | undefined =>
  typeof id === 'string' ? id.split(':')[0] : undefined;

/** The far future: read models as of it know every post, point or plan ever recorded. */
export const EVER = { asOf: '9999-12-31' } as const;

export { keepOne, keepRows } from '@xianzhi/api';
