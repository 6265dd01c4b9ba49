/**
 * Education (教育): schools, enrolment reports, and the re-layout of schools after the township
 * reform — events, command inputs, vocabulary and the county's 2025 targets. Isomorphic: loaded by
 * the server and the admin UI alike (no node:*, no React).
 */
import { z } from 'zod';
import { countyCodeText, datedCommandFields, defineEvent, idText, nameText } from '@xianzhi/kernel';

// ── vocabulary ─────────────────────────────────────────────────────────────────────────────────

export const SCHOOL_KINDS = ['kindergarten', 'primary', 'junior-high', 'nine-year'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];
export const schoolKindSchema = z.enum(SCHOOL_KINDS);

export const SCHOOL_KIND_LABEL: Record<SchoolKind, { zh: string; en: string }> = {
  kindergarten: { zh: '幼儿园', en: 'kindergarten' },
  primary: { zh: '小学', en: 'primary school' },
  'junior-high': { zh: '初中', en: 'junior high' },
  'nine-year': { zh: '九年一贯制学校', en: 'nine-year school' },
};

/**
 * The township layout pattern of the reform: 1–3 boarding central primary schools, one junior high
 * and one public kindergarten per township. A boarding central primary school is a primary school
 * recorded with `boarding: true`; a nine-year school also serves as the township's junior high.
 */
export const LAYOUT_NEEDS = ['boarding-primary', 'junior-high', 'public-kindergarten'] as const;
export type LayoutNeed = (typeof LAYOUT_NEEDS)[number];
export const LAYOUT_NEED_LABEL: Record<LayoutNeed, { zh: string; en: string }> = {
  'boarding-primary': { zh: '寄宿制中心小学', en: 'boarding central primary school' },
  'junior-high': { zh: '初中', en: 'junior high' },
  'public-kindergarten': { zh: '公办幼儿园', en: 'public kindergarten' },
};
export const BOARDING_PRIMARY_RANGE = { min: 1, max: 3 } as const;

/** The county's 2025 targets for the number of schools of each kind. */
export const TARGETS_2025: Record<SchoolKind, number> = {
  primary: 84,
  'junior-high': 30,
  'nine-year': 3,
  kindergarten: 39,
};

/** Building utilisation target (校舍利用率), in percent, for the county. */
export const UTILISATION_TARGET = 94;

/**
 * School terms: the autumn term of year Y runs from Y-08-01 to (Y+1)-01-31, the spring term of
 * year Y from Y-02-01 to Y-07-31 — every date lies in exactly one term.
 */
export const termSchema = z
  .string()
  .regex(/^\d{4}-(spring|autumn)$/, { error: 'a term looks like 2019-autumn or 2020-spring' });

/** The term a date (YYYY-MM-DD) lies in. */
export function termOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (month >= 8) return `${year}-autumn`;
  if (month === 1) return `${year - 1}-autumn`;
  return `${year}-spring`;
}

/** A sortable number for a term: spring of Y comes before autumn of Y, which comes before spring of Y+1. */
export function termOrder(term: string): number {
  return Number(term.slice(0, 4)) * 2 + (term.endsWith('autumn') ? 1 : 0);
}

export const TERM_LABEL = (term: string, lang: 'zh' | 'en' = 'zh'): string => {
  const [year, season] = term.split('-');
  if (lang === 'en') return `${season} ${year}`;
  return `${year}年${season === 'autumn' ? '秋季' : '春季'}学期`;
};

// ── events ─────────────────────────────────────────────────────────────────────────────────────

const id = idText();
const countyCode = countyCodeText();
const name = z.string().trim().min(1, { error: 'a name is required' }).max(80);
/** A name in a command's input: NFC, no invisible or bidi characters (events keep their own schema). */
const inputName = nameText({ max: 80 });
const capacity = z
  .number()
  .int()
  .positive({ error: 'capacity (the number of pupil places) must be greater than 0' })
  .max(100_000);
const enrolled = z.number().int().min(0, { error: 'enrolment cannot be negative' }).max(100_000);

export const schoolOpened = defineEvent(
  'education.school-opened',
  1,
  z.object({
    schoolId: id,
    countyCode,
    name,
    kind: schoolKindSchema,
    /** The township (division id) the school was opened in; after mergers it counts under the survivor. */
    townshipId: id,
    capacity,
    boarding: z.boolean(),
    /** Public (公办) or private (民办); meaningful for kindergartens, schools are public. */
    public: z.boolean(),
  }),
);

export const schoolChanged = defineEvent(
  'education.school-changed',
  1,
  z.object({
    schoolId: id,
    name: name.optional(),
    capacity: capacity.optional(),
    boarding: z.boolean().optional(),
    public: z.boolean().optional(),
  }),
);

export const enrolmentReported = defineEvent(
  'education.enrolment-reported',
  1,
  z.object({ schoolId: id, term: termSchema, enrolled }),
);

export const schoolClosed = defineEvent(
  'education.school-closed',
  1,
  z.object({ schoolId: id, reason: z.string().trim().max(500).optional() }),
);

/** Sources close; their pupils and their capacity count under the target from then on. */
export const schoolsMerged = defineEvent(
  'education.schools-merged',
  1,
  z.object({ sourceIds: z.array(id).min(1), targetId: id }),
);

export const educationEvents = [schoolOpened, schoolChanged, enrolmentReported, schoolClosed, schoolsMerged];

// ── command inputs ─────────────────────────────────────────────────────────────────────────────

const base = datedCommandFields({ approvedOnDate: true });

export const openSchoolInput = z.object({
  ...base,
  /** Omit to take the next free `school-<countyCode>-<n>`. */
  schoolId: id.optional(),
  name: inputName,
  kind: schoolKindSchema,
  /** A township of the county, active on the effective date (its division id or 9-digit code). */
  townshipId: id,
  capacity,
  boarding: z.boolean().default(false),
  public: z.boolean().default(true),
});
export type OpenSchool = z.output<typeof openSchoolInput>;
export type OpenSchoolInput = z.input<typeof openSchoolInput>;

/** At least one of name, capacity, boarding, public (checked by the decider). */
export const changeSchoolInput = z.object({
  ...base,
  schoolId: id,
  name: inputName.optional(),
  capacity: capacity.optional(),
  boarding: z.boolean().optional(),
  public: z.boolean().optional(),
});
export type ChangeSchool = z.output<typeof changeSchoolInput>;

export const reportEnrolmentInput = z.object({
  ...base,
  /** Defaults to the term the effective date lies in; when given it must be that term. */
  term: termSchema.optional(),
  reports: z
    .array(z.object({ schoolId: id, enrolled }))
    .min(1, { error: 'report at least one school' })
    .max(5_000),
});
export type ReportEnrolment = z.output<typeof reportEnrolmentInput>;
export type ReportEnrolmentInput = z.input<typeof reportEnrolmentInput>;

export const closeSchoolInput = z.object({
  ...base,
  schoolId: id,
  reason: z.string().trim().max(500).optional(),
});
export type CloseSchool = z.output<typeof closeSchoolInput>;

export const mergeSchoolsInput = z.object({
  ...base,
  sourceIds: z.array(id).min(1, { error: 'name at least one school to merge' }).max(50),
  targetId: id,
});
export type MergeSchools = z.output<typeof mergeSchoolsInput>;

/** One stream per county: see decide.ts. */
export const educationStream = (countyCode: string): string => `education-${countyCode}`;
