/**
 * The one seeded PRNG (mulberry32) of the product: demo generators, tests and benchmarks draw from
 * it, so the same seed gives the same events everywhere.
 */

/** Functions, not methods: each may be passed on alone (`const next = random.next`). */
export interface Random {
  /** A number in [0, 1). */
  readonly next: () => number;
  /** An integer in [min, max]. */
  readonly int: (min: number, max: number) => number;
  readonly pick: <T>(list: readonly T[]) => T;
  /** Shuffles `list` in place (Fisher–Yates) and returns it. */
  readonly shuffle: <T>(list: T[]) => T[];
  /** A standard normal deviate (Box–Muller). */
  readonly normal: () => number;
  /** A key drawn by weight. */
  readonly weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K;
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

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红玲芬燕鹏辉建国志宏文斌海波亮林云飞雪梅丹春晓俊峰鑫凤琴松德成庆学永家兴福'.split(
    '',
  );

/**
 * A plausible Chinese personal name (two or three characters), for demo data.
 *
 * @example
 * personName(seededRandom(7)) // e.g. 王建国
 */
export function personName(random: Random): string {
  const given = random.next() < 0.7 ? random.pick(GIVEN) + random.pick(GIVEN) : random.pick(GIVEN);
  return random.pick(SURNAMES) + given;
}
