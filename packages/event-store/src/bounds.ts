/** Converts the time arguments of `readEffective` into epoch-ms bounds (shared by adapters). */
import { asOfBound, knownAtBound, requireEffectiveAt } from '@xianzhi/kernel';
import type { ReadEffectiveOptions } from './port';

export interface EffectiveBounds {
  maxEffectiveMs: number;
  maxRecordedMs: number;
  minEffectiveMs: number;
}

export function effectiveBounds(options: ReadEffectiveOptions | undefined): EffectiveBounds {
  const o = options ?? {};
  const asOf = o.asOf;
  const knownAt = o.knownAt;
  const from = o.fromEffective;
  return {
    maxEffectiveMs:
      asOf === undefined ? Number.MAX_SAFE_INTEGER : typeof asOf === 'number' ? asOf : asOfBound(asOf),
    maxRecordedMs:
      knownAt === undefined
        ? Number.MAX_SAFE_INTEGER
        : typeof knownAt === 'number'
          ? knownAt
          : knownAtBound(knownAt),
    minEffectiveMs:
      from === undefined
        ? Number.MIN_SAFE_INTEGER
        : typeof from === 'number'
          ? from
          : requireEffectiveAt(from, ['fromEffective']).ms,
  };
}
