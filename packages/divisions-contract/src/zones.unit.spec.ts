/**
 * Groups kept on request, and the zones fold: which zone a division lies in before and after a
 * township merger, members that end, a township moving between zones, a dissolved zone.
 */
import { describe, expect, it } from 'vitest';
import { parseEffectiveAt, type NewEvent, type RecordedEvent } from '@xianzhi/kernel';
import {
  applyDivisionEvent,
  applyZoneEvent,
  currentGroup,
  divisionEstablished,
  divisionEvent,
  divisionsMerged,
  emptyDivisionIndex,
  emptyZoneIndex,
  followZones,
  groupByZone,
  liveZones,
  townshipJoinedZone,
  townshipLeftZone,
  townshipOf,
  townshipsWithoutZone,
  villageOfGroup,
  zoneDissolved,
  zoneEstablished,
  zoneEvent,
  zoneMembers,
  zoneOf,
  zoneRoleChanged,
  type DivisionIndex,
  type ZoneIndex,
} from './index';

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

const at = (effectiveAt: string) => ({
  effectiveAt,
  authority: { documentNo: '青委发〔2018〕3号', issuedBy: '中共测试县委' },
});
const est = (
  id: string,
  name: string,
  kind: 'county' | 'town' | 'village' | 'villager-group',
  code: string | undefined,
  parentId?: string,
) =>
  divisionEstablished.create(
    { id, name, kind, ...(code ? { code } : {}), ...(parentId ? { parentId } : {}) },
    at('1992-08-01'),
  );

const history = log([
  est('c', '测试县', 'county', '510798'),
  est('jia', '甲镇', 'town', '510798101', 'c'),
  est('yi', '乙镇', 'town', '510798102', 'c'),
  est('bing', '丙镇', 'town', '510798103', 'c'),
  est('v1', '一村', 'village', '510798101201', 'jia'),
  est('v3', '三村', 'village', '510798102201', 'yi'),
  est('g1', '一组', 'villager-group', undefined, 'v1'),
  est('g3', '三组', 'villager-group', undefined, 'v3'),
  zoneEstablished.create(
    { zoneId: 'z-north', countyCode: '510798', name: '北路', direction: 'north' },
    at('2018-03-01'),
  ),
  zoneEstablished.create(
    { zoneId: 'z-south', countyCode: '510798', name: '南路', direction: 'south' },
    at('2018-03-01'),
  ),
  townshipJoinedZone.create({ zoneId: 'z-north', townshipId: 'jia', role: 'sub-centre' }, at('2018-03-01')),
  townshipJoinedZone.create(
    { zoneId: 'z-south', townshipId: 'yi', role: 'characteristic-town' },
    at('2018-03-01'),
  ),
  // 2019-12-20: 乙镇 (南路) merges into 甲镇 (北路); 三村 moves; 2020-12-31: 三组 merges into 一组
  divisionsMerged.create(
    { sourceIds: ['yi'], targetId: 'jia', moves: [{ id: 'v3', to: 'jia', code: '510798101203' }] },
    at('2019-12-20'),
  ),
  divisionsMerged.create({ sourceIds: ['g3'], targetId: 'g1', moves: [] }, at('2020-12-31')),
  // 2021-06-01: 丙镇 joins 南路; 2022-01-01: 甲镇 moves from 北路 to 南路 as its sub-centre
  townshipJoinedZone.create({ zoneId: 'z-south', townshipId: 'bing', role: 'ordinary' }, at('2021-06-01')),
  townshipLeftZone.create({ zoneId: 'z-north', townshipId: 'jia' }, at('2022-01-01')),
  townshipJoinedZone.create({ zoneId: 'z-south', townshipId: 'jia', role: 'sub-centre' }, at('2022-01-01')),
  zoneRoleChanged.create(
    { zoneId: 'z-south', townshipId: 'bing', role: 'central-town', previousRole: 'ordinary' },
    at('2023-01-01'),
  ),
  zoneDissolved.create({ zoneId: 'z-north', reason: '并入南路' }, at('2023-01-01')),
]);

function asOf(date: string, groups = false): { divisions: DivisionIndex; zones: ZoneIndex } {
  const state = { divisions: emptyDivisionIndex({ groups }), zones: emptyZoneIndex() };
  const bound = parseEffectiveAt(date)!.ms;
  for (const e of [...history].sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position)) {
    if (e.effectiveMs > bound) continue;
    if (divisionEvent.is(e)) applyDivisionEvent(state.divisions, e);
    else if (zoneEvent.is(e)) applyZoneEvent(state.zones, e);
  }
  return state;
}

const zoneName = (s: { divisions: DivisionIndex; zones: ZoneIndex }, ref: string) =>
  zoneOf(s.zones, s.divisions, ref)?.zone.name ?? null;

describe('groups, when the index keeps them', () => {
  it('are left out by default', () => {
    expect(asOf('2021-01-01').divisions.groups).toBeUndefined();
    expect(townshipOf(asOf('2021-01-01').divisions, 'g1')).toBeUndefined();
  });

  it('follow their village and their own mergers', () => {
    const before = asOf('2019-12-19', true).divisions;
    expect(townshipOf(before, 'g3')?.name).toBe('乙镇');
    const after = asOf('2019-12-20', true).divisions;
    expect(villageOfGroup(after, 'g3')?.name).toBe('三村');
    expect(townshipOf(after, 'g3')?.name).toBe('甲镇');
    const merged = asOf('2020-12-31', true).divisions;
    expect(currentGroup(merged, 'g3')?.id).toBe('g1');
    expect(merged.groups?.get('g3')?.ended).toMatchObject({
      on: '2020-12-31',
      how: 'merged',
      successorId: 'g1',
    });
    expect(currentGroup(asOf('2020-12-30', true).divisions, 'g3')?.id).toBe('g3');
  });
});

describe('zones', () => {
  it('say which zone a township, a village or a group lies in, following a township merger', () => {
    const before = asOf('2019-12-19', true);
    expect([
      zoneName(before, 'yi'),
      zoneName(before, 'v3'),
      zoneName(before, 'g3'),
      zoneName(before, 'jia'),
    ]).toEqual(['南路', '南路', '南路', '北路']);
    const after = asOf('2019-12-20', true);
    // what 乙镇 held belongs to 甲镇 — and to 甲镇's zone
    expect([zoneName(after, 'yi'), zoneName(after, 'v3'), zoneName(after, 'g3')]).toEqual([
      '北路',
      '北路',
      '北路',
    ]);
    expect(zoneMembers(after.zones, after.divisions, 'z-south')).toEqual([]);
    expect(
      zoneMembers(before.zones, before.divisions, 'z-south').map((m) => [m.township.name, m.role]),
    ).toEqual([['乙镇', 'characteristic-town']]);
    expect(zoneOf(after.zones, after.divisions, 'v3')?.role).toBe('sub-centre');
  });

  it('keep a township in one zone at a time; a move shows from its date; roles change; a dissolved zone holds nothing', () => {
    expect(zoneName(asOf('2021-12-31'), 'jia')).toBe('北路');
    const moved = asOf('2022-01-01');
    expect(zoneName(moved, 'jia')).toBe('南路');
    expect(
      zoneMembers(moved.zones, moved.divisions, 'z-south').map((m) => [m.township.name, m.role]),
    ).toEqual([
      ['甲镇', 'sub-centre'],
      ['丙镇', 'ordinary'],
    ]);
    const later = asOf('2023-01-01');
    expect(zoneOf(later.zones, later.divisions, 'bing')?.role).toBe('central-town');
    expect(liveZones(later.zones, '510798').map((z) => z.name)).toEqual(['南路']);
    expect(
      townshipsWithoutZone(asOf('2021-01-01').zones, asOf('2021-01-01').divisions, '510798').map(
        (t) => t.name,
      ),
    ).toEqual(['丙镇']);
  });

  it('group rows by zone (null: in no zone)', () => {
    const s = asOf('2020-06-01');
    const groups = groupByZone(
      s.zones,
      s.divisions,
      [{ d: 'v1' }, { d: 'v3' }, { d: 'bing' }, { d: 'nowhere' }],
      (r) => r.d,
    );
    expect([...groups].map(([k, rows]) => [k, rows.length])).toEqual([
      ['z-north', 2],
      [null, 2],
    ]);
  });

  it('give a projection one evolve handler per zones event type', () => {
    const evolve = followZones((s: { zones: ZoneIndex }) => s.zones);
    expect(Object.keys(evolve).sort()).toEqual([...zoneEvent.types].sort());
  });
});
