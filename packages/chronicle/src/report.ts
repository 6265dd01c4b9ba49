/**
 * The reform report between two dates, computed from the read models — never copied from a
 * document: the five division counts before and after (from the divisions statistics), the cadre
 * statistics (average age, bachelor share, 一肩挑), the devolved stations, quotas and staff, the
 * offices, and the four-level service system. `reportFigures` gives the numbers; `reportDocument`
 * writes them in the county office's wording.
 */
import { countyDate, type ChronicleLanguage } from '@xianzhi/kernel';
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import {
  compareCadreStatistics,
  percentChange,
  reformStatistics,
  registryStream,
} from '@xianzhi/core/server';
import {
  OFFICE_KINDS,
  POINT_LEVELS,
  type AdjustmentSummary,
  type InstitutionTotals,
  type OfficeKind,
  type PointLevel,
} from '@xianzhi/core';
import type { ChronicleDocument } from './document';
import { formatDate, formatPercent, say } from './format';
import { divisionOf } from './texts';

export const REPORT_COUNTS = [
  'township',
  'village',
  'community',
  'villager-group',
  'resident-group',
] as const;
export type ReportCount = (typeof REPORT_COUNTS)[number];
export const REPORT_CADRE_LEVELS = ['township-leaders', 'village-leaders'] as const;

export interface CountFigure {
  key: ReportCount;
  before: number;
  after: number;
  change: number;
  /** One decimal; null when there were none before. */
  percent: number | null;
}

export interface CadreFigure {
  level: (typeof REPORT_CADRE_LEVELS)[number];
  before: {
    count: number;
    averageAge: number | null;
    bachelor: number;
    bachelorPercent: number | null;
    dualRole: number;
    dualRolePercent: number | null;
  };
  after: {
    count: number;
    averageAge: number | null;
    bachelor: number;
    bachelorPercent: number | null;
    dualRole: number;
    dualRolePercent: number | null;
  };
  averageAgeChange: number | null;
}

export interface ReportFigures {
  county: { id: string; code: string | null; name: string };
  from: string;
  to: string;
  knownAt?: string;
  counts: CountFigure[];
  adjustments: { effectiveAt: string; documentNo: string | null; issuedBy: string | null }[];
  /** Absent when the personnel module is not enabled. */
  cadres?: CadreFigure[];
  institutions?: {
    before: Omit<InstitutionTotals, 'offices' | 'townships'>;
    after: Omit<InstitutionTotals, 'offices' | 'townships'>;
    offices: Record<OfficeKind, number>;
  };
  services?: Record<PointLevel, number>;
}

export interface ReportInput {
  /** The county: its 6-digit code or its id. */
  county: string;
  from: string;
  to: string;
  knownAt?: string;
  /** For a token limited to a division: the divisions it sees on a date (only those are counted). */
  within?: (at: AsOf) => Promise<readonly string[] | undefined>;
  /** The read models' modules that run (sections of modules not enabled are left out). Default: all. */
  enabled?: (module: string) => boolean;
  /** A token limited to a division counts from it instead of the county. */
  rootId?: string;
}

/**
 * @example
 * const figures = await reportFigures(runtime, { county: '510799', from: '2019-01-01', to: '2026-11-29' });
 * figures.counts[0]; // { key: 'township', before: 33, after: 13, change: -20, percent: -60.6 }
 */
export async function reportFigures(
  runtime: ProjectionRuntime,
  input: ReportInput,
): Promise<ReportFigures | null> {
  const knownAt = input.knownAt === undefined ? {} : { knownAt: input.knownAt };
  const at = (asOf: string): AsOf => ({ asOf, ...knownAt });
  const county = await divisionOf(runtime, input.county, { asOf: input.to, ...knownAt });
  if (!county || county.level !== 'county') return null;
  const enabled = input.enabled ?? (() => true);
  const code = county.code ?? county.id;
  const stats = await reformStatistics(
    runtime,
    { from: input.from, to: input.to, rootId: input.rootId ?? county.id, ...knownAt },
    input.within,
  );
  const counts = REPORT_COUNTS.map((key): CountFigure => {
    const row = stats.rows.find((r) => r.key === key && r.group === (key === 'township' ? 'level' : 'kind'));
    const before = row?.before ?? 0;
    const after = row?.after ?? 0;
    return { key, before, after, change: after - before, percent: percentChange(before, after) };
  });
  const fromMs = Date.parse(`${input.from}T00:00:00+08:00`);
  const toMs = Date.parse(`${input.to}T00:00:00+08:00`) + 86_400_000;
  const timeline = await runtime.query<AdjustmentSummary[]>(
    'divisions.adjustments',
    'timeline',
    {},
    at(input.to),
  );
  // Adjustments of this county (its stream) that took effect after `from` and by `to`; a limited token sees none of the county's acts listed.
  const adjustments = input.within
    ? []
    : timeline
        .filter((a) => a.effectiveMs > fromMs && a.effectiveMs < toMs && a.stream === registryStream(code))
        .map((a) => ({ effectiveAt: a.effectiveAt, documentNo: a.documentNo, issuedBy: a.issuedBy }));
  const figures: ReportFigures = {
    county: { id: county.id, code: county.code, name: county.name },
    from: input.from,
    to: input.to,
    ...knownAt,
    counts,
    adjustments,
  };
  const within = async (asOf: string) => {
    const w = await input.within?.(at(asOf));
    return w === undefined ? {} : { within: w };
  };
  if (enabled('personnel')) {
    figures.cadres = [];
    for (const level of REPORT_CADRE_LEVELS) {
      const c = await compareCadreStatistics(runtime, {
        level,
        countyCode: code,
        from: input.from,
        to: input.to,
        ...knownAt,
        ...(await within(input.to)),
      });
      const side = (s: typeof c.before) => ({
        count: s.count,
        averageAge: s.averageAge,
        bachelor: s.bachelorOrHigher.count,
        bachelorPercent: s.bachelorOrHigher.percent,
        dualRole: s.dualRole.dualRole,
        dualRolePercent: s.dualRole.percentOfAll,
      });
      figures.cadres.push({
        level,
        before: side(c.before),
        after: side(c.after),
        averageAgeChange: c.averageAgeChange,
      });
    }
  }
  if (enabled('institutions')) {
    const totals = async (asOf: string) =>
      runtime.query<InstitutionTotals>(
        'institutions.townships',
        'totals',
        { countyCode: code, ...(await within(asOf)) },
        at(asOf),
      );
    const [before, after] = [await totals(input.from), await totals(input.to)];
    const staffing = (t: InstitutionTotals) => ({
      stations: t.stations,
      quotas: t.quotas,
      staff: t.staff,
      vacancies: t.vacancies,
    });
    figures.institutions = { before: staffing(before), after: staffing(after), offices: after.offices };
  }
  if (enabled('services')) {
    figures.services = await runtime.query<Record<PointLevel, number>>(
      'services.points',
      'counts',
      { countyCode: code, ...(await within(input.to)) },
      at(input.to),
    );
  }
  return figures;
}

function countLine(c: CountFigure, lang: ChronicleLanguage): string {
  const label = say(`label.${c.key}`, {}, lang);
  const params = {
    label,
    before: c.before,
    after: c.after,
    change: Math.abs(c.change),
    percent: formatPercent(c.percent === null ? null : Math.abs(c.percent), lang),
  };
  if (c.change === 0) return say('report.count.same', params, lang);
  if (c.before === 0) return say('report.count.new', params, lang);
  return say(c.change < 0 ? 'report.count.decrease' : 'report.count.increase', params, lang);
}

function ageChange(change: number | null, lang: ChronicleLanguage): string {
  if (change === null) return say('report.cadres.unknownAge', {}, lang);
  if (change === 0) return say('report.cadres.sameAge', {}, lang);
  return say(
    change < 0 ? 'report.cadres.younger' : 'report.cadres.older',
    { years: Math.abs(change).toFixed(1) },
    lang,
  );
}

/** The report as a document in `lang` — the county office edits it and files it. */
export function reportDocument(f: ReportFigures, lang: ChronicleLanguage = 'zh'): ChronicleDocument {
  const from = formatDate(f.from, lang);
  const to = formatDate(f.to, lang);
  const documents = f.adjustments.map((a) => a.documentNo).filter((d): d is string => d !== null);
  const intro =
    f.adjustments.length === 0
      ? say('report.introNone', { from, to, county: f.county.name }, lang)
      : say(
          'report.intro',
          { from, to, county: f.county.name, documents, count: f.adjustments.length },
          lang,
        );
  const sections: ChronicleDocument['sections'] = [
    { paragraphs: [intro] },
    {
      heading: say('report.section.divisions', {}, lang),
      paragraphs: [
        say(
          'report.counts',
          { counts: f.counts.map((c) => countLine(c, lang)).join(lang === 'zh' ? '；' : '; ') },
          lang,
        ),
      ],
    },
  ];
  if (f.cadres) {
    const lines = f.cadres
      .filter((c) => c.before.count > 0 || c.after.count > 0)
      .map((c) => {
        const line = say(
          'report.cadres.line',
          {
            label: say(`label.${c.level}`, {}, lang),
            count: c.after.count,
            age: c.after.averageAge === null ? '—' : c.after.averageAge.toFixed(1),
            from,
            ageChange: ageChange(c.averageAgeChange, lang),
            bachelor: c.after.bachelor,
            bachelorPercent: formatPercent(c.after.bachelorPercent, lang),
            bachelorPercentBefore: formatPercent(c.before.bachelorPercent, lang),
          },
          lang,
        );
        const dual =
          c.level === 'village-leaders'
            ? say(
                'report.cadres.dualRole',
                {
                  dualRole: c.after.dualRole,
                  dualRolePercent: formatPercent(c.after.dualRolePercent, lang),
                  dualRolePercentBefore: formatPercent(c.before.dualRolePercent, lang),
                  from,
                },
                lang,
              )
            : undefined;
        return `${line}${dual === undefined ? '' : (lang === 'zh' ? '；' : '; ') + dual}${lang === 'zh' ? '。' : '.'}`;
      });
    sections.push({
      heading: say('report.section.cadres', {}, lang),
      paragraphs: lines.length ? lines : [say('report.cadres.none', {}, lang)],
    });
  }
  if (f.institutions) {
    const i = f.institutions;
    const offices = OFFICE_KINDS.filter((k) => i.offices[k] > 0).map((k) =>
      say(
        'report.institutions.office',
        { label: say(`label.office.${k}`, {}, lang), count: i.offices[k] },
        lang,
      ),
    );
    const none = i.after.stations === 0 && offices.length === 0;
    const end = lang === 'zh' ? '。' : '.';
    const paragraphs = none
      ? [say('report.institutions.none', {}, lang)]
      : [
          say(
            'report.institutions.line',
            {
              stations: i.after.stations,
              quotas: i.after.quotas,
              staff: i.after.staff,
              stationsBefore: i.before.stations,
              quotasBefore: i.before.quotas,
              staffBefore: i.before.staff,
              from,
            },
            lang,
          ) + end,
          ...(offices.length ? [say('report.institutions.offices', { offices }, lang) + end] : []),
        ];
    sections.push({ heading: say('report.section.institutions', {}, lang), paragraphs });
  }
  if (f.services) {
    const s = f.services;
    const levels = POINT_LEVELS.filter((l) => s[l] > 0).map((l) =>
      say('report.services.level', { label: say(`label.point.${l}`, {}, lang), count: s[l] }, lang),
    );
    sections.push({
      heading: say('report.section.services', {}, lang),
      paragraphs: [
        levels.length
          ? say('report.services.line', { levels }, lang) + (lang === 'zh' ? '。' : '.')
          : say('report.services.none', {}, lang),
      ],
    });
  }
  return {
    title: say('report.title', { county: f.county.name }, lang),
    subtitle: say('report.subtitle', { from, to }, lang),
    sections,
    signature: { by: say('report.signature', { county: f.county.name }, lang), date: formatDate(f.to, lang) },
  };
}

/** Today in the county (for a report "up to today"). */
export const today = (now: number = Date.now()) => countyDate(now);
