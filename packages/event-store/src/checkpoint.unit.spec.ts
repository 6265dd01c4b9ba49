import { describe, expect, it } from 'vitest';
import { ValidationError } from '@xianzhi/kernel';
import { checkSignature, createCheckpoint, generateCheckpointKey, parseCheckpoint } from './checkpoint';

const head = { position: 42, hash: 'ab'.repeat(32) };

describe('checkpoints', () => {
  it('signs with Ed25519 and checks against the trusted key; any change or another signer fails', () => {
    const county = generateCheckpointKey();
    const stranger = generateCheckpointKey();
    const cp = createCheckpoint(head, 'log', county.privateKeyPem, new Date('2024-06-30T16:00:00Z'));
    expect(cp.signature?.keyFingerprint).toBe(county.fingerprint);
    expect(checkSignature(cp, county.publicKeyPem)).toBe(county.fingerprint);
    expect(() => checkSignature({ ...cp, position: 43 })).toThrow(/changed after signing/);
    expect(() => checkSignature({ ...cp, hash: 'cd'.repeat(32) }, county.publicKeyPem)).toThrow(
      /changed after signing/,
    );
    const forged = createCheckpoint({ ...head, hash: 'cd'.repeat(32) }, 'log', stranger.privateKeyPem);
    expect(checkSignature(forged)).toBe(stranger.fingerprint); // consistent in itself…
    expect(() => checkSignature(forged, county.publicKeyPem)).toThrow(/not by the trusted key/); // …but not the county's
    expect(() => checkSignature(createCheckpoint(head, 'log'))).toThrow(/not signed/);
    expect(() => createCheckpoint(head, 'log', 'not a key')).toThrow();
  });

  it('reads a checkpoint file, a hash, or position:hash, and names what is wrong', () => {
    const cp = createCheckpoint(head, 'stream');
    expect(parseCheckpoint(JSON.stringify(cp))).toEqual(cp);
    expect(parseCheckpoint(` ${head.hash.toUpperCase()}\n`)).toEqual({ hash: head.hash });
    expect(parseCheckpoint(`42:${head.hash}`)).toEqual({ position: 42, hash: head.hash });
    expect(() => parseCheckpoint('xyz')).toThrow(ValidationError);
    try {
      parseCheckpoint(JSON.stringify({ ...cp, position: 0, hash: 'x' }));
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path[0])).toEqual(['position', 'hash']);
    }
  });
});
