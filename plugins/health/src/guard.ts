/**
 * The check that a facility's division exists, is of the right level (a township for a health
 * centre, a village for a village clinic), lies in the county and has not ended on the date.
 * Divisions live in the division registry (another aggregate), so the check reads the plugin's read
 * model as of the date — before the command runs — and answers the division's id (the caller may
 * name it by its statistical code).
 */
import { InvariantViolation } from '@xianzhi/kernel';
import type { DivisionInfo } from '@xianzhi/divisions-contract';
import { TIER_LABEL, type Tier } from './index';

/** Runs a read-model query as of a date (the runtime's `query`, or a demo context's). */
export type QueryAt = <R = unknown>(
  projection: string,
  query: string,
  input?: unknown,
  at?: { asOf?: string; knownAt?: string },
) => Promise<R>;

const LEVEL_LABEL = { county: 'county', township: 'township', village: 'village' } as const;

export async function resolveFacilityDivision(
  query: QueryAt,
  input: { divisionId: string; countyCode: string; effectiveAt: string; tier: Tier },
): Promise<string> {
  const { divisionId: ref, countyCode, effectiveAt: on, tier } = input;
  const wanted = tier === 'village-clinic' ? 'village' : 'township';
  const d = await query<DivisionInfo | null>('health.facilities', 'division', { id: ref }, { asOf: on });
  if (!d) {
    throw new InvariantViolation(
      `no ${wanted} ${ref} exists as of ${on}; name a ${wanted} of county ${countyCode} by its id or statistical code`,
      { divisionId: ref },
    );
  }
  const label = `${d.name}（${d.code ?? d.id}）`;
  if (d.level !== wanted) {
    throw new InvariantViolation(
      `${label} is a ${LEVEL_LABEL[d.level]}; a ${TIER_LABEL[tier].en} (${TIER_LABEL[tier].zh}) belongs to a ${wanted}`,
      { divisionId: d.id, level: d.level },
    );
  }
  if (d.countyCode !== countyCode) {
    throw new InvariantViolation(
      `${label} lies in county ${d.countyCode ?? '(unknown)'}, not in ${countyCode}; record the facility in its own county`,
      { divisionId: d.id },
    );
  }
  if (d.ended) {
    const how = {
      merged: 'merged into',
      abolished: 'abolished and absorbed by',
      split: 'split, its first part being',
    }[d.ended.how];
    throw new InvariantViolation(
      `${label} was ${how} ${d.ended.successorName} on ${d.ended.on}${d.ended.documentNo ? ` (${d.ended.documentNo})` : ''}; ` +
        `a facility established on ${on} belongs to ${d.ended.successorName} (${d.ended.successorId}) — establish it there`,
      { divisionId: d.id, successorId: d.ended.successorId },
    );
  }
  return d.id;
}
