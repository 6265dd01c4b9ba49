/**
 * The EventStore port: the one interface every adapter (SQLite, EventStoreDB) implements and the
 * one contract suite (`./contract`) every adapter runs.
 *
 * Positions: every stored event has a global `position`, strictly increasing in log order. A
 * position is also a **checkpoint**: `fromPosition: p` means "the events after p", so a reader
 * that has handled p resumes with `fromPosition: p`. `0` is the start of the log.
 * Revisions: an event's number within its stream, 0, 1, 2… without gaps.
 */
import type { EventRegistry, NewEvent, RecordedEvent } from '@xianzhi/kernel';
import type { ChainHead, ChainLink, ChainScope, RecordedHead } from './chain';

/**
 * What the caller believes about the stream: it does not exist yet; it exists; anything goes;
 * or its last event has exactly this revision.
 */
export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | number;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  expectedRevision?: ExpectedRevision;
  /**
   * A retry with the same key returns the original result and writes nothing; the same key
   * with a different stream or payload is refused (ValidationError on `idempotencyKey`).
   */
  idempotencyKey?: string;
}

export interface AppendResult {
  stream: string;
  /** The stream's revision after the append: pass it as `expectedRevision` next time. */
  nextExpectedRevision: number;
  firstPosition: number;
  lastPosition: number;
  /** The stored events, as a reader would see them. */
  events: RecordedEvent[];
  /** True when this call was a retry of an earlier append with the same idempotency key. */
  replayed: boolean;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Defaults to 0 forwards, the last revision backwards. */
  from?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export interface ReadAllOptions {
  /** Checkpoint: read the events after this position. Defaults to 0 (the start). */
  fromPosition?: number;
  limit?: number;
  /** Only these event types. */
  types?: readonly string[];
}

/** A point in effective order: (effectiveMs, position). */
export interface EffectiveCursor {
  effectiveMs: number;
  position: number;
}

export interface ReadEffectiveOptions {
  /** Valid time, inclusive: a date (the end of that day, UTC+8), an instant, or epoch ms. Default: no bound. */
  asOf?: string | number;
  /** Transaction time, inclusive: an instant, a date, or epoch ms. Default: no bound. */
  knownAt?: string | number;
  /** Only events effective at or after this (date, instant or epoch ms). */
  fromEffective?: string | number;
  /** Resume after this cursor (exclusive), for paging. */
  after?: EffectiveCursor;
  limit?: number;
  types?: readonly string[];
}

export interface ReadChainOptions {
  /** Checkpoint: the events after this position. Defaults to 0 (the start). */
  fromPosition?: number;
  limit?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver the events after this position. Defaults to 0 (the whole log). */
  fromPosition?: number;
  types?: readonly string[];
  /** Largest batch handed to `onEvents` (default 1,000). */
  batchSize?: number;
}

export interface SubscriptionHandler {
  /**
   * Called with each batch in log order. The next batch waits until the returned promise settles;
   * if it rejects, the subscription stops and `onError` is called.
   */
  onEvents: (events: RecordedEvent[]) => void | Promise<void>;
  /** Called each time the subscription has caught up with the head of the log. */
  onLive?: (position: number) => void;
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** The last position delivered (the checkpoint to resume from). */
  readonly position: number;
  /** Resolves the first time the subscription catches up with the head of the log. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** The events of one stream; `[]` for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in log order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Events in effective order (effectiveMs, then position), filtered by valid and transaction time.
   * Retractions are ordinary events here; interpreting them is the projection runtime's job.
   */
  readEffective(options?: ReadEffectiveOptions): Promise<RecordedEvent[]>;
  /** Catch-up, then live. Resumable from any checkpoint. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** The position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * How the store links its hash chain (see chain.ts): `log` — each event to the one before it in
   * the log; `stream` — each event to the one before it in its stream.
   */
  readonly chainScope: ChainScope;
  /**
   * The stored events as the hash chain covers them, in log order: data as stored (not upcast,
   * personal fields sealed), with each event's hash and previous hash. For `verify`.
   */
  readChain(options?: ReadChainOptions): Promise<ChainLink[]>;
  /** The last chained event's position and the log hash there (undefined: no chained event yet). */
  chainHead(): Promise<ChainHead | undefined>;
  /**
   * The head the store wrote down at its last append, kept apart from the events, so that a
   * deleted last event is found. Undefined when the store keeps none (EventStoreDB: its log is
   * append-only and cannot lose its tail through the API) or has not written one yet.
   */
  recordedHead(): Promise<RecordedHead | undefined>;
  /** The registry this store validates and upcasts with. */
  readonly registry: EventRegistry;
  close(): Promise<void>;
}

/** Options every adapter accepts when it is opened. */
export interface EventStoreOptions {
  registry: EventRegistry;
  /** The clock that sets `recordedAt` (epoch ms). Injectable for tests; defaults to Date.now. */
  now?: () => number;
}
