/** Fen as 元 with separators (display only: amounts are integers of fen). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
}
