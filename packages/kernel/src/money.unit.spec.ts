import { describe, expect, it } from 'vitest';
import { formatFen, parseYuan, yuanToFen } from './money';

describe('money in fen', () => {
  it('formats fen as 元 with separators and two decimals, exactly', () => {
    expect(formatFen(350000)).toBe('3,500.00');
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-12345)).toBe('-123.45');
    expect(formatFen(0)).toBe('0.00');
    // 0.1 + 0.2 style errors cannot happen: the sum is of integers
    expect(formatFen(10 + 20)).toBe('0.30');
  });

  it('refuses what is not a whole number of fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => yuanToFen(0.1)).toThrow(RangeError);
    expect(yuanToFen(3500)).toBe(350000);
  });

  it('reads 元 as typed into whole fen, two decimals at most, without floating point', () => {
    expect(parseYuan('3500')).toBe(350000);
    expect(parseYuan(' 3,500.5 ')).toBe(350050);
    expect(parseYuan('3500.05')).toBe(350005);
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseYuan('1,234,567.89')).toBe(123456789);
    for (const bad of ['', '3500.555', '-1', '35,00', '1e3', '3500.', '.5', '３５００'])
      expect(parseYuan(bad)).toBeUndefined();
  });
});
