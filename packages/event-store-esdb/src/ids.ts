/**
 * Deterministic names and ids for idempotent appends: UUID v5 (RFC 9562 §5.5, SHA-1 name-based)
 * on node:crypto, and the name of the marker stream that records one idempotency key.
 */
import { createHash } from 'node:crypto';

/** The namespace of every id Xianzhi derives from an idempotency key (a fixed, random UUID). */
export const XIANZHI_ID_NAMESPACE = '4f1b6a0e-9c3d-4e57-8a21-6b0d3c9e7f52';

/**
 * Streams whose name starts with this hold idempotency markers. They are ordinary (non-`$`)
 * streams, so the adapter hides them from every read and refuses appends to them.
 */
export const MARKER_STREAM_PREFIX = 'xianzhi-idempotency-';

/** The marker stream of one key: the key is hashed, so any key (any length, any text) fits. */
export function markerStream(idempotencyKey: string): string {
  return MARKER_STREAM_PREFIX + createHash('sha256').update(idempotencyKey, 'utf8').digest('hex');
}

/**
 * A name-based UUID, version 5.
 *
 * @example
 * uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidV5(name: string, namespace: string = XIANZHI_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID namespace: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the `index`-th event of the command appended under `idempotencyKey`. */
export function deterministicEventId(idempotencyKey: string, index: number): string {
  return uuidV5(`${idempotencyKey}\u0000${index}`);
}
