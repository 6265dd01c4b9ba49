/**
 * The collective assets plugin (农村集体“三资”清产核资 — 农业农村局): what each village collective
 * holds (funds, assets, resources), inventoried at a valuation date in integer fen and square
 * metres; the handover of a merged village's holdings to the village it merged into (from, to, date,
 * document, signer); discrepancies found in a handover and their resolution.
 *
 * Events and input schemas (isomorphic — loaded by the server and the admin UI alike).
 */
import { z } from 'zod';
import { defineEvent, eventFamily, isDate, parseEffectiveAt, type RecordedEventOf } from '@xianzhi/kernel';

/** Kinds of holdings: funds (资金), assets (资产), resources (资源). */
export const ASSET_KINDS = [
  'cash',
  'deposit',
  'receivable',
  'building',
  'facility',
  'farmland',
  'forest',
  'construction-land',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_KIND_LABEL: Record<
  AssetKind,
  { zh: string; en: string; group: '资金' | '资产' | '资源' }
> = {
  cash: { zh: '库存现金', en: 'Cash', group: '资金' },
  deposit: { zh: '银行存款', en: 'Bank deposits', group: '资金' },
  receivable: { zh: '应收款项', en: 'Receivables', group: '资金' },
  building: { zh: '房屋建筑物', en: 'Buildings', group: '资产' },
  facility: { zh: '基础设施', en: 'Facilities', group: '资产' },
  farmland: { zh: '集体耕地', en: 'Farmland', group: '资源' },
  forest: { zh: '集体林地', en: 'Forest land', group: '资源' },
  'construction-land': { zh: '集体建设用地', en: 'Construction land', group: '资源' },
};
export const assetKindSchema = z.enum(ASSET_KINDS);

/** The county's division registry stream: inventories and handovers are checked with the villages atomically (see decide.ts). */
export const registryStream = (countyCode: string): string => `divisions-${countyCode}`;

const id = z.string().min(1).max(120);
const fen = z.number().int().min(0).max(1_000_000_000_000);
const area = z.number().int().min(0).max(10_000_000_000);
const countyCode = z.string().regex(/^\d{6}$/);
const holding = z.object({ kind: assetKindSchema, amountFen: fen, areaSqm: area.optional() });

export const inventoried = defineEvent(
  'assets.inventoried',
  1,
  z.object({
    entryId: id,
    countyCode,
    villageId: id,
    kind: assetKindSchema,
    amountFen: fen,
    areaSqm: area.optional(),
    quantity: z.number().int().min(0).max(1_000_000).optional(),
    note: z.string().max(200).optional(),
  }),
);

export const handedOver = defineEvent(
  'assets.handed-over',
  1,
  z.object({
    handoverId: id,
    countyCode,
    fromVillageId: id,
    toVillageId: id,
    /** Who signed for the receiving village: a person's name, personal data (subject: the handover). */
    signer: z.string().trim().min(1).max(80),
    items: z.array(holding).min(1),
  }),
  { personal: { subject: 'handoverId', fields: ['signer'] } },
);

export const discrepancyRecorded = defineEvent(
  'assets.discrepancy-recorded',
  1,
  z.object({
    discrepancyId: id,
    handoverId: id,
    kind: assetKindSchema,
    amountFen: fen,
    note: z.string().trim().min(1).max(500),
  }),
);

export const discrepancyResolved = defineEvent(
  'assets.discrepancy-resolved',
  1,
  z.object({ discrepancyId: id, resolution: z.string().trim().min(1).max(500) }),
);

export const assetsEvents = [inventoried, handedOver, discrepancyRecorded, discrepancyResolved];
export const assetsEvent = eventFamily(assetsEvents);
export type AssetsEvent = RecordedEventOf<(typeof assetsEvents)[number]>;

// ---- inputs

const ref = z.string().trim().min(1, { error: 'an id is required' }).max(120);
const fenInput = z
  .number({ error: 'an amount in fen (1 元 = 100)' })
  .int({ error: 'a whole number of fen' })
  .min(0, { error: 'cannot be negative' })
  .max(1_000_000_000_000);
const areaInput = z
  .number()
  .int({ error: 'whole square metres' })
  .min(0, { error: 'cannot be negative' })
  .max(10_000_000_000);
const base = {
  countyCode: z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' }),
  effectiveAt: z
    .string()
    .refine((s) => parseEffectiveAt(s) !== undefined, { error: 'expected a date such as 2020-06-30' }),
  authority: z.object({
    documentNo: z
      .string()
      .trim()
      .min(1, { error: 'the document number is required (e.g. 青农发〔2020〕12号)' })
      .max(120),
    issuedBy: z.string().trim().min(1, { error: 'the issuing authority is required' }).max(120),
    approvedOn: z.string().refine(isDate, { error: 'expected a date' }).optional(),
  }),
};

/** An inventory (清产核资) of one or more villages at a valuation date (effectiveAt). */
export const recordInventoryInput = z.object({
  ...base,
  entries: z
    .array(
      z.object({
        villageId: ref,
        kind: assetKindSchema,
        amountFen: fenInput,
        areaSqm: areaInput.optional(),
        quantity: z.number().int().min(0).max(1_000_000).optional(),
        note: z.string().trim().max(200).optional(),
      }),
    )
    .min(1, { error: 'an inventory has at least one entry' })
    .max(20_000),
});

/** The handover of a merged village's holdings to the village it merged into, signed. */
export const recordHandoverInput = z.object({
  ...base,
  fromVillageId: ref,
  toVillageId: ref,
  signer: z.string().trim().min(1, { error: 'who signed the handover is required' }).max(80),
  items: z
    .array(z.object({ kind: assetKindSchema, amountFen: fenInput, areaSqm: areaInput.optional() }))
    .min(1, { error: 'hand over at least one kind' })
    .max(ASSET_KINDS.length),
});

export const recordDiscrepancyInput = z.object({
  ...base,
  handoverId: ref,
  kind: assetKindSchema,
  amountFen: fenInput,
  note: z.string().trim().min(1, { error: 'describe the discrepancy' }).max(500),
});
export const resolveDiscrepancyInput = z.object({
  ...base,
  discrepancyId: ref,
  resolution: z.string().trim().min(1, { error: 'say how it was resolved' }).max(500),
});

export type RecordInventory = z.output<typeof recordInventoryInput>;
export type RecordHandover = z.output<typeof recordHandoverInput>;
export type RecordDiscrepancy = z.output<typeof recordDiscrepancyInput>;
export type ResolveDiscrepancy = z.output<typeof resolveDiscrepancyInput>;
