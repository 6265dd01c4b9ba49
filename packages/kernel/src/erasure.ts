/**
 * Erasure of a person's personal data (PIPL 第四十七条): their key is destroyed and this event
 * records that it happened — who decided, by which document (metadata `authority`), and why. One
 * stream per person (`personal-data-<subject>`), written with expected revision 'no-stream', so a
 * person is erased at most once and a second erasure is refused by the store itself.
 *
 * Readers of the log (the projection runtime) take this event as the signal to forget the clear
 * values they hold: every personal field of the subject reads `ERASED_TEXT` from then on.
 */
import { z } from 'zod';
import { defineEvent } from './define-event';
import type { RecordedEvent } from './envelope';
import { ERASED_TEXT, type PersonalFields } from './personal';

export const personalDataErased = defineEvent(
  'kernel.personal-data-erased',
  1,
  z.object({
    /** The person: the value of the personal events' subject field (a personId, officerId…). */
    subject: z.string().min(1).max(200),
    reason: z.string().trim().min(1, { error: 'a reason is required' }).max(2000),
  }),
);

export const ERASURE_TYPE = personalDataErased.type;

/** The stream that records the erasure of one person. */
export const erasureStream = (subject: string): string => `personal-data-${subject}`;

/** The subject of an event with personal fields (undefined when it has none or names nobody). */
export function subjectOf(event: Pick<RecordedEvent, 'data'>, personal: PersonalFields): string | undefined {
  const value = (event.data as Record<string, unknown> | null)?.[personal.subject];
  return typeof value === 'string' ? value : undefined;
}

/** The data with every personal field that is present replaced by `ERASED_TEXT`. */
export function redactPersonal<D>(data: D, personal: PersonalFields): D {
  const out = { ...(data as Record<string, unknown>) };
  for (const field of personal.fields) if (out[field] !== undefined) out[field] = ERASED_TEXT;
  return out as D;
}
