/**
 * The check that a school's township exists, lies in the county and has not ended on the opening
 * date. Townships live in the division registry (another aggregate), so the check reads the
 * plugin's read model as of the date — before the command runs — and answers the township's id
 * (the caller may name it by its 9-digit code).
 */
import { InvariantViolation } from '@xianzhi/kernel';
import type { DivisionInfo } from '@xianzhi/divisions-contract';

/** Runs a read-model query as of a date (the runtime's `query`, or a demo context's). */
export type QueryAt = <R = unknown>(
  projection: string,
  query: string,
  input?: unknown,
  at?: { asOf?: string; knownAt?: string },
) => Promise<R>;

export async function resolveTownship(
  query: QueryAt,
  input: { townshipId: string; countyCode: string; effectiveAt: string },
): Promise<string> {
  const { townshipId: ref, countyCode, effectiveAt: on } = input;
  const d = await query<DivisionInfo | null>('education.schools', 'division', { id: ref }, { asOf: on });
  if (!d) {
    throw new InvariantViolation(
      `no township ${ref} exists as of ${on}; name a township of county ${countyCode} by its id or 9-digit code`,
      { townshipId: ref },
    );
  }
  const label = `${d.name}（${d.code ?? d.id}）`;
  if (d.level !== 'township')
    throw new InvariantViolation(`${label} is a ${d.level}, not a township; a school belongs to a township`, {
      townshipId: d.id,
    });
  if (d.countyCode !== countyCode) {
    throw new InvariantViolation(
      `${label} lies in county ${d.countyCode ?? '(unknown)'}, not in ${countyCode}; record the school in its own county`,
      { townshipId: d.id },
    );
  }
  if (d.ended && d.ended.successorId === null) {
    throw new InvariantViolation(
      `${label} was abolished with no successor on ${d.ended.on}${d.ended.documentNo ? ` (${d.ended.documentNo})` : ''}; ` +
        `a school opened on ${on} belongs to a township that exists then — name it`,
      { townshipId: d.id },
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
        `a school opened on ${on} belongs to ${d.ended.successorName} (${d.ended.successorId}) — open it there`,
      { townshipId: d.id, successorId: d.ended.successorId },
    );
  }
  return d.id;
}
