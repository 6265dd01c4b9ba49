/**
 * Writing values the way a county office writes them: dates as 2019年12月20日 (or 20 December 2019),
 * one-decimal percentages as 60.6%, and templates filled from their `{placeholders}`. A missing
 * template or value is an error naming it (a chronicle never prints "{name}").
 */
import { countyDate, parseEffectiveAt, type ChronicleLanguage, type ChronicleValue } from '@xianzhi/kernel';
import zh from './templates/zh-CN.json';
import en from './templates/en.json';

/** The chronicle's own wording (paragraphs, headings, the report), per language. */
export const ENGINE_TEMPLATES: Record<ChronicleLanguage, Record<string, string>> = { zh, en };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The county calendar date of a date or an instant (YYYY-MM-DD). */
export function dayOf(dateOrInstant: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant)) return dateOrInstant;
  const parsed = parseEffectiveAt(dateOrInstant);
  if (!parsed) throw new Error(`not a date or an instant: ${JSON.stringify(dateOrInstant)}`);
  return countyDate(parsed.ms);
}

/**
 * @example
 * formatDate('2019-12-20', 'zh'); // '2019年12月20日'
 * formatDate('2019-12-20', 'en'); // '20 December 2019'
 */
export function formatDate(dateOrInstant: string, lang: ChronicleLanguage): string {
  const [y, m, d] = dayOf(dateOrInstant).split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A time of knowledge, to the minute in the county's time zone (2020年1月15日9时30分). */
export function formatInstant(instant: string, lang: ChronicleLanguage): string {
  const parsed = parseEffectiveAt(instant);
  if (!parsed) throw new Error(`not a date or an instant: ${JSON.stringify(instant)}`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(instant)) return formatDate(instant, lang);
  const local = new Date(parsed.ms + 8 * 3600_000);
  const h = local.getUTCHours();
  const min = local.getUTCMinutes();
  const day = formatDate(countyDate(parsed.ms), lang);
  return lang === 'zh'
    ? `${day}${h}时${String(min).padStart(2, '0')}分`
    : `${day} ${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** A count or a measure: integers as they are, others to one decimal. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A percentage with one decimal (60.6%), or the language's dash when there is none. */
export function formatPercent(p: number | null, lang: ChronicleLanguage): string {
  return p === null ? ENGINE_TEMPLATES[lang]['report.percentNone']! : `${p.toFixed(1)}%`;
}

/** A placeholder's value as text in `lang`. */
export function valueText(value: ChronicleValue, lang: ChronicleLanguage): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return (value as readonly string[]).join(ENGINE_TEMPLATES[lang].listSeparator);
  return (value as { zh: string; en: string })[lang];
}

/**
 * Fills `{placeholders}` of a template. Every placeholder must have a value.
 *
 * @example
 * fill('撤销{sources}，将其所辖区域划归{target}管辖', { sources: ['鹤溪乡', '白溪乡'], target: '黄林镇' }, 'zh');
 * // '撤销鹤溪乡、白溪乡，将其所辖区域划归黄林镇管辖'
 */
export function fill(
  template: string,
  params: Readonly<Record<string, ChronicleValue>>,
  lang: ChronicleLanguage,
  where = 'template',
): string {
  return template.replace(/\{([A-Za-z][\w.-]*)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${where}: no value for {${key}} in "${template}"`);
    return valueText(value, lang);
  });
}

/** The engine's own template `key` in `lang`, filled. */
export function say(
  key: string,
  params: Readonly<Record<string, ChronicleValue>>,
  lang: ChronicleLanguage,
): string {
  const template = ENGINE_TEMPLATES[lang][key];
  if (template === undefined) throw new Error(`the chronicle has no ${lang} template "${key}"`);
  return fill(template, params, lang, `chronicle template ${key}`);
}
