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
