import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import { retractEvent } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import {
  TEST_COUNTY_CODE as COUNTY,
  openTestPlatform,
  testCounty,
  type TestPlatform,
} from '@xianzhi/testkit';
import { dispatchFirstSecretaries, recallFirstSecretaries } from './decide';
import type { SecretaryCoverage } from './index';
import talent from './server';

let c: TestPlatform;
let yi: string; // 乙镇, merged into 甲镇 on 2019-12-20
let yicun: string; // 一村 (甲镇), survives the 2020-06-30 village merger
let sancun: string; // 三村 (乙镇, then 甲镇), merged into 一村 on 2020-06-30
let sicun: string; // 四村 (丙乡)
let wucun: string; // 五村 (丙乡)

beforeEach(async () => {
  c = await openTestPlatform({ modules: [divisionsModule, talent] });
  const county = await testCounty(c);
  yi = county.id('510798102');
  yicun = county.id('510798101201');
  sancun = county.id('510798102201');
  sicun = county.id('510798201201');
  wucun = county.id('510798201202');
});
afterEach(() => c.close());

const doc = { documentNo: '测组通〔2019〕2号', issuedBy: '中共测试县委组织部' };
const dispatch = (effectiveAt: string, postings: Record<string, unknown>[]) =>
  c.run(dispatchFirstSecretaries, {
    countyCode: COUNTY,
    effectiveAt,
    authority: doc,
    postings: postings.map((p) => ({ unit: '县委组织部', ...p })),
  });
const recall = (effectiveAt: string, postings: Record<string, unknown>[]) =>
  c.run(recallFirstSecretaries, { countyCode: COUNTY, effectiveAt, postings });
const coverage = (asOf: string, input: Record<string, unknown> = {}, knownAt?: number) =>
  c.runtime.query<SecretaryCoverage>(
    'talent.first-secretaries',
    'coverage',
    { countyCode: COUNTY, ...input },
    { asOf, ...(knownAt === undefined ? {} : { knownAt }) },
  );
const postingId = (r: { events: { data: unknown }[] }, i = 0) =>
  (r.events[i]!.data as { postingId: string }).postingId;

describe('first secretaries', () => {
  it('dispatches a batch on the registry stream, numbering the postings; a village may be named by its code', async () => {
    const r = await dispatch('2019-06-01', [
      { villageId: yicun, name: '王强', personId: 'P1' },
      { villageId: '510798201201', name: '李芳', unit: '县财政局' },
    ]);
    expect(r.stream).toBe(`divisions-${COUNTY}`);
    expect(r.events.map((e) => e.data)).toEqual([
      {
        postingId: `fs-${COUNTY}-1`,
        countyCode: COUNTY,
        villageId: yicun,
        personId: 'P1',
        name: '王强',
        unit: '县委组织部',
      },
      {
        postingId: `fs-${COUNTY}-2`,
        countyCode: COUNTY,
        villageId: sicun,
        personId: '李芳',
        name: '李芳',
        unit: '县财政局',
      },
    ]);
    expect(r.events[0]!.metadata.authority?.documentNo).toBe('测组通〔2019〕2号');
    const again = await dispatch('2019-07-01', [{ villageId: wucun, name: '张伟' }]);
    expect(postingId(again)).toBe(`fs-${COUNTY}-3`);
  });

  it('coverage across the 2019-12-20 township merger: 乙镇’s village counts under 乙镇 before, under 甲镇 from that day', async () => {
    await dispatch('2019-06-01', [{ villageId: sancun, name: '王强' }]);
    const before = await coverage('2019-12-19', { townshipId: yi });
    expect([before.villages, before.covered, before.share]).toEqual([1, 1, 100]);
    expect(before.rows[0]).toMatchObject({ village: '三村', township: '乙镇', names: ['王强'] });
    const after = await coverage('2019-12-20', { townshipId: yi }); // 乙镇 now resolves to 甲镇
    expect([after.villages, after.covered, after.share]).toEqual([3, 1, 33.3]);
    expect(after.rows.find((r) => r.covered)).toMatchObject({ village: '三村', township: '甲镇' });
    const county = await coverage('2019-12-20');
    expect([county.villages, county.covered, county.share, county.uncovered.map((u) => u.village)]).toEqual([
      5,
      1,
      20,
      ['一村', '二村', '四村', '五村'],
    ]);
  });

  it('across the 2020-06-30 village merger: the merged village passes its secretary to the survivor, which counts once', async () => {
    await dispatch('2019-06-01', [
      { villageId: yicun, name: '王强' },
      { villageId: sancun, name: '李芳' },
    ]);
    const before = await coverage('2020-06-29');
    expect([before.villages, before.covered, before.doubled, before.share]).toEqual([5, 2, 0, 40]);
    const after = await coverage('2020-06-30');
    expect([after.villages, after.covered, after.doubled, after.share]).toEqual([4, 1, 1, 25]);
    expect(after.rows.find((r) => r.villageId === yicun)).toMatchObject({
      secretaries: 2,
      names: ['王强', '李芳'],
      covered: true,
    });
    const inPost = await c.runtime.query<{ name: string; village: string; dispatchedTo: string | null }[]>(
      'talent.first-secretaries',
      'secretaries',
      { villageId: sancun },
      { asOf: '2020-07-01' },
    );
    expect(inPost.map((p) => [p.name, p.village, p.dispatchedTo])).toEqual([
      ['王强', '一村', null],
      ['李芳', '一村', '三村'],
    ]);
    // a survivor holding two takes no third
    await expect(dispatch('2020-08-01', [{ villageId: yicun, name: '赵六' }])).rejects.toThrow(
      /一村（510798101201） already has first secretary 王强/,
    );
  });

  it('refuses an ended village, a township, an unknown id, a village that has one, a person already in post', async () => {
    await dispatch('2019-06-01', [{ villageId: yicun, name: '王强', personId: 'P1' }]);
    const ended = dispatch('2020-07-01', [{ villageId: sancun, name: '李芳' }]);
    await expect(ended).rejects.toBeInstanceOf(InvariantViolation);
    await expect(ended).rejects.toThrow(
      /三村（.*） was merged into 一村（510798101201） on 2020-06-30 \(测府发〔2020〕6号\); no first secretary can be dispatched there on 2020-07-01 — dispatch to 一村/,
    );
    await expect(dispatch('2020-07-01', [{ villageId: '510798201', name: '李芳' }])).rejects.toThrow(
      /丙乡（510798201） is a township: first secretaries are dispatched to villages/,
    );
    await expect(dispatch('2020-07-01', [{ villageId: 'div-nowhere', name: '李芳' }])).rejects.toThrow(
      /no village div-nowhere exists as of 2020-07-01/,
    );
    await expect(dispatch('2019-07-01', [{ villageId: yicun, name: '李芳' }])).rejects.toThrow(
      /一村（510798101201） already has first secretary 王强 \(县委组织部\) since 2019-06-01/,
    );
    await expect(
      dispatch('2019-07-01', [{ villageId: sicun, name: '王强', personId: 'P1' }]),
    ).rejects.toThrow(/王强 \(P1\) is already first secretary of 一村（510798101201） since 2019-06-01/);
    // a batch names the posting at fault; nothing of it is written
    await expect(
      dispatch('2019-07-01', [
        { villageId: sicun, name: '李芳' },
        { villageId: sicun, name: '张伟' },
      ]),
    ).rejects.toThrow(/^postings\[1\]: 四村.* already has first secretary 李芳/);
    expect((await coverage('2019-07-01')).covered).toBe(1);
    await expect(
      c.run(dispatchFirstSecretaries, { countyCode: COUNTY, effectiveAt: '2019-07-01', postings: [] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('recalls only a secretary in post, once; after a recall the village takes another', async () => {
    const r = await dispatch('2019-06-01', [{ villageId: sicun, name: '王强', personId: 'P1' }]);
    const id = postingId(r);
    await expect(recall('2019-05-01', [{ postingId: id }])).rejects.toThrow(
      new RegExp(`no first secretary was dispatched under posting ${id} as of 2019-05-01`),
    );
    await expect(recall('2020-01-01', [{ postingId: id, villageId: wucun }])).rejects.toThrow(
      /serves 四村.*, not 五村/,
    );
    await recall('2020-01-01', [{ postingId: id, villageId: sicun, reason: '任期届满' }]);
    await expect(recall('2020-02-01', [{ postingId: id }])).rejects.toThrow(
      /was recalled on 2020-01-01; a first secretary is recalled only while in post/,
    );
    await expect(recall('2020-02-01', [{ postingId: 'fs-nope' }])).rejects.toThrow(
      /no first secretary was dispatched under posting fs-nope/,
    );
    expect((await coverage('2019-12-31')).covered).toBe(1);
    expect((await coverage('2020-01-01')).covered).toBe(0);
    await dispatch('2020-01-01', [{ villageId: sicun, name: '王强', personId: 'P1' }]); // the same person may go again
    expect((await coverage('2020-01-01')).covered).toBe(1);
  });

  it('a backdated dispatch: visible as of its date once recorded, not as known before; one contradicting a later dispatch is refused', async () => {
    await dispatch('2021-01-01', [{ villageId: wucun, name: '王强' }]);
    const late = await dispatch('2019-03-01', [{ villageId: sicun, name: '李芳' }]);
    expect((await coverage('2019-06-01')).covered).toBe(1);
    expect((await coverage('2019-06-01', {}, late.events[0]!.recordedMs - 1)).covered).toBe(0);
    await expect(dispatch('2020-01-01', [{ villageId: wucun, name: '张伟' }])).rejects.toThrow(
      /contradicts talent.first-secretary-dispatched effective 2021-01-01 \(测组通〔2019〕2号\), recorded .*: 五村.* already has first secretary 张伟/,
    );
  });

  it('a retracted dispatch: gone as known now, still there as known before the retraction', async () => {
    const r = await dispatch('2019-06-01', [{ villageId: sicun, name: '王强' }]);
    c.clock.advance(3_600_000);
    const retraction = await retractEvent(c.store, c.runtime, {
      eventId: r.events[0]!.id,
      reason: '误录',
      authority: { documentNo: '测组通〔2019〕9号', issuedBy: '中共测试县委组织部' },
    });
    await c.runtime.waitForPosition(retraction.lastPosition);
    expect((await coverage('2020-01-01')).covered).toBe(0);
    expect((await coverage('2020-01-01', {}, retraction.events[0]!.recordedMs - 1)).covered).toBe(1);
    await dispatch('2019-06-01', [{ villageId: sicun, name: '王强' }]); // the village is free again
  });
});
