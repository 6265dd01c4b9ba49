/**
 * Money as integers of fen (分): amounts in 元 are stored, summed and compared as whole fen — never
 * as floating point — and turned into text only for display.
 */

/**
 * The text of an amount of fen in 元, with thousands separators and two decimals.
 *
 * @example
 * formatFen(350000) // '3,500.00'
 * formatFen(-12345) // '-123.45'
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount of fen is a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Whole 元 as fen.
 *
 * @example
 * yuanToFen(3500) // 350000
 */
export function yuanToFen(yuan: number): number {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`whole 元 are a safe integer, got ${yuan}`);
  return yuan * 100;
}

/**
 * An amount of 元 as typed (`3500`, `3,500.5`, `3500.05`) as whole fen, read digit by digit (never
 * through a floating point number); undefined when it is not an amount with at most two decimals.
 *
 * @example
 * parseYuan('3,500.50') // 350050
 * parseYuan('3500.555') // undefined
 */
export function parseYuan(text: string): number | undefined {
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const fen = Number(match[1]!.replaceAll(',', '')) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}
