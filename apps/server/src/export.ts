/**
 * Rows to CSV (UTF-8 with a BOM, so Excel reads Chinese) or XLSX (exceljs), with Chinese headers.
 *
 * CSV cells that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return) are prefixed with an apostrophe, so Excel and WPS show them as text.
 * Numbers stay numbers. (XLSX cells are typed: text is never a formula there.)
 */
import ExcelJS from 'exceljs';

export type Row = Record<string, unknown>;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return JSON.stringify(value);
}

function cell(value: unknown): string | number {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(scalar).join('、');
  return scalar(value);
}

function columnsOf(rows: Row[], columns: Record<string, string> | undefined): [string, string][] {
  if (columns) return Object.entries(columns);
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  return [...keys].map((k) => [k, k]);
}

/** Text a spreadsheet would evaluate, made inert. */
export function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(rows: Row[], columns?: Record<string, string>): string {
  const cols = columnsOf(rows, columns);
  const esc = (v: string | number) => {
    const s = typeof v === 'number' ? String(v) : inert(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [cols.map(([, h]) => esc(h)).join(',')];
  for (const r of rows) lines.push(cols.map(([k]) => esc(cell(r[k]))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * A file and sheet name from a procedure's summary: its words before any bracket (区划列表 from
 * "区划列表（按级别）"), without the characters file systems and Excel refuse; undefined when nothing is left.
 */
export function exportTitle(summary: string | undefined): string | undefined {
  const title = (summary ?? '')
    .split(/[（(]/)[0]!
    .replace(/[\\/:*?"<>|[\]]/g, '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 31);
  return title === '' ? undefined : title;
}

export async function toXlsx(
  rows: Row[],
  sheetName: string,
  columns?: Record<string, string>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Xianzhi 县志';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  const cols = columnsOf(rows, columns);
  sheet.columns = cols.map(([key, header]) => ({ header, key, width: Math.max(10, header.length * 2 + 2) }));
  for (const r of rows) sheet.addRow(Object.fromEntries(cols.map(([k]) => [k, cell(r[k])])));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
