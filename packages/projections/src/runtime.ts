/**
 * The projection runtime: runs every registered projection live and answers any projection's
 * queries as of any effective date D, as known at any time T (docs/time-model.md).
 *
 * - Start-up loads the log into the shared Timeline, restores each projection from its cached
 *   checkpoint (or folds it from scratch, in slices, writing progress so a killed fold resumes),
 *   then follows the store's subscription.
 * - A new event effective now or earlier than the live state's cursor is folded in order; one
 *   effective before it (backdated) or a retraction of a folded event makes the projection rewind
 *   to its nearest usable snapshot and fold again.
 * - A future-dated event waits on the clock: a timer fires at its effective time and the live
 *   state takes it in, with no restart.
 * - `query(..., { asOf, knownAt })` serves the live state when it is the answer, otherwise folds a
 *   private copy from the nearest usable snapshot; live state is never disturbed.
 * - Reactions (side effects) run only for events that arrive while the runtime is live — never for
 *   history, a rewind, a rebuild or an as-of fold.
 */
import {
  ERASURE_TYPE,
  NotFoundError,
  ValidationError,
  asOfBound,
  knownAtBound,
  type AnyProjection,
  type ProjectionDefinition,
  type QueryInput,
  type QueryName,
  type QueryOutput,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { rollDigest, type EventStore, type Subscription } from '@xianzhi/event-store';
import { randomBytes } from 'node:crypto';
import { RuntimeCache, type StoredCheckpoint } from './cache';
import { loadCacheKey, type CacheKey } from './cache-key';
import { systemClock, type Clock } from './clock';
import { ProjectionFailed } from './errors';
import {
  DEFAULT_SNAPSHOT_POLICY,
  ProjectionInstance,
  type FoldedState,
  type ProjectionStatus,
  type SnapshotPolicy,
} from './instance';
import { Timeline, type Entry } from './timeline';
import { erasedSubjects, redactTimeline } from './erasure';

export interface Reaction {
  name: string;
  /** Only these event types (default: all). */
  types?: readonly string[];
  /** Runs once per new live event (at least once: a crash before the checkpoint repeats it). */
  handle: (event: RecordedEvent) => void | Promise<void>;
}

export interface ProjectionRuntimeOptions {
  store: EventStore;
  projections: readonly AnyProjection[];
  /** The cache file (default ':memory:', i.e. rebuilt at every start). */
  cache?: string;
  /**
   * The key that authenticates the cache (HMAC-SHA256; docs/integrity.md §4), kept outside the cache
   * file: its 32 bytes, or a key file (made on first start, mode 0600). Default: `<cache>.key`; an
   * in-memory cache gets a random key.
   */
  cacheKey?: Buffer | string;
  /** Warnings (a cached state discarded, and why). Default: console.warn, i.e. the server's log. */
  onWarning?: (message: string) => void;
  clock?: Clock;
  snapshots?: Partial<SnapshotPolicy>;
  reactions?: readonly Reaction[];
  /**
   * Write live checkpoints after this many applied events, but not more often than every `ms`
   * milliseconds (default 10,000 events / 30 s): a checkpoint serialises the whole state, and the
   * cache can always be rebuilt from the log, so rarer is cheaper and safe.
   */
  checkpointEvery?: { events?: number; ms?: number };
  /** Entries folded between yields (and progress writes) during start-up and rebuilds (default 50,000). */
  sliceSize?: number;
  /** Progress of long work (start-up load and folds). */
  onProgress?: (progress: RuntimeProgress) => void;
}

export interface RuntimeProgress {
  phase: 'loading' | 'folding' | 'rebuilding';
  projection?: string;
  done: number;
  total: number;
}

export interface AsOf {
  /** Valid time: a date (end of that day, UTC+8), an instant, or epoch ms. Default: now. */
  asOf?: string | number;
  /** Transaction time: an instant, a date (end of day), or epoch ms. Default: now. */
  knownAt?: string | number;
}

export interface ProjectionHealth {
  name: string;
  version: number;
  status: ProjectionStatus;
  /** The log position the live state has seen. */
  position: number;
  /** Events in the log the live state has not seen yet. */
  lag: number;
  snapshots: number;
  lastError?: string;
  rebuilding?: { version: number; done: number; total: number };
}

/**
 * What start-up did with a projection's cached state:
 * - `current`: authentic, folded to the head of the log, restored;
 * - `stale`: authentic, folded to an earlier position of this log, restored and the tail folded;
 * - `absent`: nothing cached (first start, or dropped for an erasure);
 * - `forged`: its MAC does not hold, or it was written under another key — discarded, folded from the log;
 * - `mismatched`: authentic, but its position and hash are not this log's — discarded, folded from the log.
 */
export interface CacheOutcome {
  projection: string;
  version: number;
  outcome: 'current' | 'stale' | 'absent' | 'forged' | 'mismatched';
  /** Why it was discarded. */
  reason?: string;
  /** The log position the restored state was folded to. */
  restoredAt?: number;
  /** Events applied at start-up to bring it to the head (0 for a current state). */
  applied: number;
}

export interface ChangeNotice {
  projection: string;
  position: number;
  reason: 'events' | 'scheduled' | 'rewind' | 'rebuilt';
}

const LOAD_PAGE = 10_000;
/** Stream-scope chains: the rolling digest is written down every this many events, and rolled from there. */
const DIGEST_EVERY = 4_096;

export class ProjectionRuntime {
  readonly timeline = new Timeline();
  readonly #store: EventStore;
  readonly #clock: Clock;
  readonly #cache: RuntimeCache;
  readonly #policy: SnapshotPolicy;
  readonly #instances = new Map<string, ProjectionInstance<unknown>>();
  /** Instances being rebuilt in the background (they see new events too). */
  readonly #pending = new Map<
    string,
    { instance: ProjectionInstance<unknown>; done: number; total: number }
  >();
  readonly #reactions: readonly Reaction[];
  readonly #listeners = new Set<(notice: ChangeNotice) => void>();
  readonly #waiters: { position: number; resolve: () => void }[] = [];
  readonly #checkpointEvents: number;
  readonly #checkpointMs: number;
  readonly #slice: number;
  readonly #onProgress: ((p: RuntimeProgress) => void) | undefined;
  #subscription: Subscription | undefined;
  #cancelTimer: (() => void) | undefined;
  #lastCheckpoint = 0;
  #started: Promise<void> | undefined;
  #stopped = false;
  #reactionQueue: Promise<void> = Promise.resolve();
  readonly #cacheKey: CacheKey;
  readonly #warn: (message: string) => void;
  readonly #outcomes = new Map<string, CacheOutcome>();
  /** Stream-scope chains: the rolling digest before seq i·DIGEST_EVERY, and the digest at the head. */
  readonly #digestMarks: (string | null)[] = [];
  #digest: string | null = null;

  constructor(options: ProjectionRuntimeOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    const cachePath = options.cache ?? ':memory:';
    this.#cacheKey =
      typeof options.cacheKey === 'string'
        ? loadCacheKey(options.cacheKey)
        : options.cacheKey
          ? { key: options.cacheKey, created: false }
          : cachePath === ':memory:'
            ? { key: randomBytes(32), created: true }
            : loadCacheKey(`${cachePath}.key`);
    this.#warn = options.onWarning ?? ((message) => console.warn(message));
    this.#cache = new RuntimeCache(cachePath, this.#cacheKey.key);
    this.#policy = { ...DEFAULT_SNAPSHOT_POLICY, ...options.snapshots };
    this.#reactions = options.reactions ?? [];
    this.#checkpointEvents = options.checkpointEvery?.events ?? 10_000;
    this.#checkpointMs = options.checkpointEvery?.ms ?? 30_000;
    this.#slice = options.sliceSize ?? 50_000;
    this.#onProgress = options.onProgress;
    for (const definition of options.projections as readonly ProjectionDefinition[]) {
      if (this.#instances.has(definition.name))
        throw new Error(`projection "${definition.name}" is registered twice`);
      this.#instances.set(definition.name, new ProjectionInstance(definition, this.timeline, this.#policy));
    }
  }

  /** Loads the log, restores or folds every projection, then follows the log. Idempotent. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const total = await this.#store.headPosition();
    let from = 0;
    for (;;) {
      const page = await this.#store.readAll({ fromPosition: from, limit: LOAD_PAGE });
      if (page.length === 0) break;
      this.#noteDigests(this.timeline.add(page, { bulk: true }));
      from = page[page.length - 1]!.position;
      this.#onProgress?.({ phase: 'loading', done: from, total });
    }
    this.timeline.finishBulk();
    this.#checkCacheKey();
    this.#checkCacheIdentity();
    this.#forgetAtStart();
    for (const instance of this.#instances.values()) {
      instance.noteAdded(this.timeline.bySeq);
      await this.#catchUp(instance, 'folding');
    }
    if (this.#scrubAfter !== undefined) {
      this.#cache.scrub();
      this.#cache.setMeta('erasures-folded', String(this.#scrubAfter));
    }
    await this.#initReactions();
    this.#subscription = this.#store.subscribe(
      { fromPosition: this.timeline.headPosition },
      {
        onEvents: (events) => this.#ingest(events),
        onError: (error) => {
          for (const i of this.#instances.values()) {
            i.status = 'failed';
            i.lastError ??= new ProjectionFailed(i.name, '-', '-', this.timeline.headPosition, error);
          }
        },
      },
    );
    this.#schedule();
  }

  /** A cache written under another key (or before its key file was lost) cannot be trusted: forget it, saying so. */
  #checkCacheKey(): void {
    const state = this.#cache.keyState();
    if (state === 'other') {
      const why = this.#cacheKey.created
        ? `its key file ${this.#cacheKey.file ?? ''} was missing and a new key was made, so no cached state can be authenticated`
        : 'it was written under another key (a cache copied from another installation, or the key was replaced)';
      for (const { projection, version } of this.#cache.names())
        this.#discard(projection, version, 'forged', why, false);
      this.#cache.wipe();
    }
    if (state !== 'same') this.#cache.markKey();
  }

  /**
   * The cache belongs to one log: if the log's first event differs (a new store), forget it. (Each
   * state is also checked against the log hash at its own position when restored: this is for the
   * meta values, and to say plainly what happened.) A cache written while the log was empty belongs
   * to whatever log follows.
   */
  #checkCacheIdentity(): void {
    const first = this.timeline.bySeq[0]?.event.id ?? '';
    const written = this.#cache.getMeta('first-event-id');
    if (written === first) return;
    if (written !== undefined && written !== '') {
      for (const { projection, version } of this.#cache.names()) {
        this.#discard(
          projection,
          version,
          'mismatched',
          "it belongs to another log (the log's first event is not the one it was written for)",
          false,
        );
      }
      this.#cache.wipe();
      this.#cache.markKey();
    }
    this.#cache.setMeta('first-event-id', first);
  }

  /** Drops a cached state that cannot be trusted, with a warning naming it and the reason. */
  #discard(
    projection: string,
    version: number,
    outcome: 'forged' | 'mismatched',
    reason: string,
    drop = true,
  ): void {
    if (drop) this.#cache.dropVersion(projection, version);
    if (this.#instances.get(projection)?.definition.version === version)
      this.#outcomes.set(projection, { projection, version, outcome, reason, applied: 0 });
    this.#warn(
      `xianzhi: cache: discarded the cached state of ${projection} v${version} (${outcome}): ${reason}; it is folded again from the log`,
    );
  }

  /**
   * The log hash at a seq, as a checkpoint would name it (docs/integrity.md §1): the event's chain
   * hash (log scope) or the rolling digest of the chain up to it (stream scope); an event recorded
   * before the chain is named by its id; '' before the first event.
   */
  #anchorAt(seq: number): string {
    if (seq < 0) return '';
    const e = this.timeline.bySeq[seq]!.event;
    if (e.hash === undefined) return `id:${e.id}`;
    if (this.#store.chainScope === 'log') return e.hash;
    const mark = Math.floor(seq / DIGEST_EVERY);
    let digest = this.#digestMarks[mark] ?? null;
    for (let s = mark * DIGEST_EVERY; s <= seq; s++) {
      const h = this.timeline.bySeq[s]!.event.hash;
      if (h !== undefined) digest = rollDigest(digest, h);
    }
    return digest!;
  }

  /** Stream-scope chains: rolls the digest over new entries, writing it down every DIGEST_EVERY seqs. */
  #noteDigests(entries: readonly Entry[]): void {
    if (this.#store.chainScope !== 'stream') return;
    for (const en of entries) {
      if (en.seq % DIGEST_EVERY === 0) this.#digestMarks[en.seq / DIGEST_EVERY] = this.#digest;
      if (en.event.hash !== undefined) this.#digest = rollDigest(this.#digest, en.event.hash);
    }
  }

  /** What start-up did with each projection's cached state (see CacheOutcome). */
  cacheOutcomes(): CacheOutcome[] {
    return [...this.#outcomes.values()];
  }

  /**
   * Persons erased while the cache was written (or by another node while this one was down): their
   * clear values may sit in cached states. Forget them in memory, and drop the cached states of the
   * projections that fold their events, before anything is restored.
   */
  #forgetAtStart(): void {
    const erasures = this.timeline.bySeq.filter((en) => en.event.type === ERASURE_TYPE);
    if (erasures.length === 0) return;
    const types = redactTimeline(
      this.timeline,
      this.#store.registry,
      erasedSubjects(erasures.map((en) => en.event)),
    );
    const last = erasures[erasures.length - 1]!.event.position;
    if (Number(this.#cache.getMeta('erasures-folded') ?? 0) >= last) return;
    const personal = types.size > 0 ? types : new Set(this.#store.registry.personalTypes().keys());
    for (const instance of this.#instances.values()) {
      if ([...personal].some((t) => instance.relevant(t))) this.#cache.drop(instance.definition.name);
    }
    this.#scrubAfter = last;
  }

  /** Set when cached states were dropped for an erasure: the cache file is scrubbed once they are rewritten. */
  #scrubAfter: number | undefined;
  /** Erasures taken in so far (a background rebuild that saw one fold again from the redacted log). */
  #erasures = 0;

  /**
   * An erasure arrived: redact the subjects' events in the timeline, fold every projection that
   * handles them again from the start (synchronously: nothing may serve the old state after this),
   * forget cached answers, rewrite their cached states and scrub the cache file of the old bytes.
   */
  #forget(subjects: ReadonlySet<string>, position: number): void {
    this.#erasures++;
    const types = redactTimeline(this.timeline, this.#store.registry, subjects);
    this.#answers.clear();
    const now = this.#clock.now();
    const head = this.timeline.headSeq;
    for (const instance of this.#instances.values()) {
      if (![...types].some((t) => instance.relevant(t))) continue;
      instance.snapshots.clear();
      instance.live = undefined;
      if (instance.status !== 'live') continue;
      try {
        instance.advance(now, head);
        this.#writeCheckpoint(instance, instance.live!);
        this.#emit({ projection: instance.name, position: this.timeline.headPosition, reason: 'rebuilt' });
      } catch (error) {
        this.#fail(instance, error);
      }
    }
    for (const { instance } of this.#pending.values()) instance.snapshots.clear();
    this.#cache.scrub();
    this.#cache.setMeta('erasures-folded', String(position));
  }

  /** Restores from the cache (if any) and folds to (now, head) in slices, writing progress. */
  async #catchUp(
    instance: ProjectionInstance<unknown>,
    phase: 'folding' | 'rebuilding',
    progress?: { done: number; total: number },
  ): Promise<void> {
    const { name, version } = instance.definition;
    instance.status = phase === 'rebuilding' ? 'rebuilding' : 'catching-up';
    const restored = this.#restore(instance);
    const head = this.timeline.headSeq;
    const now = this.#clock.now();
    const resumed = restored !== undefined && restored.K <= head && this.#validAt(instance, restored, head);
    let current: FoldedState<unknown> = resumed ? restored : instance.initial();
    const outcome: CacheOutcome = this.#outcomes.get(name) ?? {
      projection: name,
      version,
      outcome: 'absent',
      applied: 0,
    };
    if (restored) {
      outcome.outcome = restored.K === head ? 'current' : 'stale';
      outcome.restoredAt = this.timeline.positionOf(restored.K);
    }
    if (phase === 'folding') this.#outcomes.set(name, outcome);
    const total = this.timeline.entries.length;
    let scan: { eff: number; seq: number } | undefined;
    try {
      for (;;) {
        const r = instance.fold(current, now, head, {
          takeSnapshots: true,
          maxEntries: this.#slice,
          scanFrom: scan,
        });
        outcome.applied += r.applied;
        current = { state: r.state, eff: r.eff, seq: r.seq, K: head, validFrom: r.validFrom };
        scan = { eff: r.scanEff, seq: r.scanSeq };
        if (r.done) break;
        this.#writeCheckpoint(instance, current);
        const done = this.timeline.upperIndex(r.scanEff, r.scanSeq);
        if (progress) Object.assign(progress, { done, total });
        this.#onProgress?.({ phase, projection: name, done, total });
        await new Promise((resolve) => setImmediate(resolve));
        if (this.#stopped) return;
      }
      instance.live = current;
      // Events may have arrived while we yielded (background rebuilds): bring it to now.
      instance.advance(this.#clock.now(), this.timeline.headSeq);
      instance.status = 'live';
      this.#writeCheckpoint(instance, instance.live);
      this.#cache.dropOtherVersions(name, version);
    } catch (error) {
      this.#fail(instance, error);
    }
  }

  #validAt(instance: ProjectionInstance<unknown>, s: FoldedState<unknown>, P: number): boolean {
    if (P < s.validFrom) return false;
    return P <= s.K || instance.tree.min(s.K + 1, P) >= s.eff;
  }

  /**
   * The cached state of a projection, if it proves itself: its MAC holds, and the log has, at the
   * position it was folded to, the hash it names. Otherwise it is dropped with a warning.
   */
  #restore(instance: ProjectionInstance<unknown>): FoldedState<unknown> | undefined {
    const { name, version } = instance.definition;
    const row = this.#cache.get(name, version);
    if (!row) return undefined;
    const problem = this.#checkRow(row);
    if (problem) {
      this.#discard(name, version, problem.outcome, problem.reason);
      return undefined;
    }
    const K = this.timeline.seqOfPosition(row.knowledgePosition)!;
    const seq = this.timeline.seqOfPosition(row.cursorPosition)!;
    const validFrom = this.timeline.seqOfPosition(row.validFromPosition)!;
    return {
      state: instance.codec.fromBytes(row.state),
      eff: row.cursorPosition === 0 ? -Infinity : row.cursorEff,
      seq,
      K,
      validFrom,
    };
  }

  /** Why a cached row cannot be trusted with this log, or undefined when it can. */
  #checkRow(row: StoredCheckpoint): { outcome: 'forged' | 'mismatched'; reason: string } | undefined {
    if (!row.authentic)
      return {
        outcome: 'forged',
        reason: 'its MAC does not hold: the cached state or its position was changed outside Xianzhi',
      };
    const head = this.timeline.headPosition;
    const K = this.timeline.seqOfPosition(row.knowledgePosition);
    if (K === undefined) {
      return {
        outcome: 'mismatched',
        reason:
          row.knowledgePosition > head
            ? `it was folded to position ${row.knowledgePosition}, but the log ends at ${head} (events were deleted, or it is another log's cache)`
            : `it was folded to position ${row.knowledgePosition}, which this log does not have (another log's cache)`,
      };
    }
    const anchor = this.#anchorAt(K);
    if (anchor !== row.anchor) {
      return {
        outcome: 'mismatched',
        reason: `it was folded to position ${row.knowledgePosition} with log hash ${row.anchor.slice(0, 16) || '(none)'}…, but the log has ${anchor.slice(0, 16) || '(none)'}… there (another log's cache, or the log was changed)`,
      };
    }
    if (
      this.timeline.seqOfPosition(row.cursorPosition) === undefined ||
      this.timeline.seqOfPosition(row.validFromPosition) === undefined
    ) {
      return {
        outcome: 'mismatched',
        reason: `its cursor (position ${row.cursorPosition}) is not an event of this log`,
      };
    }
    return undefined;
  }

  #writeCheckpoint(instance: ProjectionInstance<unknown>, s: FoldedState<unknown>): void {
    const t = this.timeline;
    this.#cache.put({
      projection: instance.definition.name,
      version: instance.definition.version,
      cursorEff: s.seq < 0 ? 0 : s.eff,
      cursorPosition: t.positionOf(s.seq),
      knowledgePosition: t.positionOf(s.K),
      validFromPosition: t.positionOf(s.validFrom),
      anchor: this.#anchorAt(s.K),
      state: instance.codec.toBytes(s.state),
    });
    instance.dirty = 0;
  }

  async #ingest(events: RecordedEvent[]): Promise<void> {
    const added = this.timeline.add(events);
    this.#noteDigests(added);
    for (const instance of this.#instances.values()) instance.noteAdded(added);
    for (const { instance } of this.#pending.values()) instance.noteAdded(added);
    const erased = erasedSubjects(events);
    if (erased.size > 0) this.#forget(erased, events[events.length - 1]!.position);
    this.#advanceAll('events');
    this.#maybeCheckpoint();
    this.#runReactions(added);
    const head = this.timeline.headPosition;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (w.position <= head) {
        this.#waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  #advanceAll(reason: ChangeNotice['reason']): void {
    const now = this.#clock.now();
    const head = this.timeline.headSeq;
    for (const instance of this.#instances.values()) {
      if (instance.status !== 'live') continue;
      try {
        const { changed, rewound } = instance.advance(now, head);
        if (changed)
          this.#emit({
            projection: instance.name,
            position: this.timeline.headPosition,
            reason: rewound ? 'rewind' : reason,
          });
      } catch (error) {
        this.#fail(instance, error);
      }
    }
    this.#schedule();
  }

  #fail(instance: ProjectionInstance<unknown>, error: unknown): void {
    instance.status = 'failed';
    instance.lastError =
      error instanceof ProjectionFailed
        ? error
        : new ProjectionFailed(instance.name, '-', '-', this.timeline.headPosition, error);
  }

  /** Arms the clock for the next future-dated event. */
  #schedule(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#stopped) return;
    const now = this.#clock.now();
    const next = this.timeline.entries[this.timeline.upperIndex(now, Infinity)];
    if (!next) return;
    this.#cancelTimer = this.#clock.at(next.effectiveMs, () => {
      this.#cancelTimer = undefined;
      this.#advanceAll('scheduled');
    });
  }

  #maybeCheckpoint(): void {
    const now = Date.now();
    if (now - this.#lastCheckpoint < this.#checkpointMs) return;
    let wrote = false;
    for (const instance of this.#instances.values()) {
      if (instance.status !== 'live' || !instance.live || instance.dirty < this.#checkpointEvents) continue;
      this.#writeCheckpoint(instance, instance.live);
      wrote = true;
    }
    if (wrote) this.#lastCheckpoint = now;
  }

  async #initReactions(): Promise<void> {
    const head = String(this.timeline.headPosition);
    for (const r of this.#reactions) {
      if (this.#cache.getMeta(`reaction:${r.name}`) === undefined)
        this.#cache.setMeta(`reaction:${r.name}`, head);
    }
    // Events that arrived while we were down (after the reaction's checkpoint) are new: run them.
    const pending = this.#reactions.length
      ? this.timeline.bySeq.filter((en) =>
          this.#reactions.some((r) => en.event.position > Number(this.#cache.getMeta(`reaction:${r.name}`))),
        )
      : [];
    if (pending.length) this.#runReactions(pending);
    await this.#reactionQueue;
  }

  #runReactions(entries: readonly Entry[]): void {
    if (this.#reactions.length === 0) return;
    this.#reactionQueue = this.#reactionQueue.then(async () => {
      for (const r of this.#reactions) {
        const key = `reaction:${r.name}`;
        const checkpoint = Number(this.#cache.getMeta(key) ?? 0);
        for (const en of entries) {
          if (en.event.position <= checkpoint) continue;
          if (r.types && !r.types.includes(en.event.type)) continue;
          try {
            await r.handle(en.event);
          } catch (error) {
            console.error(`reaction "${r.name}" failed on event ${en.event.id} (${en.event.type}):`, error);
          }
        }
        const last = entries[entries.length - 1];
        if (last && last.event.position > checkpoint) this.#cache.setMeta(key, String(last.event.position));
      }
    });
  }

  #emit(notice: ChangeNotice): void {
    for (const l of this.#listeners) l(notice);
  }

  /** Listens for "read model X changed" notices. Returns an unsubscribe function. */
  onChange(listener: (notice: ChangeNotice) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once the runtime has taken in the log up to `position` (read your own writes). */
  async waitForPosition(position: number): Promise<void> {
    await this.start();
    if (this.timeline.headPosition >= position) return;
    await new Promise<void>((resolve) => this.#waiters.push({ position, resolve }));
  }

  #instance(name: string): ProjectionInstance<unknown> {
    const instance = this.#instances.get(name);
    if (!instance) throw new NotFoundError('projection', name);
    if (instance.status === 'failed') throw instance.lastError!;
    return instance;
  }

  /** Resolves (D, P) from an AsOf: D in epoch ms, P as a log seq. */
  resolve(at: AsOf = {}): { D: number; P: number } {
    const now = () => this.#clock.now();
    let D: number;
    if (typeof at.asOf === 'number') D = at.asOf;
    else D = asOfBound(at.asOf, now);
    let P = this.timeline.headSeq;
    if (at.knownAt !== undefined) {
      const T = typeof at.knownAt === 'number' ? at.knownAt : knownAtBound(at.knownAt, now);
      if (!Number.isFinite(T)) throw new ValidationError([{ path: ['knownAt'], message: 'not a time' }]);
      P = Math.min(P, this.timeline.seqKnownAt(T));
    }
    return { D, P };
  }

  /** The state of a projection as of (asOf, knownAt). Do not mutate it: it may be the live state. */
  async state<S = unknown>(projection: string, at: AsOf = {}): Promise<S> {
    await this.start();
    const instance = this.#instance(projection);
    this.#catchUpClock();
    const { D, P } = this.resolve(at);
    if (instance.liveServes(D, P)) return instance.live!.state as S;
    return instance.stateAt(D, P) as S;
  }

  /**
   * Runs a projection's query as of (asOf, knownAt). Given the projection's definition, the query's
   * name, input and answer are typed from it; by name (a string) only where the read model is not
   * importable (another layer's, or chosen at run time), and then the answer is `unknown`.
   *
   * @example
   * await runtime.query(divisionTree, 'counts', {}, { asOf: '2019-06-01' });
   * await runtime.query(divisionTree, 'counts', {}, { asOf: '2019-06-01', knownAt: '2020-01-15T09:00:00+08:00' });
   * await runtime.query('divisions.tree', 'get', { id }); // by name: unknown
   */
  async query<P extends AnyProjection, K extends QueryName<P>>(
    projection: P,
    queryName: K,
    input: QueryInput<P, K>,
    at?: AsOf,
  ): Promise<QueryOutput<P, K>>;
  async query<R = unknown>(projection: string, queryName: string, input?: unknown, at?: AsOf): Promise<R>;
  async query(
    definition: AnyProjection | string,
    queryName: string,
    input?: unknown,
    at: AsOf = {},
  ): Promise<unknown> {
    await this.start();
    const projection = typeof definition === 'string' ? definition : definition.name;
    const instance = this.#instance(projection);
    const fn = instance.definition.queries[queryName] as
      ((state: unknown, input: unknown) => unknown) | undefined;
    if (typeof fn !== 'function') throw new NotFoundError('query', `${projection}.${queryName}`);
    this.#catchUpClock();
    const { D, P } = this.resolve(at);
    // An answer as of (D, P) never changes: the events known at P are fixed. The live state's
    // answers are keyed by its version. Answers are shared: callers must not mutate them.
    const live = instance.liveServes(D, P);
    const key = `${this.#idOf(instance)}|${live ? `L${instance.liveVersion}` : `${D}|${P}`}|${queryName}|${input === undefined ? '' : JSON.stringify(input)}`;
    if (this.#answers.has(key)) {
      const hit = this.#answers.get(key);
      this.#answers.delete(key);
      this.#answers.set(key, hit);
      return hit;
    }
    const state = live ? instance.live!.state : instance.stateAt(D, P);
    const answer = fn(state, input);
    this.#answers.set(key, answer);
    if (this.#answers.size > 500) this.#answers.delete(this.#answers.keys().next().value!);
    return answer;
  }

  readonly #answers = new Map<string, unknown>();
  readonly #ids = new WeakMap<object, number>();
  #nextId = 0;

  #idOf(instance: object): number {
    let id = this.#ids.get(instance);
    if (id === undefined) this.#ids.set(instance, (id = ++this.#nextId));
    return id;
  }

  /** If a scheduled event's time has passed but its timer has not fired yet, take it in now. */
  #catchUpClock(): void {
    const now = this.#clock.now();
    for (const instance of this.#instances.values()) {
      const live = instance.live;
      if (instance.status !== 'live' || !live) continue;
      const next = this.timeline.entries[this.timeline.upperIndex(live.eff, live.seq)];
      if (next && next.effectiveMs <= now) {
        this.#advanceAll('scheduled');
        return;
      }
    }
  }

  /**
   * Replaces a projection by a new version: the new one is folded in the background from the log
   * while the old one keeps serving, then it takes over and the old one's cache is dropped.
   */
  async replace(definition: AnyProjection): Promise<void> {
    await this.start();
    const def = definition as ProjectionDefinition;
    const old = this.#instances.get(def.name);
    if (old && old.definition.version === def.version) {
      throw new ValidationError([
        {
          path: ['version'],
          message: `projection "${def.name}" is already at version ${def.version}; bump the version to rebuild`,
        },
      ]);
    }
    const instance = new ProjectionInstance(def, this.timeline, this.#policy);
    instance.noteAdded(this.timeline.bySeq);
    const progress = { instance, done: 0, total: this.timeline.entries.length };
    this.#pending.set(def.name, progress);
    const erasures = this.#erasures;
    try {
      await this.#catchUp(instance, 'rebuilding', progress);
    } finally {
      this.#pending.delete(def.name);
    }
    if (this.#stopped) return;
    if (instance.status === 'failed') throw instance.lastError!;
    if (this.#erasures !== erasures) {
      // Someone was erased while it folded: what it folded before holds their clear values.
      instance.snapshots.clear();
      instance.live = undefined;
      instance.advance(this.#clock.now(), this.timeline.headSeq);
      this.#writeCheckpoint(instance, instance.live!);
      this.#cache.scrub();
    }
    this.#instances.set(def.name, instance);
    old?.snapshots.clear();
    this.#emit({ projection: def.name, position: this.timeline.headPosition, reason: 'rebuilt' });
  }

  health(): ProjectionHealth[] {
    const head = this.timeline.headSeq;
    return [...this.#instances.values()].map((i) => {
      const K = i.live?.K ?? -1;
      const pending = this.#pending.get(i.name);
      const h: ProjectionHealth = {
        name: i.name,
        version: i.definition.version,
        status: i.status,
        position: this.timeline.positionOf(K),
        lag: head - K,
        snapshots: i.snapshots.size,
      };
      if (i.lastError) h.lastError = i.lastError.message;
      if (pending)
        h.rebuilding = {
          version: pending.instance.definition.version,
          done: pending.done,
          total: pending.total,
        };
      return h;
    });
  }

  /** The event with this id, if the runtime has seen it. */
  findEvent(id: string): { event: RecordedEvent; retractedBy?: RecordedEvent } | undefined {
    const entry = this.timeline.get(id);
    if (!entry) return undefined;
    const retraction =
      entry.retractedAtSeq === Infinity ? undefined : this.timeline.bySeq[entry.retractedAtSeq]?.event;
    return retraction ? { event: entry.event, retractedBy: retraction } : { event: entry.event };
  }

  get headPosition(): number {
    return this.timeline.headPosition;
  }

  get projections(): string[] {
    return [...this.#instances.keys()];
  }

  /** Writes every live checkpoint, stops following the log and closes the cache. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cancelTimer?.();
    await this.#subscription?.stop();
    try {
      await this.#started;
    } catch {
      // start-up failed; nothing to write
    }
    await this.#reactionQueue;
    for (const instance of this.#instances.values()) {
      if (instance.status === 'live' && instance.live && instance.dirty > 0)
        this.#writeCheckpoint(instance, instance.live);
    }
    this.#cache.close();
  }
}

/**
 * Creates a runtime over a store.
 *
 * @example
 * const runtime = createProjectionRuntime({ store, projections: [countsByTownship], cache: './data/cache.db' });
 * await runtime.start();
 * await runtime.query('demo.counts', 'total', undefined, { asOf: '2019-12-31' });
 */
export function createProjectionRuntime(options: ProjectionRuntimeOptions): ProjectionRuntime {
  return new ProjectionRuntime(options);
}
