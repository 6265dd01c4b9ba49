/**
 * Golden texts: a spec compares a text with the file under src/__golden__/; with
 * XIANZHI_UPDATE_GOLDEN=1 it writes the file instead (then read the diff before committing it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '..', '__golden__');

export function golden(name: string, text: string): { actual: string; expected: string } {
  const file = join(GOLDEN, name);
  if (process.env.XIANZHI_UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file))
    throw new Error(
      `no golden text ${file}: run the spec with XIANZHI_UPDATE_GOLDEN=1 once and read what it wrote`,
    );
  return { actual: text, expected: readFileSync(file, 'utf8') };
}
