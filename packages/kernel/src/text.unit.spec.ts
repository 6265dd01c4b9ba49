import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nameText, unreadableIn } from './text';

const input = z.strictObject({ name: nameText({ max: 10 }) });
const issue = (value: string) => {
  const r = input.safeParse({ name: value });
  return r.success ? undefined : r.error.issues[0];
};

describe('nameText', () => {
  it('keeps a readable name, NFC-normalised and trimmed', () => {
    expect(input.parse({ name: ' 金水镇 ' }).name).toBe('金水镇');
    expect(input.parse({ name: 'Cafe\u0301' }).name).toBe('Café');
    expect(input.parse({ name: 'Cafe\u0301' }).name).toHaveLength(4);
    expect(input.parse({ name: '🏯县' }).name).toBe('🏯县'); // a surrogate pair is text
  });

  it.each([
    ['a control character', '金水\u0007镇', 'U+0007'],
    ['a newline', '金水\n镇', 'U+000A'],
    ['a bidi override', '金水\u202e镇', 'U+202E'],
    ['a bidi isolate', '\u2066金水镇', 'U+2066'],
    ['a zero-width space', '金\u200b水镇', 'U+200B'],
    ['a zero-width joiner', '金\u200d水镇', 'U+200D'],
    ['a byte-order mark', '\ufeff金水镇', 'U+FEFF'],
  ])('refuses %s, naming the field and the character', (_label, value, point) => {
    const i = issue(value);
    expect(i?.path).toEqual(['name']);
    expect(i?.message).toContain(point);
  });

  it('refuses lone surrogates, empty and too long names', () => {
    expect(issue('金\ud800水')?.message).toContain('lone surrogate');
    expect(issue('\udc00')?.message).toContain('lone surrogate');
    expect(issue('   ')?.message).toBe('a name is required');
    expect(issue('一二三四五六七八九十十一')?.message).toBe('at most 10 characters');
    expect(unreadableIn('青溪县')).toBeUndefined();
  });
});
