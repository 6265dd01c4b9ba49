/**
 * Inputs of the power list commands. A list is published under a document (the county
 * government's decision to devolve powers, 赋权): each entry is one catalogue item listed for one or
 * more townships (named by id or statistical code as of the date), all or nothing.
 */
import { z } from 'zod';
import { documentedBase, idInput } from '../command-kit';
import { powerCategorySchema, powerListSchema } from './vocabulary';

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what} is required` })
    .max(max);

export const powerEntrySchema = z
  .object({
    list: powerListSchema,
    category: powerCategorySchema.optional(),
    code: text(40, 'the catalogue code (事项编码)'),
    title: text(200, 'the title'),
    department: text(80, 'the department'),
    legalBasis: text(500, 'the legal basis'),
    /** The townships it is listed for. */
    townshipIds: z.array(idInput).min(1, { error: 'list it for at least one township' }).max(500),
  })
  .superRefine((e, ctx) => {
    if (e.list === 'power' && e.category === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: 'an item of the power list has a kind of power (行政许可、行政处罚…)',
      });
    if (e.list !== 'power' && e.category !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: 'only items of the power list have a kind of power',
      });
  });
export type PowerEntry = z.output<typeof powerEntrySchema>;
export type PowerEntryInput = z.input<typeof powerEntrySchema>;

export const listPowerItemsInput = z.object({
  ...documentedBase,
  items: z.array(powerEntrySchema).min(1, { error: 'list at least one item' }).max(2_000),
});
export const amendPowerItemInput = z
  .object({
    ...documentedBase,
    itemId: idInput,
    title: text(200, 'the title').optional(),
    legalBasis: text(500, 'the legal basis').optional(),
  })
  .refine((i) => i.title !== undefined || i.legalBasis !== undefined, {
    error: 'give a new title, legal basis or both',
    path: ['title'],
  });
export const withdrawPowerItemsInput = z.object({
  ...documentedBase,
  itemIds: z.array(idInput).min(1).max(2_000),
  reason: z.string().trim().max(500).optional(),
});

export type ListPowerItems = z.output<typeof listPowerItemsInput>;
export type ListPowerItemsInput = z.input<typeof listPowerItemsInput>;
