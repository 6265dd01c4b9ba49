/**
 * What a module's demo asks first: the demo county's townships before a reform, and the township
 * each of them is part of once the reform has taken effect (itself when it lived on).
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
  const tree = await context.query<DemoTreeNode[]>('divisions.tree', 'tree', { rootId: context.countyCode, depth: 2 }, { asOf: dates.before });
  const root = tree[0];
  if (!root) throw new Error(`the demo county ${context.countyCode} has no divisions as of ${dates.before}`);
  const survivorOf = new Map<string, string>();
  for (const t of root.children) {
    const info = await context.query<DivisionInfo | null>(divisionQuery, 'division', { id: t.id }, { asOf: dates.reform });
    survivorOf.set(t.id, info?.ended?.successorId ?? t.id);
  }
  return { townships: root.children, survivorOf };
}
