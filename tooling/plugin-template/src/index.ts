/** __name__: events and input schemas (isomorphic — loaded by the server and the admin UI alike). */
import { z } from 'zod';
import { dateText, defineEvent, idText } from '@xianzhi/kernel';

/** An item recorded for a township (replace with your department's own events). */
export const itemRecorded = defineEvent(
  '__name__.item-recorded',
  1,
  z.object({
    itemId: idText(),
    townshipId: idText(),
    title: z.string().trim().min(1, { error: 'a title is required' }).max(200),
  }),
);

export const __name__Events = [itemRecorded];

export const recordItemInput = itemRecorded.schema.extend({ effectiveAt: dateText() });
