/**
 * The institutions vocabulary: kinds of township offices and public institutions, and which kinds a
 * township has at most one of.
 */
import { z } from 'zod';

export const OFFICE_KINDS = [
  'party-government-office',
  'public-institution',
  'approval-office',
  'enforcement-team',
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];
export const officeKindSchema = z.enum(OFFICE_KINDS);

export const OFFICE_KIND_LABEL: Record<OfficeKind, string> = {
  'party-government-office': '党政综合办事机构',
  'public-institution': '直属事业单位',
  'approval-office': '行政审批办公室',
  'enforcement-team': '综合行政执法队',
};

/** A township has one approval office and one comprehensive enforcement team at most. */
export const ONE_PER_TOWNSHIP: ReadonlySet<OfficeKind> = new Set<OfficeKind>([
  'approval-office',
  'enforcement-team',
]);
