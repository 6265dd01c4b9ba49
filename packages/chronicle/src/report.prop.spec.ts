/**
 * The report's numbers are the statistics read models' numbers, for random pairs of dates and as
 * known at random times — before and after a retraction (a village established in error, a station
 * devolved in error, both retracted): the division counts and their percentages, the cadre
 * statistics, the stations, quotas and staff, the service points; and the text says them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '@xianzhi/kernel';
import { cadreStatistics, enactAdjustment, type Counts } from '@xianzhi/core/server';
import type { InstitutionTotals } from '@xianzhi/core';
import { executeCommand, retractEvent } from '@xianzhi/projections';
import { toMarkdown } from './document';
import { REPORT_CADRE_LEVELS, reportDocument, reportFigures } from './report';
import { recordDemo, type DemoPlatform } from './test/demo-platform';

const C = '510799';
let p: DemoPlatform;
/** A time after the mistakes were recorded and before they were retracted. */
let beforeRetraction: string;

beforeAll(async () => {
  p = await recordDemo();
  p.clock.advance(60_000);
  const village = await executeCommand(
    { store: p.store, runtime: p.runtime },
    enactAdjustment,
    {
      countyCode: C,
      authority: { documentNo: '青府发〔2021〕3号', issuedBy: '青溪县人民政府', approvedOn: '2021-02-20' },
      effectiveAt: '2021-03-01',
      changes: [{ op: 'establish', kind: 'village', name: '误建村', parent: '510799118' }],
    },
    { actor: 'spec' },
  );
  const station = (await p.store.readAll()).find((e) => e.type === 'institutions.station-devolved')!;
  p.clock.advance(60_000);
  beforeRetraction = new Date(p.clock.now()).toISOString();
  const authority = { documentNo: '青府发〔2026〕61号', issuedBy: '青溪县人民政府' };
  for (const eventId of [...village.events.map((e) => e.id), station.id]) {
    p.clock.advance(60_000);
    await retractEvent(p.store, p.runtime, {
      eventId,
      reason: 'spec: recorded in error',
      authority,
      actor: 'spec',
    });
  }
  p.clock.advance(60_000);
}, 300_000);
afterAll(async () => p?.close());

const KEYS = {
  township: (c: Counts) => c.byLevel.township,
  village: (c: Counts) => c.byKind.village ?? 0,
  community: (c: Counts) => c.byKind.community ?? 0,
  'villager-group': (c: Counts) => c.byKind['villager-group'] ?? 0,
  'resident-group': (c: Counts) => c.byKind['resident-group'] ?? 0,
};

async function expectReportEqualsReadModels(from: string, to: string, knownAt: string | undefined) {
  const at = (asOf: string) => ({ asOf, ...(knownAt === undefined ? {} : { knownAt }) });
  const figures = (await reportFigures(p.runtime, {
    county: C,
    from,
    to,
    ...(knownAt === undefined ? {} : { knownAt }),
  }))!;
  const county = figures.county.id;
  const before = await p.runtime.query<Counts>('divisions.tree', 'counts', { rootId: county }, at(from));
  const after = await p.runtime.query<Counts>('divisions.tree', 'counts', { rootId: county }, at(to));
  for (const c of figures.counts) {
    const b = KEYS[c.key](before);
    const a = KEYS[c.key](after);
    expect(c, c.key).toEqual({
      key: c.key,
      before: b,
      after: a,
      change: a - b,
      percent: b === 0 ? null : Math.round(((a - b) / b) * 1000) / 10,
    });
  }
  for (const level of REPORT_CADRE_LEVELS) {
    const got = figures.cadres!.find((c) => c.level === level)!;
    for (const [side, date] of [
      ['before', from],
      ['after', to],
    ] as const) {
      const s = await cadreStatistics(p.runtime, { level, countyCode: C, ...at(date) });
      expect(got[side], `${level} ${side}`).toEqual({
        count: s.count,
        averageAge: s.averageAge,
        bachelor: s.bachelorOrHigher.count,
        bachelorPercent: s.bachelorOrHigher.percent,
        dualRole: s.dualRole.dualRole,
        dualRolePercent: s.dualRole.percentOfAll,
      });
    }
  }
  for (const [side, date] of [
    ['before', from],
    ['after', to],
  ] as const) {
    const t = await p.runtime.query<InstitutionTotals>(
      'institutions.townships',
      'totals',
      { countyCode: C },
      at(date),
    );
    expect(figures.institutions![side]).toEqual({
      stations: t.stations,
      quotas: t.quotas,
      staff: t.staff,
      vacancies: t.vacancies,
    });
  }
  expect(figures.services).toEqual(
    await p.runtime.query('services.points', 'counts', { countyCode: C }, at(to)),
  );
  // the text says the numbers
  const text = toMarkdown(reportDocument(figures));
  const t = figures.counts[0]!;
  if (t.before !== t.after && t.before > 0)
    expect(text).toContain(`乡镇由${t.before}个${t.after < t.before ? '减少' : '增加'}为${t.after}个`);
  if (t.percent !== null && t.percent !== 0) expect(text).toContain(`${Math.abs(t.percent).toFixed(1)}%`);
  return figures;
}

const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2018-01-01', n));

describe('the report equals the statistics read models', () => {
  it('as known before the retraction the mistakes count; after it they do not', async () => {
    const then = await expectReportEqualsReadModels('2021-01-01', '2022-01-01', beforeRetraction);
    const now = await expectReportEqualsReadModels('2021-01-01', '2022-01-01', undefined);
    expect(then.counts.find((c) => c.key === 'village')!.after).toBe(
      now.counts.find((c) => c.key === 'village')!.after + 1,
    );
    expect(then.institutions!.after.stations).toBe(now.institutions!.after.stations + 1);
  });

  it('for random pairs of dates, as known now or before the retraction', async () => {
    await fc.assert(
      fc.asyncProperty(day, day, fc.boolean(), async (a, b, known) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        await expectReportEqualsReadModels(from, to, known ? beforeRetraction : undefined);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
