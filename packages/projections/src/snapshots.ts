/**
 * Snapshots of one projection. A snapshot is the fold of every event up to a point in effective
 * order (its cursor), as known at log sequence K, excluding events retracted as known at K.
 *
 * It is valid for a query as known at P exactly when no event recorded between K and P (either
 * way) changes what lies before the cursor:
 * - P < K: no event or retraction in (P, K] touched anything up to the cursor. `validFrom` is the
 *   last seq ≤ K that did, tracked while folding, so the test is P ≥ validFrom;
 * - P > K: no event in (K, P] is effective before the cursor, and no retraction there names an
 *   event at or before it. The projection's MinTree holds, per seq, the effective time that event
 *   touches (a retraction's is its target's, minus ½ ms so that "at" counts), so the test is
 *   min over (K, P] ≥ cursor's effective time.
 * Snapshots are therefore never wrong, only sometimes unusable; the nearest usable one is used.
 */
import type { Frozen } from './codec';
import type { MinTree } from './min-tree';

export interface Snapshot<S> {
  /** Cursor: the last known entry folded, (effective ms, seq); (-Infinity, -1) for the initial state. */
  readonly eff: number;
  readonly seq: number;
  /** Knowledge: the fold saw events with seq ≤ K. */
  readonly K: number;
  readonly validFrom: number;
  readonly frozen: Frozen<S>;
  lastUsed: number;
}

export function isValidFor(
  s: { eff: number; K: number; validFrom: number },
  P: number,
  tree: MinTree,
): boolean {
  if (P < s.validFrom) return false;
  if (P <= s.K) return true;
  return tree.min(s.K + 1, P) >= s.eff;
}

export class SnapshotSet<S> {
  /** Sorted by (eff, seq). */
  readonly #list: Snapshot<S>[] = [];
  #clock = 0;
  #bytes = 0;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.#list.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(snapshot: Omit<Snapshot<S>, 'lastUsed'>): void {
    const s: Snapshot<S> = { ...snapshot, lastUsed: ++this.#clock };
    const list = this.#list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid]!;
      if (m.eff < s.eff || (m.eff === s.eff && m.seq <= s.seq)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, s);
    this.#bytes += s.frozen.size;
    if (list.length > this.maxCount || this.#bytes > this.maxBytes) this.#evict();
  }

  /**
   * The usable snapshot with the latest cursor strictly before (eff, seq) — pass (D, Infinity)
   * for "at or before effective time D" — valid as known at P; undefined when none.
   */
  find(eff: number, seq: number, P: number, tree: MinTree): Snapshot<S> | undefined {
    const list = this.#list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid]!;
      if (m.eff < eff || (m.eff === eff && m.seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const s = list[i]!;
      if (isValidFor(s, P, tree)) {
        s.lastUsed = ++this.#clock;
        return s;
      }
    }
    return undefined;
  }

  clear(): void {
    this.#list.length = 0;
    this.#bytes = 0;
  }

  /** Drops the least recently used quarter. */
  #evict(): void {
    const list = this.#list;
    const order = list.map((s) => s.lastUsed).sort((a, b) => a - b);
    const cut = order[Math.floor(order.length / 4)] ?? 0;
    let w = 0;
    let bytes = 0;
    for (const s of list) {
      if (s.lastUsed > cut) {
        list[w++] = s;
        bytes += s.frozen.size;
      }
    }
    list.length = w;
    this.#bytes = bytes;
  }
}
