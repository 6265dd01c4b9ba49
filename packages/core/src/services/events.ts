/**
 * Events of the services module: service points (on the county's registry stream) and the
 * lifecycle of each service request (on the request's own stream). A lifecycle event's
 * `effectiveAt` is the instant it happened, so lead times are differences of effective times.
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';
import { POINT_LEVELS, SERVICE_KINDS } from './vocabulary';

const id = z.string().min(1).max(120);

export const pointOpened = defineEvent(
  'services.point-opened',
  1,
  z.object({
    pointId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    level: z.enum(POINT_LEVELS),
    divisionId: id,
    name: z.string().trim().min(1).max(80),
    parentPointId: id.optional(),
  }),
);

export const pointClosed = defineEvent(
  'services.point-closed',
  1,
  z.object({ pointId: id, reason: z.string().max(500).optional() }),
);

export const serviceRequested = defineEvent(
  'services.requested',
  1,
  z.object({
    requestId: id,
    pointId: id,
    kind: z.enum(SERVICE_KINDS),
    /** What is asked for, in a few words — never personal data. */
    subject: z.string().max(200).optional(),
  }),
);

export const serviceAccepted = defineEvent('services.accepted', 1, z.object({ requestId: id }));

/** Handled on the applicant's behalf (民事代办), e.g. by a grid worker. */
export const serviceProxied = defineEvent(
  'services.proxied',
  1,
  z.object({ requestId: id, agent: z.string().max(80).optional() }),
);

export const serviceCompleted = defineEvent('services.completed', 1, z.object({ requestId: id }));

export const serviceRejected = defineEvent(
  'services.rejected',
  1,
  z.object({ requestId: id, reason: z.string().min(1).max(500) }),
);

export const servicePointEvents = [pointOpened, pointClosed];
export const serviceRequestEvents = [
  serviceRequested,
  serviceAccepted,
  serviceProxied,
  serviceCompleted,
  serviceRejected,
];
export const servicesEvents = [...servicePointEvents, ...serviceRequestEvents];

export const SERVICE_POINT_EVENT_TYPES = servicePointEvents.map((e) => e.type);
export const SERVICE_REQUEST_EVENT_TYPES = serviceRequestEvents.map((e) => e.type);
