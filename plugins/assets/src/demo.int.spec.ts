import { describe, expect, it } from 'vitest';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import { DEMO_COUNTY, runDemo } from '@xianzhi/core/demo';
import assets, { ASSETS_DEMO, type HandoverRow, type HoldingRow, type KindTotalRow } from './server';

describe('collective assets demo', () => {
  it('inventories every village before the merger; the merged villages hand over, three still open, one discrepancy open; idempotent', async () => {
    const modules = [divisionsModule, assets];
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(modules.flatMap((m) => m.events)),
    });
    const runtime = createProjectionRuntime({ store, projections: modules.flatMap((m) => m.projections) });
    await runtime.start();
    try {
      await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: [assets] });
      const q = <R>(name: string, input: unknown, asOf: string) =>
        runtime.query<R>(
          'assets.ledger',
          name,
          { countyCode: DEMO_COUNTY.code, ...(input as object) },
          { asOf },
        );
      const before = await q<HoldingRow[]>('holdings', {}, ASSETS_DEMO.inventory);
      expect(before).toHaveLength(132); // the administrative villages before the village merger
      const merged = await q<HandoverRow[]>('handovers', {}, ASSETS_DEMO.merger);
      expect(merged).toHaveLength(132 - 83); // 83 administrative villages after the merger
      expect(merged.every((r) => r.handedOverFen === 0 && !r.complete)).toBe(true);
      const after = await q<HandoverRow[]>('handovers', { open: true }, ASSETS_DEMO.handover);
      // three not handed over, two with a discrepancy
      expect(after.map((r) => [r.handedOverFen === r.inventoriedFen, r.openDiscrepancies])).toEqual(
        expect.arrayContaining([
          [false, 0],
          [true, 1],
        ]),
      );
      expect(after).toHaveLength(ASSETS_DEMO.open + ASSETS_DEMO.discrepancies);
      expect(await q<HandoverRow[]>('handovers', { open: true }, ASSETS_DEMO.resolved)).toHaveLength(
        ASSETS_DEMO.open + ASSETS_DEMO.discrepancies - 1,
      );
      // the county's totals do not change with the mergers: holdings move, none is lost
      const total = async (asOf: string) =>
        (await q<KindTotalRow[]>('totals', {}, asOf)).reduce((n, r) => n + r.amountFen, 0);
      expect(await total(ASSETS_DEMO.handover)).toBe(await total(ASSETS_DEMO.inventory));
      const again = await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: [assets] });
      expect(again.written).toBe(0);
    } finally {
      await runtime.stop();
      await store.close();
    }
  }, 240_000);
});
