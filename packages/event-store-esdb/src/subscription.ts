/**
 * A catch-up subscription to `$all`, server-side filtered to exclude system events, from a
 * checkpoint (a commit position). Never a persistent subscription, never a server projection.
 *
 * - Batches: what the client has buffered is handed over in batches of at most `batchSize`, in log
 *   order; the next batch waits for the handler's promise (the gRPC stream is paused meanwhile, so
 *   HTTP/2 flow control pushes back on the server).
 * - Caught up: when the server says so (`caughtUp`, sent by servers ≥ 23.10 and by the double) —
 *   counting the events the client had already buffered before that message — or, for servers that
 *   never say it, when the checkpoint reaches the head of the log read at (re)subscription.
 * - Reconnects: when the stream fails for a connection reason (server restart, network) it
 *   resubscribes from the last position handed over, with a capped backoff, until stopped. Events
 *   at or before that position are dropped if the server sends them again: no loss, no duplicates.
 * - Type filters are applied here, not on the server, so every visible event advances the
 *   checkpoint (a filtered subscription still reaches the head position).
 */
import {
  START,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { EventRegistry, RecordedEvent } from '@xianzhi/kernel';
import type { SubscribeOptions, Subscription, SubscriptionHandler } from '@xianzhi/event-store';
import { isConnectionError } from './connection';
import { Clamp, entryOf, toRecorded, type StreamNames } from './convert';

/** What a subscription needs from its store. */
export interface SubscriptionHost {
  readonly registry: EventRegistry;
  readonly client: EventStoreDBClient;
  readonly names: StreamNames;
  /** Feeds the local index up to at least `position` (to know the recordedAt before it). */
  ensureIndexed(position: number): Promise<void>;
  recordedAtOrBefore(position: number): number;
  headPosition(): Promise<number>;
  describeFailure(error: unknown): unknown;
}

/** The handler failed: the subscription stops (never retried) and `onError` gets the handler's error. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('the subscription handler failed');
  }
}

/** The server ended the stream without an error (it should not, for a subscription). */
class StreamEnded extends Error {
  constructor() {
    super('the server ended the subscription');
  }
}

const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 2_000;

export class EsdbSubscription implements Subscription {
  #position: number;
  #stopped = false;
  #clamp = new Clamp(0);
  #loop: Promise<void> | undefined;
  #resolveCaughtUp!: () => void;
  #current: AllStreamSubscription | undefined;
  #wake: (() => void) | undefined;
  readonly caughtUp: Promise<void>;
  readonly #batchSize: number;
  readonly #types: Set<string> | undefined;
  /** How many times the subscription resubscribed after a dropped connection (diagnostics). */
  reconnects = 0;

  constructor(
    private readonly host: SubscriptionHost,
    options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
    private readonly onStopped: () => void,
  ) {
    this.#position = options.fromPosition ?? 0;
    this.#batchSize = Math.max(1, options.batchSize ?? 1000);
    this.#types = options.types ? new Set(options.types) : undefined;
    this.caughtUp = new Promise((resolve) => (this.#resolveCaughtUp = resolve));
  }

  get position(): number {
    return this.#position;
  }

  start(): void {
    this.#loop = this.#run().catch((error: unknown) => {
      this.#stopped = true;
      this.#resolveCaughtUp();
      this.onStopped();
      if (this.handler.onError) this.handler.onError(error);
      else console.error('subscription stopped:', error);
    });
  }

  async #run(): Promise<void> {
    if (this.#position > 0) await this.host.ensureIndexed(this.#position);
    this.#clamp = new Clamp(this.#position > 0 ? this.host.recordedAtOrBefore(this.#position) : 0);
    let backoff = MIN_BACKOFF_MS;
    while (!this.#stopped) {
      try {
        await this.#session(() => (backoff = MIN_BACKOFF_MS));
      } catch (error) {
        if (this.#stopped) return;
        if (error instanceof HandlerFailure) throw error.failure;
        if (!(error instanceof StreamEnded) && !isConnectionError(error))
          throw this.host.describeFailure(error);
        this.reconnects++;
        await this.#sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** One subscription call: runs until stopped (returns) or the stream fails (throws). */
  async #session(onProgress: () => void): Promise<void> {
    const headAtStart = await this.host.headPosition();
    if (this.#stopped) return;
    const sub = this.host.client.subscribeToAll({
      fromPosition:
        this.#position === 0 ? START : { commit: BigInt(this.#position), prepare: BigInt(this.#position) },
      // Server-side: only our prefix's streams, or (no prefix) no system events.
      filter: this.host.names.prefix
        ? streamNameFilter({ prefixes: [this.host.names.prefix] })
        : excludeSystemEvents(),
    });
    this.#current = sub;
    let received = 0;
    let live = false;
    let caughtUpAt: number | undefined;
    let failure: Error | undefined;
    let ended = false;
    const wake = () => {
      const w = this.#wake;
      this.#wake = undefined;
      w?.();
    };
    sub.on('readable', wake);
    sub.on('caughtUp', () => {
      // Everything the client buffered before this message is part of the catch-up.
      if (!live) caughtUpAt = received + sub.readableLength;
      wake();
    });
    sub.on('fellBehind', () => {
      live = false;
    });
    sub.on('error', (error: Error) => {
      failure = error;
      wake();
    });
    sub.on('end', () => {
      ended = true;
      wake();
    });
    try {
      for (;;) {
        if (this.#stopped) return;
        if (
          !live &&
          ((caughtUpAt !== undefined && received >= caughtUpAt) || this.#position >= headAtStart)
        ) {
          live = true;
          caughtUpAt = undefined;
          onProgress();
          this.#resolveCaughtUp();
          this.handler.onLive?.(this.#position);
          continue;
        }
        const batch: AllStreamResolvedEvent[] = [];
        while (batch.length < this.#batchSize && !(caughtUpAt !== undefined && received >= caughtUpAt)) {
          const item = sub.read() as AllStreamResolvedEvent | null;
          if (item === null) break;
          received++;
          batch.push(item);
        }
        if (batch.length > 0) {
          await this.#deliver(batch);
          onProgress();
          continue;
        }
        if (caughtUpAt !== undefined && received >= caughtUpAt) continue;
        if (failure !== undefined) throw failure;
        if (ended) throw new StreamEnded();
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      this.#current = undefined;
      this.#wake = undefined;
      sub.removeAllListeners('readable');
      sub.removeAllListeners('caughtUp');
      sub.removeAllListeners('end');
      // Keep an error listener: a late error on a stream we are leaving must not go unhandled.
      sub.removeAllListeners('error');
      sub.on('error', () => {});
      if (!ended) await sub.unsubscribe().catch(() => {});
    }
  }

  async #deliver(batch: readonly AllStreamResolvedEvent[]): Promise<void> {
    const out: RecordedEvent[] = [];
    let last = this.#position;
    for (const resolved of batch) {
      const entry = entryOf(resolved, this.host.names);
      if (!entry || entry.position <= last) continue; // sent again after a resubscription
      last = entry.position;
      if (!entry.raw) continue;
      const recordedMs = this.#clamp.next(entry.raw.createdMs);
      if (this.#types && !this.#types.has(entry.raw.type)) continue;
      out.push(toRecorded(entry.raw, recordedMs, this.host.registry));
    }
    if (out.length > 0) {
      try {
        await this.handler.onEvents(out);
      } catch (error) {
        throw new HandlerFailure(error);
      }
    }
    this.#position = last;
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.#wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.#wake = undefined;
  }

  async stop(): Promise<void> {
    if (this.#stopped) {
      await this.#loop;
      return;
    }
    this.#stopped = true;
    this.#resolveCaughtUp();
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
    await this.#current?.unsubscribe().catch(() => {});
    await this.#loop;
    this.onStopped();
  }
}
