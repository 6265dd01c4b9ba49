/**
 * The bench's county events (bench-local: the real modules define their own). Three families, in
 * the proportions of a county's log: division changes (a few thousand), appointments and
 * dismissals of officials (~5 %), and service actions at service points (~90 %).
 */
import { z } from 'zod';
import { EventRegistry, defineEvent, type EventDefinition } from '@xianzhi/kernel';

const id = z.string().min(1).max(40);
const personName = z
  .string()
  .regex(/^\p{Script=Han}{2,4}$/u, { error: 'a Chinese name of 2 to 4 characters' });

export const SERVICE_KINDS = [
  'household-registration',
  'social-insurance',
  'subsidy',
  'certificate',
  'complaint',
  'land-and-housing',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

// ── divisions ────────────────────────────────────────────────────────────────────────────────

export const divisionEstablished = defineEvent(
  'bench.division-established',
  1,
  z.object({
    divisionId: id,
    level: z.enum(['township', 'village']),
    /** The township of a village; null for a township. */
    parentId: id.nullable(),
    name: z.string().min(1).max(40),
  }),
);

/** `divisionId` is absorbed into `intoId` (a township into a township, a village into a village). */
export const divisionMerged = defineEvent(
  'bench.division-merged',
  1,
  z.object({ divisionId: id, level: z.enum(['township', 'village']), intoId: id }),
);

export const divisionRenamed = defineEvent(
  'bench.division-renamed',
  1,
  z.object({ divisionId: id, level: z.enum(['township', 'village']), name: z.string().min(1).max(40) }),
);

// ── officials ────────────────────────────────────────────────────────────────────────────────

export const officialAppointed = defineEvent(
  'bench.official-appointed',
  1,
  z.object({ postId: id, divisionId: id, personId: id, name: personName }),
);

export const officialDismissed = defineEvent(
  'bench.official-dismissed',
  1,
  z.object({
    postId: id,
    divisionId: id,
    personId: id,
    reason: z.enum(['term-ended', 'transferred', 'retired', 'removed']),
  }),
);

// ── service actions ──────────────────────────────────────────────────────────────────────────

const serviceRef = { requestId: id, pointId: id, townshipId: id, kind: z.enum(SERVICE_KINDS) };

export const serviceRequested = defineEvent(
  'bench.service-requested',
  1,
  z.object({ ...serviceRef, applicant: personName, note: z.string().min(1).max(200) }),
);
export const serviceAccepted = defineEvent('bench.service-accepted', 1, z.object(serviceRef));
export const serviceCompleted = defineEvent('bench.service-completed', 1, z.object(serviceRef));
export const serviceRejected = defineEvent(
  'bench.service-rejected',
  1,
  z.object({ ...serviceRef, reason: z.string().min(1).max(200) }),
);

export type DivisionEstablished = z.output<typeof divisionEstablished.schema>;
export type DivisionMerged = z.output<typeof divisionMerged.schema>;
export type DivisionRenamed = z.output<typeof divisionRenamed.schema>;
export type OfficialAppointed = z.output<typeof officialAppointed.schema>;
export type OfficialDismissed = z.output<typeof officialDismissed.schema>;
export type ServiceRef = z.output<typeof serviceAccepted.schema>;

export const SERVICE_TYPES = [
  serviceRequested.type,
  serviceAccepted.type,
  serviceCompleted.type,
  serviceRejected.type,
] as const;

export const BENCH_EVENTS: readonly EventDefinition[] = [
  divisionEstablished,
  divisionMerged,
  divisionRenamed,
  officialAppointed,
  officialDismissed,
  serviceRequested,
  serviceAccepted,
  serviceCompleted,
  serviceRejected,
];

export function benchRegistry(): EventRegistry {
  return new EventRegistry(BENCH_EVENTS);
}
