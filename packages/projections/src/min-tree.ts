/**
 * A growable segment tree of numbers with range-minimum queries, indexed by log sequence
 * (0, 1, 2… in log order). The runtime stores, per projection, the effective time each event
 * "affects" (see snapshot validity in fold.ts) and asks "does any event recorded between
 * knowledge K and P affect anything before effective time E?" in O(log n).
 */
export class MinTree {
  #size = 1;
  #tree = new Float64Array(2).fill(Infinity);

  /** Sets the value at index `i` (grows as needed). */
  set(i: number, value: number): void {
    if (i >= this.#size) this.#grow(i + 1);
    let n = i + this.#size;
    this.#tree[n] = value;
    n >>= 1;
    while (n >= 1) {
      const l = this.#tree[2 * n]!;
      const r = this.#tree[2 * n + 1]!;
      this.#tree[n] = l < r ? l : r;
      n >>= 1;
    }
  }

  /** Sets `values` at start, start + 1, …: O(n + log size) instead of n × O(log size). */
  setRange(start: number, values: Float64Array): void {
    const end = start + values.length;
    if (end > this.#size) this.#grow(end);
    const size = this.#size;
    const tree = this.#tree;
    tree.set(values, size + start);
    let lo = (size + start) >> 1;
    let hi = (size + end - 1) >> 1;
    while (lo >= 1) {
      for (let n = lo; n <= hi; n++) {
        const l = tree[2 * n]!;
        const r = tree[2 * n + 1]!;
        tree[n] = l < r ? l : r;
      }
      lo >>= 1;
      hi >>= 1;
    }
  }

  /** Minimum over indexes lo..hi inclusive (Infinity for an empty range). */
  min(lo: number, hi: number): number {
    if (lo < 0) lo = 0;
    if (hi >= this.#size) hi = this.#size - 1;
    let result = Infinity;
    let l = lo + this.#size;
    let r = hi + this.#size + 1;
    while (l < r) {
      if (l & 1) {
        const v = this.#tree[l++]!;
        if (v < result) result = v;
      }
      if (r & 1) {
        const v = this.#tree[--r]!;
        if (v < result) result = v;
      }
      l >>= 1;
      r >>= 1;
    }
    return result;
  }

  #grow(needed: number): void {
    let size = this.#size;
    while (size < needed) size *= 2;
    const tree = new Float64Array(2 * size).fill(Infinity);
    tree.set(this.#tree.subarray(this.#size, 2 * this.#size), size);
    for (let n = size - 1; n >= 1; n--) {
      const l = tree[2 * n]!;
      const r = tree[2 * n + 1]!;
      tree[n] = l < r ? l : r;
    }
    this.#size = size;
    this.#tree = tree;
  }
}
