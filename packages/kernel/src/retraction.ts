/**
 * Retraction: history is never deleted. An event recorded in error is retracted by a new
 * `kernel.event-retracted` event that names it and gives a reason (the authority goes in the
 * metadata). As known before the retraction, the old answer stands; as known after, the
 * retracted event takes no part in any fold.
 */
import { z } from 'zod';
import { defineEvent } from './define-event';
import type { RecordedEvent } from './envelope';

/** Stream that holds every retraction of one store (one place to read them all). */
export const RETRACTIONS_STREAM = 'kernel-retractions';

export const eventRetracted = defineEvent(
  'kernel.event-retracted',
  1,
  z.object({
    eventId: z.uuid({ error: 'eventId must be the UUID of the event to retract' }),
    reason: z.string().trim().min(1, { error: 'a reason is required' }).max(2000),
  }),
);

export const RETRACTION_TYPE = eventRetracted.type;

/**
 * The id of the event a retraction names; undefined for any other event. Typed by the definition
 * (the store validated the data on append), so readers need no cast.
 */
export function retractedEventId(event: RecordedEvent): string | undefined {
  return eventRetracted.is(event) ? event.data.eventId : undefined;
}
