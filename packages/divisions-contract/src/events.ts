/**
 * Events of the division registry. One adjustment (an approved act) is recorded as one append of
 * several of these, sharing the adjustment's correlation id, effective date and authority.
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';
import { kindSchema } from './kinds';

const id = z.string().min(1).max(80);
const code = z.string().regex(/^\d{6,15}$/, { error: 'a statistical code of digits' });
const name = z.string().trim().min(1).max(80);
/** The official full name as published (塔山镇大石村民委员会, XX社区居民委员会); absent when it is the short name. */
const fullName = z.string().trim().min(1).max(120);

/** A child that moves to a new parent (and, if it has a national code, takes a new one). */
export const moveSchema = z.object({ id, to: id, code: code.optional() });
export type Move = z.infer<typeof moveSchema>;

export const divisionEstablished = defineEvent(
  'divisions.established',
  1,
  z.object({
    id,
    code: code.optional(),
    name,
    fullName: fullName.optional(),
    kind: kindSchema,
    parentId: id.optional(),
    classification: z.string().min(1).max(40).optional(),
    seat: z.string().min(1).max(200).optional(),
    /** Set by imports of national data: codes outside the usual range for the kind are accepted. */
    source: z.string().max(80).optional(),
  }),
);

export const divisionsMerged = defineEvent(
  'divisions.merged',
  1,
  z.object({ sourceIds: z.array(id).min(1), targetId: id, moves: z.array(moveSchema) }),
);

export const divisionSplit = defineEvent(
  'divisions.split',
  1,
  z.object({
    sourceId: id,
    /** The parts are established by `divisions.established` events in the same adjustment. */
    partIds: z.array(id).min(1),
    sourceEnds: z.boolean(),
    moves: z.array(moveSchema),
  }),
);

export const divisionAbolished = defineEvent(
  'divisions.abolished',
  1,
  /** Without `absorbedById` the division ends with no successor (its children must have moved). */
  z.object({ id, absorbedById: id.optional(), moves: z.array(moveSchema) }),
);

export const divisionRenamed = defineEvent(
  'divisions.renamed',
  1,
  /** `name` equals `previousName` when only the full name changes. */
  z.object({
    id,
    name,
    previousName: name,
    fullName: fullName.nullable().optional(),
    previousFullName: fullName.nullable().optional(),
  }),
);

export const divisionKindChanged = defineEvent(
  'divisions.kind-changed',
  1,
  z.object({
    id,
    kind: kindSchema,
    previousKind: kindSchema,
    code: code.optional(),
    previousCode: code.optional(),
    moves: z.array(moveSchema),
    /** Set by imports of national data: a code outside the usual range for the kind is accepted. */
    source: z.string().max(80).optional(),
  }),
);

/** A division takes a new code in place (same parent, same kind); its children take codes under it. */
export const divisionRecoded = defineEvent(
  'divisions.recoded',
  1,
  z.object({ id, code, previousCode: code, moves: z.array(moveSchema) }),
);

/**
 * Opens an adjustment whose changes were inferred from two snapshots of the national codes (not
 * from a document): which snapshots, and how many changes of each kind were inferred.
 */
export const changesInferred = defineEvent(
  'divisions.changes-inferred',
  1,
  z.object({
    source: z.string().min(1).max(120),
    fromSnapshot: z.string().max(40),
    toSnapshot: z.string().max(40),
    counts: z.record(z.string().max(40), z.number().int().min(0)),
  }),
);

/**
 * Opens an adjustment that replaces inferred changes with the real document: from this event's
 * effective date on, the named inferred events (all effective later) take no part in the registry.
 */
export const inferredSuperseded = defineEvent(
  'divisions.inferred-superseded',
  1,
  z.object({ eventIds: z.array(z.string().min(1).max(80)).min(1) }),
);

export const divisionReclassified = defineEvent(
  'divisions.reclassified',
  1,
  z.object({
    id,
    classification: z.string().min(1).max(40).nullable(),
    previousClassification: z.string().nullable(),
  }),
);

export const divisionTransferred = defineEvent(
  'divisions.transferred',
  1,
  z.object({ id, parentId: id, previousParentId: id, code: code.optional(), previousCode: code.optional() }),
);

export const divisionSeatMoved = defineEvent(
  'divisions.seat-moved',
  1,
  z.object({ id, seat: z.string().min(1).max(200), previousSeat: z.string().nullable() }),
);

export const boundaryAdjusted = defineEvent(
  'divisions.boundary-adjusted',
  1,
  z.object({
    fromId: id,
    toId: id,
    moves: z.array(moveSchema).min(1),
    description: z.string().max(500).optional(),
  }),
);

export const divisionEvents = [
  divisionEstablished,
  divisionsMerged,
  divisionSplit,
  divisionAbolished,
  divisionRenamed,
  divisionKindChanged,
  divisionReclassified,
  divisionTransferred,
  divisionSeatMoved,
  boundaryAdjusted,
  divisionRecoded,
  changesInferred,
  inferredSuperseded,
];

export const DIVISION_EVENT_TYPES = divisionEvents.map((e) => e.type);
