import { describe, expect, it } from 'vitest';
import { zh } from './zh';
import { en } from './en';
import { translate } from './index';

describe('dictionaries', () => {
  it('English has every key of Chinese, with the same placeholders', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(en[key], key).toBeTypeOf('string');
      expect(params(en[key]), key).toEqual(params(zh[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('fills placeholders', () => {
    expect(translate('zh', 'overview.counts', { date: '2019年6月1日' })).toBe('2019年6月1日 的区划数量');
    expect(translate('en', 'tree.children', { n: 4 })).toBe('4 below');
  });
});
