/**
 * The DOCX opens: it is a zip whose word/document.xml holds every paragraph of the report in the
 * 公文 fonts and sizes; LibreOffice renders it to PDF, whose text is the report's, and the first page
 * is kept as a PNG in the ignored artifacts/chronicle/ folder (to look at).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { toDocx } from './docx';
import type { ChronicleDocument } from './document';
import { reportDocument, type ReportFigures } from './report';

const OUT = fileURLToPath(new URL('../../../artifacts/chronicle/', import.meta.url));

/** Figures as the report reads them (the numbers of the demo county's reform). */
const figures: ReportFigures = {
  county: { id: 'div-510799-1', code: '510799', name: '青溪县' },
  from: '2019-01-01',
  to: '2026-11-29',
  counts: [
    { key: 'township', before: 33, after: 13, change: -20, percent: -60.6 },
    { key: 'village', before: 132, after: 83, change: -49, percent: -37.1 },
    { key: 'community', before: 110, after: 79, change: -31, percent: -28.2 },
    { key: 'villager-group', before: 190, after: 83, change: -107, percent: -56.3 },
    { key: 'resident-group', before: 83, after: 37, change: -46, percent: -55.4 },
  ],
  adjustments: [
    { effectiveAt: '2019-12-20', documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府' },
  ],
  institutions: {
    before: { stations: 0, quotas: 0, staff: 0, vacancies: 0 },
    after: { stations: 67, quotas: 354, staff: 274, vacancies: 80 },
    offices: {
      'party-government-office': 52,
      'public-institution': 26,
      'approval-office': 13,
      'enforcement-team': 10,
    },
  },
};

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function paragraphsOf(doc: ChronicleDocument): string[] {
  return [
    doc.title,
    ...(doc.subtitle ? [doc.subtitle] : []),
    ...doc.sections.flatMap((s) => [...(s.heading ? [s.heading] : []), ...s.paragraphs]),
    ...(doc.signature ? [doc.signature.by, doc.signature.date] : []),
  ];
}

describe('the report as DOCX', () => {
  const doc = reportDocument(figures);

  it('opens as a zip whose word/document.xml has every paragraph, in 仿宋_GB2312 at 三号 and the title in 小标宋 at 二号', async () => {
    const zip = await JSZip.loadAsync(await toDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const p of paragraphsOf(doc)) expect(xml, p).toContain(`>${xmlText(p)}</w:t>`);
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toMatch(/<w:sz w:val="32"\/>/); // 16 pt
    expect(xml).toMatch(/<w:sz w:val="44"\/>/); // 22 pt
    // A4 with the 公文 top margin (37 mm = 2098 twips)
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/w:top="2098"/);
  });

  it('at 四号 when asked', async () => {
    const xml = await (
      await JSZip.loadAsync(await toDocx(doc, { size: 'small' }))
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml).toMatch(/<w:sz w:val="28"\/>/);
    expect(xml).not.toMatch(/<w:sz w:val="32"\/>/);
  });

  it('renders to PDF with LibreOffice, with the report’s text; its first page is kept as a PNG', async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.docx');
    writeFileSync(file, await toDocx(doc));
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${join(OUT, 'lo-profile')}`,
        '--convert-to',
        'pdf',
        '--outdir',
        OUT,
        file,
      ],
      { stdio: 'pipe', timeout: 180_000 },
    );
    const pdf = join(OUT, 'report.pdf');
    expect(existsSync(pdf)).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('青溪县乡镇行政区划和村级建制调整改革情况报告');
    expect(text).toContain('减幅60.6%');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      join(OUT, 'report-page1'),
    ]);
    expect(readFileSync(join(OUT, 'report-page1.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 240_000);
});
