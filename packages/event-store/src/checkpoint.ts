/**
 * Checkpoints: the head of the log (position and log hash) written down so it can be handed to
 * someone outside the system — archived monthly with the county's seal, published, mailed to the
 * prefecture. A later `verify --checkpoint` proves the log still extends it: any event at or
 * before that position changed, removed, inserted or moved changes the log hash there.
 *
 * Optionally signed with Ed25519 (`node:crypto`): the signature covers the canonical JSON of the
 * checkpoint without its `signature` member, and carries the public key, so anyone can check it
 * against the key the county published.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { ValidationError, canonicalJson } from '@xianzhi/kernel';
import type { ChainHead, ChainScope } from './chain';

export const CHECKPOINT_FORMAT = 'xianzhi-checkpoint/1';

export interface Checkpoint extends ChainHead {
  format: typeof CHECKPOINT_FORMAT;
  /** How the store links its chain (what the hash means: see chain.ts). */
  chain: ChainScope;
  /** When the checkpoint was taken (UTC ISO instant). */
  takenAt: string;
  signature?: CheckpointSignature;
}

export interface CheckpointSignature {
  algorithm: 'Ed25519';
  /** The signer's public key, SPKI DER in base64. */
  publicKey: string;
  /** sha256 of the public key's DER (hex): a short name to compare with the published one. */
  keyFingerprint: string;
  /** Base64 signature over the canonical JSON of the checkpoint without `signature`. */
  value: string;
}

/** What `verify --checkpoint` accepts: a checkpoint, or a bare hash (with a position when known). */
export interface CheckpointClaim {
  position?: number;
  hash: string;
  signature?: CheckpointSignature;
}

const HASH_RE = /^[0-9a-f]{64}$/;

function signedText(cp: Omit<Checkpoint, 'signature'>): string {
  return canonicalJson({
    format: cp.format,
    chain: cp.chain,
    position: cp.position,
    hash: cp.hash,
    takenAt: cp.takenAt,
  });
}

export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * A checkpoint of `head`, signed when an Ed25519 private key (PEM, PKCS#8) is given.
 *
 * @example
 * const cp = createCheckpoint((await store.chainHead())!, store.chainScope, readFileSync(keyFile, 'utf8'));
 */
export function createCheckpoint(
  head: ChainHead,
  chain: ChainScope,
  privateKeyPem?: string,
  takenAt = new Date(),
): Checkpoint {
  const cp: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    chain,
    position: head.position,
    hash: head.hash,
    takenAt: takenAt.toISOString(),
  };
  if (privateKeyPem === undefined) return cp;
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `the checkpoint key must be an Ed25519 private key, not ${key.asymmetricKeyType ?? 'a symmetric key'}`,
    );
  const pub = createPublicKey(key);
  cp.signature = {
    algorithm: 'Ed25519',
    publicKey: pub.export({ type: 'spki', format: 'der' }).toString('base64'),
    keyFingerprint: keyFingerprint(pub),
    value: sign(null, Buffer.from(signedText(cp)), key).toString('base64'),
  };
  return cp;
}

/** A new Ed25519 key pair as PEM (private PKCS#8, public SPKI), for `xianzhi checkpoint keygen`. */
export function generateCheckpointKey(): {
  privateKeyPem: string;
  publicKeyPem: string;
  fingerprint: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
  };
}

/**
 * Checks a checkpoint's signature. Returns the signer's key fingerprint. With `trustedPublicKeyPem`,
 * the signer must be that key (else anyone could sign a forged checkpoint with their own key).
 * Throws a ValidationError naming what is wrong.
 */
export function checkSignature(cp: Checkpoint, trustedPublicKeyPem?: string): string {
  const s = cp.signature;
  if (!s) throw new ValidationError([{ path: ['signature'], message: 'the checkpoint is not signed' }]);
  let pub: KeyObject;
  try {
    pub = createPublicKey({ key: Buffer.from(s.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch (error) {
    throw new ValidationError(
      [{ path: ['signature', 'publicKey'], message: 'not an SPKI public key in base64' }],
      { cause: error },
    );
  }
  const fingerprint = keyFingerprint(pub);
  if (trustedPublicKeyPem !== undefined) {
    const trusted = keyFingerprint(createPublicKey(trustedPublicKeyPem));
    if (trusted !== fingerprint) {
      throw new ValidationError([
        {
          path: ['signature', 'publicKey'],
          message: `signed by key ${fingerprint.slice(0, 16)}…, not by the trusted key ${trusted.slice(0, 16)}…`,
        },
      ]);
    }
  }
  if (!verify(null, Buffer.from(signedText(cp)), pub, Buffer.from(s.value, 'base64'))) {
    throw new ValidationError([
      {
        path: ['signature', 'value'],
        message: 'the signature does not match the checkpoint: it was changed after signing',
      },
    ]);
  }
  return fingerprint;
}

/**
 * Reads what `verify --checkpoint` was given: the JSON text of a checkpoint file, or a hash
 * (`<hex>`), or `<position>:<hex>`.
 */
export function parseCheckpoint(text: string): Checkpoint | CheckpointClaim {
  const t = text.trim();
  const bare = /^(?:(\d+):)?([0-9a-f]{64})$/i.exec(t);
  if (bare)
    return bare[1] === undefined
      ? { hash: bare[2]!.toLowerCase() }
      : { position: Number(bare[1]), hash: bare[2]!.toLowerCase() };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    throw new ValidationError([
      {
        path: ['checkpoint'],
        message: 'expected a checkpoint file (JSON), a hash of 64 hex digits, or <position>:<hash>',
      },
    ]);
  }
  const cp = value as Partial<Checkpoint>;
  const issues = [];
  if (cp.format !== CHECKPOINT_FORMAT)
    issues.push({ path: ['format'], message: `expected "${CHECKPOINT_FORMAT}"` });
  if (!Number.isSafeInteger(cp.position) || (cp.position ?? -1) < 1)
    issues.push({ path: ['position'], message: 'must be a log position ≥ 1' });
  if (typeof cp.hash !== 'string' || !HASH_RE.test(cp.hash))
    issues.push({ path: ['hash'], message: 'must be 64 lower-case hex digits' });
  if (cp.chain !== 'log' && cp.chain !== 'stream')
    issues.push({ path: ['chain'], message: 'must be "log" or "stream"' });
  if (typeof cp.takenAt !== 'string') issues.push({ path: ['takenAt'], message: 'must be an instant' });
  if (issues.length) throw new ValidationError(issues);
  return cp as Checkpoint;
}
