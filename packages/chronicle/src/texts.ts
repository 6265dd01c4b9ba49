/**
 * The chronicle's texts as documents: the 建置沿革 of a division (one paragraph per change; for a
 * county, its whole tree's history by year) and the 大事记 of a period (one paragraph per act, by
 * year) — each as of a date, as known at a time, from `chronicle.entries`.
 */
import { countyDate, type ChronicleLanguage } from '@xianzhi/kernel';
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import { KIND_LABEL } from '@xianzhi/divisions-contract';
import type { ChronicleDivision, ChronicleRecord, EntriesInput } from './entries';
import type { ChronicleDocument, ChronicleSection } from './document';
import { formatDate, formatInstant, say } from './format';
import { paragraphsPerAct, paragraphsPerEvent, type Wording } from './tell';

export const ENTRIES = 'chronicle.entries';

export interface TextAt {
  asOf?: string;
  knownAt?: string;
  lang?: ChronicleLanguage;
  /** Set for a token limited to a division: only sentences about its divisions. */
  within?: readonly string[];
}

const atOf = (o: TextAt): AsOf => ({
  ...(o.asOf === undefined ? {} : { asOf: o.asOf }),
  ...(o.knownAt === undefined ? {} : { knownAt: o.knownAt }),
});

export async function entriesOf(
  runtime: ProjectionRuntime,
  input: EntriesInput,
  at: TextAt,
): Promise<ChronicleRecord[]> {
  return runtime.query<ChronicleRecord[]>(
    ENTRIES,
    'entries',
    { ...input, ...(at.within === undefined ? {} : { within: at.within }) },
    atOf(at),
  );
}

export async function divisionOf(
  runtime: ProjectionRuntime,
  id: string,
  at: TextAt,
): Promise<ChronicleDivision | null> {
  return runtime.query<ChronicleDivision | null>(ENTRIES, 'division', { id }, atOf(at));
}

function byYear(
  records: readonly ChronicleRecord[],
  lang: ChronicleLanguage,
  paragraphs: (rs: ChronicleRecord[]) => string[],
): ChronicleSection[] {
  const years = new Map<string, ChronicleRecord[]>();
  for (const r of records) {
    const y = countyDate(r.effectiveMs).slice(0, 4);
    years.set(y, [...(years.get(y) ?? []), r]);
  }
  return [...years].map(([year, rs]) => ({
    heading: say('history.year', { year }, lang),
    paragraphs: paragraphs(rs),
  }));
}

/** The date a text is "as of", written out (today when none is given). */
function asOfDay(runtime: ProjectionRuntime, at: TextAt): string {
  return countyDate(runtime.resolve(atOf(at)).D);
}

/**
 * A division's 建置沿革 (by id or code), or null when it does not exist as of the date.
 *
 * @example
 * const doc = await historyDocument(runtime, wording, { id: '510799203', asOf: '2020-12-31' });
 * toMarkdown(doc!); // "# 鹤溪乡建置沿革 … 2019年12月20日，经四川省人民政府（川府民政〔2019〕27号）批准，撤销鹤溪乡、…，将其所辖区域划归黄林镇管辖。"
 */
export async function historyDocument(
  runtime: ProjectionRuntime,
  wording: Wording,
  input: { id: string } & TextAt,
): Promise<ChronicleDocument | null> {
  const lang = input.lang ?? 'zh';
  const d = await divisionOf(runtime, input.id, input);
  if (!d) return null;
  const county = d.level === 'county';
  // 建置沿革 is the registry's story: the divisions module's sentences (the 大事记 tells the rest)
  const records = await entriesOf(
    runtime,
    { ...(county ? { county: d.id } : { divisionId: d.id }), modules: ['divisions'] },
    input,
  );
  const kind = KIND_LABEL[d.kind][lang];
  const intro = say(
    d.ended === null ? 'history.current' : 'history.ended',
    {
      name: d.name,
      kind,
      code: d.code ?? '—',
      established: formatDate(d.established, lang),
      ended: d.ended === null ? '' : formatDate(d.ended, lang),
    },
    lang,
  );
  const lead = [
    intro,
    ...(d.formerNames.length ? [say('history.formerNames', { names: d.formerNames }, lang)] : []),
  ];
  const sections: ChronicleSection[] = [{ paragraphs: lead }];
  if (records.length === 0) sections.push({ paragraphs: [say('history.empty', {}, lang)] });
  else if (county) sections.push(...byYear(records, lang, (rs) => paragraphsPerAct(wording, rs, lang)));
  else sections.push({ paragraphs: paragraphsPerEvent(wording, records, lang) });
  return {
    title: say('history.title', { name: d.name }, lang),
    subtitle: say(
      'history.subtitle',
      {
        asOf: formatDate(asOfDay(runtime, input), lang),
        knownAt:
          input.knownAt === undefined
            ? ''
            : say('history.knownAt', { knownAt: formatInstant(input.knownAt, lang) }, lang),
      },
      lang,
    ),
    sections,
  };
}

/**
 * The 大事记 of a county between two dates: the notable events of every module, one paragraph per
 * act, by year. Read as of `to` unless another date is given.
 */
export async function eventsDocument(
  runtime: ProjectionRuntime,
  wording: Wording,
  input: { county: string; from: string; to: string; all?: boolean } & TextAt,
): Promise<ChronicleDocument | null> {
  const lang = input.lang ?? 'zh';
  const at: TextAt = { ...input, asOf: input.asOf ?? input.to };
  const county = await divisionOf(runtime, input.county, at);
  if (!county) return null;
  const records = await entriesOf(
    runtime,
    { county: county.id, from: input.from, to: input.to, ...(input.all ? {} : { notable: true }) },
    at,
  );
  const sections = records.length
    ? byYear(records, lang, (rs) => paragraphsPerAct(wording, rs, lang))
    : [{ paragraphs: [say('events.empty', {}, lang)] }];
  return {
    title: say(
      'events.title',
      { county: county.name, from: formatDate(input.from, lang), to: formatDate(input.to, lang) },
      lang,
    ),
    ...(input.knownAt === undefined
      ? {}
      : { subtitle: say('events.subtitle', { knownAt: formatInstant(input.knownAt, lang) }, lang) }),
    sections,
  };
}
