/**
 * One running projection: its live state, its snapshots and the fold that produces both.
 * Everything here is synchronous; the runtime decides when to call it.
 */
import { RETRACTION_TYPE, type Evolver, type ProjectionDefinition } from '@xianzhi/kernel';
import { codecFor, type StateCodec } from './codec';
import { ProjectionFailed } from './errors';
import { MinTree } from './min-tree';
import { SnapshotSet, isValidFor } from './snapshots';
import type { Entry, Timeline } from './timeline';

const DAY_MS = 86_400_000;

export interface SnapshotPolicy {
  /** Take a snapshot after this many applied events (default 2,000). */
  events: number;
  /** …or when this many days of effective time have passed since the last one (default 90). */
  days: number;
  /** Most snapshots kept per projection (least recently used are dropped; default 4,000). */
  maxCount: number;
  /** Most bytes of frozen state kept per projection (default 256 MiB). */
  maxBytes: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  events: 2_000,
  days: 90,
  maxCount: 4_000,
  maxBytes: 256 * 2 ** 20,
};

/** A folded state: every known (seq ≤ K) entry up to cursor (eff, seq), minus retractions known at K. */
export interface FoldedState<S> {
  state: S;
  eff: number;
  seq: number;
  K: number;
  validFrom: number;
  /**
   * Live state only: every entry up to this point (effective ms, seq) has been looked at; those
   * after the cursor are other modules' events. The next live fold may start here.
   */
  scanEff?: number;
  scanSeq?: number;
}

export interface FoldResult<S> extends FoldedState<S> {
  applied: number;
  /** False when `maxEntries` stopped the fold early; resume with `scanFrom: { eff: scanEff, seq: scanSeq }`. */
  done: boolean;
  scanEff: number;
  scanSeq: number;
}

/** How a fold runs: whether it keeps snapshots on the way, how much it may do, where it resumes. */
export interface FoldOptions {
  /** Keep snapshots at the policy's spacing (live folds); one-off as-of folds do not. */
  takeSnapshots: boolean;
  /** Stop after looking at this many entries (background rebuilds); default: no limit. */
  maxEntries?: number;
  /** Resume the scan here (a previous result's `scanEff`/`scanSeq`) instead of at `from`'s cursor. */
  scanFrom?: { eff: number; seq: number };
  /** The distance from the last snapshot a previous fold left (live folds continue it). */
  spacing?: SnapshotSpacing;
}

/** How far the fold is from its last snapshot: applied events and effective time. */
export interface SnapshotSpacing {
  since: number;
  lastEff: number;
}

export type ProjectionStatus = 'catching-up' | 'live' | 'rebuilding' | 'failed';

export class ProjectionInstance<S> {
  readonly codec: StateCodec<S>;
  readonly tree = new MinTree();
  readonly snapshots: SnapshotSet<S>;
  readonly #handlers = new Map<string, Evolver<S>>();
  /** Handlers by the timeline's type numbers (null: not handled), extended as new types appear. */
  readonly #byType: (Evolver<S> | null)[] = [];
  live: FoldedState<S> | undefined;
  status: ProjectionStatus = 'catching-up';
  lastError: ProjectionFailed | undefined;
  /** Applied events since the live state was last written to the cache. */
  dirty = 0;
  /** Snapshot spacing of the live fold, kept across calls (live events arrive in small batches). */
  readonly liveSpacing: SnapshotSpacing = { since: 0, lastEff: Number.NaN };
  /**
   * Size of the last frozen snapshot. Freezing costs time in proportion to the state's size, so a
   * large state is snapshotted less often: at least one applied event per 64 bytes of state between
   * snapshots keeps freezing well under the cost of folding.
   */
  #lastSnapshotBytes = 0;

  constructor(
    readonly definition: ProjectionDefinition<S>,
    private readonly timeline: Timeline,
    private readonly policy: SnapshotPolicy,
  ) {
    this.codec = codecFor(definition);
    this.snapshots = new SnapshotSet<S>(policy.maxCount, policy.maxBytes);
    for (const [type, fn] of Object.entries(definition.evolve)) {
      if (type !== RETRACTION_TYPE) this.#handlers.set(type, fn);
    }
  }

  #handlersByType(): (Evolver<S> | null)[] {
    const names = this.timeline.typeNames;
    for (let t = this.#byType.length; t < names.length; t++)
      this.#byType.push(this.#handlers.get(names[t]!) ?? null);
    return this.#byType;
  }

  get name(): string {
    return this.definition.name;
  }

  relevant(type: string): boolean {
    return this.#handlers.has(type);
  }

  /** Records, for each new entry, the effective time it touches (see snapshots.ts). */
  noteAdded(entries: readonly Entry[]): void {
    const n = entries.length;
    if (n > 64 && entries[n - 1]!.seq - entries[0]!.seq === n - 1) {
      // Consecutive seqs (start-up, rebuilds, big batches): fill the leaves, build the tree once.
      const values = new Float64Array(n).fill(Infinity);
      for (let i = 0; i < n; i++) {
        const en = entries[i]!;
        if (en.target) {
          if (this.#handlers.has(en.target.event.type)) values[i] = en.target.effectiveMs - 0.5;
        } else if (this.#handlers.has(en.event.type)) values[i] = en.effectiveMs;
      }
      this.tree.setRange(entries[0]!.seq, values);
      return;
    }
    for (const en of entries) {
      if (en.target) {
        if (this.#handlers.has(en.target.event.type)) this.tree.set(en.seq, en.target.effectiveMs - 0.5);
      } else if (this.#handlers.has(en.event.type)) {
        this.tree.set(en.seq, en.effectiveMs);
      }
    }
  }

  initial(): FoldedState<S> {
    return { state: this.definition.initialState(), eff: -Infinity, seq: -1, K: -1, validFrom: -1 };
  }

  /** A private copy of the best starting point for (D, P): a usable snapshot or the initial state. */
  base(D: number, P: number): FoldedState<S> {
    const snap = this.snapshots.find(D, Infinity, P, this.tree);
    if (!snap) return this.initial();
    return {
      state: this.codec.thaw(snap.frozen),
      eff: snap.eff,
      seq: snap.seq,
      K: P,
      validFrom: snap.validFrom,
    };
  }

  /** The state as of effective time D as known at seq P (a private copy). */
  stateAt(D: number, P: number): S {
    const r = this.fold(this.base(D, P), D, P, { takeSnapshots: false });
    // An as-of fold keeps at most one snapshot, where it ended, and only after a long fold: freezing
    // at the live policy's spacing made one-off (D, T) queries pay dozens of freezes each.
    if (r.seq >= 0 && r.applied >= this.policy.events) {
      this.snapshots.add({
        eff: r.eff,
        seq: r.seq,
        K: P,
        validFrom: r.validFrom,
        frozen: this.codec.freeze(r.state),
      });
    }
    return r.state;
  }

  /**
   * Folds `from` forward to effective time D as known at P (mutating and returning `from`).
   * `maxEntries` bounds the work (for background rebuilds); `scan` tells where it stopped.
   */
  fold(from: FoldedState<S>, D: number, P: number, options: FoldOptions): FoldResult<S> {
    const {
      takeSnapshots,
      maxEntries = Infinity,
      scanFrom,
      spacing = { since: 0, lastEff: Number.NaN },
    } = options;
    const list = this.timeline.entries;
    const handlers = this.#handlersByType();
    const policy = this.policy;
    let { state, eff, seq, validFrom } = from;
    let i = scanFrom
      ? this.timeline.upperIndex(scanFrom.eff, scanFrom.seq)
      : this.timeline.upperIndex(eff, seq);
    let applied = 0;
    let sinceSnapshot = spacing.since;
    let lastSnapshotEff = spacing.lastEff;
    let scanned = 0;
    let scanEff = eff;
    let scanSeq = seq;
    let done = true;
    for (; i < list.length; i++) {
      const en = list[i]!;
      if (en.effectiveMs > D) break;
      if (scanned++ >= maxEntries) {
        done = false;
        break;
      }
      scanEff = en.effectiveMs;
      scanSeq = en.seq;
      if (en.seq > P) continue;
      const handler = handlers[en.typeIndex];
      if (!handler) continue;
      // The cursor moves only over entries this projection handles: other modules' events
      // recorded "now" must not make a backdated event of ours look out of order.
      eff = en.effectiveMs;
      seq = en.seq;
      if (en.seq > validFrom) validFrom = en.seq;
      if (en.retractedAtSeq <= P) {
        if (en.retractedAtSeq > validFrom) validFrom = en.retractedAtSeq;
        continue;
      }
      try {
        state = handler(state, en.event);
      } catch (error) {
        throw new ProjectionFailed(this.name, en.event.id, en.event.type, en.event.position, error);
      }
      applied++;
      if (takeSnapshots) {
        sinceSnapshot++;
        if (Number.isNaN(lastSnapshotEff)) lastSnapshotEff = eff;
        const byCost = this.#lastSnapshotBytes >> 6;
        if (
          (sinceSnapshot >= policy.events && sinceSnapshot >= byCost) ||
          (eff - lastSnapshotEff >= policy.days * DAY_MS && sinceSnapshot >= byCost)
        ) {
          const frozen = this.codec.freeze(state);
          this.#lastSnapshotBytes = frozen.size;
          this.snapshots.add({ eff, seq, K: P, validFrom, frozen });
          sinceSnapshot = 0;
          lastSnapshotEff = eff;
        }
      }
    }
    spacing.since = sinceSnapshot;
    spacing.lastEff = lastSnapshotEff;
    return { state, eff, seq, K: P, validFrom, applied, done, scanEff, scanSeq };
  }

  /**
   * Brings the live state to (now, head). Folds forward when the live state is still valid for the
   * new knowledge; otherwise rewinds to the nearest usable snapshot and folds again. Returns
   * whether the state changed.
   */
  advance(now: number, head: number): { changed: boolean; rewound: boolean } {
    const live = this.live;
    if (live && isValidFor(live, head, this.tree)) {
      // Resume after the last entry looked at, unless a new event of ours lies before it.
      const skip =
        live.scanEff !== undefined &&
        live.scanSeq !== undefined &&
        (head <= live.K || this.tree.min(live.K + 1, head) >= live.scanEff);
      const r = this.fold(live, now, head, {
        takeSnapshots: true,
        scanFrom: skip ? { eff: live.scanEff!, seq: live.scanSeq! } : undefined,
        spacing: this.liveSpacing,
      });
      this.live = this.#liveFrom(r, head, skip ? live : undefined);
      this.dirty += r.applied;
      if (r.applied > 0) this.liveVersion++;
      return { changed: r.applied > 0, rewound: false };
    }
    this.liveSpacing.since = 0;
    this.liveSpacing.lastEff = Number.NaN;
    const r = this.fold(this.base(now, head), now, head, { takeSnapshots: true, spacing: this.liveSpacing });
    this.live = this.#liveFrom(r, head, undefined);
    this.dirty += Math.max(1, r.applied);
    this.liveVersion++;
    return { changed: true, rewound: live !== undefined };
  }

  /** Counts changes of the live state (answers cached for it are keyed by this). */
  liveVersion = 0;

  #liveFrom(r: FoldResult<S>, head: number, previous: FoldedState<S> | undefined): FoldedState<S> {
    const next: FoldedState<S> = { state: r.state, eff: r.eff, seq: r.seq, K: head, validFrom: r.validFrom };
    // The scan point is the later of where this fold stopped looking and where the last one did.
    let scanEff = r.scanEff;
    let scanSeq = r.scanSeq;
    if (
      previous?.scanEff !== undefined &&
      previous.scanSeq !== undefined &&
      (previous.scanEff > scanEff || (previous.scanEff === scanEff && previous.scanSeq > scanSeq))
    ) {
      scanEff = previous.scanEff;
      scanSeq = previous.scanSeq;
    }
    if (scanEff > next.eff || (scanEff === next.eff && scanSeq > next.seq)) {
      next.scanEff = scanEff;
      next.scanSeq = scanSeq;
    }
    return next;
  }

  /** True when the live state may be served for (D, P) as it is. */
  liveServes(D: number, P: number): boolean {
    const live = this.live;
    if (!live || P !== live.K || D < live.eff) return false;
    const from =
      live.scanEff !== undefined && live.scanSeq !== undefined
        ? this.timeline.upperIndex(live.scanEff, live.scanSeq)
        : this.timeline.upperIndex(live.eff, live.seq);
    const next = this.timeline.entries[from];
    // Everything up to D must already have been looked at: the next entry must lie after D.
    return next === undefined || next.effectiveMs > D;
  }
}
