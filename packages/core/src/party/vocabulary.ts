/**
 * The party organisations vocabulary (党组织体系): the four kinds of organisation, their rank (a
 * child ranks below its parent), and what each kind serves. The Chinese labels are what the UI shows.
 */
import { z } from 'zod';

export const PARTY_ORG_TYPES = [
  'township-committee',
  'village-committee',
  'general-branch',
  'branch',
] as const;
export type PartyOrgType = (typeof PARTY_ORG_TYPES)[number];
export const partyOrgTypeSchema = z.enum(PARTY_ORG_TYPES);

export const PARTY_ORG_TYPE_LABEL: Record<PartyOrgType, { zh: string; en: string }> = {
  'township-committee': { zh: '乡镇党委', en: 'township party committee' },
  'village-committee': { zh: '村（社区）党委', en: 'village party committee' },
  'general-branch': { zh: '党总支', en: 'general party branch' },
  branch: { zh: '党支部', en: 'party branch' },
};

/** A child ranks below its parent: 党委 > 党总支 > 党支部 (支部→总支→党委 is an upgrade). */
export const PARTY_ORG_RANK: Record<PartyOrgType, number> = {
  'township-committee': 3,
  'village-committee': 2,
  'general-branch': 1,
  branch: 0,
};

/** The level of division each kind serves: a branch may be set up on a villager group (支部建在小组上). */
export const SERVES: Record<PartyOrgType, readonly ('township' | 'village' | 'group')[]> = {
  'township-committee': ['township'],
  'village-committee': ['village'],
  'general-branch': ['village'],
  branch: ['village', 'group'],
};
