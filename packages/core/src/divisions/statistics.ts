/**
 * Reform statistics between two dates: counts per level and kind before and after, the change, and
 * the percentage computed from the counts (one decimal). Computed from the events — they need not
 * match a report's printed percentages.
 */
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import { KIND_LABEL, LEVELS, LEVEL_LABEL, KINDS } from '@xianzhi/divisions-contract';
import type { Counts } from './tree';

export interface StatisticsRow {
  group: 'level' | 'kind';
  key: string;
  label: string;
  before: number;
  after: number;
  change: number;
  /** (after − before) / before × 100, one decimal; null when before is 0. */
  percent: number | null;
}

export function percentChange(before: number, after: number): number | null {
  if (before === 0) return null;
  return Math.round(((after - before) / before) * 1000) / 10;
}

export async function reformStatistics(
  runtime: ProjectionRuntime,
  input: { from: string; to: string; rootId?: string; knownAt?: AsOf['knownAt'] },
  /** For a token limited to a division: the divisions it sees on a date (only those are counted). */
  within?: (at: AsOf) => Promise<readonly string[] | undefined>,
): Promise<{ from: string; to: string; rows: StatisticsRow[] }> {
  const at = (asOf: string): AsOf =>
    input.knownAt === undefined ? { asOf } : { asOf, knownAt: input.knownAt };
  const counts = async (asOf: string) => {
    const w = await within?.(at(asOf));
    return runtime.query<Counts>(
      'divisions.tree',
      'counts',
      {
        ...(input.rootId === undefined ? {} : { rootId: input.rootId }),
        ...(w === undefined ? {} : { within: w }),
      },
      at(asOf),
    );
  };
  const before = await counts(input.from);
  const after = await counts(input.to);
  const rows: StatisticsRow[] = [];
  for (const level of LEVELS) {
    if (level === 'county') continue;
    const b = before.byLevel[level];
    const a = after.byLevel[level];
    rows.push({
      group: 'level',
      key: level,
      label: LEVEL_LABEL[level].zh,
      before: b,
      after: a,
      change: a - b,
      percent: percentChange(b, a),
    });
  }
  for (const kind of KINDS) {
    if (kind === 'county') continue;
    const b = before.byKind[kind] ?? 0;
    const a = after.byKind[kind] ?? 0;
    if (a === 0 && b === 0) continue;
    rows.push({
      group: 'kind',
      key: kind,
      label: KIND_LABEL[kind].zh,
      before: b,
      after: a,
      change: a - b,
      percent: percentChange(b, a),
    });
  }
  return { from: input.from, to: input.to, rows };
}
