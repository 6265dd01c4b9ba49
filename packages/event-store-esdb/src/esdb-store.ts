/**
 * The EventStoreDB adapter: the EventStore port on the official gRPC client
 * (`@eventstore/db-client` 6.2.1). See README.md for the mapping and the design in prose.
 *
 * What lives where:
 * - EventStoreDB holds the log: our streams are ESDB streams, revisions are stream revisions, and a
 *   position is the event's commit position in `$all` (increasing, not contiguous).
 * - A local SQLite index (`LocalIndex`), fed from `$all` in log order, answers `readEffective`
 *   and fixes each event's recordedAt (the server's `created`, clamped to never go backwards).
 * - Idempotency keys are recorded in ESDB itself, in small marker streams (see `#appendIdempotent`).
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type JSONType,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  IdempotencyKeyReused,
  ValidationError,
  type EventRegistry,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import {
  chainHash,
  effectiveBounds,
  prepareAppend,
  rollDigest,
  type AppendOptions,
  type AppendResult,
  type ChainHead,
  type ChainLink,
  type EventStore,
  type EventStoreOptions,
  type PreparedAppend,
  type ReadAllOptions,
  type ReadChainOptions,
  type ReadEffectiveOptions,
  type RecordedHead,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '@xianzhi/event-store';
import {
  EsdbConnectionError,
  createClient,
  describeConnectionFailure,
  maskConnectionString,
  withTimeout,
} from './connection';
import {
  Clamp,
  StreamNames,
  chainEnvelope,
  effectiveOf,
  entryOf,
  hashOf,
  storedHash,
  storedMetadata,
  toNumber,
  toRecorded,
  type RawEvent,
  type StoredMetadata,
} from './convert';
import { MARKER_STREAM_PREFIX, deterministicEventId } from './ids';
import { LocalIndex, type IndexedEvent, type ScannedEntry } from './local-index';
import { EsdbSubscription, type SubscriptionHost } from './subscription';

export interface EsdbEventStoreOptions extends EventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` (the value of XIANZHI_EVENTSTORE). */
  connectionString: string;
  /** The local effective-order index: a SQLite file (created with its folder), default `:memory:`. */
  indexPath?: string;
  /**
   * Keeps this store's streams under a prefix in ESDB (`<prefix><stream>`) and shows only those:
   * for several stores on one server, or tests against a shared server. Default: none.
   */
  streamPrefix?: string;
  /** How long opening waits for the server before giving up (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * How long an idempotent retry waits for another writer that holds the same key's claim but has
   * not finished, before taking the command over (default 15 s, above the client's 10 s deadline).
   */
  claimLeaseMs?: number;
  /** Test hooks to simulate a crash at the two points where ESDB cannot be atomic. Not for production. */
  testHooks?: {
    afterClaim?: () => void | Promise<void>;
    afterEvents?: () => void | Promise<void>;
  };
}

/** Events per `$all` page when feeding the index or reading the log. */
const PAGE = 2_000;

/** Stream tips (last revision and hash) remembered for the chain, so most appends need no read. */
const MAX_TIPS = 10_000;
/** Appends with expectedRevision 'any'/'exists' retry this often when other writers keep moving the stream. */
const MAX_TIP_RETRIES = 50;

/** The last event of a stream as the chain needs it: its revision (-1: no stream) and hash. */
interface Tip {
  revision: number;
  hash: string | null;
}

const CLAIMED = 'xianzhi.idempotency-claimed';
const COMPLETED = 'xianzhi.idempotency-completed';
const RELEASED = 'xianzhi.idempotency-released';

interface Claim {
  key: string;
  stream: string;
  fingerprint: string;
  ids: string[];
  /** The stream's last revision before the claim (-1: none): the command's events come after it. */
  afterRevision: number;
}

interface Completion {
  firstRevision: number;
  lastRevision: number;
  firstPosition: number;
  lastPosition: number;
}

interface MarkerState {
  /** The marker stream's last revision (-1: no marker stream). */
  revision: number;
  claim?: Claim;
  claimCreatedMs?: number;
  completed?: Completion;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EsdbEventStore implements EventStore {
  readonly registry: EventRegistry;
  /**
   * ESDB serialises writers per stream only, so each event links to the one before it in its
   * stream (the append's exact expected revision guards the link); checkpoints cover the whole
   * log with a rolling digest of those hashes in log order.
   */
  readonly chainScope = 'stream' as const;
  readonly #tips = new Map<string, Tip>();
  /** The rolling digest of the chain: read up to `scanned`; `hash` is the log hash at the last chained event, `position`. */
  #digest: { scanned: number; position: number; hash: string | null } = {
    scanned: 0,
    position: 0,
    hash: null,
  };
  /** The connection string, password masked. */
  readonly address: string;
  readonly #connectionString: string;
  readonly #client: EventStoreDBClient;
  readonly #index: LocalIndex;
  readonly #names: StreamNames;
  readonly #now: () => number;
  readonly #claimLeaseMs: number;
  readonly #hooks: EsdbEventStoreOptions['testHooks'];
  readonly #subscriptions = new Set<EsdbSubscription>();
  readonly #keyChains = new Map<string, Promise<unknown>>();
  /** Claims this store wrote whose append then failed with an unknown outcome (`marker@revision`). */
  readonly #abandonedClaims = new Set<string>();
  #syncRunning: Promise<void> = Promise.resolve();
  #syncQueued: Promise<void> | undefined;
  #closed = false;

  /** Use `openEsdbEventStore`, which checks the connection and feeds the index first. */
  constructor(options: EsdbEventStoreOptions, client: EventStoreDBClient, index: LocalIndex) {
    this.registry = options.registry;
    this.#connectionString = options.connectionString;
    this.address = maskConnectionString(options.connectionString);
    this.#client = client;
    this.#index = index;
    this.#names = new StreamNames(options.streamPrefix ?? '');
    this.#now = options.now ?? Date.now;
    this.#claimLeaseMs = options.claimLeaseMs ?? 15_000;
    this.#hooks = options.testHooks;
  }

  // ─── append ────────────────────────────────────────────────────────────────────────────────

  async append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    this.#assertOpen();
    const prepared = prepareAppend(this.registry, stream, events, options);
    if (this.#names.reserved(prepared.stream)) {
      throw new ValidationError([
        {
          path: ['stream'],
          message: `names starting with "${MARKER_STREAM_PREFIX}" are reserved for the store's idempotency records`,
        },
      ]);
    }
    const key = prepared.idempotencyKey;
    if (key === undefined)
      return this.#write(
        prepared,
        prepared.events.map((e) => e.id),
      );
    // In this process, calls with one key run one after another: the first writes, the rest replay.
    const previous = this.#keyChains.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.#appendIdempotent(prepared, key));
    this.#keyChains.set(key, run);
    try {
      return await run;
    } finally {
      if (this.#keyChains.get(key) === run) this.#keyChains.delete(key);
    }
  }

  /**
   * Idempotency beyond ESDB's own (short, in-memory) duplicate detection.
   *
   * ESDB cannot write two streams atomically, so a key is recorded in its own small stream
   * `xianzhi-idempotency-<sha256(key)>` in three steps, each guarded by that stream's expected
   * revision (ESDB's optimistic concurrency is the lock):
   *
   *   1. claim     — {stream, fingerprint, event ids, afterRevision}, written with NO_STREAM. Only
   *                  one writer wins the claim; the ids are deterministic (UUID v5 of key + index,
   *                  or the caller's own), and the command's events can only land after
   *                  `afterRevision` (the stream's last revision read before claiming).
   *   2. events    — the command itself, with those ids and the caller's expected revision.
   *   3. completed — {revisions, positions}, so a retry a day later replays in O(1).
   *
   * A retry reads the marker stream: a different stream/fingerprint → ValidationError on the key;
   * `completed` → the original result (same ids, positions; replayed: true; nothing written).
   * A claim without completion means the writer crashed (or is still writing): the retry looks
   * for the claimed ids in the stream after `afterRevision`. Found → the command happened: it
   * writes the missing `completed` and replays. Not found → it waits for the claim's lease (the
   * other writer may still be mid-append), then takes the claim over and writes the command.
   * A failed append (ConcurrencyError, ValidationError) writes `released`, so the key can be
   * used again, as in the SQLite store. Marker streams are hidden from every read.
   *
   * The one window left: a writer that stalls longer than the lease and then still commits,
   * racing a takeover. Both use the same event ids, so ESDB's own idempotency check (recent
   * event ids) collapses them; the lease (15 s) outlasts the client's 10 s call deadline.
   */
  async #appendIdempotent(p: PreparedAppend, key: string): Promise<AppendResult> {
    const fingerprint = p.fingerprint!;
    const marker = this.#names.marker(key);
    const ids = p.events.map((e, i) => (e.idGiven ? e.id : deterministicEventId(key, i)));
    let waitingSince: number | undefined;
    for (;;) {
      const state = await this.#readMarker(marker);
      if (state.claim) {
        if (state.claim.stream !== p.stream || state.claim.fingerprint !== fingerprint) {
          // (the message names the key only: never the other command's stream or positions)
          throw new IdempotencyKeyReused(key);
        }
        if (state.completed) {
          return this.#collect(
            p.stream,
            state.completed.firstRevision,
            state.completed.lastRevision,
            state.claim.ids,
            true,
          );
        }
        const found = await this.#findCommand(p.stream, state.claim.afterRevision, state.claim.ids);
        if (found) {
          await this.#appendMarker(marker, COMPLETED, completionOf(found), state.revision);
          return found;
        }
        const now = this.#now();
        waitingSince ??= now;
        const claimAge = now - (state.claimCreatedMs ?? 0);
        // Our own claim, whose append already failed: nobody is writing, no need to wait.
        const ours = this.#abandonedClaims.has(`${marker}@${state.revision}`);
        if (!ours && claimAge < this.#claimLeaseMs && now - waitingSince < this.#claimLeaseMs) {
          await sleep(50);
          continue;
        }
        // The claim's writer is gone without writing: take the command over.
      }
      const claim: Claim = {
        key,
        stream: p.stream,
        fingerprint,
        ids,
        afterRevision: await this.#afterRevision(p),
      };
      if (!(await this.#appendMarker(marker, CLAIMED, claim, state.revision))) continue; // lost the race
      const claimRevision = state.revision + 1;
      this.#abandonedClaims.delete(`${marker}@${state.revision}`);
      let result: AppendResult;
      try {
        await this.#hooks?.afterClaim?.();
        result = await this.#write(p, ids);
      } catch (error) {
        if (error instanceof ConcurrencyError || error instanceof ValidationError) {
          await this.#appendMarker(marker, RELEASED, { reason: error.code }, claimRevision).catch(
            () => false,
          );
        } else {
          // Unknown outcome (e.g. the connection dropped): a retry here looks for the events at
          // once and, if they are not there, writes them again with the same ids.
          this.#abandonedClaims.add(`${marker}@${claimRevision}`);
        }
        throw error;
      }
      await this.#hooks?.afterEvents?.();
      // If this fails (someone completed it for us after finding our events), the record is there.
      await this.#appendMarker(marker, COMPLETED, completionOf(result), claimRevision);
      return result;
    }
  }

  async #readMarker(marker: string): Promise<MarkerState> {
    const state: MarkerState = { revision: -1 };
    const events = await this.#readStreamRaw(marker, { fromRevision: START, direction: FORWARDS });
    for (const e of events) {
      state.revision = toNumber(e.revision, 'stream revision');
      if (e.type === CLAIMED) {
        state.claim = e.data as unknown as Claim;
        state.claimCreatedMs = e.created.getTime();
        delete state.completed;
      } else if (e.type === COMPLETED) {
        state.completed = e.data as unknown as Completion;
      } else if (e.type === RELEASED) {
        delete state.claim;
        delete state.completed;
      }
    }
    return state;
  }

  /** Appends one marker event at `afterRevision`; false when someone else wrote first. */
  async #appendMarker(marker: string, type: string, data: object, afterRevision: number): Promise<boolean> {
    try {
      await this.#client.appendToStream(marker, jsonEvent({ type, data: data as JSONType }), {
        expectedRevision: afterRevision < 0 ? NO_STREAM : BigInt(afterRevision),
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw this.#describe(error);
    }
  }

  /** The stream's last revision before this append (-1 when it does not exist). */
  async #afterRevision(p: PreparedAppend): Promise<number> {
    if (typeof p.expectedRevision === 'number') return p.expectedRevision;
    if (p.expectedRevision === 'no-stream') return -1;
    const last = await this.#readStreamRaw(this.#names.toEsdb(p.stream), {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 1n,
    });
    return last[0] ? toNumber(last[0].revision, 'stream revision') : -1;
  }

  /** Looks for a claimed command's events in its stream after `afterRevision`. */
  async #findCommand(
    stream: string,
    afterRevision: number,
    ids: readonly string[],
  ): Promise<AppendResult | undefined> {
    let from = afterRevision + 1;
    for (;;) {
      const page = await this.#readStreamRaw(this.#names.toEsdb(stream), {
        fromRevision: BigInt(from),
        direction: FORWARDS,
        maxCount: BigInt(PAGE),
      });
      for (const e of page) {
        if (e.id === ids[0]) {
          const first = toNumber(e.revision, 'stream revision');
          return this.#collect(stream, first, first + ids.length - 1, ids, true);
        }
      }
      if (page.length < PAGE) return undefined;
      from = toNumber(page[page.length - 1]!.revision, 'stream revision') + 1;
    }
  }

  /** Writes the events with the given ids; maps ESDB's refusals to the port's errors. */
  async #write(p: PreparedAppend, ids: readonly string[]): Promise<AppendResult> {
    if (p.events.some((e) => e.idGiven)) {
      await this.#sync();
      p.events.forEach((e, i) => {
        if (e.idGiven && this.#index.hasId(e.id)) {
          throw new ValidationError([
            { path: ['events', i, 'id'], message: `an event with id ${e.id} is already stored` },
          ]);
        }
      });
    }
    let nextExpectedRevision: bigint;
    let lastHash: string | null;
    for (let attempt = 0; ; attempt++) {
      const tip = await this.#tip(p);
      const metadata: StoredMetadata[] = [];
      let previous = tip.hash;
      p.events.forEach((e, i) => {
        const m = storedMetadata(e, p.idempotencyKey);
        const hash = chainHash(
          chainEnvelope({
            id: ids[i]!,
            stream: p.stream,
            revision: tip.revision + 1 + i,
            type: e.type,
            data: e.data,
            metadata: m,
          }),
          previous,
        );
        metadata.push({ ...m, hash: storedHash(hash) });
        previous = hash;
      });
      lastHash = previous;
      const events = p.events.map((e, i) =>
        jsonEvent({
          id: ids[i]!,
          type: e.type,
          data: e.data as JSONType,
          metadata: metadata[i] as unknown as JSONType,
        }),
      );
      try {
        // Always the exact revision the links were computed on: a stream that moved meanwhile refuses
        // the append, so no two events ever extend the same link.
        ({ nextExpectedRevision } = await this.#client.appendToStream(this.#names.toEsdb(p.stream), events, {
          expectedRevision: tip.revision < 0 ? NO_STREAM : BigInt(tip.revision),
        }));
        break;
      } catch (error) {
        this.#tips.delete(p.stream);
        const callerAcceptsAny = p.expectedRevision === 'any' || p.expectedRevision === 'exists';
        if (error instanceof WrongExpectedVersionError && callerAcceptsAny && attempt < MAX_TIP_RETRIES)
          continue;
        throw this.#appendFailure(error, p);
      }
    }
    const last = toNumber(nextExpectedRevision, 'stream revision');
    this.#remember(p.stream, { revision: last, hash: lastHash });
    return this.#collect(p.stream, last - ids.length + 1, last, ids, false);
  }

  /**
   * The stream's last event before this append, for the chain: from memory when this process
   * wrote it (events never change, so a remembered revision's hash stays true), else one read.
   * Refuses at once what the caller's expected revision rules out.
   */
  async #tip(p: PreparedAppend): Promise<Tip> {
    const expected = p.expectedRevision;
    if (expected === 'no-stream') return { revision: -1, hash: null };
    const known = this.#tips.get(p.stream);
    if (typeof expected === 'number') {
      if (known?.revision === expected) return known;
      const [at] = await this.#readStreamRaw(this.#names.toEsdb(p.stream), {
        fromRevision: BigInt(expected),
        direction: FORWARDS,
        maxCount: 1n,
      });
      if (!at || toNumber(at.revision, 'stream revision') !== expected)
        return { revision: expected, hash: null }; // ESDB refuses it
      return { revision: expected, hash: hashOf(at.metadata) };
    }
    if (known) return known;
    const [last] = await this.#readStreamRaw(this.#names.toEsdb(p.stream), {
      fromRevision: END,
      direction: BACKWARDS,
      maxCount: 1n,
    });
    if (!last) {
      if (expected === 'exists') throw new ConcurrencyError(p.stream, expected, 'no-stream');
      return { revision: -1, hash: null };
    }
    return { revision: toNumber(last.revision, 'stream revision'), hash: hashOf(last.metadata) };
  }

  #remember(stream: string, tip: Tip): void {
    this.#tips.delete(stream);
    this.#tips.set(stream, tip);
    if (this.#tips.size > MAX_TIPS) this.#tips.delete(this.#tips.keys().next().value!);
  }

  /** ESDB's refusals as the port's errors. */
  #appendFailure(error: unknown, p: PreparedAppend): unknown {
    if (error instanceof WrongExpectedVersionError) {
      const actual = error.actualVersion;
      return new ConcurrencyError(
        p.stream,
        p.expectedRevision,
        typeof actual === 'bigint' ? toNumber(actual, 'stream revision') : 'no-stream',
        {
          cause: error,
        },
      );
    }
    if (error instanceof MaxAppendSizeExceededError) {
      return new ValidationError(
        [
          {
            path: ['events'],
            message: `the events are larger than the server accepts in one append (MaxAppendSize ${error.maxAppendSize} bytes); split the command or raise the server's MaxAppendSize`,
          },
        ],
        { cause: error },
      );
    }
    return this.#describe(error);
  }

  /** The stored events of one command, from the index (fed up to them first). */
  async #collect(
    stream: string,
    first: number,
    last: number,
    ids: readonly string[],
    replayed: boolean,
  ): Promise<AppendResult> {
    let rows = this.#index.byStream(stream, first, last);
    if (!matches(rows, ids)) {
      await this.#sync();
      rows = this.#index.byStream(stream, first, last);
    }
    if (!matches(rows, ids)) {
      throw new Error(
        `EventStoreDB at ${this.address} reported the append at revisions ${first}–${last} of "${stream}", but those are not the appended events`,
      );
    }
    const events = rows.map((r) => toRecorded(r.raw, r.recordedMs, this.registry));
    return {
      stream,
      nextExpectedRevision: last,
      firstPosition: events[0]!.position,
      lastPosition: events[events.length - 1]!.position,
      events,
      replayed,
    };
  }

  // ─── reads ─────────────────────────────────────────────────────────────────────────────────

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    if (options?.limit !== undefined && options.limit <= 0) return [];
    if (typeof stream !== 'string' || this.#names.reserved(stream)) return [];
    const backwards = options?.direction === 'backwards';
    if (backwards && options?.from !== undefined && options.from < 0) return [];
    const found = await this.#readStreamRaw(this.#names.toEsdb(stream), {
      fromRevision:
        options?.from !== undefined ? BigInt(Math.max(0, Math.floor(options.from))) : backwards ? END : START,
      direction: backwards ? BACKWARDS : FORWARDS,
      ...(options?.limit !== undefined ? { maxCount: BigInt(options.limit) } : {}),
    });
    const revisions = found
      .filter((e) => e.isJson && !e.type.startsWith('$'))
      .map((e) => toNumber(e.revision, 'stream revision'));
    if (revisions.length === 0) return [];
    const lo = Math.min(revisions[0]!, revisions[revisions.length - 1]!);
    const hi = Math.max(revisions[0]!, revisions[revisions.length - 1]!);
    let rows = this.#byRevision(stream, lo, hi);
    if (revisions.some((r) => !rows.has(r))) {
      await this.#sync();
      rows = this.#byRevision(stream, lo, hi);
    }
    return revisions.map((r) => {
      const row = rows.get(r);
      if (!row)
        throw new Error(
          `the local index of ${this.address} lacks revision ${r} of "${stream}"; delete the index file to rebuild it`,
        );
      return toRecorded(row.raw, row.recordedMs, this.registry);
    });
  }

  #byRevision(stream: string, lo: number, hi: number): Map<number, IndexedEvent> {
    return new Map(this.#index.byStream(stream, lo, hi).map((r) => [r.raw.revision, r]));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const from = options?.fromPosition ?? 0;
    const limit = options?.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    const types = options?.types ? new Set(options.types) : undefined;
    // The recordedAt of the events before `from` seeds the clamp (the same rule as the index).
    if (from > this.#index.checkpoint) await this.#sync();
    const clamp = new Clamp(from > 0 ? this.#index.recordedAtOrBefore(from) : 0);
    const out: RecordedEvent[] = [];
    const pageSize = types || limit > PAGE ? PAGE : Math.max(64, limit + 16);
    let cursor = from;
    for (;;) {
      const page = await this.#readAllPage(cursor, pageSize);
      for (const entry of page.entries) {
        cursor = entry.position;
        if (!entry.raw) continue;
        const recordedMs = clamp.next(entry.raw.createdMs);
        if (types && !types.has(entry.raw.type)) continue;
        out.push(toRecorded(entry.raw, recordedMs, this.registry));
        if (out.length >= limit) return out;
      }
      if (page.count < pageSize) return out;
    }
  }

  async readEffective(options?: ReadEffectiveOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const b = effectiveBounds(options);
    await this.#sync();
    const afterE = options?.after ? options.after.effectiveMs : b.minEffectiveMs - 1;
    const afterP = options?.after ? options.after.position : Number.MAX_SAFE_INTEGER;
    const startE = Math.max(afterE, b.minEffectiveMs - 1);
    const startP = options?.after && afterE > b.minEffectiveMs - 1 ? afterP : Number.MAX_SAFE_INTEGER;
    const rows = this.#index.effective({
      startEffectiveMs: startE,
      startPosition: startP,
      maxEffectiveMs: b.maxEffectiveMs,
      maxRecordedMs: b.maxRecordedMs,
      limit: options?.limit ?? -1,
      ...(options?.types ? { types: options.types } : {}),
    });
    return rows.map((r) => toRecorded(r.raw, r.recordedMs, this.registry));
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.#assertOpen();
    const host: SubscriptionHost = {
      registry: this.registry,
      client: this.#client,
      names: this.#names,
      ensureIndexed: async (position) => {
        if (position > this.#index.checkpoint) await this.#sync();
      },
      recordedAtOrBefore: (position) => this.#index.recordedAtOrBefore(position),
      headPosition: () => this.headPosition(),
      describeFailure: (error) => this.#describe(error),
    };
    const subscription = new EsdbSubscription(host, options, handler, () =>
      this.#subscriptions.delete(subscription),
    );
    this.#subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  // ─── the hash chain ────────────────────────────────────────────────────────────────────────

  async readChain(options?: ReadChainOptions): Promise<ChainLink[]> {
    this.#assertOpen();
    const from = options?.fromPosition ?? 0;
    const limit = options?.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    if (from > this.#index.checkpoint) await this.#sync();
    const clamp = new Clamp(from > 0 ? this.#index.recordedAtOrBefore(from) : 0);
    const out: ChainLink[] = [];
    let cursor = from;
    for (;;) {
      const page = await this.#readAllPage(cursor, PAGE);
      for (const entry of page.entries) {
        cursor = entry.position;
        if (!entry.raw) continue;
        out.push(linkOf(entry.raw, clamp.next(entry.raw.createdMs)));
        if (out.length >= limit) return out;
      }
      if (page.count < PAGE) return out;
    }
  }

  /** The head and the rolling digest of the per-stream hashes in log order, advanced from where the last call stopped. */
  async chainHead(): Promise<ChainHead | undefined> {
    this.#assertOpen();
    const d = { ...this.#digest };
    for (;;) {
      const page = await this.#readAllPage(d.scanned, PAGE);
      for (const entry of page.entries) {
        d.scanned = entry.position;
        const link = entry.raw ? hashOf(entry.raw.metadata) : null;
        if (link === null) continue;
        d.hash = rollDigest(d.hash, link);
        d.position = entry.position;
      }
      if (page.count < PAGE) break;
    }
    this.#digest = d;
    return d.hash === null ? undefined : { position: d.position, hash: d.hash };
  }

  /** ESDB's log is append-only: nothing to compare a tail with. */
  async recordedHead(): Promise<RecordedHead | undefined> {
    return undefined;
  }

  async headPosition(): Promise<number> {
    this.#assertOpen();
    let head: number | undefined;
    await this.#drain(
      this.#client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 64 }),
      (resolved) => {
        const entry = entryOf(resolved, this.#names);
        if (entry?.raw) {
          head = entry.position;
          return false;
        }
        return true;
      },
    );
    if (head !== undefined) return head;
    // Only hidden events at the end of the log: the index knows the last visible one.
    await this.#sync();
    return this.#index.last()?.raw.position ?? 0;
  }

  // ─── the local index ───────────────────────────────────────────────────────────────────────

  /** Checks that the index describes this server's log; rebuilds it when it does not. */
  async verifyIndex(): Promise<void> {
    const last = this.#index.last();
    if (!last) {
      if (this.#index.checkpoint > 0) this.#index.reset();
      return;
    }
    let same = false;
    await this.#drain(
      this.#client.readAll({ fromPosition: positionOf(last.raw.position), direction: FORWARDS, maxCount: 1 }),
      (resolved) => {
        const entry = entryOf(resolved, this.#names);
        same = entry !== undefined && entry.position === last.raw.position && entry.id === last.raw.id;
        return false;
      },
    );
    if (!same) this.#index.reset();
  }

  /**
   * Feeds the index from `$all` up to the end of the log. Calls coalesce: a call made while a feed
   * runs waits for one more feed that starts after it (so it sees every append acknowledged before).
   */
  sync(): Promise<void> {
    return this.#sync();
  }

  #sync(): Promise<void> {
    if (this.#syncQueued) return this.#syncQueued;
    const run = this.#syncRunning
      .catch(() => undefined)
      .then(() => {
        this.#syncQueued = undefined;
        const feed = this.#feed();
        this.#syncRunning = feed;
        return feed;
      });
    this.#syncQueued = run;
    return run;
  }

  async #feed(): Promise<void> {
    for (;;) {
      const page = await this.#readAllPage(this.#index.checkpoint, PAGE);
      this.#index.ingest(page.entries);
      if (page.count < PAGE) return;
    }
  }

  /** One page of `$all` after `from` (exclusive), every entry with its position; `count` = entries read. */
  async #readAllPage(from: number, maxCount: number): Promise<{ entries: ScannedEntry[]; count: number }> {
    const entries: ScannedEntry[] = [];
    let count = 0;
    await this.#drain(
      this.#client.readAll({
        fromPosition: from === 0 ? START : positionOf(from),
        direction: FORWARDS,
        maxCount,
      }),
      (resolved) => {
        count++;
        const entry = entryOf(resolved, this.#names);
        if (entry && entry.position > from) entries.push(entry);
        return true;
      },
    );
    return { entries, count };
  }

  // ─── plumbing ──────────────────────────────────────────────────────────────────────────────

  async #readStreamRaw(
    stream: string,
    options: {
      fromRevision: typeof START | typeof END | bigint;
      direction: typeof FORWARDS | typeof BACKWARDS;
      maxCount?: bigint;
    },
  ): Promise<NonNullable<ResolvedEvent['event']>[]> {
    const out: NonNullable<ResolvedEvent['event']>[] = [];
    try {
      await this.#drain(this.#client.readStream(stream, options), (resolved) => {
        if (resolved.event) out.push(resolved.event);
        return true;
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /** Reads a client stream to its end (or until `onItem` returns false), translating failures. */
  async #drain<E extends ResolvedEvent | AllStreamResolvedEvent>(
    read: StreamingRead<E>,
    onItem: (item: E) => boolean,
  ): Promise<void> {
    try {
      for await (const item of read) {
        if (!onItem(item)) {
          await read.cancel();
          break;
        }
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw error;
      throw this.#describe(error);
    }
  }

  #describe(error: unknown): unknown {
    return describeConnectionFailure(error, this.#connectionString);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error(`the event store at ${this.address} is closed`);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
    this.#closed = true;
    await Promise.allSettled([this.#syncRunning, this.#syncQueued, ...this.#keyChains.values()]);
    await this.#client.dispose().catch(() => undefined);
    await closeChannel(this.#client);
    this.#index.close();
  }
}

/** One stored event as the chain sees it. */
function linkOf(raw: RawEvent, recordedMs: number): ChainLink {
  return {
    position: raw.position,
    envelope: chainEnvelope(raw),
    hash: hashOf(raw.metadata),
    effectiveMs: effectiveOf(raw.metadata, recordedMs).ms,
    recordedMs,
  };
}

function positionOf(position: number): { commit: bigint; prepare: bigint } {
  // Events written through gRPC are implicit transactions: their commit and prepare positions are equal.
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function matches(rows: readonly IndexedEvent[], ids: readonly string[]): boolean {
  return rows.length === ids.length && rows.every((r, i) => r.raw.id === ids[i]);
}

function completionOf(result: AppendResult): Completion {
  return {
    firstRevision: result.events[0]!.revision,
    lastRevision: result.nextExpectedRevision,
    firstPosition: result.firstPosition,
    lastPosition: result.lastPosition,
  };
}

/** The client has no `close()`: dispose() ends its calls; this also closes its gRPC channel. */
async function closeChannel(client: EventStoreDBClient): Promise<void> {
  const withChannel = client as unknown as { getChannel?: () => Promise<{ close(): void }> };
  try {
    const channel = await withChannel.getChannel?.();
    channel?.close();
  } catch {
    // no channel (never connected): nothing to close
  }
}

/**
 * Opens the EventStoreDB adapter: connects (one clear EsdbConnectionError when the server cannot
 * be reached), checks the local index belongs to this server's log, and feeds it up to the head.
 *
 * @example
 * const store = await openEsdbEventStore({ connectionString: 'esdb://localhost:2113?tls=false', registry });
 */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
  const client = createClient(options.connectionString);
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  const address = maskConnectionString(options.connectionString);
  const index = new LocalIndex(options.indexPath ?? ':memory:', options.streamPrefix ?? '');
  const store = new EsdbEventStore(options, client, index);
  try {
    await withTimeout(
      (async () => {
        await store.headPosition();
        await store.verifyIndex();
      })(),
      timeoutMs,
      () => new EsdbConnectionError(address, `no answer within ${timeoutMs} ms`),
    );
    await store.sync();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw describeConnectionFailure(error, options.connectionString);
  }
  return store;
}
