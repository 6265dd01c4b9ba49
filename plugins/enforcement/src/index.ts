/**
 * Enforcement (综合行政执法): comprehensive enforcement teams formed per township, their officers,
 * and enforcement cases opened and closed by category. Isomorphic: events, input schemas, streams
 * and labels — no node:*, no React (the admin pages import this too).
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

export const CASE_CATEGORIES = ['land', 'environment', 'market', 'construction', 'safety', 'other'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];
export const caseCategorySchema = z.enum(CASE_CATEGORIES);

export const CASE_CATEGORY_LABEL: Record<CaseCategory, { zh: string; en: string }> = {
  land: { zh: '土地管理', en: 'land' },
  environment: { zh: '生态环境', en: 'environment' },
  market: { zh: '市场监管', en: 'market' },
  construction: { zh: '规划建设', en: 'construction' },
  safety: { zh: '安全生产', en: 'safety' },
  other: { zh: '其他', en: 'other' },
};

export const CASE_OUTCOMES = ['penalised', 'corrected', 'dismissed', 'transferred'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_OUTCOME_LABEL: Record<CaseOutcome, { zh: string; en: string }> = {
  penalised: { zh: '行政处罚', en: 'penalised' },
  corrected: { zh: '责令改正', en: 'corrected' },
  dismissed: { zh: '不予处罚', en: 'dismissed' },
  transferred: { zh: '移送处理', en: 'transferred' },
};

// ── streams ──────────────────────────────────────────────────────────────────────────────────

/**
 * Teams and officers are recorded on the county's division registry stream (the core registry
 * aggregate), see decide.ts for why.
 */
export const registryStream = (countyCode: string): string => `divisions-${countyCode}`;

/** Cases of a county opened in one year: `enforcement-cases-510799-2021`. */
export const caseStream = (countyCode: string, year: string): string =>
  `enforcement-cases-${countyCode}-${year}`;

/** A case id names its county, the year it was opened and its number: `510799-2021-0042`. */
export const CASE_ID_RE = /^(\d{6})-(\d{4})-(\d{4,6})$/;

export function caseStreamOf(caseId: string): string {
  const m = CASE_ID_RE.exec(caseId);
  if (!m) throw new Error(`"${caseId}" is not a case id such as 510799-2021-0042`);
  return caseStream(m[1]!, m[2]!);
}

/** The county calendar year of an effective date or instant. */
export const yearOf = countyYearOf;

// ── events ───────────────────────────────────────────────────────────────────────────────────

const id = z.string().trim().min(1).max(80);
const name = z.string().trim().min(1).max(80);
/** A name in a command's input: NFC, no invisible or bidi characters (events keep their own schema). */
const inputName = nameText({ max: 80 });
const countyCode = countyCodeText();

export const teamFormed = defineEvent(
  'enforcement.team-formed',
  1,
  z.object({ teamId: id, countyCode, townshipId: id, name, key: z.boolean() }),
);

export const teamDisbanded = defineEvent(
  'enforcement.team-disbanded',
  1,
  z.object({ teamId: id, reason: z.string().trim().min(1).max(500) }),
);

export const officerAssigned = defineEvent(
  'enforcement.officer-assigned',
  1,
  z.object({ officerId: id, name, teamId: id }),
  {
    // An officer's name is personal: sealed with their key, erasable (docs/integrity.md).
    personal: { subject: 'officerId', fields: ['name'] },
  },
);

export const officerRemoved = defineEvent(
  'enforcement.officer-removed',
  1,
  z.object({ officerId: id, teamId: id, reason: z.string().trim().min(1).max(500).optional() }),
);

export const caseOpened = defineEvent(
  'enforcement.case-opened',
  1,
  z.object({
    caseId: z.string().regex(CASE_ID_RE),
    countyCode,
    townshipId: id,
    category: caseCategorySchema,
    caseNo: z.string().trim().min(1).max(80).optional(),
    summary: z.string().trim().min(1).max(500).optional(),
  }),
);

export const caseClosed = defineEvent(
  'enforcement.case-closed',
  1,
  z.object({ caseId: z.string().regex(CASE_ID_RE), outcome: z.enum(CASE_OUTCOMES).optional() }),
);

export const enforcementEvents = [
  teamFormed,
  teamDisbanded,
  officerAssigned,
  officerRemoved,
  caseOpened,
  caseClosed,
];

// ── command inputs ───────────────────────────────────────────────────────────────────────────

const effectiveAt = z.string().refine((s) => parseEffectiveAt(s) !== undefined, {
  error: 'expected a date (2020-03-01) or an instant with an offset (2020-03-01T09:00:00+08:00)',
});
const authority = authorityInput({ example: '青编发〔2020〕3号' });
const officer = z.object({
  /** The enforcement certificate number (执法证号): an officer's identity. */
  officerId: id,
  name: inputName,
});
const reason = z.string().trim().min(1).max(500);

export const formTeamInput = z.object({
  countyCode,
  /** The township (division id, or its statistical code as of the date). */
  townshipId: id,
  /** Default: `<township name>综合行政执法队`. */
  name: inputName.optional(),
  /** One of the key townships that form their team first. */
  key: z.boolean().default(false),
  /** Default: the next free `enf-team-<county>-<n>`. */
  teamId: id.optional(),
  officers: z.array(officer).max(200).default([]),
  effectiveAt,
  authority: authority.optional(),
});

export const disbandTeamInput = z.object({
  countyCode,
  teamId: id,
  /** When given, the team must belong to this township (for tokens limited to one township). */
  townshipId: id.optional(),
  reason,
  effectiveAt,
  authority: authority.optional(),
});

export const assignOfficerInput = z.object({
  countyCode,
  teamId: id,
  townshipId: id.optional(),
  officerId: id,
  name: inputName,
  effectiveAt,
  authority: authority.optional(),
});

export const removeOfficerInput = z.object({
  countyCode,
  teamId: id,
  townshipId: id.optional(),
  officerId: id,
  reason: reason.optional(),
  effectiveAt,
  authority: authority.optional(),
});

export const openCaseInput = z
  .object({
    countyCode,
    /** The township where the case arose (division id). */
    townshipId: id,
    category: caseCategorySchema,
    /** Default: the next free number of the county's year, e.g. 510799-2021-0042. */
    caseId: z.string().regex(CASE_ID_RE, { error: 'a case id looks like 510799-2021-0042' }).optional(),
    /** The case number on the documents, e.g. 青综执罚〔2021〕42号. */
    caseNo: z.string().trim().min(1).max(80).optional(),
    summary: z.string().trim().min(1).max(500).optional(),
    /** When the case was opened (立案). */
    effectiveAt,
  })
  .superRefine((c, ctx) => {
    if (c.caseId === undefined || parseEffectiveAt(c.effectiveAt) === undefined) return;
    const expected = `${c.countyCode}-${yearOf(c.effectiveAt)}-`;
    if (!c.caseId.startsWith(expected)) {
      ctx.addIssue({
        code: 'custom',
        path: ['caseId'],
        message: `a case opened on ${c.effectiveAt} in county ${c.countyCode} has an id starting ${expected}`,
      });
    }
  });

export const closeCaseInput = z.object({
  caseId: z.string().regex(CASE_ID_RE, { error: 'a case id looks like 510799-2021-0042' }),
  /** When given, the case must have arisen in this township (for tokens limited to one township). */
  townshipId: id.optional(),
  outcome: z.enum(CASE_OUTCOMES).optional(),
  /** When the case was closed (结案). */
  effectiveAt,
});

export type FormTeamInput = z.input<typeof formTeamInput>;
export type FormTeam = z.output<typeof formTeamInput>;
export type DisbandTeam = z.output<typeof disbandTeamInput>;
export type AssignOfficer = z.output<typeof assignOfficerInput>;
export type RemoveOfficer = z.output<typeof removeOfficerInput>;
export type OpenCase = z.output<typeof openCaseInput>;
export type CloseCase = z.output<typeof closeCaseInput>;

// ── read-model rows (shared with the admin pages) ────────────────────────────────────────────

export interface CoverageRow {
  townshipId: string;
  code: string;
  township: string;
  covered: boolean;
  /** 是 / 否, for exports */
  coveredLabel: string;
  teams: number;
  teamNames: string[];
  officers: number;
  key: boolean;
  /** When its (first) team was formed. */
  since: string | null;
}

export interface Coverage {
  countyCode: string | null;
  townships: number;
  covered: number;
  /** covered / townships, percent with one decimal (null without townships) */
  share: number | null;
  keyCovered: number;
  uncovered: { townshipId: string; code: string; township: string }[];
  rows: CoverageRow[];
}

export interface CaseMonthRow {
  townshipId: string;
  code: string;
  township: string;
  /** YYYY-MM (county calendar) */
  month: string;
  /** Cases opened in the month. */
  opened: number;
  /** Cases closed in the month. */
  closed: number;
  /** Median days from opening to closing of the cases closed in the month, one decimal. */
  medianDays: number | null;
}

export interface CaseTownshipRow {
  townshipId: string;
  code: string;
  township: string;
  opened: number;
  closed: number;
  /** Opened and not closed as of the date. */
  pending: number;
  medianDays: number | null;
  byCategory: Record<CaseCategory, number>;
}
