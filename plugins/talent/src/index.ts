/**
 * Talent (人才振兴): the programmes of the county's five-year plan — returning migrant workers
 * recruited (回引), party members developed, reserve cadres registered, rural practical talents
 * certified (senior / intermediate), cadre training completed — and first secretaries dispatched
 * to villages and recalled. Isomorphic: events, input schemas, streams, targets and labels — no
 * node:*, no React (the admin pages import this too).
 */
import { z } from 'zod';
import {
  authorityInput,
  countyCodeText,
  countyYearOf,
  defineEvent,
  nameText,
  parseEffectiveAt,
} from '@xianzhi/kernel';

// ── programmes and the five-year targets ─────────────────────────────────────────────────────

export const PROGRAMMES = [
  'returning-worker',
  'party-member',
  'reserve-cadre',
  'practical-talent',
  'cadre-training',
] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const programmeSchema = z.enum(PROGRAMMES);

export const TALENT_LEVELS = ['senior', 'intermediate'] as const;
export type TalentLevel = (typeof TALENT_LEVELS)[number];
export const talentLevelSchema = z.enum(TALENT_LEVELS, {
  error: 'a rural practical talent is certified as senior or intermediate',
});

export const PROGRAMME_LABEL: Record<Programme, { zh: string; en: string }> = {
  'returning-worker': { zh: '回引返乡农民工', en: 'returning migrant workers recruited' },
  'party-member': { zh: '发展党员', en: 'party members developed' },
  'reserve-cadre': { zh: '村级后备干部', en: 'reserve cadres registered' },
  'practical-talent': { zh: '农村实用人才', en: 'rural practical talents certified' },
  'cadre-training': { zh: '干部培训', en: 'cadre training completed' },
};

export const LEVEL_LABEL: Record<TalentLevel, { zh: string; en: string }> = {
  senior: { zh: '高级', en: 'senior' },
  intermediate: { zh: '中级', en: 'intermediate' },
};

/** The five-year plan: its period and its targets (cadre training is counted, without a target). */
export const PLAN = {
  from: '2020-01-01',
  to: '2024-12-31',
  targets: [
    { key: 'returning-worker', programme: 'returning-worker', target: 5000 },
    { key: 'party-member', programme: 'party-member', target: 2000 },
    { key: 'reserve-cadre', programme: 'reserve-cadre', target: 2000 },
    { key: 'practical-talent-senior', programme: 'practical-talent', level: 'senior', target: 100 },
    {
      key: 'practical-talent-intermediate',
      programme: 'practical-talent',
      level: 'intermediate',
      target: 2000,
    },
    { key: 'cadre-training', programme: 'cadre-training', target: null },
  ],
} as const satisfies {
  from: string;
  to: string;
  targets: readonly { key: string; programme: Programme; level?: TalentLevel; target: number | null }[];
};

export type ProgressKey = (typeof PLAN.targets)[number]['key'];

/** The key a record counts under: its programme, and for practical talents its level. */
export const progressKey = (programme: Programme, level?: TalentLevel): ProgressKey =>
  programme === 'practical-talent' ? `practical-talent-${level ?? 'intermediate'}` : programme;

export const PROGRESS_LABEL: Record<ProgressKey, { zh: string; en: string }> = {
  'returning-worker': PROGRAMME_LABEL['returning-worker'],
  'party-member': PROGRAMME_LABEL['party-member'],
  'reserve-cadre': PROGRAMME_LABEL['reserve-cadre'],
  'practical-talent-senior': { zh: '高级农村实用人才', en: 'senior rural practical talents' },
  'practical-talent-intermediate': { zh: '中级农村实用人才', en: 'intermediate rural practical talents' },
  'cadre-training': PROGRAMME_LABEL['cadre-training'],
};

// ── streams ──────────────────────────────────────────────────────────────────────────────────

/** First secretaries are recorded on the county's division registry stream (see decide.ts). */
export const registryStream = (countyCode: string): string => `divisions-${countyCode}`;

/** The programme records of a county in one year: `talent-510799-2021`. */
export const recordStream = (countyCode: string, year: string): string => `talent-${countyCode}-${year}`;

/** A record id names its county, year and number: `510799-2021-00042`. */
export const RECORD_ID_RE = /^(\d{6})-(\d{4})-(\d{5})$/;

export function recordStreamOf(recordId: string): string {
  const m = RECORD_ID_RE.exec(recordId);
  if (!m) throw new Error(`"${recordId}" is not a record id such as 510799-2021-00042`);
  return recordStream(m[1]!, m[2]!);
}

/** The county calendar year of an effective date or instant. */
export const yearOf = countyYearOf;

// ── events ───────────────────────────────────────────────────────────────────────────────────

const id = z.string().trim().min(1).max(80);
const name = z.string().trim().min(1).max(80);
/** A name in a command's input: NFC, no invisible or bidi characters (events keep their own schema). */
const inputName = nameText({ max: 80 });
const countyCode = countyCodeText();
const recordId = z.string().regex(RECORD_ID_RE, { error: 'a record id looks like 510799-2021-00042' });
const note = z.string().trim().min(1).max(500);

const recordData = z.object({ recordId, countyCode, divisionId: id, name, note: note.optional() });
/** The person of a programme record is known by the record: their name is sealed with the record's key (docs/integrity.md). */
const recordPersonal = { personal: { subject: 'recordId', fields: ['name'] } };

export const returningWorkerRecruited = defineEvent(
  'talent.returning-worker-recruited',
  1,
  recordData,
  recordPersonal,
);
export const partyMemberDeveloped = defineEvent(
  'talent.party-member-developed',
  1,
  recordData,
  recordPersonal,
);
export const reserveCadreRegistered = defineEvent(
  'talent.reserve-cadre-registered',
  1,
  recordData,
  recordPersonal,
);
export const practicalTalentCertified = defineEvent(
  'talent.practical-talent-certified',
  1,
  recordData.extend({ level: talentLevelSchema }),
  recordPersonal,
);
export const cadreTrainingCompleted = defineEvent(
  'talent.cadre-training-completed',
  1,
  recordData.extend({ course: z.string().trim().min(1).max(120).optional() }),
  recordPersonal,
);

/** The event that records a programme's entry. */
export const RECORD_EVENT = {
  'returning-worker': returningWorkerRecruited,
  'party-member': partyMemberDeveloped,
  'reserve-cadre': reserveCadreRegistered,
  'practical-talent': practicalTalentCertified,
  'cadre-training': cadreTrainingCompleted,
} as const satisfies Record<Programme, { type: string }>;

/** A record withdrawn (a certificate revoked, a reserve cadre removed from the pool…): it no longer counts. */
export const recordRevoked = defineEvent('talent.record-revoked', 1, z.object({ recordId, reason: note }));

export const firstSecretaryDispatched = defineEvent(
  'talent.first-secretary-dispatched',
  1,
  z.object({
    postingId: id,
    countyCode,
    villageId: id,
    personId: id,
    name,
    unit: z.string().trim().min(1).max(120),
  }),
  { personal: { subject: 'personId', fields: ['name'] } },
);

export const firstSecretaryRecalled = defineEvent(
  'talent.first-secretary-recalled',
  1,
  z.object({ postingId: id, reason: note.optional() }),
);

export const talentEvents = [
  returningWorkerRecruited,
  partyMemberDeveloped,
  reserveCadreRegistered,
  practicalTalentCertified,
  cadreTrainingCompleted,
  recordRevoked,
  firstSecretaryDispatched,
  firstSecretaryRecalled,
];

// ── command inputs ───────────────────────────────────────────────────────────────────────────

const effectiveAt = z.string().refine((s) => parseEffectiveAt(s) !== undefined, {
  error: 'expected a date (2021-03-01) or an instant with an offset (2021-03-01T09:00:00+08:00)',
});
const authority = authorityInput({ example: '青组通〔2022〕5号' });

const recordInputShape = {
  countyCode,
  /** The township or village the person belongs to (division id). */
  divisionId: id,
  /** The person's name. */
  name: inputName,
  note: note.optional(),
  /** Default: the next free number of the county's year. */
  recordId: recordId.optional(),
  effectiveAt,
};

/** A record id given by the caller must name the county and the year of the record. */
function recordYear(
  c: { countyCode: string; recordId?: string | undefined; effectiveAt: string },
  ctx: z.RefinementCtx,
): void {
  if (c.recordId === undefined || parseEffectiveAt(c.effectiveAt) === undefined) return;
  const expected = `${c.countyCode}-${yearOf(c.effectiveAt)}-`;
  if (!c.recordId.startsWith(expected))
    ctx.addIssue({
      code: 'custom',
      path: ['recordId'],
      message: `a record of ${c.effectiveAt} in county ${c.countyCode} has an id starting ${expected}`,
    });
}

export const recordInput = z.object(recordInputShape).superRefine(recordYear);
export const certifyInput = z
  .object({ ...recordInputShape, level: talentLevelSchema })
  .superRefine(recordYear);
export const trainingInput = z
  .object({ ...recordInputShape, course: z.string().trim().min(1).max(120).optional() })
  .superRefine(recordYear);

export const revokeRecordInput = z.object({
  recordId,
  /** When given, the record must belong to this division (for tokens limited to one division). */
  divisionId: id.optional(),
  reason: note,
  effectiveAt,
});

export const dispatchFirstSecretariesInput = z.object({
  countyCode,
  effectiveAt,
  authority: authority.optional(),
  postings: z
    .array(
      z.object({
        /** The village (division id, or its statistical code as of the date). */
        villageId: id,
        name: inputName,
        /** The person's identity (e.g. a staff number); default: the name. */
        personId: id.optional(),
        /** The dispatching unit (派出单位), e.g. 县委组织部. */
        unit: z.string().trim().min(1).max(120),
        /** Default: the next free `fs-<county>-<n>`. */
        postingId: id.optional(),
      }),
    )
    .min(1, { error: 'dispatch at least one first secretary' })
    .max(500),
});

export const recallFirstSecretariesInput = z.object({
  countyCode,
  effectiveAt,
  authority: authority.optional(),
  postings: z
    .array(
      z.object({
        postingId: id,
        /** When given, the posting must be in this village (for tokens limited to one division). */
        villageId: id.optional(),
        reason: note.optional(),
      }),
    )
    .min(1, { error: 'recall at least one first secretary' })
    .max(500),
});

export type RecordInput = z.output<typeof recordInput>;
export type CertifyInput = z.output<typeof certifyInput>;
export type TrainingInput = z.output<typeof trainingInput>;
export type RevokeRecord = z.output<typeof revokeRecordInput>;
export type DispatchFirstSecretaries = z.output<typeof dispatchFirstSecretariesInput>;
export type RecallFirstSecretaries = z.output<typeof recallFirstSecretariesInput>;

// ── read-model rows (shared with the admin pages) ────────────────────────────────────────────

export interface ProgressRow {
  key: ProgressKey;
  label: string;
  programme: Programme;
  level: TalentLevel | null;
  count: number;
  target: number | null;
  /** count / target, percent with one decimal (null without a target). */
  share: number | null;
  remaining: number | null;
}

export interface Progress {
  countyCode: string | null;
  from: string;
  to: string;
  rows: ProgressRow[];
}

/** A township's counts in the plan period, one column per target key. */
export type TownshipProgressRow = { townshipId: string; code: string; township: string } & Record<
  ProgressKey,
  number
>;

export interface SecretaryCoverageRow {
  villageId: string;
  code: string;
  village: string;
  township: string;
  covered: boolean;
  coveredLabel: string;
  /** First secretaries in post (a village merged into this one passes its secretary on). */
  secretaries: number;
  names: string[];
  since: string | null;
}

export interface SecretaryCoverage {
  countyCode: string | null;
  villages: number;
  covered: number;
  share: number | null;
  /** Villages with two or more first secretaries in post (after a merger). */
  doubled: number;
  uncovered: { villageId: string; code: string; village: string; township: string }[];
  rows: SecretaryCoverageRow[];
}
