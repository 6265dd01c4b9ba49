/**
 * Events of the township power lists, recorded on the county's division registry stream (see
 * decide.ts for why): an item listed for a township (devolved to it, or required of it) with the
 * department, the legal basis and the catalogue code; amended; withdrawn.
 */
import { z } from 'zod';
import { defineEvent, eventFamily, type RecordedEventOf } from '@xianzhi/kernel';
import { POWER_CATEGORIES, POWER_LISTS } from './vocabulary';

const id = z.string().min(1).max(120);
const text = (max: number) => z.string().trim().min(1).max(max);

export const powerItemListed = defineEvent(
  'powers.item-listed',
  1,
  z.object({
    itemId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    townshipId: id,
    list: z.enum(POWER_LISTS),
    /** For the power list: the kind of power. */
    category: z.enum(POWER_CATEGORIES).optional(),
    /** The catalogue code of the item (事项编码), the same in every township it is listed for. */
    code: text(40),
    title: text(200),
    /** The county department that devolved it (or requires it), e.g. 县自然资源和规划局. */
    department: text(80),
    /** The law or regulation it rests on. */
    legalBasis: text(500),
  }),
);

export const powerItemAmended = defineEvent(
  'powers.item-amended',
  1,
  z.object({ itemId: id, title: text(200).optional(), legalBasis: text(500).optional() }),
);

export const powerItemWithdrawn = defineEvent(
  'powers.item-withdrawn',
  1,
  z.object({ itemId: id, reason: z.string().trim().max(500).optional() }),
);

export const powersEvents = [powerItemListed, powerItemAmended, powerItemWithdrawn];

/** Every power lists event, as one family. */
export const powersEvent = eventFamily(powersEvents);
export type PowersEvent = RecordedEventOf<(typeof powersEvents)[number]>;
