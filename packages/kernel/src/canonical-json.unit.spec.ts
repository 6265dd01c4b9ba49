import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonOf } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    // "€" (U+20AC) sorts after "\u0080" and before the astral "😀" (surrogates D83D…) — RFC 8785 §3.2.3
    expect(canonicalJson({ '😀': 1, '€': 2, '\u0080': 3, a: 4 })).toBe('{"a":4,"\u0080":3,"€":2,"😀":1}');
  });

  it('writes numbers in their shortest ECMAScript form; -0 is 0; refuses NaN and Infinity', () => {
    expect(canonicalJson([2.5, 2.5, 1e21, 1e-7, 100, -0, 0.1 + 0.2])).toBe(
      '[2.5,2.5,1e+21,1e-7,100,0,0.30000000000000004]',
    );
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

  it('says when NFC changed the text, so a store knows whether the text is also the value as given', () => {
    expect(canonicalJsonOf({ name: '太和镇', n: [1, 'x'] })).toEqual({
      text: '{"n":[1,"x"],"name":"太和镇"}',
      nfcChanged: false,
    });
    expect(canonicalJsonOf({ name: 'e\u0301' }).nfcChanged).toBe(true);
    expect(canonicalJsonOf({ ['e\u0301']: 1 }).nfcChanged).toBe(true);
    expect(canonicalJsonOf({ name: '\u00e9', q: 'a"b\\c\n' })).toEqual({
      text: '{"name":"é","q":"a\\"b\\\\c\\n"}',
      nfcChanged: false,
    });
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

  /** An obviously correct reference: sort keys recursively, normalise strings, let JSON.stringify write it. */
  function reference(v: unknown): string {
    const norm = (x: unknown): unknown => {
      if (typeof x === 'string') return x.normalize('NFC');
      if (Array.isArray(x)) return x.map(norm);
      if (x && typeof x === 'object') {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(x)
          .map((k) => [k.normalize('NFC'), k] as const)
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .map(([n, k]) => [n, (x as Record<string, unknown>)[k]] as const)) {
          if (k[1] !== undefined) out[k[0]] = norm(k[1]);
        }
        return out;
      }
      return x;
    };
    // JSON.stringify keeps insertion order for non-index keys; index-like keys ("1") go first, so
    // write objects by hand with the sorted order.
    const write = (x: unknown): string => {
      if (Array.isArray(x)) return `[${x.map(write).join(',')}]`;
      if (x && typeof x === 'object') {
        const keys = Object.keys(x).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${write((x as Record<string, unknown>)[k])}`).join(',')}}`;
      }
      return JSON.stringify(x);
    };
    return write(norm(v));
  }

  it('is the same text for any key order, and parses back to the same value as JSON.stringify gives', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('太和镇', '欧阳秀英', '川府民政〔2019〕27号', 'é', 'e\u0301', '\uf900', '１２３'),
        fc.array(tie('value')),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('名称', 'b', '10', '1', 'é')), tie('value')),
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
        expect(text).toBe(reference(v));
      }),
      { numRuns: 300 },
    );
  });
});
