/**
 * Health (卫生健康): the county's health facilities by tier and service zone — established,
 * upgraded, downgraded, closed — and the county's targets for the network. Events, command inputs,
 * vocabulary. Isomorphic: loaded by the server and the admin UI alike (no node:*, no React).
 */
import { z } from 'zod';
import { countyCodeText, datedCommandFields, defineEvent, idText, nameText } from '@xianzhi/kernel';

// ── vocabulary ─────────────────────────────────────────────────────────────────────────────────

export const TIERS = [
  'medical-sub-centre',
  'central-health-centre',
  'general-health-centre',
  'village-clinic',
] as const;
export type Tier = (typeof TIERS)[number];
export const tierSchema = z.enum(TIERS);

export const TIER_LABEL: Record<Tier, { zh: string; en: string }> = {
  'medical-sub-centre': { zh: '医疗分中心', en: 'medical sub-centre' },
  'central-health-centre': { zh: '中心卫生院', en: 'central health centre' },
  'general-health-centre': { zh: '一般卫生院', en: 'general health centre' },
  'village-clinic': { zh: '村卫生室', en: 'village clinic' },
};

/** The health centres, highest first: upgrades go up this ladder, downgrades down. */
export const CENTRE_TIERS = ['medical-sub-centre', 'central-health-centre', 'general-health-centre'] as const;
export type CentreTier = (typeof CENTRE_TIERS)[number];
export const isCentre = (tier: Tier): tier is CentreTier => tier !== 'village-clinic';
/** 0 for the highest tier; a smaller rank is a higher tier. */
export const rankOf = (tier: CentreTier): number => CENTRE_TIERS.indexOf(tier);

export const ZONES = ['central', 'north', 'west', 'east', 'south'] as const;
export type Zone = (typeof ZONES)[number];
export const zoneSchema = z.enum(ZONES);
export const ZONE_LABEL: Record<Zone, { zh: string; en: string }> = {
  central: { zh: '中路', en: 'central route' },
  north: { zh: '北路', en: 'north route' },
  west: { zh: '西路', en: 'west route' },
  east: { zh: '东路', en: 'east route' },
  south: { zh: '南路', en: 'south route' },
};

/** The county's targets for the network of health centres (village clinics have none). */
export const NETWORK_TARGETS: Record<CentreTier, number> = {
  'medical-sub-centre': 4,
  'central-health-centre': 15,
  'general-health-centre': 17,
};

// ── events ─────────────────────────────────────────────────────────────────────────────────────

const id = idText();
const countyCode = countyCodeText();
const name = z.string().trim().min(1, { error: 'a name is required' }).max(80);
/** A name in a command's input: NFC, no invisible or bidi characters (events keep their own schema). */
const inputName = nameText({ max: 80 });
const centreTierSchema = z.enum(CENTRE_TIERS, {
  error: 'a health centre tier: medical-sub-centre, central-health-centre or general-health-centre',
});

export const facilityEstablished = defineEvent(
  'health.facility-established',
  1,
  z.object({
    facilityId: id,
    countyCode,
    name,
    tier: tierSchema,
    zone: zoneSchema,
    /** A township (health centres) or a village (village clinics), as a division id. */
    divisionId: id,
  }),
);

/** A health centre moves up the ladder (general → central → sub-centre), often with a new name. */
export const facilityUpgraded = defineEvent(
  'health.facility-upgraded',
  1,
  z.object({ facilityId: id, tier: centreTierSchema, previousTier: centreTierSchema, name: name.optional() }),
);

export const facilityDowngraded = defineEvent(
  'health.facility-downgraded',
  1,
  z.object({ facilityId: id, tier: centreTierSchema, previousTier: centreTierSchema, name: name.optional() }),
);

export const facilityClosed = defineEvent(
  'health.facility-closed',
  1,
  z.object({ facilityId: id, reason: z.string().trim().max(500).optional() }),
);

export const healthEvents = [facilityEstablished, facilityUpgraded, facilityDowngraded, facilityClosed];

// ── command inputs ─────────────────────────────────────────────────────────────────────────────

const base = datedCommandFields({ approvedOnDate: true });

export const establishFacilityInput = z.object({
  ...base,
  /** Omit to take the next free `facility-<countyCode>-<n>`. */
  facilityId: id.optional(),
  name: inputName,
  tier: tierSchema,
  zone: zoneSchema,
  /** A township for a health centre, a village for a village clinic (division id or code), active on the date. */
  divisionId: id,
});
export type EstablishFacility = z.output<typeof establishFacilityInput>;
export type EstablishFacilityInput = z.input<typeof establishFacilityInput>;

export const changeTierInput = z.object({
  ...base,
  facilityId: id,
  tier: centreTierSchema,
  name: inputName.optional(),
});
export type ChangeTier = z.output<typeof changeTierInput>;

export const closeFacilityInput = z.object({
  ...base,
  facilityId: id,
  reason: z.string().trim().max(500).optional(),
});
export type CloseFacility = z.output<typeof closeFacilityInput>;

/** One stream per county: see decide.ts. */
export const healthStream = (countyCode: string): string => `health-${countyCode}`;
