/**
 * Inputs of the zones commands. One decision (a county committee's document) records several
 * changes on one date, all or nothing: zones established, renamed or dissolved, townships joining,
 * leaving or moving between zones, their roles changed. Townships are named by id or statistical
 * code as of the date.
 */
import { z } from 'zod';
import { nameText } from '@xianzhi/kernel';
import { zoneDirectionSchema, zoneRoleSchema } from '@xianzhi/divisions-contract';
import { decisionBase, idInput } from '../command-kit';

const township = z.object({ townshipId: idInput, role: zoneRoleSchema });
const name = nameText({ max: 40 });

export const zoneChangeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('establish'),
    /** Omit for the next id of the county (`zone-510799-3`). */
    zoneId: idInput.optional(),
    name,
    direction: zoneDirectionSchema.optional(),
    description: z.string().trim().max(200).optional(),
    /** Townships joining the new zone at once. */
    townships: z.array(township).max(200).default([]),
  }),
  z.object({ op: z.literal('join'), zoneId: idInput, ...township.shape }),
  z.object({ op: z.literal('leave'), zoneId: idInput, townshipId: idInput }),
  /** Leaves its zone and joins another on the same day. */
  z.object({ op: z.literal('move'), townshipId: idInput, toZoneId: idInput, role: zoneRoleSchema }),
  z.object({ op: z.literal('change-role'), zoneId: idInput, townshipId: idInput, role: zoneRoleSchema }),
  z.object({ op: z.literal('rename'), zoneId: idInput, name }),
  z.object({ op: z.literal('dissolve'), zoneId: idInput, reason: z.string().trim().max(500).optional() }),
]);

export type ZoneChange = z.output<typeof zoneChangeSchema>;
export type ZoneChangeInput = z.input<typeof zoneChangeSchema>;

export const recordZoneChangesInput = z.object({
  ...decisionBase,
  changes: z.array(zoneChangeSchema).min(1, { error: 'give at least one change' }).max(1_000),
});
export type ZoneChanges = z.output<typeof recordZoneChangesInput>;
export type ZoneChangesInput = z.input<typeof recordZoneChangesInput>;
