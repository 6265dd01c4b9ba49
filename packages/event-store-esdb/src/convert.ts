/**
 * The mapping between our envelope and an EventStoreDB event.
 *
 * - stream / type / id: ours, unchanged (ids are lower-case UUIDs).
 * - revision: the ESDB stream revision (bigint → number).
 * - position: the event's commit position in `$all` (bigint → number). Increasing, not contiguous.
 * - data: the JSON body (content type application/json).
 * - our metadata (schemaVersion, effectiveAt, actor, authority, correlationId, causationId,
 *   idempotencyKey) is the event's JSON metadata. `effectiveAt` is left out when the caller gave
 *   none: it then means "at recording", and is filled in from `recordedAt` on every read.
 * - recordedAt / recordedMs: the server's `created` time, clamped so that it never decreases along
 *   the log (see `LocalIndex` and `Clamp`).
 */
import {
  parseEffectiveAt,
  type Authority,
  type EventMetadata,
  type EventRegistry,
  type RecordedEvent,
} from '@xianzhi/kernel';
import type { ChainEnvelope, PreparedEvent } from '@xianzhi/event-store';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { MARKER_STREAM_PREFIX, markerStream } from './ids';

/** What we store as the ESDB event's JSON metadata. */
export interface StoredMetadata {
  schemaVersion: number;
  effectiveAt?: string;
  actor?: string;
  authority?: Authority;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  /**
   * The hash chain (per stream): this event's hash, as base64url (43 characters rather than 64 hex:
   * ESDB limits an append's size, MaxAppendSize). The previous hash is not stored: it is the hash of
   * the stream's event before it, which the verifier has just read.
   */
  hash?: string;
}

/** An event as read from ESDB (or the local index), before clamping and upcasting. */
export interface RawEvent {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: StoredMetadata | undefined;
  createdMs: number;
}

/** The metadata to store for one prepared event. */
export function storedMetadata(event: PreparedEvent, idempotencyKey: string | undefined): StoredMetadata {
  const m: StoredMetadata = { schemaVersion: event.schemaVersion };
  if (event.effectiveAt !== undefined) m.effectiveAt = event.effectiveAt.text;
  if (event.actor !== undefined) m.actor = event.actor;
  if (event.authority !== undefined) m.authority = event.authority;
  if (event.correlationId !== undefined) m.correlationId = event.correlationId;
  if (event.causationId !== undefined) m.causationId = event.causationId;
  if (idempotencyKey !== undefined) m.idempotencyKey = idempotencyKey;
  return m;
}

/** The chain envelope of an event stored (or about to be stored) in ESDB: its metadata without the chain and version fields. */
export function chainEnvelope(
  raw: Pick<RawEvent, 'id' | 'stream' | 'revision' | 'type' | 'data' | 'metadata'>,
): ChainEnvelope {
  const { schemaVersion, hash: _hash, ...rest } = raw.metadata ?? ({} as Partial<StoredMetadata>);
  return {
    id: raw.id,
    stream: raw.stream,
    revision: raw.revision,
    type: raw.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: raw.data,
    metadata: rest,
  };
}

/**
 * Our stream names in ESDB. With a `prefix` (several stores, or test runs, sharing one server),
 * our stream `s` is the ESDB stream `<prefix>s` and only streams with the prefix are ours.
 */
export class StreamNames {
  constructor(readonly prefix = '') {}

  /** The ESDB stream of one of our streams. */
  toEsdb(stream: string): string {
    return this.prefix + stream;
  }

  /** The ESDB stream holding the idempotency record of one key. */
  marker(idempotencyKey: string): string {
    return this.prefix + markerStream(idempotencyKey);
  }

  /** True for names of ours the store reserves (refused on append, empty on read). */
  reserved(stream: string): boolean {
    return stream.startsWith('$') || stream.startsWith(MARKER_STREAM_PREFIX);
  }

  /**
   * Our name for an ESDB event's stream when the port shows the event, else undefined. Hidden:
   * events in `$` streams or of `$` types (ESDB's system events, links, stats, settings), events
   * outside the prefix, idempotency markers, and non-JSON events.
   */
  visible(esdbStream: string, type: string, isJson: boolean): string | undefined {
    if (!isJson || type.startsWith('$') || esdbStream.startsWith('$') || !esdbStream.startsWith(this.prefix))
      return undefined;
    const ours = esdbStream.slice(this.prefix.length);
    return ours.length === 0 || this.reserved(ours) ? undefined : ours;
  }
}

/** One entry of `$all` as the client gives it: its position, its id, and the event if visible. */
export interface AllEntry {
  position: number;
  id: string;
  raw?: RawEvent;
}

/** Converts one event of `$all` (as the client gives it). */
export function entryOf(resolved: AllStreamResolvedEvent, names: StreamNames): AllEntry | undefined {
  const e = resolved.event;
  if (!e) return undefined;
  const position = toNumber(resolved.commitPosition ?? e.position.commit, 'commit position');
  const stream = names.visible(e.streamId, e.type, e.isJson);
  if (stream === undefined) return { position, id: e.id };
  return {
    position,
    id: e.id,
    raw: {
      position,
      id: e.id,
      stream,
      revision: toNumber(e.revision, 'stream revision'),
      type: e.type,
      data: e.data,
      metadata: asStoredMetadata(e.metadata),
      createdMs: e.created.getTime(),
    },
  };
}

/** A bigint position or revision as a number, refusing values a double cannot hold exactly. */
export function toNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < 0n) {
    throw new Error(`EventStoreDB ${what} ${value} does not fit in a JavaScript number`);
  }
  return Number(value);
}

/** The effective time of an event: its own, or its recording time when it gave none. */
export function effectiveOf(
  metadata: StoredMetadata | undefined,
  recordedMs: number,
): { text: string; ms: number } {
  const given = metadata?.effectiveAt;
  if (given !== undefined) {
    const parsed = parseEffectiveAt(given);
    if (parsed) return parsed;
  }
  return { text: new Date(recordedMs).toISOString(), ms: recordedMs };
}

/** Builds the port's event from a raw one and its (clamped) recording time. */
export function toRecorded(raw: RawEvent, recordedMs: number, registry: EventRegistry): RecordedEvent {
  const stored = raw.metadata;
  const schemaVersion = typeof stored?.schemaVersion === 'number' ? stored.schemaVersion : 1;
  const recordedAt = new Date(recordedMs).toISOString();
  const effective = effectiveOf(stored, recordedMs);
  const metadata: EventMetadata = { effectiveAt: effective.text, recordedAt, schemaVersion };
  if (stored) {
    if (stored.actor !== undefined) metadata.actor = stored.actor;
    if (stored.authority !== undefined) metadata.authority = stored.authority;
    if (stored.correlationId !== undefined) metadata.correlationId = stored.correlationId;
    if (stored.causationId !== undefined) metadata.causationId = stored.causationId;
    if (stored.idempotencyKey !== undefined) metadata.idempotencyKey = stored.idempotencyKey;
  }
  let data = raw.data;
  if (registry.needsUpcast(raw.type, schemaVersion)) data = registry.upcast(raw.type, schemaVersion, data);
  const event: RecordedEvent = {
    id: raw.id,
    type: raw.type,
    stream: raw.stream,
    revision: raw.revision,
    position: raw.position,
    data,
    metadata,
    effectiveMs: effective.ms,
    recordedMs,
  };
  const hash = hashOf(stored);
  if (hash !== null) event.hash = hash;
  return event;
}

/** Metadata as the client parsed it: an object, or raw bytes / nothing for foreign events. */
export function asStoredMetadata(value: unknown): StoredMetadata | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array)
    return undefined;
  return value as StoredMetadata;
}

/**
 * recordedAt never decreases along the log: an event's recording time is the largest `created`
 * of the visible events up to and including it. ESDB sets `created` when its single writer
 * commits, so the clamp only bites after a clock step back (NTP) or a leader change to a node
 * whose clock is behind. Every reader applies the same rule in log order, so readAll, readStream,
 * readEffective and subscriptions give one event the same recordedAt.
 */
export class Clamp {
  constructor(public last = 0) {}
  next(createdMs: number): number {
    if (createdMs > this.last) this.last = createdMs;
    return this.last;
  }
}

/** The chain hash (hex) in an event's stored metadata; null when it has none (written before the chain). */
export function hashOf(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array) return null;
  const hash = (metadata as { hash?: unknown }).hash;
  return typeof hash === 'string' ? Buffer.from(hash, 'base64url').toString('hex') : null;
}

/** A hex hash as it is stored in ESDB metadata. */
export function storedHash(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64url');
}
