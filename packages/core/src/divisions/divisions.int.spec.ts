import { afterEach, describe, expect, it } from 'vitest';
import { EventRegistry, InvariantViolation, ValidationError, parseEffectiveAt } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  createProjectionRuntime,
  executeCommand,
  retractEvent,
  type ProjectionRuntime,
} from '@xianzhi/projections';
import {
  divisionsModule,
  enactAdjustment,
  reformStatistics,
  type Counts,
  type EnactAdjustmentInput,
  type TreeNode,
} from './server';

const COUNTY = '510722';
const authority = (documentNo: string, approvedOn = '2019-11-28') => ({
  documentNo,
  issuedBy: '四川省人民政府',
  approvedOn,
});

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let clock: ManualClock;

async function setup() {
  clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(divisionsModule.events),
    now: () => clock.now(),
  });
  runtime = createProjectionRuntime({ store, projections: divisionsModule.projections, clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const enact = (input: EnactAdjustmentInput, key?: string) => {
  clock.advance(60_000);
  return executeCommand({ store, runtime }, enactAdjustment, input, {
    actor: 'test',
    ...(key ? { idempotencyKey: key } : {}),
  });
};

async function foundCounty() {
  return enact({
    countyCode: COUNTY,
    authority: authority('川府函〔1992〕140号', '1992-07-01'),
    effectiveAt: '1992-08-01',
    changes: [
      { op: 'establish', kind: 'county', name: '三台县' },
      {
        op: 'establish',
        kind: 'town',
        name: '潼川镇',
        parent: COUNTY,
        code: '510722100',
        classification: 'main-urban-town',
      },
      { op: 'establish', kind: 'town', name: '石安镇', parent: COUNTY, code: '510722101' },
      { op: 'establish', kind: 'xiang', name: '金石乡', parent: COUNTY, code: '510722200' },
      { op: 'establish', kind: 'village', name: '凤凰村', parent: '510722100', code: '510722100201' },
      { op: 'establish', kind: 'community', name: '东街社区', parent: '510722100', code: '510722100001' },
      { op: 'establish', kind: 'village', name: '柳林村', parent: '510722101', code: '510722101201' },
      { op: 'establish', kind: 'village', name: '长丰村', parent: '510722101' },
      { op: 'establish', kind: 'village', name: '金石村', parent: '510722200', code: '510722200201' },
      { op: 'establish', kind: 'villager-group', name: '一组', parent: '510722101201' },
    ],
  });
}

const merge2019 = (): EnactAdjustmentInput => ({
  countyCode: COUNTY,
  authority: authority('川府民政〔2019〕27号'),
  effectiveAt: '2019-12-20',
  changes: [{ op: 'merge', sources: ['510722101'], into: '510722100' }],
});

const counts = (asOf?: string, knownAt?: number) =>
  runtime.query<Counts>(
    'divisions.tree',
    'counts',
    {},
    { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
  );

describe('divisions', () => {
  it('records a county, assigns the next free codes, and answers the tree as of dates', async () => {
    await setup();
    const r = await foundCounty();
    expect(r.events).toHaveLength(10);
    expect(r.events.every((e) => e.metadata.authority?.documentNo === '川府函〔1992〕140号')).toBe(true);
    expect(r.events[7]!.data).toMatchObject({ name: '长丰村', code: '510722101202' });
    expect((await counts()).byLevel).toEqual({ county: 1, township: 3, village: 5, group: 1 });
    expect((await counts('1992-07-31')).byLevel.township).toBe(0);
    const [county] = await runtime.query<TreeNode[]>('divisions.tree', 'tree', {});
    expect(county!.children.map((t) => t.name)).toEqual(['潼川镇', '石安镇', '金石乡']);
  });

  it('merges townships: sources end, children move with new codes, as-of answers before and after, lineage with the document', async () => {
    await setup();
    await foundCounty();
    const r = await enact(merge2019());
    const merged = r.events[0]!.data as { moves: { id: string; code?: string }[] };
    expect(merged.moves.map((m) => m.code)).toEqual(['510722100202', '510722100203']);
    expect((await counts('2019-12-19')).byLevel.township).toBe(3);
    expect((await counts('2019-12-20')).byLevel.township).toBe(2);
    const shian = (
      await runtime.query<TreeNode[]>('divisions.tree', 'search', { q: '石安' }, { asOf: '2019-06-01' })
    )[0]!;
    const lineage = await runtime.query<{
      edges: { from: string; to: string; how: string; documentNo?: string }[];
      nodes: { name: string }[];
    }>('divisions.history', 'lineage', { id: shian.id });
    expect(lineage.edges).toEqual([
      expect.objectContaining({
        from: shian.id,
        how: 'merged',
        documentNo: '川府民政〔2019〕27号',
        effectiveAt: '2019-12-20',
      }),
    ]);
    expect(lineage.nodes.map((n) => n.name).sort()).toEqual(['潼川镇', '石安镇']);
    // "what is 柳林村 (510722101201) of 2019 today?" — the same village, under 潼川镇, with a new code
    const history = await runtime.query<{
      codes: { value: string | null; from: string; to: string | null }[];
    }>('divisions.history', 'history', { id: '510722101201', on: '2019-01-01' });
    expect(history.codes.map((c) => [c.value, c.from, c.to])).toEqual([
      ['510722101201', '1992-08-01', '2019-12-20'],
      ['510722100202', '2019-12-20', null],
    ]);
    const successors = await runtime.query<{ name: string }[]>('divisions.history', 'successors', {
      id: '510722101',
      on: '2019-01-01',
    });
    expect(successors.map((s) => s.name)).toEqual(['潼川镇']);
  });

  it('refuses changes to divisions that ended or do not exist yet, naming the document', async () => {
    await setup();
    await foundCounty();
    await enact(merge2019());
    const late = enact({
      ...merge2019(),
      effectiveAt: '2020-03-01',
      authority: authority('三府函〔2020〕1号', '2020-02-01'),
      changes: [{ op: 'merge', sources: ['510722101'], into: '510722200' }],
    });
    await expect(late).rejects.toBeInstanceOf(InvariantViolation);
    await expect(late).rejects.toThrow(
      /石安镇（510722101） was merged into another on 2019-12-20 \(川府民政〔2019〕27号\); it cannot be merged on 2020-03-01/,
    );
    const early = enact({
      ...merge2019(),
      effectiveAt: '1990-01-01',
      authority: authority('x', '1990-01-01'),
    });
    await expect(early).rejects.toThrow(/only established on 1992-08-01/);
    const head = await store.headPosition();
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses code collisions, retired codes, wrong ranges and orphans', async () => {
    await setup();
    await foundCounty();
    await enact(merge2019());
    const base = {
      countyCode: COUNTY,
      authority: authority('三府函〔2021〕2号', '2021-01-01'),
      effectiveAt: '2021-02-01',
    };
    await expect(
      enact({
        ...base,
        changes: [{ op: 'establish', kind: 'town', name: '新镇', parent: COUNTY, code: '510722100' }],
      }),
    ).rejects.toThrow(/already held by 镇 潼川镇/);
    await expect(
      enact({
        ...base,
        changes: [{ op: 'establish', kind: 'town', name: '新镇', parent: COUNTY, code: '510722101' }],
      }),
    ).rejects.toThrow(/was retired on 2019-12-20/);
    await expect(
      enact({
        ...base,
        changes: [{ op: 'establish', kind: 'town', name: '新镇', parent: COUNTY, code: '510722250' }],
      }),
    ).rejects.toThrow(/takes 100–199/);
    await expect(
      enact({
        ...base,
        changes: [
          { op: 'split', source: '510722100', parts: [{ name: '东城镇', children: [] }], sourceEnds: true },
        ],
      }),
    ).rejects.toThrow(/no orphans/);
    const bad = enact({ ...base, changes: [{ op: 'merge', sources: [], into: '510722100' }] });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    const next = await enact({
      ...base,
      changes: [{ op: 'establish', kind: 'town', name: '新镇', parent: COUNTY }],
    });
    expect(next.events[0]!.data).toMatchObject({ code: '510722102' }); // after the highest ever used, retired 101 included
  });

  it('refuses a backdated adjustment that contradicts a later one, naming it', async () => {
    await setup();
    await foundCounty();
    const merge = await enact(merge2019());
    const backdated = enact({
      countyCode: COUNTY,
      authority: authority('三府函〔2019〕9号', '2019-05-01'),
      effectiveAt: '2019-06-01',
      changes: [{ op: 'abolish', division: '510722101', absorbedBy: '510722200' }],
    });
    await expect(backdated).rejects.toThrow(
      new RegExp(
        `contradicts divisions.merged effective 2019-12-20 \\(川府民政〔2019〕27号\\), recorded .* as event ${merge.events[0]!.id}`,
      ),
    );
    // a backdated rename does not contradict anything
    await enact({
      countyCode: COUNTY,
      authority: authority('三府函〔2019〕10号', '2019-05-01'),
      effectiveAt: '2019-06-01',
      changes: [{ op: 'rename', division: '510722200', name: '金石新乡' }],
    });
    const t = await runtime.query<TreeNode[]>('divisions.tree', 'search', { q: '金石新乡' });
    expect(t).toHaveLength(1);
  });

  it('changes kind (撤乡设镇) with a code in the new range and re-codes the children; transfers and reclassifies', async () => {
    await setup();
    await foundCounty();
    const base = {
      countyCode: COUNTY,
      authority: authority('川府民政〔2015〕3号', '2015-01-01'),
      effectiveAt: '2015-03-01',
    };
    const r = await enact({
      ...base,
      changes: [
        { op: 'change-kind', division: '510722200', kind: 'town' },
        { op: 'reclassify', division: '510722102', classification: 'central-town' },
      ],
    });
    expect(r.events[0]!.data).toMatchObject({
      kind: 'town',
      code: '510722102',
      previousCode: '510722200',
      moves: [{ code: '510722102201' }],
    });
    const t = await enact({
      ...base,
      effectiveAt: '2016-01-01',
      changes: [{ op: 'transfer', division: '510722102201', parent: '510722100' }],
    });
    expect(t.events[0]!.data).toMatchObject({ code: '510722100202', previousCode: '510722102201' });
    const jinshi = (await runtime.query<TreeNode[]>('divisions.tree', 'search', { q: '金石' }))[0]!;
    expect(jinshi).toMatchObject({ kind: 'town', code: '510722102', classification: 'central-town' });
    expect(
      (await runtime.query<TreeNode[]>('divisions.tree', 'search', { q: '金石' }, { asOf: '2014-12-31' }))[0],
    ).toMatchObject({ kind: 'xiang', code: '510722200' });
  });

  it('retracting a merge: gone as known now, still there as known before the retraction', async () => {
    await setup();
    await foundCounty();
    const merge = await enact(merge2019());
    clock.advance(3_600_000);
    const r = await retractEvent(store, runtime, {
      eventId: merge.events[0]!.id,
      reason: '批复文号错误',
      authority: authority('川府民政〔2020〕1号'),
    });
    await runtime.waitForPosition(r.lastPosition);
    expect((await counts('2020-06-01')).byLevel.township).toBe(3);
    expect((await counts('2020-06-01', r.events[0]!.recordedMs - 1)).byLevel.township).toBe(2);
    // the registry decider ignores the retracted merge: 石安镇 can be merged again
    await enact({ ...merge2019(), authority: authority('川府民政〔2020〕5号') });
    expect((await counts('2020-06-01')).byLevel.township).toBe(2);
  });

  it('computes reform statistics from the counts, with one-decimal percentages', async () => {
    await setup();
    await foundCounty();
    await enact(merge2019());
    const stats = await reformStatistics(runtime, { from: '2019-06-01', to: '2020-06-01' });
    expect(stats.rows.find((r) => r.key === 'township')).toEqual({
      group: 'level',
      key: 'township',
      label: '乡镇',
      before: 3,
      after: 2,
      change: -1,
      percent: -33.3,
    });
    expect(stats.rows.find((r) => r.key === 'town')).toMatchObject({ before: 2, after: 1, percent: -50 });
  });

  it('replays an idempotent retry and refuses the key for a different command', async () => {
    await setup();
    await foundCounty();
    const first = await enact(merge2019(), 'merge-2019');
    const retry = await enact(merge2019(), 'merge-2019');
    expect(retry.replayed).toBe(true);
    expect(retry.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    await expect(
      enact(
        { ...merge2019(), changes: [{ op: 'rename', division: '510722100', name: 'x镇' }] },
        'merge-2019',
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
