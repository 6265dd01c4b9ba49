/**
 * The personnel vocabulary (GLOSSARY "People and organisations"): education levels, sources,
 * organisations and roles, which roles each organisation has, which posts hold one person at a
 * time and which need a party member. The Chinese labels are what the UI shows.
 */
import { z } from 'zod';

export const EDUCATION_LEVELS = [
  'primary',
  'junior-high',
  'senior-high',
  'vocational',
  'associate',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const educationSchema = z.enum(EDUCATION_LEVELS);

export const EDUCATION_LABEL: Record<EducationLevel, string> = {
  primary: '小学',
  'junior-high': '初中',
  'senior-high': '高中',
  vocational: '中专',
  associate: '大专',
  bachelor: '大学本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

/** 大学本科及以上 */
export const isBachelorOrHigher = (e: EducationLevel): boolean =>
  e === 'bachelor' || e === 'master' || e === 'doctorate';

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const PERSON_SOURCES = [
  'returning-migrant-worker',
  'reserve-cadre',
  'party-member',
  'selected-graduate',
  'other',
] as const;
export type PersonSource = (typeof PERSON_SOURCES)[number];
export const SOURCE_LABEL: Record<PersonSource, string> = {
  'returning-migrant-worker': '返乡农民工',
  'reserve-cadre': '村级后备干部',
  'party-member': '党员',
  'selected-graduate': '选调生',
  other: '其他',
};

export const ORGANISATIONS = [
  'township-party-committee',
  'township-government',
  'village-party-organisation',
  'village-committee',
  'group',
] as const;
export type Organisation = (typeof ORGANISATIONS)[number];
export const ORGANISATION_LABEL: Record<Organisation, string> = {
  'township-party-committee': '乡镇党委',
  'township-government': '乡镇人民政府',
  'village-party-organisation': '村（社区）党组织',
  'village-committee': '村（居）民委员会',
  group: '村（居）民小组',
};
/** The level of the division an organisation belongs to. */
export const ORGANISATION_LEVEL: Record<Organisation, 'township' | 'village' | 'group'> = {
  'township-party-committee': 'township',
  'township-government': 'township',
  'village-party-organisation': 'village',
  'village-committee': 'village',
  group: 'group',
};

export const ROLES = [
  'party-secretary',
  'township-head',
  'committee-director',
  'group-leader',
  'deputy',
  'member',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles each organisation has. */
export const ROLES_OF: Record<Organisation, readonly Role[]> = {
  'township-party-committee': ['party-secretary', 'deputy', 'member'],
  'township-government': ['township-head', 'deputy', 'member'],
  'village-party-organisation': ['party-secretary', 'deputy', 'member'],
  'village-committee': ['committee-director', 'deputy', 'member'],
  group: ['group-leader'],
};

/** Posts that hold one person at a time (secretary, head, director, group leader). */
export const SINGLE_HOLDER_ROLES: ReadonlySet<Role> = new Set<Role>([
  'party-secretary',
  'township-head',
  'committee-director',
  'group-leader',
]);

/** Posts in a party organisation are held by party members only. */
export const PARTY_ORGANISATIONS: ReadonlySet<Organisation> = new Set<Organisation>([
  'township-party-committee',
  'village-party-organisation',
]);

export function roleLabel(organisation: Organisation, role: Role): string {
  switch (role) {
    case 'party-secretary':
      return organisation === 'township-party-committee' ? '党委书记' : '党组织书记';
    case 'township-head':
      return '乡镇长';
    case 'committee-director':
      return '主任';
    case 'group-leader':
      return '组长';
    case 'deputy':
      return organisation === 'township-government'
        ? '副乡镇长'
        : organisation === 'village-committee'
          ? '副主任'
          : '副书记';
    case 'member':
      return organisation === 'township-government' ? '党政班子成员' : '委员';
  }
}

/** Minimum age (周岁) on the day of an appointment. */
export const MIN_AGE = 18;
