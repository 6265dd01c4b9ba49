/**
 * Sealing one personal value: AES-256-GCM with the person's key (`node:crypto`).
 *
 * - The value is written as JSON text, so strings, numbers and objects all seal alike.
 * - Additional data binds the ciphertext to its person and field: a sealed name cannot be moved to
 *   another person or another field and still open.
 * - The IV is synthetic (SIV-like): HMAC-SHA256 of the field and the value, first 12 bytes, under a
 *   key derived from the person's key for that purpose only (the AES key itself never keys the
 *   HMAC). Sealing the same value twice gives the same text, so an idempotent retry is the same
 *   command and the store's fingerprint of it matches; two different values, or one value in two
 *   fields, never share an IV under one key (short of a 96-bit HMAC collision) — GCM's one rule.
 *   Never a fixed or counter-less IV: a repeated IV under one key with different plaintexts gives
 *   away their XOR and GCM's authentication key. What a deterministic IV reveals — that a person's
 *   field held the same value twice — is nothing to anyone without the key, and nothing at all once
 *   it is destroyed. cipher.unit.spec.ts holds these rules.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { SEALED_PREFIX, canonicalJson } from '@xianzhi/kernel';

const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(subject: string, field: string): Buffer {
  return Buffer.from(`${subject}\u0000${field}`, 'utf8');
}

/** The key that derives IVs: the person's key, separated by purpose. */
function ivKey(key: Buffer): Buffer {
  return createHmac('sha256', key).update('xianzhi personal-data iv v1').digest();
}

/** The IV `seal` uses for this value of this field. */
function syntheticIv(key: Buffer, field: string, plain: Buffer): Buffer {
  return createHmac('sha256', ivKey(key))
    .update(field)
    .update('\u0000')
    .update(plain)
    .digest()
    .subarray(0, IV_BYTES);
}

export function seal(key: Buffer, subject: string, field: string, value: unknown): string {
  const plain = Buffer.from(canonicalJson(value), 'utf8');
  const iv = syntheticIv(key, field, plain);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(subject, field));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The value, or undefined when the text does not open with this key (changed, or not theirs). */
export function open(
  key: Buffer,
  subject: string,
  field: string,
  sealed: string,
): { value: unknown } | undefined {
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(subject, field));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return { value: JSON.parse(plain.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}
