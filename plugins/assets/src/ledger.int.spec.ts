/**
 * Collective assets on the test county (乙镇 merges into 甲镇 on 2019-12-20, 三村 moving with it;
 * 三村 merges into 一村 on 2020-06-30): inventory only for a live village, a handover only to the
 * village it merged into and of no more than was inventoried, holdings and handover completeness as
 * of a date and as known at a time, discrepancies, backdated and retracted records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { openTestPlatform, testCounty, type TestCounty, type TestPlatform } from '@xianzhi/testkit';
import plugin, {
  recordDiscrepancy,
  recordHandover,
  recordInventory,
  resolveDiscrepancy,
  type HandoverRow,
  type HoldingRow,
  type KindTotalRow,
} from './server';

const COUNTY = '510798';
const doc = (n: number, year = 2020) => ({
  documentNo: `测农发〔${year}〕${n}号`,
  issuedBy: '测试县农业农村局',
});

let p: TestPlatform;
let county: TestCounty;
beforeEach(async () => {
  p = await openTestPlatform({ modules: [plugin] });
  county = await testCounty(p);
});
afterEach(() => p.close());

const inventory = (effectiveAt: string, entries: Record<string, unknown>[]) =>
  p.run(recordInventory, { countyCode: COUNTY, effectiveAt, authority: doc(1), entries });
const handover = (effectiveAt: string, from: string, to: string, items: Record<string, unknown>[]) =>
  p.run(recordHandover, {
    countyCode: COUNTY,
    effectiveAt,
    authority: doc(8),
    fromVillageId: from,
    toVillageId: to,
    signer: '张一',
    items,
  });
const at = (asOf?: string, knownAt?: string) => ({
  ...(asOf ? { asOf } : {}),
  ...(knownAt ? { knownAt } : {}),
});
const handovers = async (asOf: string, knownAt?: string) =>
  (await p.query<HandoverRow[]>('assets.ledger', 'handovers', { countyCode: COUNTY }, at(asOf, knownAt))).map(
    (r) =>
      `${r.fromVillage}→${r.village} ${r.handedOverFen}/${r.inventoriedFen} open:${r.openDiscrepancies}${r.complete ? ' ✓' : ''}`,
  );
const holdings = async (asOf: string) =>
  (await p.query<HoldingRow[]>('assets.ledger', 'holdings', { countyCode: COUNTY }, at(asOf))).map(
    (r) =>
      `${r.township}/${r.village} ${r.fundsFen}+${r.assetsFen}+${r.resourcesFen} ${r.landSqm}m² pending:${r.pendingFen}`,
  );

const SAN = '510798102201';
const YI = '510798101201';
const threeVillage = [
  { villageId: SAN, kind: 'cash', amountFen: 12_345 },
  { villageId: SAN, kind: 'deposit', amountFen: 1_000_000 },
  { villageId: SAN, kind: 'farmland', amountFen: 0, areaSqm: 6_670 },
];

describe('collective assets: rules', () => {
  it('inventories a live village of the county; refuses a township, an unknown or merged village, a fraction of a fen', async () => {
    const r = await inventory('2020-05-31', [
      ...threeVillage,
      { villageId: YI, kind: 'building', amountFen: 50_000_000 },
    ]);
    expect(r.stream).toBe(county.stream);
    await expect(
      inventory('2020-05-31', [{ villageId: '510798101', kind: 'cash', amountFen: 1 }]),
    ).rejects.toThrow(/甲镇（510798101） is a township; collective assets are a village's/);
    await expect(
      inventory('2020-05-31', [{ villageId: '510798101299', kind: 'cash', amountFen: 1 }]),
    ).rejects.toThrow(/no village 510798101299 exists as of 2020-05-31/);
    const merged = inventory('2020-07-01', [{ villageId: SAN, kind: 'cash', amountFen: 1 }]);
    await expect(merged).rejects.toBeInstanceOf(InvariantViolation);
    await expect(merged).rejects.toThrow(
      /三村.* was merged into 一村.* on 2020-06-30.*; its collective assets are inventoried with the village it became, not on 2020-07-01/,
    );
    await expect(
      inventory('2020-05-31', [{ villageId: YI, kind: 'cash', amountFen: 1.5 }]),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      p.run(recordInventory, {
        countyCode: COUNTY,
        effectiveAt: '2020-05-31',
        entries: [{ villageId: YI, kind: 'cash', amountFen: 1 }],
      }),
    ).rejects.toBeInstanceOf(ValidationError); // under a document
  });

  it('hands over only to the village it merged into, from the merger on, and no more than was inventoried', async () => {
    await inventory('2020-05-31', threeVillage);
    await expect(handover('2020-06-29', SAN, YI, [{ kind: 'cash', amountFen: 12_345 }])).rejects.toThrow(
      /三村.* has not merged into 一村.* as of 2020-06-29/,
    );
    await expect(
      handover('2020-07-15', SAN, '510798101202', [{ kind: 'cash', amountFen: 12_345 }]),
    ).rejects.toThrow(/has not merged into 二村/);
    const tooMuch = handover('2020-07-15', SAN, YI, [{ kind: 'cash', amountFen: 12_346 }]);
    await expect(tooMuch).rejects.toBeInstanceOf(InvariantViolation);
    await expect(tooMuch).rejects.toThrow(
      /三村.* holds 123.45 元 of 库存现金 as of 2020-07-15 .*; it cannot hand over 123.46 元 — no handover of more than was inventoried/,
    );
    await expect(
      handover('2020-07-15', SAN, YI, [{ kind: 'farmland', amountFen: 0, areaSqm: 6_671 }]),
    ).rejects.toThrow(/no handover of more than was inventoried/);
    await handover('2020-07-15', SAN, YI, [{ kind: 'cash', amountFen: 10_000 }]);
    // what was handed over is no longer there to hand over
    await expect(handover('2020-07-16', SAN, YI, [{ kind: 'cash', amountFen: 2_346 }])).rejects.toThrow(
      /holds 23.45 元 of 库存现金/,
    );
    await handover('2020-07-16', SAN, YI, [{ kind: 'cash', amountFen: 2_345 }]);
  });

  it('refuses a backdated handover that would leave a later one handing over more than was held, naming the later record', async () => {
    await inventory('2020-05-31', threeVillage);
    await handover('2020-08-31', SAN, YI, [{ kind: 'deposit', amountFen: 1_000_000 }]);
    await expect(handover('2020-07-01', SAN, YI, [{ kind: 'deposit', amountFen: 1 }])).rejects.toThrow(
      /this collective assets record, effective 2020-07-01, contradicts assets.handed-over effective 2020-08-31 \(测农发〔2020〕8号\).*no handover of more than was inventoried/,
    );
  });
});

describe('collective assets: time, completeness, discrepancies', () => {
  it('shows 三村’s holdings as its own before the merger, pending with 一村 after, handed over after the handover', async () => {
    await inventory('2019-06-30', threeVillage);
    expect(await holdings('2019-12-19')).toEqual(['乙镇/三村 1012345+0+0 6670m² pending:0']);
    expect(await holdings('2019-12-20')).toEqual(['甲镇/三村 1012345+0+0 6670m² pending:0']);
    expect(await holdings('2020-06-30')).toEqual(['甲镇/一村 0+0+0 0m² pending:1012345']);
    expect(await handovers('2020-06-30')).toEqual(['三村→一村 0/1012345 open:0']);
    await handover(
      '2020-08-31',
      SAN,
      YI,
      threeVillage.map(({ villageId: _, ...item }) => item),
    );
    expect(await holdings('2020-08-31')).toEqual(['甲镇/一村 1012345+0+0 6670m² pending:0']);
    expect(await handovers('2020-08-31')).toEqual(['三村→一村 1012345/1012345 open:0 ✓']);
    expect(
      (await p.query<KindTotalRow[]>('assets.ledger', 'totals', { countyCode: COUNTY }, at('2020-08-31')))
        .filter((r) => r.amountFen > 0 || r.areaSqm > 0)
        .map((r) => `${r.label} ${r.amountFen} ${r.areaSqm} ${r.villages}`),
    ).toEqual(['库存现金 12345 0 1', '银行存款 1000000 0 1', '集体耕地 0 6670 1']);
    expect(
      await p.query<HandoverRow[]>(
        'assets.ledger',
        'handovers',
        { countyCode: COUNTY, open: true },
        at('2020-08-31'),
      ),
    ).toEqual([]);
  });

  it('an open discrepancy leaves the handover incomplete until resolved; a retracted handover reopens it (as known after)', async () => {
    await inventory('2020-05-31', threeVillage);
    const h = await handover(
      '2020-08-31',
      SAN,
      YI,
      threeVillage.map(({ villageId: _, ...item }) => item),
    );
    const handoverId = (h.events[0]!.data as { handoverId: string }).handoverId;
    await expect(
      p.run(recordDiscrepancy, {
        countyCode: COUNTY,
        effectiveAt: '2020-09-01',
        authority: doc(9),
        handoverId,
        kind: 'building',
        amountFen: 5,
        note: '不符',
      }),
    ).rejects.toThrow(/handed over no 房屋建筑物/);
    await p.run(recordDiscrepancy, {
      countyCode: COUNTY,
      effectiveAt: '2020-09-01',
      authority: doc(9),
      handoverId,
      kind: 'cash',
      amountFen: 2_345,
      note: '现金短缺',
    });
    expect(await handovers('2020-09-01')).toEqual(['三村→一村 1012345/1012345 open:1']);
    await p.run(resolveDiscrepancy, {
      countyCode: COUNTY,
      effectiveAt: '2020-10-01',
      authority: doc(10),
      discrepancyId: 'discrepancy-510798-1',
      resolution: '补交',
    });
    await expect(
      p.run(resolveDiscrepancy, {
        countyCode: COUNTY,
        effectiveAt: '2020-10-02',
        authority: doc(11),
        discrepancyId: 'discrepancy-510798-1',
        resolution: '再次',
      }),
    ).rejects.toThrow(/was resolved on 2020-10-01: 补交/);
    expect(await handovers('2020-10-01')).toEqual(['三村→一村 1012345/1012345 open:0 ✓']);
    const r = await retractEvent(p.store, p.runtime, {
      eventId: h.events[0]!.id,
      reason: '移交清单有误，重新移交',
      authority: doc(12),
    });
    await p.runtime.waitForPosition(r.lastPosition);
    expect(await handovers('2020-10-01')).toEqual(['三村→一村 0/1012345 open:0']);
    expect(await handovers('2020-10-01', new Date(r.events[0]!.recordedMs - 1).toISOString())).toEqual([
      '三村→一村 1012345/1012345 open:0 ✓',
    ]);
  });
});
