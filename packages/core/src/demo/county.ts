/**
 * The demo county as the other modules' generators see it: read from the divisions read models once
 * the divisions demo is recorded (`loadDemoCounty`), or made up for tests (`syntheticDemoCounty`,
 * with the same shape and counts: townships 33 → 13, villages 132 → 83, villager groups 190 → 83).
 */
import { addDays } from '@xianzhi/kernel';
import type { AdjustmentSummary, TreeNode } from '../divisions';
import type { DemoCounty, DivisionRef } from './types';

export const DEMO_DATES: DemoCounty['dates'] = {
  townships: '2019-12-20',
  villages: '2020-06-30',
  groups: '2020-12-31',
};
export const DEMO_TOWNSHIP_DOCUMENT = '川府民政〔2019〕27号';

const ref = (n: TreeNode, parentId?: string): DivisionRef => ({
  id: n.id,
  name: n.name,
  ...(n.code === undefined ? {} : { code: n.code }),
  ...(parentId === undefined ? {} : { parentId }),
});

function collect(node: TreeNode, kind: string, parentId?: string, out: DivisionRef[] = []): DivisionRef[] {
  if (node.kind === kind) out.push(ref(node, parentId));
  for (const c of node.children) collect(c, kind, node.id, out);
  return out;
}

/**
 * Reads the county's townships, villages and villager groups on the eve and on the day of each
 * reform from `divisions.tree`, and the township adjustment's correlation id from `divisions.adjustments`.
 */
export type QueryAsOf = <R = unknown>(
  projection: string,
  query: string,
  input: unknown,
  at: { asOf: string },
) => Promise<R>;

/**
 * @example
 * const county = await loadDemoCounty((p, q, i, at) => runtime.query(p, q, i, at), { countyCode: '510799' });
 */
export async function loadDemoCounty(
  query: QueryAsOf,
  options: { countyCode: string; dates?: DemoCounty['dates']; townshipDocument?: string },
): Promise<DemoCounty> {
  const dates = options.dates ?? DEMO_DATES;
  const documentNo = options.townshipDocument ?? DEMO_TOWNSHIP_DOCUMENT;
  const tree = async (asOf: string) => {
    const [county] = await query<TreeNode[]>(
      'divisions.tree',
      'tree',
      { rootId: options.countyCode },
      { asOf },
    );
    if (!county)
      throw new Error(
        `county ${options.countyCode} does not exist as of ${asOf}; record the divisions demo first`,
      );
    return county;
  };
  const pair = async (day: string, kind: string) => ({
    before: collect(await tree(addDays(day, -1)), kind),
    after: collect(await tree(day), kind),
  });
  const county = await tree(dates.townships);
  const timeline = await query<AdjustmentSummary[]>(
    'divisions.adjustments',
    'timeline',
    {},
    { asOf: dates.townships },
  );
  const adjustment = timeline.find((a) => a.documentNo === documentNo);
  return {
    countyCode: options.countyCode,
    name: county.name,
    county: ref(county),
    dates,
    townshipAdjustment: {
      documentNo,
      effectiveAt: adjustment?.effectiveAt ?? dates.townships,
      ...(adjustment ? { correlationId: adjustment.id } : {}),
    },
    townships: {
      before: (await tree(addDays(dates.townships, -1))).children.map((t) => ref(t, county.id)),
      after: county.children.map((t) => ref(t, county.id)),
    },
    villages: await pair(dates.villages, 'village'),
    groups: await pair(dates.groups, 'villager-group'),
  };
}

/** A made-up county with the demo's shape, for tests that do not record the divisions demo. */
export function syntheticDemoCounty(countyCode = '510799'): DemoCounty {
  let n = 1;
  const id = () => `div-${countyCode}-${++n}`;
  const county: DivisionRef = { id: `div-${countyCode}-1`, name: '青溪县', code: countyCode };
  const townshipsBefore = Array.from({ length: 33 }, (_, i) => ({
    id: id(),
    name: `第${i + 1}镇`,
    code: `${countyCode}${101 + i}`,
    parentId: county.id,
  }));
  const townshipsAfter = townshipsBefore.slice(0, 13);
  // villages: 4 per township; after the township reform they belong to the 13 survivors
  const villagesBefore = townshipsBefore.flatMap((t, ti) =>
    Array.from({ length: 4 }, (_, k) => ({
      id: id(),
      name: `${t.name}${k + 1}村`,
      code: `${t.code}${201 + k}`,
      parentId: townshipsAfter[ti % 13]!.id,
    })),
  );
  const villagesAfter = villagesBefore.slice(0, 83);
  const groupsBefore = villagesBefore.flatMap((v, vi) =>
    Array.from({ length: vi < 58 ? 2 : 1 }, (_, g) => ({
      id: id(),
      name: `${v.name}${g + 1}组`,
      parentId: villagesAfter[vi % 83]!.id,
    })),
  );
  const groupsAfter = groupsBefore.filter((_, i) => i % 2 === 0 || i > 250).slice(0, 83);
  return {
    countyCode,
    name: '青溪县',
    county,
    dates: DEMO_DATES,
    townshipAdjustment: { documentNo: DEMO_TOWNSHIP_DOCUMENT, effectiveAt: DEMO_DATES.townships },
    townships: { before: townshipsBefore, after: townshipsAfter },
    villages: { before: villagesBefore, after: villagesAfter },
    groups: { before: groupsBefore, after: groupsAfter },
  };
}
