/**
 * Sentences into paragraphs: each told event (or each act, in the 大事记) becomes one paragraph of
 * the chronicle style — the date, the approving document (or "inferred from the national codes"),
 * then what happened — in the reader's language, with the wording of the module that told it.
 */
import type {
  ChronicleLanguage,
  ChronicleSentence,
  ChronicleTemplates,
  ModuleDefinition,
} from '@xianzhi/kernel';
import type { ChronicleRecord } from './entries';
import { ENGINE_TEMPLATES, fill, formatDate, say } from './format';

/** More sentences than this with one tally key in one act are told as one count. */
export const TALLY_THRESHOLD = 5;

export type Wording = ReadonlyMap<string, ChronicleTemplates>;

/** The wording of every module that has a chronicle entry, by module name. */
export function wordingOf(modules: readonly Pick<ModuleDefinition, 'name' | 'chronicle'>[]): Wording {
  return new Map(modules.flatMap((m) => (m.chronicle ? [[m.name, m.chronicle.templates] as const] : [])));
}

function moduleTemplate(
  wording: Wording,
  module: string,
  key: string,
  lang: ChronicleLanguage,
): string | undefined {
  return wording.get(module)?.[lang][key];
}

/** One sentence in `lang`. */
export function sentenceText(
  wording: Wording,
  module: string,
  s: ChronicleSentence,
  lang: ChronicleLanguage,
): string {
  const template = moduleTemplate(wording, module, s.template, lang);
  if (template === undefined)
    throw new Error(`module ${module} has no ${lang} chronicle template "${s.template}"`);
  return fill(template, s.params ?? {}, lang, `${module} template ${s.template}`);
}

/** How the act was authorised: a document (the module may word it, e.g. 决定 rather than 批准), or inferred. */
function approvalText(wording: Wording, r: ChronicleRecord, lang: ChronicleLanguage): string {
  if (r.inferred) return say('inferred', { from: r.inferred.from, to: r.inferred.to }, lang);
  if (r.documentNo === undefined) return '';
  const own = moduleTemplate(wording, r.module, r.issuedBy ? 'approval' : 'approvalByDocument', lang);
  const params = { documentNo: r.documentNo, issuedBy: r.issuedBy ?? '' };
  return own === undefined
    ? say(r.issuedBy ? 'approval' : 'approvalByDocument', params, lang)
    : fill(own, params, lang);
}

/** Sentences of one act, tallies collapsed where a key has more than TALLY_THRESHOLD sentences. */
function actSentences(
  wording: Wording,
  records: readonly ChronicleRecord[],
  lang: ChronicleLanguage,
  tally: boolean,
): string[] {
  const counts = new Map<string, { sentences: number; total: number }>();
  if (tally) {
    for (const r of records)
      for (const s of r.sentences) {
        if (!s.tally) continue;
        const k = `${r.module}\u0000${s.tally.key}`;
        const c = counts.get(k) ?? { sentences: 0, total: 0 };
        c.sentences += 1;
        c.total += s.tally.count;
        counts.set(k, c);
      }
  }
  const out: string[] = [];
  // counts after the sentences told one by one
  const tallies: string[] = [];
  const done = new Set<string>();
  for (const r of records)
    for (const s of r.sentences) {
      const k = s.tally ? `${r.module}\u0000${s.tally.key}` : undefined;
      const c = k === undefined ? undefined : counts.get(k);
      if (k !== undefined && c !== undefined && c.sentences > TALLY_THRESHOLD) {
        if (done.has(k)) continue;
        done.add(k);
        tallies.push(
          sentenceText(wording, r.module, { template: s.tally!.key, params: { count: c.total } }, lang),
        );
        continue;
      }
      const text = sentenceText(wording, r.module, s, lang);
      if (!out.includes(text)) out.push(text);
    }
  return [...out, ...tallies];
}

function paragraph(
  wording: Wording,
  records: readonly ChronicleRecord[],
  lang: ChronicleLanguage,
  tally: boolean,
): string {
  const first = records[0]!;
  const sentences = actSentences(wording, records, lang, tally);
  return say(
    'paragraph',
    {
      date: formatDate(first.effectiveAt, lang),
      approval: approvalText(wording, first, lang),
      sentences: sentences.join(ENGINE_TEMPLATES[lang].sentenceSeparator),
    },
    lang,
  );
}

/** One paragraph per told event (a division's 建置沿革). */
export function paragraphsPerEvent(
  wording: Wording,
  records: readonly ChronicleRecord[],
  lang: ChronicleLanguage,
): string[] {
  return records.map((r) => paragraph(wording, [r], lang, false));
}

/** One paragraph per act — events of one document on one day — with tallies (the 大事记, a county's history). */
export function paragraphsPerAct(
  wording: Wording,
  records: readonly ChronicleRecord[],
  lang: ChronicleLanguage,
): string[] {
  const acts: ChronicleRecord[][] = [];
  const byKey = new Map<string, ChronicleRecord[]>();
  for (const r of records) {
    // an event of no act and no document (a talent record…) is told with the others of its kind that day
    const actOf = r.actId === r.eventId && r.documentNo === undefined ? `${r.type}` : r.actId;
    const key = `${actOf}\u0000${r.effectiveMs}\u0000${r.module}`;
    let act = byKey.get(key);
    if (!act) {
      act = [];
      byKey.set(key, act);
      acts.push(act);
    }
    act.push(r);
  }
  return acts.map((act) => paragraph(wording, act, lang, true));
}
