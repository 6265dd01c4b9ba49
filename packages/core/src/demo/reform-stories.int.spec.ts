/**
 * The stories of the rest of the reform in the demo county — zones, party organisations, power
 * lists, cadre pay and training — recorded through their demo hooks after the divisions and the
 * personnel story, checked against the county report's figures where the demo is built to match them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRegistry, type ModuleDefinition } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, type ProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule, type TreeNode } from '../divisions/server';
import { personnelModule } from '../personnel/server';
import { institutionsModule } from '../institutions/server';
import { zonesModule, type ZoneRow } from '../zones/server';
import { partyModule, type CountyCountRow, type PartySummary } from '../party/server';
import { PARTY_TARGETS } from '../party/demo';
import { powersModule, type PowerItemRow, type PowerTownshipRow } from '../powers/server';
import { POWERS_DEMO } from '../powers/demo';
import { cadresModule, type CourseRow, type PaySummary, type TrainingRow } from '../cadres/server';
import { CADRES_DEMO } from '../cadres/demo';
import type { TownshipRow } from '../institutions/server';
import { DEMO_COUNTY, runDemo } from './index';

const stories: ModuleDefinition[] = [
  personnelModule,
  institutionsModule,
  zonesModule,
  partyModule,
  powersModule,
  cadresModule,
];
const everything = [divisionsModule, ...stories];
const C = DEMO_COUNTY.code;

let store: SqliteEventStore;
let runtime: ProjectionRuntime;

beforeAll(async () => {
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(everything.flatMap((m) => m.events)),
  });
  runtime = createProjectionRuntime({ store, projections: everything.flatMap((m) => m.projections) });
  await runtime.start();
  await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules: stories });
}, 240_000);

afterAll(async () => {
  await runtime.stop();
  await store.close();
});

const query = <R>(projection: string, name: string, input: unknown, asOf?: string) =>
  runtime.query<R>(projection, name, input, asOf ? { asOf } : {});

describe('the reform stories of the demo county', () => {
  it('zones: five zones of the thirteen central towns; the merged townships’ villages count in them from 2019-12-20', async () => {
    const before = await query<ZoneRow[]>('zones.map', 'zones', { countyCode: C }, '2019-12-19');
    const after = await query<ZoneRow[]>('zones.map', 'zones', { countyCode: C }, '2019-12-20');
    expect(before.map((z) => z.name)).toEqual(['中路', '北路', '西路', '东路', '南路']);
    expect(before.map((z) => z.townshipCount)).toEqual([3, 3, 2, 3, 2]);
    const villages = (rows: ZoneRow[]) => rows.reduce((s, z) => s + z.villages + z.communities, 0);
    // before the merger: the central towns' own villages and communities
    const [county] = await query<TreeNode[]>('divisions.tree', 'tree', { rootId: C }, '2019-12-19');
    const central = new Set(before.flatMap((z) => z.townships.map((t) => t.townshipId)));
    expect(villages(before)).toBe(
      county!.children.filter((t) => central.has(t.id)).reduce((s, t) => s + t.children.length, 0),
    );
    expect(villages(before)).toBeLessThan(242);
    expect(villages(after)).toBe(132 + 110); // every village and community of the county
    const realigned = await query<ZoneRow[]>('zones.map', 'zones', { countyCode: C }, '2022-03-01');
    expect(realigned.map((z) => z.townshipCount)).toEqual([3, 3, 2, 2, 3]);
  });

  it('party organisations: the report’s 33 township committees, 218 village committees and 163 general branches before the reform; 13 after', async () => {
    const total = async (asOf: string) =>
      (await query<{ total: CountyCountRow }>('party.organisations', 'counts', { countyCode: C }, asOf))
        .total;
    expect(await total('2019-12-19')).toMatchObject({
      'township-committee': PARTY_TARGETS.townshipCommittees,
      'village-committee': PARTY_TARGETS.villageCommittees,
      'general-branch': PARTY_TARGETS.generalBranches,
      branch: PARTY_TARGETS.groupBranches,
    });
    expect((await total('2019-12-20'))['township-committee']).toBe(13);
    const summary = async (asOf: string) =>
      query<PartySummary>('party.organisations', 'summary', { countyCode: C }, asOf);
    expect(await summary('2019-12-19')).toMatchObject({
      villages: 242,
      villagesWithoutOrganisation: 0,
      villagesWithoutCommittee: 24,
      groups: 190,
      groupsWithBranch: 120,
      pending: 0,
    });
    const after = await summary('2021-07-01');
    expect(after).toMatchObject({ villages: 162, villagesWithoutOrganisation: 0, groups: 83, pending: 0 });
    expect(after.groupsWithBranch).toBeGreaterThan(50);
    // every reform day leaves nothing pending: the organisations merged with their divisions
    for (const day of ['2019-12-20', '2020-06-30', '2020-12-31'])
      expect((await summary(day)).pending).toBe(0);
  });

  it('power lists: approvals in the seven townships with an approval office, enforcement in the ten with a team; the pilot follows the merger', async () => {
    const institutions = await query<TownshipRow[]>('institutions.townships', 'townships', { countyCode: C });
    expect(institutions.filter((r) => r.approvalOffice)).toHaveLength(7);
    const rows = await query<PowerTownshipRow[]>(
      'powers.lists',
      'byTownship',
      { countyCode: C },
      '2022-06-01',
    );
    expect(rows).toHaveLength(13);
    const approving = new Set(institutions.filter((r) => r.approvalOffice).map((r) => r.townshipId));
    const teams = new Set(institutions.filter((r) => r.enforcementTeam).map((r) => r.townshipId));
    for (const r of rows) {
      expect(r.approvals).toBe(approving.has(r.townshipId) ? 8 : 0); // the seven of 2020 and the one of 2022 (the pilot's ended)
      expect(r.enforcement).toBe(teams.has(r.townshipId) ? 6 : 0);
      expect([r.responsibility, r.access]).toEqual([20, 4]);
    }
    // "what may this township approve on date D": before the lists, the pilot (held by the survivor after the merger)
    const pilot = await query<PowerItemRow[]>(
      'powers.lists',
      'items',
      { countyCode: C, list: 'power' },
      '2019-12-19',
    );
    const merged = pilot.filter((i) => !rows.some((r) => r.townshipId === i.townshipId));
    expect(merged.length).toBe(9); // three merged townships, three items each
    const afterMerger = await query<PowerItemRow[]>(
      'powers.lists',
      'items',
      { countyCode: C, list: 'power' },
      '2019-12-20',
    );
    expect(afterMerger).toHaveLength(pilot.length);
    expect(afterMerger.every((i) => rows.some((r) => r.townshipId === i.townshipId))).toBe(true);
    expect(afterMerger.filter((i) => i.listedFor !== null)).toHaveLength(9);
    const first = [...approving][0]!;
    const may = async (asOf: string) =>
      (await query<PowerItemRow[]>('powers.lists', 'mayApprove', { townshipId: first }, asOf)).map(
        (i) => i.code,
      );
    expect(await may(POWERS_DEMO.published)).toHaveLength(7);
    expect(await may(POWERS_DEMO.added)).toContain('XK-006');
    expect(await may(POWERS_DEMO.withdrawn)).not.toContain('XK-004');
  });

  it('cadre pay and training: every village party secretary paid 3,500 元 from 2021 (three short in June, one corrected); forty secretaries and 85% of the two committees trained in 2021', async () => {
    const [december, june] = CADRES_DEMO.months;
    const pay = (month: string, asOf: string) =>
      query<PaySummary>('cadres.overview', 'payAgainstTarget', { month, countyCode: C }, asOf);
    const dec = await pay(december, '2021-01-05'); // the payroll of December is recorded on 2021-01-05
    expect(dec.secretaries).toBeGreaterThan(50);
    // paid on the old scale (the new one is in force when the payroll is recorded)
    expect(dec).toMatchObject({
      scaleFen: 350_000,
      paid: dec.secretaries,
      atTarget: 0,
      belowTarget: dec.secretaries,
      unpaid: 0,
    });
    expect((await pay(december, '2020-12-31')).scaleFen).toBe(280_000);
    const jun = await pay(june, '2021-07-05');
    expect(jun).toMatchObject({
      scaleFen: 350_000,
      paid: jun.secretaries,
      belowTarget: CADRES_DEMO.belowTarget,
      atTarget: jun.secretaries - CADRES_DEMO.belowTarget,
    });
    expect((await pay(june, CADRES_DEMO.correction)).belowTarget).toBe(CADRES_DEMO.belowTarget - 1);
    const training = await query<TrainingRow[]>(
      'cadres.overview',
      'training',
      { year: 2021, countyCode: C },
      CADRES_DEMO.rotation,
    );
    const courses = await query<CourseRow[]>(
      'cadres.overview',
      'courses',
      { year: 2021, countyCode: C },
      '2021-12-31',
    );
    expect(courses.map((c) => [c.title, c.attendees])).toEqual([
      ['村党组织书记示范培训班', CADRES_DEMO.secretaryPlaces],
      [
        '村“两委”干部轮训班',
        Math.round(training.reduce((n, r) => n + r.cadres, 0) * CADRES_DEMO.rotationShare),
      ],
    ]);
    expect(training).toHaveLength(13);
    const cadres = training.reduce((n, r) => n + r.cadres, 0);
    const trained = training.reduce((n, r) => n + r.trained, 0);
    expect(trained / cadres).toBeGreaterThanOrEqual(CADRES_DEMO.rotationShare - 0.01);
    expect(trained).toBeLessThan(cadres);
  });
});
