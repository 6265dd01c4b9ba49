/**
 * Events of the party organisations module, recorded on the county's division registry stream
 * (see decide.ts for why): organisations established, upgraded or downgraded, renamed, attached to
 * another parent, merged (the sources end, their children move to the target), dissolved, and the
 * personnel post of their secretary linked.
 */
import { z } from 'zod';
import { defineEvent, eventFamily, type RecordedEventOf } from '@xianzhi/kernel';
import { PARTY_ORG_TYPES } from './vocabulary';

const id = z.string().min(1).max(120);
const name = z.string().trim().min(1).max(80);
const type = z.enum(PARTY_ORG_TYPES);

export const partyOrganisationEstablished = defineEvent(
  'party.organisation-established',
  1,
  z.object({
    orgId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    type,
    name,
    /** The division it serves: a township, a village (or community), or a villager group. */
    divisionId: id,
    /** Absent only for a township committee. */
    parentId: id.optional(),
    /** The personnel post its secretary holds (so who the secretary is, and 一肩挑, are computed). */
    secretaryPostId: id.optional(),
  }),
);

/** Upgraded or downgraded (支部→总支→党委), possibly renamed with it. */
export const partyOrganisationRetyped = defineEvent(
  'party.organisation-retyped',
  1,
  z.object({ orgId: id, type, previousType: type, name: name.optional() }),
);

export const partyOrganisationRenamed = defineEvent(
  'party.organisation-renamed',
  1,
  z.object({ orgId: id, name, previousName: name }),
);

/** 隶属关系调整: attached to another parent organisation. */
export const partyOrganisationReattached = defineEvent(
  'party.organisation-reattached',
  1,
  z.object({ orgId: id, parentId: id, previousParentId: id }),
);

/** Serves another division from now on (e.g. the group its group merged into). */
export const partyOrganisationReassigned = defineEvent(
  'party.organisation-reassigned',
  1,
  z.object({ orgId: id, divisionId: id, previousDivisionId: id }),
);

/**
 * The sources end; each of their children (listed in `moves`) moves to the target — and, when the
 * division it served has ended (merged with the source's), serves the division that carries it on.
 */
export const partyOrganisationsMerged = defineEvent(
  'party.organisations-merged',
  1,
  z.object({
    sourceIds: z.array(id).min(1),
    targetId: id,
    moves: z.array(z.object({ orgId: id, from: id, divisionId: id.optional() })),
  }),
);

export const partyOrganisationDissolved = defineEvent(
  'party.organisation-dissolved',
  1,
  z.object({ orgId: id, reason: z.string().trim().max(500).optional() }),
);

export const partySecretaryPostLinked = defineEvent(
  'party.secretary-post-linked',
  1,
  z.object({ orgId: id, postId: id.nullable() }),
);

export const partyEvents = [
  partyOrganisationEstablished,
  partyOrganisationRetyped,
  partyOrganisationRenamed,
  partyOrganisationReattached,
  partyOrganisationReassigned,
  partyOrganisationsMerged,
  partyOrganisationDissolved,
  partySecretaryPostLinked,
];

/** Every party event, as one family. */
export const partyEvent = eventFamily(partyEvents);
export type PartyEvent = RecordedEventOf<(typeof partyEvents)[number]>;
