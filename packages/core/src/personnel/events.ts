/**
 * Events of the personnel module. One personnel decision (任免决定) is one append of several of
 * these to the county's personnel stream, sharing its correlation id and authority; each event's
 * `effectiveAt` is the day it takes effect (an appointment `until` a date adds a later dismissal).
 */
import { z } from 'zod';
import { defineEvent, eventFamily } from '@xianzhi/kernel';
import { EDUCATION_LEVELS, GENDERS, ORGANISATIONS, PERSON_SOURCES, ROLES } from './vocabulary';

const id = z.string().min(1).max(120);
const name = z.string().trim().min(1).max(40);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const personRegistered = defineEvent(
  'personnel.person-registered',
  1,
  z.object({
    personId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    name,
    gender: z.enum(GENDERS),
    birthDate: date,
    education: z.enum(EDUCATION_LEVELS),
    partyMember: z.boolean(),
    source: z.enum(PERSON_SOURCES),
  }),
  // Sealed with the person's key; erasable (docs/integrity.md).
  { personal: { subject: 'personId', fields: ['name', 'birthDate'] } },
);

/** Education, party membership or name changed (a degree earned, a member admitted). */
export const personUpdated = defineEvent(
  'personnel.person-updated',
  1,
  z.object({
    personId: id,
    name: name.optional(),
    education: z.enum(EDUCATION_LEVELS).optional(),
    partyMember: z.boolean().optional(),
  }),
  { personal: { subject: 'personId', fields: ['name'] } },
);

export const postEstablished = defineEvent(
  'personnel.post-established',
  1,
  z.object({
    postId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    divisionId: id,
    organisation: z.enum(ORGANISATIONS),
    role: z.enum(ROLES),
    title: z.string().max(80).optional(),
  }),
);

export const postAbolished = defineEvent('personnel.post-abolished', 1, z.object({ postId: id }));

export const appointed = defineEvent('personnel.appointed', 1, z.object({ personId: id, postId: id }));

export const dismissed = defineEvent(
  'personnel.dismissed',
  1,
  z.object({ personId: id, postId: id, reason: z.string().max(500).optional() }),
);

/** A person leaves one post and takes another on the same day (调任). */
export const transferred = defineEvent(
  'personnel.transferred',
  1,
  z.object({ personId: id, fromPostId: id, toPostId: id }),
);

export const personnelEvents = [
  personRegistered,
  personUpdated,
  postEstablished,
  postAbolished,
  appointed,
  dismissed,
  transferred,
];

export const PERSONNEL_EVENT_TYPES = personnelEvents.map((e) => e.type);
/** Every personnel event, as one family (`personnelEvent.is(event)` narrows a stored event). */
export const personnelEvent = eventFamily(personnelEvents);
