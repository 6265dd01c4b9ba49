/**
 * A chronicle document as a DOCX a county office opens in WPS or Word, edits and files: A4 with the
 * 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), the title in 小标宋 (宋体 as
 * fallback) at 二号 (22 pt), headings in 黑体 at 三号 (16 pt), the body in 仿宋_GB2312 (仿宋 as
 * fallback) at 三号 (16 pt) with a two-character first-line indent and fixed 28 pt lines, the
 * signature and date right-aligned; body text at 四号 (14 pt) with `size: 'small'`.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { ChronicleDocument } from './document';

/** Font names a Chinese office has: the 公文 fonts first, then the ones every Windows/WPS has. */
export const FONTS = {
  title: '方正小标宋简体',
  titleFallback: '宋体',
  heading: '黑体',
  body: '仿宋_GB2312',
  bodyFallback: '仿宋',
  latin: 'Times New Roman',
} as const;

const pt = (points: number) => points * 2; // docx sizes are half-points
/** Millimetres to twips, rounded (A4 is 11906 × 16838). */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);
const font = (eastAsia: string) => ({ ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia, cs: FONTS.latin });

export interface DocxOptions {
  /** `large` (default): body at 三号 16 pt; `small`: 四号 14 pt. */
  size?: 'large' | 'small';
  /** The document's properties (shown in the file's details). */
  creator?: string;
}

/**
 * @example
 * const bytes = await toDocx(reportDocument(figures));
 * await writeFile('改革情况报告.docx', bytes);
 */
export async function toDocx(doc: ChronicleDocument, options: DocxOptions = {}): Promise<Uint8Array> {
  const bodySize = pt(options.size === 'small' ? 14 : 16);
  const line = { line: options.size === 'small' ? 24 * 20 : 28 * 20, lineRule: LineRuleType.EXACT };
  const body = (text: string) =>
    new Paragraph({
      children: [new TextRun({ text, font: font(FONTS.body), size: bodySize })],
      indent: { firstLine: bodySize * 10 * 2 },
      spacing: line,
      alignment: AlignmentType.JUSTIFIED,
    });
  const children: Paragraph[] = [
    new Paragraph({
      children: [new TextRun({ text: doc.title, font: font(FONTS.title), size: pt(22) })],
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240, line: 36 * 20, lineRule: LineRuleType.EXACT },
    }),
  ];
  if (doc.subtitle)
    children.push(
      new Paragraph({
        children: [new TextRun({ text: doc.subtitle, font: font(FONTS.body), size: bodySize })],
        alignment: AlignmentType.CENTER,
        spacing: { ...line, after: 240 },
      }),
    );
  for (const s of doc.sections) {
    if (s.heading)
      children.push(
        new Paragraph({
          children: [new TextRun({ text: s.heading, font: font(FONTS.heading), size: bodySize })],
          indent: { firstLine: bodySize * 10 * 2 },
          spacing: line,
        }),
      );
    for (const p of s.paragraphs) children.push(body(p));
  }
  if (doc.signature) {
    const right = (text: string, before = 0) =>
      new Paragraph({
        children: [new TextRun({ text, font: font(FONTS.body), size: bodySize })],
        alignment: AlignmentType.RIGHT,
        indent: { right: bodySize * 10 * 4 },
        spacing: { ...line, before },
      });
    children.push(right(doc.signature.by, 480), right(doc.signature.date));
  }
  const document = new Document({
    creator: options.creator ?? 'Xianzhi 县志',
    title: doc.title,
    styles: { default: { document: { run: { font: font(FONTS.body), size: bodySize } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
