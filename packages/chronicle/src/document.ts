/**
 * The one shape every chronicle text takes before it is written out (Markdown, HTML, DOCX): a
 * title, an optional subtitle, sections of paragraphs under optional headings, an optional
 * signature and date — the parts of a 公文-like document a county office edits and files.
 */
export interface ChronicleSection {
  heading?: string;
  paragraphs: string[];
}

export interface ChronicleDocument {
  title: string;
  subtitle?: string;
  sections: ChronicleSection[];
  /** The issuing office and the date, right-aligned at the end. */
  signature?: { by: string; date: string };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Markdown would read `1.` or `#` at a line's start, `*`/`_` anywhere, as markup: escape them. */
const escapeMarkdown = (s: string) =>
  s.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/^(\d+)\.(\s)/, '$1\\.$2');

export function toMarkdown(doc: ChronicleDocument): string {
  const out = [`# ${escapeMarkdown(doc.title)}`, ''];
  if (doc.subtitle) out.push(escapeMarkdown(doc.subtitle), '');
  for (const s of doc.sections) {
    if (s.heading) out.push(`## ${escapeMarkdown(s.heading)}`, '');
    for (const p of s.paragraphs) out.push(escapeMarkdown(p), '');
  }
  if (doc.signature)
    out.push(`${escapeMarkdown(doc.signature.by)}  `, escapeMarkdown(doc.signature.date), '');
  return out.join('\n');
}

/** A whole HTML page (or only its body's content with `fragment`), styled like the printed document. */
export function toHtml(
  doc: ChronicleDocument,
  options: { lang?: 'zh' | 'en'; fragment?: boolean } = {},
): string {
  const body = [
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...(doc.subtitle ? [`<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`] : []),
    ...doc.sections.flatMap((s) => [
      ...(s.heading ? [`<h2>${escapeHtml(s.heading)}</h2>`] : []),
      ...s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ]),
    ...(doc.signature
      ? [`<p class="signature">${escapeHtml(doc.signature.by)}<br>${escapeHtml(doc.signature.date)}</p>`]
      : []),
  ].join('\n');
  const article = `<article class="chronicle">\n${body}\n</article>`;
  if (options.fragment) return article;
  const lang = options.lang === 'en' ? 'en' : 'zh-CN';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<style>
.chronicle{max-width:42em;margin:2em auto;font-family:"仿宋_GB2312","仿宋",FangSong,serif;font-size:16pt;line-height:1.75}
.chronicle h1{font-family:"方正小标宋简体","小标宋","宋体",SimSun,serif;font-size:22pt;font-weight:normal;text-align:center}
.chronicle h2{font-family:"黑体",SimHei,sans-serif;font-size:16pt;font-weight:normal}
.chronicle p{text-indent:2em;margin:0}
.chronicle .subtitle{text-align:center;text-indent:0}
.chronicle .signature{text-align:right;margin-top:2em}
</style></head><body>
${article}
</body></html>
`;
}
