/** __name__: events and input schemas (isomorphic — loaded by the server and the admin UI alike). */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';

/** An item recorded for a township (replace with your department's own events). */
export const itemRecorded = defineEvent(
  '__name__.item-recorded',
  1,
  z.object({
    itemId: z.string().trim().min(1, { error: 'give the item an id' }).max(80),
    townshipId: z.string().min(1).max(80),
    title: z.string().trim().min(1, { error: 'a title is required' }).max(200),
  }),
);

export const __name__Events = [itemRecorded];

export const recordItemInput = itemRecorded.schema.extend({
  effectiveAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date such as 2024-03-01' }),
});
