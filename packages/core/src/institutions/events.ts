/**
 * Events of the institutions module, on the county's institutions stream: stations of county
 * departments devolved to townships (with staffing quotas and staff), and township offices and
 * public institutions established or abolished.
 */
import { z } from 'zod';
import { defineEvent, eventFamily } from '@xianzhi/kernel';
import { OFFICE_KINDS } from './vocabulary';

const id = z.string().min(1).max(120);
const count = z.number().int().min(0).max(100_000);
const countyCode = z.string().regex(/^\d{6}$/);

export const stationDevolved = defineEvent(
  'institutions.station-devolved',
  1,
  z.object({
    stationId: id,
    countyCode,
    /** The county department it came from, e.g. 县农业农村局 */
    department: z.string().min(1).max(80),
    /** e.g. 农业综合服务站 */
    name: z.string().min(1).max(80),
    townshipId: id,
    quotas: count,
    staff: count,
  }),
);

export const stationStaffingChanged = defineEvent(
  'institutions.station-staffing-changed',
  1,
  z.object({ stationId: id, quotas: count, staff: count }),
);

/** The station moves to another township (e.g. when townships merge). */
export const stationReassigned = defineEvent(
  'institutions.station-reassigned',
  1,
  z.object({ stationId: id, townshipId: id }),
);

/** The station goes back to its department (上收). */
export const stationWithdrawn = defineEvent(
  'institutions.station-withdrawn',
  1,
  z.object({ stationId: id, reason: z.string().max(500).optional() }),
);

export const officeEstablished = defineEvent(
  'institutions.office-established',
  1,
  z.object({
    officeId: id,
    countyCode,
    townshipId: id,
    kind: z.enum(OFFICE_KINDS),
    name: z.string().min(1).max(80),
    quotas: count.optional(),
  }),
);

export const officeAbolished = defineEvent(
  'institutions.office-abolished',
  1,
  z.object({ officeId: id, reason: z.string().max(500).optional() }),
);

export const institutionsEvents = [
  stationDevolved,
  stationStaffingChanged,
  stationReassigned,
  stationWithdrawn,
  officeEstablished,
  officeAbolished,
];
export const INSTITUTIONS_EVENT_TYPES = institutionsEvents.map((e) => e.type);
/** Every institutions event, as one family (`institutionsEvent.is(event)` narrows a stored event). */
export const institutionsEvent = eventFamily(institutionsEvents);
