/**
 * The runtime's in-memory view of the log, shared by every projection:
 * - `entries`: every event in effective order (effectiveMs, then log order) — what folds walk;
 * - `bySeq`: every event in log order; an event's `seq` (0, 1, 2…) is its index here, and
 *   "as known at T" is the prefix of `bySeq` recorded at or before T (recordedAt never decreases
 *   along the log, so knowledge is always a prefix);
 * - retractions: an entry's `retractedAtSeq` is the seq of the first retraction naming it (Infinity if none),
 *   so "retracted as known at P" is `entry.retractedAtSeq <= P`.
 */
import { eventRetracted, retractedEventId, type RecordedEvent } from '@xianzhi/kernel';

export interface Entry {
  readonly event: RecordedEvent;
  /** Log sequence number (index in log order). */
  readonly seq: number;
  /** effectiveMs, copied for fast comparisons. */
  readonly effectiveMs: number;
  /** Seq of the first retraction of this event; Infinity while none. */
  retractedAtSeq: number;
  /** For a retraction: the entry it retracts (undefined if the target is unknown). */
  target: Entry | undefined;
  /** The event's type as a small number (`Timeline.typeNames[typeIndex]`): folds index their handlers by it. */
  readonly typeIndex: number;
}

export class Timeline {
  readonly entries: Entry[] = [];
  readonly bySeq: Entry[] = [];
  readonly #byId = new Map<string, Entry>();
  /** `bySeq[0 .. #indexed)` are in `#byId`: the id index is built on first use, not at start-up. */
  #indexed = 0;
  readonly #typeIds = new Map<string, number>();
  readonly typeNames: string[] = [];
  /** Retractions added in bulk, resolved by `finishBulk`. */
  #bulkRetractions: Entry[] = [];

  get headSeq(): number {
    return this.bySeq.length - 1;
  }

  get headPosition(): number {
    return this.bySeq.length === 0 ? 0 : this.bySeq[this.bySeq.length - 1]!.event.position;
  }

  /**
   * Adds events that follow the current head in log order. With `bulk`, entries are appended
   * unsorted (call `finishBulk` after the last batch); otherwise each is inserted in effective order.
   * Returns the new entries.
   */
  add(events: readonly RecordedEvent[], options: { bulk?: boolean } = {}): Entry[] {
    const bulk = options.bulk ?? false;
    const added: Entry[] = [];
    for (const e of events) {
      const last = this.bySeq[this.bySeq.length - 1];
      if (last && e.position <= last.event.position) {
        throw new Error(
          `event ${e.id} at position ${e.position} arrived after position ${last.event.position}`,
        );
      }
      let t = this.#typeIds.get(e.type);
      if (t === undefined) {
        t = this.typeNames.length;
        this.typeNames.push(e.type);
        this.#typeIds.set(e.type, t);
      }
      const entry: Entry = {
        event: e,
        seq: this.bySeq.length,
        effectiveMs: e.effectiveMs,
        retractedAtSeq: Infinity,
        target: undefined,
        typeIndex: t,
      };
      this.bySeq.push(entry);
      if (eventRetracted.is(e)) {
        if (bulk) this.#bulkRetractions.push(entry);
        else this.#link(entry, this.get(e.data.eventId));
      }
      added.push(entry);
    }
    if (bulk) for (const entry of added) this.entries.push(entry);
    else if (added.length <= 16) for (const entry of added) this.#insert(entry);
    else this.#merge(added);
    return added;
  }

  /** Inserts a batch by merging it with the tail it overlaps: O(tail + k log k), not O(k × n). */
  #merge(batch: Entry[]): void {
    const sorted = [...batch].sort(compareEntries);
    const list = this.entries;
    const first = sorted[0]!;
    const last = list[list.length - 1];
    if (!last || compareEntries(last, first) < 0) {
      for (const e of sorted) list.push(e);
      return;
    }
    const tail = list.splice(this.upperIndex(first.effectiveMs, first.seq));
    let i = 0;
    let j = 0;
    while (i < tail.length && j < sorted.length)
      list.push(compareEntries(tail[i]!, sorted[j]!) <= 0 ? tail[i++]! : sorted[j++]!);
    while (i < tail.length) list.push(tail[i++]!);
    while (j < sorted.length) list.push(sorted[j++]!);
  }

  /** After bulk adds: puts `entries` in effective order (nearly sorted input: TimSort is fast). */
  finishBulk(): void {
    this.entries.sort(compareEntries);
    const retractions = this.#bulkRetractions;
    this.#bulkRetractions = [];
    if (retractions.length === 0) return;
    // Only the retracted events need finding: one pass with a small set, not a map of every id.
    const wanted = new Set<string>();
    const targetOf = (r: Entry) => retractedEventId(r.event) ?? '';
    for (const r of retractions) wanted.add(targetOf(r));
    const found = new Map<string, Entry>();
    for (const en of this.bySeq)
      if (wanted.has(en.event.id) && !found.has(en.event.id)) found.set(en.event.id, en);
    for (const r of retractions) this.#link(r, found.get(targetOf(r)));
  }

  /** A retraction names an event recorded before it; the first retraction of an event counts. */
  #link(retraction: Entry, target: Entry | undefined): void {
    if (!target || target.seq >= retraction.seq) return;
    retraction.target = target;
    if (target.retractedAtSeq === Infinity) target.retractedAtSeq = retraction.seq;
  }

  #insert(entry: Entry): void {
    const list = this.entries;
    const last = list[list.length - 1];
    if (!last || compareEntries(last, entry) < 0) {
      list.push(entry);
      return;
    }
    list.splice(this.upperIndex(entry.effectiveMs, entry.seq), 0, entry);
  }

  /** First index in effective order whose (eff, seq) is after (eff, seq). */
  upperIndex(eff: number, seq: number): number {
    const list = this.entries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid]!;
      if (m.effectiveMs < eff || (m.effectiveMs === eff && m.seq <= seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The seq of the last event recorded at or before `ms` (-1 when none). */
  seqKnownAt(ms: number): number {
    const list = this.bySeq;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.event.recordedMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The seq of the event at exactly `position`, or undefined. Position 0 maps to -1 (nothing). */
  seqOfPosition(position: number): number | undefined {
    if (position === 0) return -1;
    const list = this.bySeq;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = list[mid]!.event.position;
      if (p === position) return mid;
      if (p < position) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Position of a seq (0 for -1). */
  positionOf(seq: number): number {
    return seq < 0 ? 0 : this.bySeq[seq]!.event.position;
  }

  get(id: string): Entry | undefined {
    const list = this.bySeq;
    for (let i = this.#indexed; i < list.length; i++) this.#byId.set(list[i]!.event.id, list[i]!);
    this.#indexed = list.length;
    return this.#byId.get(id);
  }
}

export function compareEntries(a: Entry, b: Entry): number {
  return a.effectiveMs - b.effectiveMs || a.seq - b.seq;
}
