import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '@xianzhi/kernel';
import { deciderSpec, givenHistory } from '@xianzhi/testkit';
import { itemDecider } from './decide';
import { itemRecorded } from './index';
import { itemsProjection } from './items';

const est = (id: string, name: string) => ({ type: 'divisions.established', data: { id, name, kind: 'town' }, metadata: { effectiveAt: '1992-08-01' } });
const item = (itemId: string, townshipId: string) => itemRecorded.create({ itemId, townshipId, title: itemId }, { effectiveAt: '2019-03-01' });

describe('__name__', () => {
  it('records an item once and refuses the same id again', () => {
    const spec = deciderSpec(itemDecider);
    spec.given([]).when({ itemId: 'a', townshipId: 't1', title: 'A', effectiveAt: '2019-03-01' }).then([item('a', 't1')].map((e) => ({ ...e, data: { ...e.data, title: 'A' } })));
    spec.given([item('a', 't1')]).when({ itemId: 'a', townshipId: 't1', title: 'A', effectiveAt: '2019-03-01' }).thenThrows(InvariantViolation, /already recorded/);
  });

  it('counts items under the surviving township from the merger date on', async () => {
    const history = [
      est('t1', '甲镇'),
      est('t2', '乙镇'),
      item('a', 't1'),
      item('b', 't2'),
      { type: 'divisions.merged', data: { sourceIds: ['t2'], targetId: 't1', moves: [] }, metadata: { effectiveAt: '2019-12-20' } },
    ];
    expect(await givenHistory(history).asOf('2019-12-19').query(itemsProjection, 'byTownship')).toEqual([
      { townshipId: 't1', township: '甲镇', items: 1 },
      { townshipId: 't2', township: '乙镇', items: 1 },
    ]);
    expect(await givenHistory(history).asOf('2019-12-20').query(itemsProjection, 'byTownship')).toEqual([{ townshipId: 't1', township: '甲镇', items: 2 }]);
  });
});
