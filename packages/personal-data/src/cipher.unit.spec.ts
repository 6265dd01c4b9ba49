/**
 * AES-GCM's one rule: under one key, an IV is never used for two different plaintexts (a repeat
 * gives away their XOR and the authentication key). `seal` derives its IV from the field and the
 * value (SIV-like), so these hold: distinct values or fields → distinct IVs; the same value in the
 * same field → the same sealed text (idempotent retries).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEALED_PREFIX, canonicalJson } from '@xianzhi/kernel';
import { open, seal } from './cipher';

const ivOf = (sealed: string): string =>
  Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url').subarray(0, 12).toString('hex');

const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('张伟', '李娜', '1968-03-14', '1980-01-01', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
);
const field = fc.constantFrom('name', 'birthDate', 'licenceNo', 'officerName');

describe('seal (AES-256-GCM with a synthetic IV)', () => {
  it('never uses one IV for two different (field, value) pairs under one key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uniqueArray(fc.record({ field, value }), {
          minLength: 2,
          maxLength: 24,
          selector: (p) => `${p.field}\u0000${canonicalJson(p.value)}`,
        }),
        (keyBytes, pairs) => {
          const key = Buffer.from(keyBytes);
          const sealed = pairs.map((p) => seal(key, 'p-1', p.field, p.value));
          expect(new Set(sealed.map(ivOf)).size).toBe(pairs.length);
          pairs.forEach((p, i) => expect(open(key, 'p-1', p.field, sealed[i]!)).toEqual({ value: p.value }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the same value in two fields, or two values in one field, get different IVs', () => {
    const key = randomBytes(32);
    expect(ivOf(seal(key, 'p-1', 'name', '1968-03-14'))).not.toBe(
      ivOf(seal(key, 'p-1', 'birthDate', '1968-03-14')),
    );
    expect(ivOf(seal(key, 'p-1', 'name', '张伟'))).not.toBe(ivOf(seal(key, 'p-1', 'name', '李娜')));
  });

  it('seals the same value of the same field the same way (a retried command is the same command)', () => {
    const key = randomBytes(32);
    expect(seal(key, 'p-1', 'name', '张伟')).toBe(seal(key, 'p-1', 'name', '张伟'));
  });

  it('a sealed value opens only with its key, person and field', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'p-1', 'name', '张伟');
    expect(open(key, 'p-1', 'name', sealed)).toEqual({ value: '张伟' });
    expect(open(randomBytes(32), 'p-1', 'name', sealed)).toBeUndefined();
    expect(open(key, 'p-2', 'name', sealed)).toBeUndefined();
    expect(open(key, 'p-1', 'birthDate', sealed)).toBeUndefined();
  });
});
