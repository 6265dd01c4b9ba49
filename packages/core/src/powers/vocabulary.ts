/**
 * The township power lists vocabulary (权力清单、责任清单、准入清单): the three lists, the kinds of
 * power, and which township office handles each kind — approvals the approval office (行政审批办公室),
 * enforcement the comprehensive enforcement team (综合行政执法队).
 */
import { z } from 'zod';

export const POWER_LISTS = ['power', 'responsibility', 'access'] as const;
export type PowerList = (typeof POWER_LISTS)[number];
export const powerListSchema = z.enum(POWER_LISTS);

export const POWER_LIST_LABEL: Record<PowerList, { zh: string; en: string }> = {
  power: { zh: '权力清单', en: 'power list' },
  responsibility: { zh: '责任清单', en: 'responsibility list' },
  access: { zh: '准入清单', en: 'access list' },
};

/** Kinds of power (the categories of the 权力清单). */
export const POWER_CATEGORIES = [
  'licensing',
  'confirmation',
  'penalty',
  'coercion',
  'inspection',
  'payment',
  'other',
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];
export const powerCategorySchema = z.enum(POWER_CATEGORIES);

export const POWER_CATEGORY_LABEL: Record<PowerCategory, { zh: string; en: string }> = {
  licensing: { zh: '行政许可', en: 'licensing' },
  confirmation: { zh: '行政确认', en: 'confirmation' },
  penalty: { zh: '行政处罚', en: 'penalty' },
  coercion: { zh: '行政强制', en: 'coercion' },
  inspection: { zh: '行政检查', en: 'inspection' },
  payment: { zh: '行政给付', en: 'payment' },
  other: { zh: '其他行政权力', en: 'other' },
};

/** What a township approves: licences and confirmations. */
export const APPROVAL_CATEGORIES: ReadonlySet<PowerCategory> = new Set<PowerCategory>([
  'licensing',
  'confirmation',
]);
/** What its enforcement team enforces: penalties, coercive measures, inspections. */
export const ENFORCEMENT_CATEGORIES: ReadonlySet<PowerCategory> = new Set<PowerCategory>([
  'penalty',
  'coercion',
  'inspection',
]);

export const HANDLERS = ['approval-office', 'enforcement-team'] as const;
export type Handler = (typeof HANDLERS)[number];

export const HANDLER_LABEL: Record<Handler, { zh: string; en: string }> = {
  'approval-office': { zh: '行政审批办公室', en: 'approval office' },
  'enforcement-team': { zh: '综合行政执法队', en: 'enforcement team' },
};

/** The office of the township that handles an item of the power list, by its kind of power. */
export function handlerOf(list: PowerList, category: PowerCategory | undefined): Handler | undefined {
  if (list !== 'power' || category === undefined) return undefined;
  if (APPROVAL_CATEGORIES.has(category)) return 'approval-office';
  if (ENFORCEMENT_CATEGORIES.has(category)) return 'enforcement-team';
  return undefined;
}
