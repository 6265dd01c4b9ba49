/**
 * Inputs of the party organisation commands. One decision (a county or township committee's
 * document) records several changes on one date, in order, all or nothing; mergers and dissolutions
 * need the document. Divisions are named by id or statistical code as of the date; organisations by
 * their id.
 */
import { z } from 'zod';
import { nameText } from '@xianzhi/kernel';
import { decisionBase, documentedBase, idInput } from '../command-kit';
import { partyOrgTypeSchema } from './vocabulary';

const name = nameText({ max: 80 });
const reason = z.string().trim().max(500).optional();

const establishFields = {
  /** Omit for the next id of the county (`party-510799-12`). */
  orgId: idInput.optional(),
  type: partyOrgTypeSchema,
  name,
  /** The division it serves (township, village or community, villager group). */
  divisionId: idInput,
  /** Its parent organisation (every organisation but a township committee has one). */
  parentId: idInput.optional(),
  /** The personnel post its secretary holds (e.g. `div-510799-40:village-party-organisation:party-secretary`). */
  secretaryPostId: idInput.optional(),
};

export const partyChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('establish'), ...establishFields }),
  /** Upgrade or downgrade (支部→总支→党委 and back), possibly with a new name. */
  z.object({ op: z.literal('retype'), orgId: idInput, type: partyOrgTypeSchema, name: name.optional() }),
  z.object({ op: z.literal('rename'), orgId: idInput, name }),
  z.object({ op: z.literal('reattach'), orgId: idInput, parentId: idInput }),
  /** Serves another division from now on (e.g. the group its own group merged into). */
  z.object({ op: z.literal('reassign'), orgId: idInput, divisionId: idInput }),
  z.object({
    op: z.literal('merge'),
    sources: z.array(idInput).min(1, { error: 'name at least one source organisation' }).max(200),
    into: idInput,
  }),
  z.object({ op: z.literal('dissolve'), orgId: idInput, reason }),
  z.object({ op: z.literal('link-secretary'), orgId: idInput, postId: idInput.nullable() }),
]);

export type PartyChange = z.output<typeof partyChangeSchema>;
export type PartyChangeInput = z.input<typeof partyChangeSchema>;

const needsDocument = (changes: readonly PartyChange[]) =>
  changes.some((c) => c.op === 'merge' || c.op === 'dissolve');

export const recordPartyDecisionInput = z
  .object({
    ...decisionBase,
    changes: z.array(partyChangeSchema).min(1, { error: 'give at least one change' }).max(5_000),
  })
  .superRefine((d, ctx) => {
    if (d.authority === undefined && needsDocument(d.changes)) {
      ctx.addIssue({
        code: 'custom',
        path: ['authority'],
        message:
          'a merger or dissolution of party organisations is decided under a document: give authority.documentNo and issuedBy',
      });
    }
  });
export type PartyDecision = z.output<typeof recordPartyDecisionInput>;
export type PartyDecisionInput = z.input<typeof recordPartyDecisionInput>;

export const establishPartyOrganisationsInput = z.object({
  ...decisionBase,
  organisations: z
    .array(z.object(establishFields))
    .min(1, { error: 'establish at least one organisation' })
    .max(5_000),
});
export const changePartyOrganisationTypeInput = z.object({
  ...decisionBase,
  orgId: idInput,
  type: partyOrgTypeSchema,
  name: name.optional(),
});
export const mergePartyOrganisationsInput = z.object({
  ...documentedBase,
  sources: z.array(idInput).min(1).max(200),
  into: idInput,
});
export const dissolvePartyOrganisationInput = z.object({ ...documentedBase, orgId: idInput, reason });
export const linkPartySecretaryInput = z.object({
  ...decisionBase,
  orgId: idInput,
  postId: idInput.nullable(),
});
