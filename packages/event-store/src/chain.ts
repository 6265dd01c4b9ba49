/**
 * The hash chain: every event carries sha256 over its canonical envelope and the hash of the event
 * before it, computed by the store adapter inside its append (docs/integrity.md).
 *
 * - `chainHash` is the one definition of an event's hash; every adapter calls it at append and
 *   `ChainVerifier` calls it again when it walks the log.
 * - Scope: the embedded store links each event to the one before it **in the log** (its writers
 *   are serialised, so the chain is one line). EventStoreDB cannot serialise writers across
 *   streams, so its adapter links each event to the one before it **in its stream** (guarded by
 *   the stream's expected revision); the log as a whole is then covered by a rolling digest of
 *   those hashes in log order, which is what its checkpoints hold.
 * - The **log hash** at a position is what a checkpoint records: in `log` scope the hash of the
 *   event at that position, in `stream` scope the rolling digest up to it.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalJson, canonicalString, parseEffectiveAt } from '@xianzhi/kernel';

/** Bumped if what the hash covers ever changes; part of every hashed text. */
export const CHAIN_VERSION = 1;

export type ChainScope = 'log' | 'stream';

/** What one event's hash covers: its envelope as the store keeps it. */
export interface ChainEnvelope {
  id: string;
  stream: string;
  revision: number;
  type: string;
  schemaVersion: number;
  /** As stored: before upcasting, with personal fields sealed. */
  data: unknown;
  /**
   * As stored: effectiveAt, recordedAt when the store sets it before writing (the embedded store;
   * EventStoreDB stamps its own commit time, which the writer cannot know), actor, authority,
   * correlationId, causationId, idempotencyKey.
   */
  metadata: Record<string, unknown>;
}

/** One stored event as the chain sees it (`EventStore.readChain`). */
export interface ChainLink {
  position: number;
  envelope: ChainEnvelope;
  /** null: recorded before the store had a chain. */
  hash: string | null;
  /**
   * The previous hash the event was recorded with, when the store keeps it (the embedded store
   * does); absent when it is by definition the hash of the event before it in the chain
   * (EventStoreDB, where every byte of metadata counts against the append size).
   */
  previousHash?: string | null;
  /** The times the store indexes and folds by, as stored: they must agree with the envelope's texts. */
  effectiveMs: number;
  recordedMs: number;
}

/** A point of the log a county can write down: a position and the log hash there. */
export interface ChainHead {
  position: number;
  hash: string;
}

/** What the embedded store writes down at every append: its last event (to find a deleted tail). */
export interface RecordedHead extends ChainHead {
  stream: string;
  revision: number;
}

/** The hash of one event (sha256 hex of the canonical JSON of its envelope and the previous hash). */
export function chainHash(envelope: ChainEnvelope, previousHash: string | null): string {
  const text = canonicalJson({
    chain: CHAIN_VERSION,
    previousHash,
    id: envelope.id,
    stream: envelope.stream,
    revision: envelope.revision,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
  });
  return oneShotHash('sha256', text, 'hex');
}

/**
 * The same hash as `chainHash`, for the append path: the data's canonical text is given (the
 * embedded store computes it once and stores it), and the envelope's text is assembled around it in
 * canonical key order (chain, data, id, metadata, previousHash, revision, schemaVersion, stream,
 * type). A unit test holds it equal to `chainHash` on random envelopes.
 */
export function chainHashOf(
  envelope: Omit<ChainEnvelope, 'data'>,
  dataCanonical: string,
  previousHash: string | null,
): string {
  // The events of one append share their stream, and mostly their type: their texts are written once.
  if (
    envelope.stream !== tail.stream ||
    envelope.type !== tail.type ||
    envelope.schemaVersion !== tail.schemaVersion
  ) {
    tail.stream = envelope.stream;
    tail.type = envelope.type;
    tail.schemaVersion = envelope.schemaVersion;
    tail.text = `,"schemaVersion":${canonicalJson(envelope.schemaVersion)},"stream":${canonicalString(envelope.stream)},"type":${canonicalString(envelope.type)}}`;
  }
  const text =
    '{"chain":' +
    CHAIN_VERSION +
    ',"data":' +
    dataCanonical +
    ',"id":' +
    canonicalString(envelope.id) +
    ',"metadata":' +
    metadataText(envelope.metadata) +
    ',"previousHash":' +
    (previousHash === null ? 'null' : `"${previousHash}"`) +
    ',"revision":' +
    canonicalJson(envelope.revision) +
    tail.text;
  // Hex output: a Buffer result costs more than the hex text the store keeps and links with.
  return oneShotHash('sha256', text, 'hex');
}

/** The last envelope's schema version, stream and type, and their canonical text (the end of the hashed text). */
const tail = { stream: '', type: '', schemaVersion: NaN, text: '' };

/** The metadata's canonical text; the usual shape (no actor, authority…) is written directly. */
function metadataText(m: Record<string, unknown>): string {
  const keys = Object.keys(m);
  if (
    keys.length === 2 &&
    keys[0] === 'effectiveAt' &&
    keys[1] === 'recordedAt' &&
    typeof m.effectiveAt === 'string' &&
    typeof m.recordedAt === 'string'
  ) {
    return `{"effectiveAt":${canonicalString(m.effectiveAt)},"recordedAt":${canonicalString(m.recordedAt)}}`;
  }
  return canonicalJson(m);
}

/** The rolling digest of `stream`-scope chains: digest(previous digest, next event hash). */
export function rollDigest(previous: string | null, hash: string): string {
  return createHash('sha256')
    .update(previous ?? '')
    .update(':')
    .update(hash)
    .digest('hex');
}

/** One event where the chain does not hold. */
export interface ChainFault {
  position: number;
  stream: string;
  revision: number;
  id: string;
  problem: string;
}

const short = (h: string | null) => (h === null ? 'nothing (the start of the chain)' : h.slice(0, 16));

/**
 * Walks a chain in log order and names every event where it does not hold. Feed it every link
 * (`add`), in log order; it keeps only the last hash per stream (or one hash in `log` scope).
 *
 * @example
 * const v = new ChainVerifier(store.chainScope);
 * for (const link of await store.readChain()) v.add(link);
 * v.faults; v.head; // → { position, hash } to compare with a checkpoint
 */
export class ChainVerifier {
  readonly faults: ChainFault[] = [];
  /** Events before the first chained one (recorded before the store had a chain). */
  unchained = 0;
  /** Position of the first chained event (undefined while none). */
  firstChained: number | undefined;
  /** The last event seen and the log hash there. */
  head: ChainHead | undefined;
  #lastPosition = 0;
  readonly #lastByStream = new Map<string, { hash: string | null; position: number; revision: number }>();
  #last: { hash: string | null; position: number; stream: string; revision: number } | undefined;
  #digest: string | null = null;

  constructor(readonly scope: ChainScope) {}

  /** The link the next event of `stream` must name: the last event before it in the chain. */
  #previous(stream: string): { hash: string | null; where: string } {
    if (this.scope === 'log') {
      const l = this.#last;
      return l
        ? { hash: l.hash, where: `position ${l.position} (stream "${l.stream}", revision ${l.revision})` }
        : { hash: null, where: 'the start of the log' };
    }
    const l = this.#lastByStream.get(stream);
    return l
      ? { hash: l.hash, where: `revision ${l.revision} at position ${l.position}` }
      : { hash: null, where: 'the start of the stream' };
  }

  add(link: ChainLink): ChainFault | undefined {
    const e = link.envelope;
    const fault = (problem: string): ChainFault => {
      const f = { position: link.position, stream: e.stream, revision: e.revision, id: e.id, problem };
      this.faults.push(f);
      return f;
    };
    let found: ChainFault | undefined;
    if (link.position <= this.#lastPosition)
      found = fault(`its position ${link.position} does not follow ${this.#lastPosition}`);
    this.#lastPosition = Math.max(this.#lastPosition, link.position);
    const previous = this.#previous(e.stream);
    if (link.hash === null) {
      if (this.firstChained !== undefined) {
        found ??= fault(
          `it has no hash, but the chain starts earlier (position ${this.firstChained}): its hash was removed`,
        );
      } else this.unchained++;
    } else {
      this.firstChained ??= link.position;
      if (link.previousHash !== undefined && link.previousHash !== previous.hash) {
        found ??= fault(
          `its link is broken: it was recorded after ${short(link.previousHash)}, but the event before it in the chain, ${previous.where}, is ${short(previous.hash)} — an event before it was removed, inserted or moved`,
        );
      } else if (chainHash(e, previous.hash) !== link.hash) {
        found ??= fault(
          link.previousHash === undefined
            ? `its hash does not match its content and the event before it in the chain (${previous.where}): it was changed, or an event before it was removed, inserted or moved`
            : 'its content differs from what was recorded: its data, metadata, type, stream, revision or id was changed',
        );
      }
    }
    const effective =
      typeof e.metadata.effectiveAt === 'string' ? parseEffectiveAt(e.metadata.effectiveAt) : undefined;
    if (effective && effective.ms !== link.effectiveMs) {
      found ??= fault(
        `its stored effective time ${link.effectiveMs} does not match its effectiveAt ${e.metadata.effectiveAt as string}: the time index was changed`,
      );
    }
    if (typeof e.metadata.recordedAt === 'string' && Date.parse(e.metadata.recordedAt) !== link.recordedMs) {
      found ??= fault(
        `its stored recording time ${link.recordedMs} does not match its recordedAt ${e.metadata.recordedAt}: the time index was changed`,
      );
    }
    // Go on from the stored hash: one changed event is one fault, not a cascade.
    this.#last = { hash: link.hash, position: link.position, stream: e.stream, revision: e.revision };
    if (this.scope === 'stream')
      this.#lastByStream.set(e.stream, { hash: link.hash, position: link.position, revision: e.revision });
    if (link.hash !== null) {
      const logHash = this.scope === 'log' ? link.hash : (this.#digest = rollDigest(this.#digest, link.hash));
      this.head = { position: link.position, hash: logHash };
    }
    return found;
  }
}
