import { describe, expect, it } from 'vitest';
import { deterministicEventId, markerStream, uuidV5 } from './ids';

describe('deterministic ids', () => {
  it('implements UUID v5 (RFC 9562 test vector, DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives one id per (key, index), stable and distinct', () => {
    const a = deterministicEventId('k-1', 0);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('k-1', 0)).toBe(a);
    expect(deterministicEventId('k-1', 1)).not.toBe(a);
    expect(deterministicEventId('k-10', 0)).not.toBe(deterministicEventId('k-1', 0));
  });

  it('names a marker stream per key, whatever the key', () => {
    expect(markerStream('川府民政〔2019〕27号')).toMatch(/^xianzhi-idempotency-[0-9a-f]{64}$/);
    expect(markerStream('a')).not.toBe(markerStream('b'));
  });
});
