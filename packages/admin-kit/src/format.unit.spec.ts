import { describe, expect, it } from 'vitest';
import {
  countyToday,
  formatChange,
  formatDate,
  formatInstant,
  formatNumber,
  formatPercent,
  fromCountyInput,
  isDate,
  isInstant,
  toCountyInput,
} from './format';

describe('dates and instants', () => {
  it('shows dates as YYYY年M月D日 in Chinese and ISO-like in English', () => {
    expect(formatDate('zh', '2019-12-20')).toBe('2019年12月20日');
    expect(formatDate('zh', '2020-06-01')).toBe('2020年6月1日');
    expect(formatDate('en', '2019-12-20')).toBe('2019-12-20');
  });

  it('shows instants in county time (UTC+8) whatever the browser zone', () => {
    expect(formatInstant('zh', '2019-12-19T16:30:05.120Z')).toBe('2019年12月20日 00:30:05');
    expect(formatInstant('en', '2019-12-19T16:30:05.120Z')).toBe('2019-12-20 00:30:05 (UTC+8)');
    expect(formatDate('zh', '2019-12-19T16:30:05Z')).toBe('2019年12月20日');
  });

  it('takes the county date of an instant', () => {
    expect(countyToday(Date.parse('2019-12-19T15:59:59Z'))).toBe('2019-12-19');
    expect(countyToday(Date.parse('2019-12-19T16:00:00Z'))).toBe('2019-12-20');
  });

  it('round-trips the as-known-at control in county time', () => {
    expect(fromCountyInput('2024-05-01T10:00')).toBe('2024-05-01T10:00:00+08:00');
    expect(fromCountyInput('2024-05-01T10:00:07')).toBe('2024-05-01T10:00:07+08:00');
    expect(toCountyInput('2024-05-01T02:00:07.5Z')).toBe('2024-05-01T10:00:07');
    expect(fromCountyInput('yesterday')).toBeUndefined();
  });

  it('accepts only real dates and instants with an offset', () => {
    expect(isDate('2019-02-29')).toBe(false);
    expect(isDate('2020-02-29')).toBe(true);
    expect(isInstant('2024-05-01T10:00:00+08:00')).toBe(true);
    expect(isInstant('2024-05-01T10:00:00')).toBe(false);
  });
});

describe('numbers', () => {
  it('groups digits and signs changes with a true minus', () => {
    expect(formatNumber('zh', 12345)).toBe('12,345');
    expect(formatChange('en', -20)).toBe('−20');
    expect(formatChange('zh', 3)).toBe('+3');
    expect(formatPercent('zh', -60.6)).toBe('−60.6%');
    expect(formatPercent('en', null)).toBe('—');
  });
});
