/**
 * Inputs of the services commands and the streams they write to.
 *
 * Two aggregates, chosen for their consistency needs:
 * - `services-<countyCode>`: the county's service points. Opening and closing points is rare and
 *   needs the whole registry (unique ids, one county centre, a parent one level up that is open).
 * - `services-request-<requestId>`: one stream per service request, holding only its lifecycle.
 *   Deciding reads a handful of events whatever the county's volume (hundreds of thousands of
 *   requests), and requests never contend with each other. The request id is the client's (a
 *   ticket number); the point it names is not checked against the registry (another aggregate) —
 *   the read models report requests to unknown points under their id.
 */
import { z } from 'zod';
import { nameText, parseEffectiveAt } from '@xianzhi/kernel';
import { PARENT_POINT_LEVEL, pointLevelSchema, serviceKindSchema, type PointLevel } from './vocabulary';

const id = z
  .string()
  .trim()
  .regex(/^[\w.:\-\u4e00-\u9fff]{1,120}$/, {
    error: 'an id of at most 120 letters, digits, dots, colons, dashes or underscores',
  });
const effective = z.string().refine((s) => parseEffectiveAt(s) !== undefined, {
  error: 'expected a date (2021-03-04) or an instant with an offset (2021-03-04T09:15:00+08:00)',
});
const countyCode = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
const authority = z.object({
  documentNo: z.string().trim().min(1).max(120),
  issuedBy: z.string().trim().min(1).max(120),
  approvedOn: z.string().optional(),
});

export const pointInputSchema = z
  .object({
    /** Omit to use `pointIdOf(divisionId, level)`. */
    pointId: id.optional(),
    level: pointLevelSchema,
    divisionId: id,
    name: nameText({ max: 80 }),
    /** The point one level up (required except for the county centre). */
    parentPointId: id.optional(),
  })
  .superRefine((p, ctx) => {
    const parent = PARENT_POINT_LEVEL[p.level];
    if (parent && p.parentPointId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['parentPointId'],
        message: `a ${p.level} belongs to a ${parent}: give its parentPointId`,
      });
    if (!parent && p.parentPointId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['parentPointId'],
        message: 'the county centre has no parent point',
      });
  });

export const openServicePointsInput = z.object({
  countyCode,
  effectiveAt: effective,
  authority: authority.optional(),
  points: z.array(pointInputSchema).min(1, { error: 'open at least one point' }).max(10_000),
});
export type OpenServicePoints = z.output<typeof openServicePointsInput>;

export const closeServicePointInput = z.object({
  countyCode,
  effectiveAt: effective,
  authority: authority.optional(),
  pointId: id,
  reason: z.string().max(500).optional(),
});
export type CloseServicePoint = z.output<typeof closeServicePointInput>;

export const requestServiceInput = z.object({
  requestId: id,
  pointId: id,
  kind: serviceKindSchema,
  subject: z.string().max(200).optional(),
  effectiveAt: effective,
});
export const acceptServiceInput = z.object({ requestId: id, effectiveAt: effective });
export const proxyServiceInput = z.object({
  requestId: id,
  effectiveAt: effective,
  agent: z.string().trim().max(80).optional(),
});
export const completeServiceInput = z.object({ requestId: id, effectiveAt: effective });
export const rejectServiceInput = z.object({
  requestId: id,
  effectiveAt: effective,
  reason: z.string().trim().min(1, { error: 'give the reason for the rejection' }).max(500),
});

export type RequestService = z.output<typeof requestServiceInput>;
export type RequestServiceInput = z.input<typeof requestServiceInput>;

export const pointIdOf = (divisionId: string, level: PointLevel): string => `${divisionId}:${level}`;
export const servicePointsStream = (countyCode: string): string => `services-${countyCode}`;
export const serviceRequestStream = (requestId: string): string => `services-request-${requestId}`;
