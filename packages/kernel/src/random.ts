/**
 * The one seeded PRNG (mulberry32) of the product: demo generators, tests and benchmarks draw from
 * it, so the same seed gives the same events everywhere.
 */

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  /** Shuffles `list` in place (Fisher–Yates) and returns it. */
  shuffle<T>(list: T[]): T[];
  /** A standard normal deviate (Box–Muller). */
  normal(): number;
  /** A key drawn by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/**
 * A deterministic random source: the same seed gives the same sequence.
 *
 * @example
 * const random = seededRandom(seedFor(context.seed, 'education'));
 * const township = random.pick(townships);
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    shuffle: (list) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights & string, number][];
      let x = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) if ((x -= w) < 0) return k;
      return entries[entries.length - 1]![0];
    },
  };
}

/**
 * Mixes a label into a seed, so each module draws its own sequence from the demo's seed and adding
 * one module never changes another's story.
 *
 * @example
 * seededRandom(seedFor(2019, 'talent'))
 */
export function seedFor(seed: number, label: string): number {
  let h = seed >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
