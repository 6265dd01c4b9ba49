/**
 * What a module's demo asks first: the demo county's townships on a date, and the township each of
 * them is part of once a reform has taken effect (itself when it lived on).
 */
import type { DemoContext } from '@xianzhi/kernel';
import type { DivisionInfo } from './where';

/** A node of `divisions.tree` as the demos read it (townships, with their villages as children). */
export interface DemoTreeNode {
  id: string;
  code?: string;
  name: string;
  kind: string;
  children: DemoTreeNode[];
}

/**
 * The county's townships on `before` and, for each, its survivor on `reform`, asked of the module's
 * own `division` query (so the demo sees the divisions exactly as its guards do).
 */
export async function townshipsAcrossReform(
  context: Pick<DemoContext, 'countyCode' | 'query'>,
  divisionQuery: string,
  dates: { before: string; reform: string },
): Promise<{ townships: DemoTreeNode[]; survivorOf: Map<string, string> }> {
  const townships = await demoTownships(context, dates.before);
  const survivorOf = new Map<string, string>();
  for (const t of townships) {
    const info = await context.query<DivisionInfo | null>(
      divisionQuery,
      'division',
      { id: t.id },
      { asOf: dates.reform },
    );
    survivorOf.set(t.id, info?.ended?.successorId ?? t.id);
  }
  return { townships, survivorOf };
}

/** The demo county's townships on a date, with their villages (refused when the county has none yet). */
export async function demoTownships(
  context: Pick<DemoContext, 'countyCode' | 'query'>,
  asOf: string,
): Promise<DemoTreeNode[]> {
  const tree = await context.query<DemoTreeNode[]>(
    'divisions.tree',
    'tree',
    { rootId: context.countyCode, depth: 2 },
    { asOf },
  );
  const root = tree[0];
  if (!root) throw new Error(`the demo county ${context.countyCode} has no divisions as of ${asOf}`);
  return root.children;
}
