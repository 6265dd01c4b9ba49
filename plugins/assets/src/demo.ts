/**
 * The collective assets story of the demo county (deterministic from the seed, idempotent):
 *
 * - 2020-05-31 the inventory (清产核资) of every administrative village before the village mergers:
 *   cash, deposits, buildings, facilities, farmland (with its area);
 * - 2020-08-31 each merged village hands its holdings over to the village it merged into, signed by
 *   the new village's secretary — except three still open; two handovers find a discrepancy, one
 *   resolved on 2020-12-15.
 *
 * The plan is computed from the divisions alone (never from this plugin's read model).
 */
import { seedFor, seededRandom, type DemoContext } from '@xianzhi/kernel';
import { recordDiscrepancy, recordHandover, recordInventory, resolveDiscrepancy } from './decide';
import type { AssetKind } from './index';

interface ListRow {
  id: string;
  name: string;
  kind: string;
}

export const ASSETS_DEMO = {
  inventory: '2020-05-31',
  merger: '2020-06-30',
  handover: '2020-08-31',
  resolved: '2020-12-15',
  open: 3,
  discrepancies: 2,
} as const;

export interface AssetsDemoTotals {
  villages: number;
  merged: number;
  handedOver: number;
  open: number;
  /** Inventoried, fen. */
  totalFen: number;
}

export async function assetsDemo(context: DemoContext): Promise<AssetsDemoTotals> {
  const random = seededRandom(seedFor(context.seed, 'assets'));
  const c = context.countyCode;
  const abbr = '县';
  const authority = (no: number, on: string) => ({
    documentNo: `${abbr}农发〔${on.slice(0, 4)}〕${no}号`,
    issuedBy: '县农业农村局',
  });
  const list = (asOf: string) =>
    context.query<ListRow[]>('divisions.tree', 'list', { level: 'village', rootId: c }, { asOf });
  const before = (await list(ASSETS_DEMO.inventory)).filter((v) => v.kind === '行政村');
  const after = new Set((await list(ASSETS_DEMO.handover)).map((v) => v.id));
  const holdings = new Map<string, { kind: AssetKind; amountFen: number; areaSqm?: number }[]>();
  for (const v of before) {
    holdings.set(v.id, [
      { kind: 'cash', amountFen: random.int(0, 50_000) * 100 + random.int(0, 99) },
      { kind: 'deposit', amountFen: random.int(20_000, 2_000_000) * 100 },
      { kind: 'building', amountFen: random.int(100_000, 3_000_000) * 100 },
      { kind: 'facility', amountFen: random.int(50_000, 1_500_000) * 100 },
      { kind: 'farmland', amountFen: 0, areaSqm: random.int(50, 3_000) * 667 },
    ]);
  }
  await context.execute(
    recordInventory,
    {
      countyCode: c,
      effectiveAt: ASSETS_DEMO.inventory,
      authority: authority(18, ASSETS_DEMO.inventory),
      entries: before.flatMap((v) => holdings.get(v.id)!.map((h) => ({ villageId: v.id, ...h }))),
    },
    { idempotencyKey: `demo:${c}:assets:inventory` },
  );
  const merged: [string, string][] = [];
  for (const v of before) {
    if (after.has(v.id)) continue;
    const [next] =
      (await context.query<{ id: string }[] | null>(
        'divisions.history',
        'successors',
        { id: v.id, on: '2020-06-29' },
        { asOf: ASSETS_DEMO.handover },
      )) ?? [];
    if (next) merged.push([v.id, next.id]);
  }
  const open = new Set(random.shuffle(merged.map(([from]) => from)).slice(0, ASSETS_DEMO.open));
  let handedOver = 0;
  for (const [from, to] of merged) {
    if (open.has(from)) continue;
    await context.execute(
      recordHandover,
      {
        countyCode: c,
        effectiveAt: ASSETS_DEMO.handover,
        authority: authority(40, ASSETS_DEMO.handover),
        fromVillageId: from,
        toVillageId: to,
        signer: '村党组织书记',
        items: holdings.get(from)!,
      },
      { idempotencyKey: `demo:${c}:assets:handover:${from}` },
    );
    handedOver += 1;
  }
  // the handover ids are numbered in the order recorded: the first two get a discrepancy
  for (let n = 1; n <= Math.min(ASSETS_DEMO.discrepancies, handedOver); n++) {
    await context.execute(
      recordDiscrepancy,
      {
        countyCode: c,
        effectiveAt: ASSETS_DEMO.handover,
        authority: authority(41, ASSETS_DEMO.handover),
        handoverId: `handover-${c}-${n}`,
        kind: 'cash',
        amountFen: 123_456,
        note: '账面现金与实存不符',
      },
      { idempotencyKey: `demo:${c}:assets:discrepancy:${n}` },
    );
  }
  if (handedOver > 0) {
    await context.execute(
      resolveDiscrepancy,
      {
        countyCode: c,
        effectiveAt: ASSETS_DEMO.resolved,
        authority: authority(77, ASSETS_DEMO.resolved),
        discrepancyId: `discrepancy-${c}-1`,
        resolution: '原村报账员补交现金，入账',
      },
      { idempotencyKey: `demo:${c}:assets:resolved:1` },
    );
  }
  const totalFen = [...holdings.values()].flat().reduce((n, h) => n + h.amountFen, 0);
  context.log(
    `assets: ${before.length} villages inventoried, ${handedOver} of ${merged.length} merged villages handed over`,
  );
  return { villages: before.length, merged: merged.length, handedOver, open: open.size, totalFen };
}
