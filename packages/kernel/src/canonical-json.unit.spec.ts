import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    // "€" (U+20AC) sorts after "\u0080" and before the astral "😀" (surrogates D83D…) — RFC 8785 §3.2.3
    expect(canonicalJson({ '😀': 1, '€': 2, '\u0080': 3, a: 4 })).toBe('{"a":4,"\u0080":3,"€":2,"😀":1}');
  });

  it('writes numbers in their shortest ECMAScript form; -0 is 0; refuses NaN and Infinity', () => {
    expect(canonicalJson([2.5, 2.50, 1e21, 1e-7, 100, -0, 0.1 + 0.2])).toBe('[2.5,2.5,1e+21,1e-7,100,0,0.30000000000000004]');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson([Infinity])).toThrow(/Infinity/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });

  it('normalises strings and keys to NFC: a decomposed name hashes like the composed one', () => {
    const composed = '\u00e9\u5f20'; // é张
    const decomposed = 'e\u0301\u5f20';
    expect(decomposed).not.toBe(composed);
    expect(canonicalJson({ name: decomposed })).toBe(canonicalJson({ name: composed }));
    expect(canonicalJson({ [decomposed]: 1 })).toBe(`{"${composed}":1}`);
    // CJK compatibility ideograph 豈 (U+F900) is the unified 豈 (U+8C48) under NFC
    expect(canonicalJson('\uf900')).toBe('"\u8c48"');
    expect(() => canonicalJson({ [decomposed]: 1, [composed]: 2 })).toThrow(/same text after NFC/);
  });

  it('leaves out undefined members, writes undefined array items as null, honours toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: new Date('2019-12-20T00:00:00Z') })).toBe(
      '{"b":[null,1],"c":"2019-12-20T00:00:00.000Z"}',
    );
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(/nested/);
  });

  it('is the same text for any key order, and parses back to the same value as JSON.stringify gives', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value')),
        fc.dictionary(fc.string(), tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const text = canonicalJson(v);
        const shuffled = JSON.parse(JSON.stringify(v), function (this: unknown, _k, x: unknown) {
          if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
          return Object.fromEntries(Object.entries(x).reverse());
        }) as unknown;
        expect(canonicalJson(shuffled)).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
