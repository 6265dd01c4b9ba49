import { describe, expect, it } from 'vitest';
import { ValidationError } from '@xianzhi/kernel';
import { fingerprint, prepareAppend, revisionMatches, stableStringify } from './prepare';
import { counted, registryV1 } from './contract/fixtures';

describe('prepareAppend', () => {
  it('lists every problem of a bad call with its field path, and never assigns recordedAt', () => {
    try {
      prepareAppend(
        registryV1(),
        '$system',
        [
          {
            type: counted.type,
            data: { n: 'x' },
            metadata: { recordedAt: 'now', effectiveAt: '2019-02-30' },
          },
        ],
        { expectedRevision: -1 },
      );
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['stream', 'expectedRevision', 'events.0.data.n']));
    }
    const ok = prepareAppend(registryV1(), 's', [counted.create({ n: 1 }, { effectiveAt: '2019-12-20' })], {
      idempotencyKey: 'k',
    });
    expect(ok.events[0]!.effectiveAt?.text).toBe('2019-12-20');
    expect(ok.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fingerprints what the command asked for, not the generated ids', () => {
    const a = prepareAppend(registryV1(), 's', [counted.create({ n: 1 })], { idempotencyKey: 'k' });
    const b = prepareAppend(registryV1(), 's', [counted.create({ n: 1 })], { idempotencyKey: 'k' });
    expect(a.events[0]!.id).not.toBe(b.events[0]!.id);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(fingerprint('other', a.events)).not.toBe(a.fingerprint);
    expect(stableStringify({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
  });

  it('matches expected revisions', () => {
    expect([
      revisionMatches('no-stream', -1),
      revisionMatches('no-stream', 0),
      revisionMatches('exists', -1),
      revisionMatches('exists', 3),
      revisionMatches(3, 3),
      revisionMatches('any', -1),
    ]).toEqual([true, false, false, true, true, true]);
  });
});

describe('event ids', () => {
  it('are RFC 9562 version-7 UUIDs, strictly increasing even within one millisecond', async () => {
    const { uuidv7 } = await import('./ids');
    const ids = Array.from({ length: 20_000 }, () => uuidv7(1_700_000_000_000));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
