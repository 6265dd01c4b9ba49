import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation } from '@xianzhi/kernel';
import {
  deciderSpec,
  openTestPlatform,
  testCounty,
  type TestCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import { itemDecider, recordItem } from './decide';
import { itemRecorded } from './index';
import plugin from './server';

const item = (itemId: string, townshipId: string) =>
  itemRecorded.create({ itemId, townshipId, title: itemId }, { effectiveAt: '2019-03-01' });

let platform: TestPlatform;
let county: TestCounty;
beforeEach(async () => {
  platform = await openTestPlatform({ modules: [plugin] });
  county = await testCounty(platform); // 乙镇 merges into 甲镇 on 2019-12-20
});
afterEach(() => platform.close());

describe('__name__', () => {
  it('records an item once and refuses the same id again', () => {
    const spec = deciderSpec(itemDecider);
    spec
      .given([])
      .when({ itemId: 'a', townshipId: 't1', title: 'a', effectiveAt: '2019-03-01' })
      .then([item('a', 't1')]);
    spec
      .given([item('a', 't1')])
      .when({ itemId: 'a', townshipId: 't1', title: 'a', effectiveAt: '2019-03-01' })
      .thenThrows(InvariantViolation, /already recorded/);
  });

  it('counts items under the surviving township from the merger date on', async () => {
    for (const [itemId, code] of [
      ['a', '510798101'],
      ['b', '510798102'],
      ['c', '510798102201'],
    ]) {
      await platform.run(recordItem, {
        itemId,
        townshipId: county.id(code!),
        title: itemId,
        effectiveAt: '2019-03-01',
      });
    }
    const byTownship = (asOf: string) => platform.query('__name__.items', 'byTownship', {}, { asOf });
    expect(await byTownship('2019-12-19')).toEqual([
      { townshipId: county.id('510798101'), code: '510798101', township: '甲镇', count: 1 },
      { townshipId: county.id('510798102'), code: '510798102', township: '乙镇', count: 2 },
    ]);
    expect(await byTownship('2019-12-20')).toEqual([
      { townshipId: county.id('510798101'), code: '510798101', township: '甲镇', count: 3 },
    ]);
  });
});
