/**
 * Every divisions operation's result: the events the registry decider writes for it (ids, codes,
 * moves, previous values) and what the tree then answers — one `it` per operation, on a small
 * county, with the testkit's given/when/then.
 */
import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '@xianzhi/kernel';
import { deciderSpec, givenHistory, toRecorded } from '@xianzhi/testkit';
import {
  divisionEvents,
  divisionTree,
  registryDecider,
  type Change,
  type EnactAdjustment,
  type TreeNode,
} from './server';

const COUNTY = '510722';
const authority = {
  documentNo: '川府民政〔2019〕27号',
  issuedBy: '四川省人民政府',
  approvedOn: '2019-11-28',
};
const adjustment = (changes: Change[], effectiveAt = '2019-12-20'): EnactAdjustment => ({
  countyCode: COUNTY,
  authority,
  effectiveAt,
  changes: changes as EnactAdjustment['changes'],
});

/** The county the operations act on, as the decider records it (ids div-510722-1…). */
const founding = registryDecider.decide(
  adjustment(
    [
      { op: 'establish', kind: 'county', name: '三台县' },
      {
        op: 'establish',
        kind: 'town',
        name: '潼川镇',
        parent: COUNTY,
        code: '510722100',
        classification: 'main-urban-town',
        seat: '北坝街',
      },
      { op: 'establish', kind: 'town', name: '石安镇', parent: COUNTY, code: '510722101' },
      { op: 'establish', kind: 'xiang', name: '金石乡', parent: COUNTY, code: '510722200' },
      { op: 'establish', kind: 'village', name: '凤凰村', parent: '510722100', code: '510722100201' },
      { op: 'establish', kind: 'village', name: '柳林村', parent: '510722101', code: '510722101201' },
      { op: 'establish', kind: 'village', name: '长丰村', parent: '510722101', code: '510722101202' },
      { op: 'establish', kind: 'village', name: '金石村', parent: '510722200', code: '510722200201' },
      { op: 'establish', kind: 'villager-group', name: '一组', parent: '510722101201' },
    ],
    '1992-08-01',
  ),
  { events: [] },
);
const [county, tongchuan, shian, jinshi, , liulin, changfeng, jinshicun] = founding.map(
  (e) => (e.data as { id: string }).id,
);

const spec = deciderSpec(registryDecider).given(founding);
const when = (changes: Change[]) => spec.when(adjustment(changes));
const meta = { effectiveAt: '2019-12-20', authority };

/** The tree as of a date after `changes` are enacted on the county (through the real runtime). */
function treeAfter(changes: Change[], query: string, input: unknown, asOf = '2019-12-20'): Promise<unknown> {
  const events = registryDecider.decide(adjustment(changes), { events: toRecorded(founding) });
  return givenHistory([...founding, ...events], { events: divisionEvents })
    .asOf(asOf)
    .query(divisionTree, query, input);
}

describe('the result of each divisions operation', () => {
  it('establish: a new id after every one used, and the next free code of the kind under the parent', () => {
    when([{ op: 'establish', kind: 'village', name: '新华村', parent: '510722200' }]).then([
      {
        type: 'divisions.established',
        data: {
          id: `div-${COUNTY}-10`,
          name: '新华村',
          kind: 'village',
          code: '510722200202',
          parentId: jinshi,
        },
        metadata: meta,
      },
    ]);
  });

  it('merge: the sources end, their children move under the target with new codes', () => {
    when([{ op: 'merge', sources: ['510722101'], into: '510722100' }]).then([
      {
        type: 'divisions.merged',
        data: {
          sourceIds: [shian],
          targetId: tongchuan,
          moves: [
            { id: liulin, to: tongchuan, code: '510722100202' },
            { id: changfeng, to: tongchuan, code: '510722100203' },
          ],
        },
        metadata: meta,
      },
    ]);
  });

  it('split: the parts are established first, the named children move to theirs, the source ends', () => {
    when([
      {
        op: 'split',
        source: '510722101',
        parts: [
          { name: '石安东镇', children: ['510722101201'] },
          { name: '石安西镇', children: ['510722101202'] },
        ],
      },
    ]).then([
      {
        type: 'divisions.established',
        data: { id: `div-${COUNTY}-10`, name: '石安东镇', kind: 'town', code: '510722102', parentId: county },
      },
      {
        type: 'divisions.established',
        data: { id: `div-${COUNTY}-11`, name: '石安西镇', kind: 'town', code: '510722103', parentId: county },
      },
      {
        type: 'divisions.split',
        data: {
          sourceId: shian,
          partIds: [`div-${COUNTY}-10`, `div-${COUNTY}-11`],
          sourceEnds: true,
          moves: [
            { id: liulin, to: `div-${COUNTY}-10`, code: '510722102201' },
            { id: changfeng, to: `div-${COUNTY}-11`, code: '510722103201' },
          ],
        },
      },
    ]);
  });

  it('abolish: the division ends, absorbed; its children move to the absorber', () => {
    when([{ op: 'abolish', division: '510722200', absorbedBy: '510722100' }]).then([
      {
        type: 'divisions.abolished',
        data: {
          id: jinshi,
          absorbedById: tongchuan,
          moves: [{ id: jinshicun, to: tongchuan, code: '510722100202' }],
        },
      },
    ]);
  });

  it('rename: the new name with the previous one', () => {
    when([{ op: 'rename', division: '510722101', name: '石安街道' }]).then([
      { type: 'divisions.renamed', data: { id: shian, name: '石安街道', previousName: '石安镇' } },
    ]);
  });

  it('change-kind (撤乡设镇): the code moves into the new range and the children follow it', () => {
    when([{ op: 'change-kind', division: '510722200', kind: 'town' }]).then([
      {
        type: 'divisions.kind-changed',
        data: {
          id: jinshi,
          kind: 'town',
          previousKind: 'xiang',
          code: '510722102',
          previousCode: '510722200',
          moves: [{ id: jinshicun, to: jinshi, code: '510722102201' }],
        },
      },
    ]);
  });

  it('reclassify: the new class with the previous one (or null)', () => {
    when([{ op: 'reclassify', division: '510722101', classification: 'central-town' }]).then([
      {
        type: 'divisions.reclassified',
        data: { id: shian, classification: 'central-town', previousClassification: null },
      },
    ]);
  });

  it('transfer: a new parent and a new code under it', () => {
    when([{ op: 'transfer', division: '510722101202', parent: '510722200' }]).then([
      {
        type: 'divisions.transferred',
        data: {
          id: changfeng,
          parentId: jinshi,
          previousParentId: shian,
          code: '510722200202',
          previousCode: '510722101202',
        },
      },
    ]);
  });

  it('move-seat: the new seat with the previous one; the tree shows it from that day', async () => {
    when([{ op: 'move-seat', division: '510722100', seat: '潼川东路' }]).then([
      { type: 'divisions.seat-moved', data: { id: tongchuan, seat: '潼川东路', previousSeat: '北坝街' } },
    ]);
    when([{ op: 'move-seat', division: '510722101', seat: '石安场' }]).then([
      { type: 'divisions.seat-moved', data: { id: shian, seat: '石安场', previousSeat: null } },
    ]);
    const change: Change[] = [{ op: 'move-seat', division: '510722100', seat: '潼川东路' }];
    expect(await treeAfter(change, 'get', { id: tongchuan })).toMatchObject({ seat: '潼川东路' });
    expect(await treeAfter(change, 'get', { id: tongchuan }, '2019-12-19')).toMatchObject({ seat: '北坝街' });
  });

  it('boundary: the named children move from one division to the other, with new codes; the tree moves them from that day', async () => {
    const change: Change[] = [
      {
        op: 'boundary',
        from: '510722101',
        to: '510722100',
        divisions: ['510722101202'],
        description: '长丰村划归潼川镇',
      },
    ];
    when(change).then([
      {
        type: 'divisions.boundary-adjusted',
        data: {
          fromId: shian,
          toId: tongchuan,
          moves: [{ id: changfeng, to: tongchuan, code: '510722100202' }],
          description: '长丰村划归潼川镇',
        },
      },
    ]);
    const children = (node: unknown) => (node as TreeNode).children.map((c) => c.name);
    expect(children(await treeAfter(change, 'get', { id: tongchuan }))).toEqual(['凤凰村', '长丰村']);
    expect(children(await treeAfter(change, 'get', { id: tongchuan }, '2019-12-19'))).toEqual(['凤凰村']);
    // only children of `from` move across its boundary
    spec
      .when(adjustment([{ op: 'boundary', from: '510722100', to: '510722200', divisions: ['510722101202'] }]))
      .thenThrows(InvariantViolation, /长丰村（510722101202） is not a child of 镇 潼川镇（510722100）/);
  });
});
