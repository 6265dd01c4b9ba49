import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@xianzhi/kernel';
import { chainHash, chainHashOf, type ChainEnvelope } from './chain';

const envelope = fc.record({
  id: fc.uuid(),
  stream: fc.oneof(fc.string(), fc.constantFrom('divisions-510722', '县-510722-䢺江')),
  revision: fc.nat(),
  type: fc.constantFrom('divisions.merged', 'personnel.person-registered'),
  schemaVersion: fc.integer({ min: 1, max: 5 }),
  data: fc.jsonValue(),
  metadata: fc.record(
    {
      effectiveAt: fc.constantFrom('2019-12-20', '2019-12-20T01:30:00.000Z'),
      recordedAt: fc.constant('2024-03-01T01:02:03.000Z'),
      actor: fc.string(),
      authority: fc.record({ documentNo: fc.constantFrom('川府民政〔2019〕27号'), issuedBy: fc.string() }),
    },
    { requiredKeys: ['effectiveAt'] },
  ),
}) as fc.Arbitrary<ChainEnvelope>;

describe('chain hash', () => {
  it('the append path (data canonicalised once) gives the same hash as the definition', () => {
    fc.assert(
      fc.property(
        envelope,
        fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'))),
        (e, previous) => {
          const { data, ...rest } = e;
          expect(chainHashOf(rest, canonicalJson(data), previous)).toBe(chainHash(e, previous));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes with every part of the envelope and with the previous link', () => {
    const e: ChainEnvelope = {
      id: '0190a000-0000-7000-8000-000000000001',
      stream: 's',
      revision: 0,
      type: 'a.b',
      schemaVersion: 1,
      data: { n: 1 },
      metadata: { effectiveAt: '2019-12-20' },
    };
    const base = chainHash(e, null);
    const variants: [string, ChainEnvelope, string | null][] = [
      ['id', { ...e, id: '0190a000-0000-7000-8000-000000000002' }, null],
      ['stream', { ...e, stream: 't' }, null],
      ['revision', { ...e, revision: 1 }, null],
      ['type', { ...e, type: 'a.c' }, null],
      ['schemaVersion', { ...e, schemaVersion: 2 }, null],
      ['data', { ...e, data: { n: 2 } }, null],
      ['metadata', { ...e, metadata: { effectiveAt: '2019-12-21' } }, null],
      ['previous', e, '0'.repeat(64)],
    ];
    for (const [what, v, previous] of variants) expect(chainHash(v, previous), what).not.toBe(base);
    // …and not with key order: the same event written the other way round has the same hash.
    expect(chainHash({ ...e, data: { b: 1, a: 2 } }, null)).toBe(
      chainHash({ ...e, data: { a: 2, b: 1 } }, null),
    );
  });
});
