/**
 * Demo persons: Chinese names from small pools, and birth dates that give an exact age (周岁) on a
 * given day — and the same age the day after, so "before" and "after" a reform compare people, not
 * birthdays.
 */
import { addDays, type Random } from '@xianzhi/kernel';
import { ageOn } from '../model';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split(
    '',
  );
const MALE = '建国明华强伟军平勇杰涛斌超林磊洪志海波宇鹏刚文俊云荣德福成康兵春东亮飞晓忠良'.split('');
const FEMALE = '芳红丽娟秀英霞敏静燕婷琴兰玉桂梅春晓雪莉萍琳慧洁珍凤丹颖'.split('');

export function personName(random: Random, gender: 'male' | 'female'): string {
  const pool = gender === 'male' ? MALE : FEMALE;
  const given = random.next() < 0.65 ? random.pick(pool) + random.pick(pool) : random.pick(pool);
  return random.pick(SURNAMES) + given;
}

const DAY = 86_400_000;

/** A birth date such that the age (周岁) is `age` on `on` and on the day after. */
export function birthDateFor(random: Random, age: number, on: string): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const anniversary = Date.UTC(y - age, m - 1, d);
  const next = addDays(on, 1);
  for (;;) {
    // the last birthday was 2 to 360 days before `on`, so the next one comes after `on` + 1 day
    const birth = new Date(anniversary - random.int(2, 360) * DAY).toISOString().slice(0, 10);
    if (ageOn(birth, on) === age && ageOn(birth, next) === age) return birth;
  }
}

/**
 * Integers drawn around `mean` (± `spread`) within [min, max], then nudged one by one until they sum
 * to `sum` exactly — so the average of a group is what the story says it was.
 */
export function agesSumming(
  random: Random,
  count: number,
  sum: number,
  spread: number,
  min: number,
  max: number,
): number[] {
  if (count === 0) return [];
  if (sum < min * count || sum > max * count)
    throw new Error(`cannot make ${count} ages in [${min}, ${max}] sum to ${sum}`);
  const mean = sum / count;
  const ages = Array.from({ length: count }, () =>
    Math.max(
      min,
      Math.min(max, Math.round(mean + (random.next() + random.next() + random.next() - 1.5) * spread)),
    ),
  );
  let diff = sum - ages.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = random.int(0, count - 1);
    const step = diff > 0 ? 1 : -1;
    const next = ages[i]! + step;
    if (next < min || next > max) continue;
    ages[i] = next;
    diff -= step;
  }
  return ages;
}
