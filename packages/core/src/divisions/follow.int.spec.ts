/**
 * The divisions contract's follow-the-divisions fold (what plugins count by) against the registry's
 * own tree, on the whole demo county, on dates around each of its reforms: the same live townships,
 * every live village under the township the fold says holds it, every code naming the same division.
 */
import { describe, expect, it } from 'vitest';
import { defineProjection } from '@xianzhi/kernel';
import {
  emptyDivisionIndex,
  findPlace,
  followDivisions,
  livePlaces,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { openTestPlatform } from '@xianzhi/testkit';
import { DEMO_COUNTY, runDemo } from '../demo';
import { divisionsModule, type TreeNode } from './server';

const follow = defineProjection({
  name: 'test.follow',
  version: 1,
  initialState: () => ({ divisions: emptyDivisionIndex() }),
  evolve: followDivisions((s: { divisions: DivisionIndex }) => s.divisions),
  queries: {
    /** Per live village: its code, what the code names, and the township that holds it. */
    villages: (s: { divisions: DivisionIndex }) =>
      livePlaces(s.divisions, 'village', DEMO_COUNTY.code).map((v) => ({
        id: v.id,
        code: v.code,
        byCode: findPlace(s.divisions, v.code!)?.id,
        township: townshipOf(s.divisions, v.id)?.id,
      })),
    townships: (s: { divisions: DivisionIndex }) =>
      livePlaces(s.divisions, 'township', DEMO_COUNTY.code).map((t) => t.id),
  },
});

describe('following the divisions, against the registry', () => {
  it(
    'agrees with divisions.tree on the demo county before and after each reform',
    { timeout: 120_000 },
    async () => {
      const platform = await openTestPlatform({
        modules: [divisionsModule, { events: [], projections: [follow] }],
        now: '2026-11-29T12:00:00+08:00',
      });
      try {
        await runDemo(
          { store: platform.store, runtime: platform.runtime },
          { seed: 2019, today: '2026-11-29' },
        );
        for (const asOf of [
          '2019-06-01',
          '2019-12-19',
          '2019-12-20',
          '2020-06-30',
          '2020-12-31',
          '2027-12-31',
        ]) {
          const [county] = await platform.query<TreeNode[]>(
            'divisions.tree',
            'tree',
            { rootId: DEMO_COUNTY.code, depth: 2 },
            { asOf },
          );
          const townships = county!.children.filter((t) => t.level === 'township');
          const villages = townships.flatMap((t) =>
            t.children
              .filter((v) => v.level === 'village')
              .map((v) => ({ id: v.id, code: v.code, byCode: v.id, township: t.id })),
          );
          expect(await platform.query<string[]>('test.follow', 'townships', {}, { asOf })).toEqual(
            townships.map((t) => t.id),
          );
          const followed = await platform.query<typeof villages>('test.follow', 'villages', {}, { asOf });
          const byId = (rows: typeof villages) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
          expect(byId(followed)).toEqual(byId(villages));
          expect(villages.length).toBeGreaterThan(70);
        }
      } finally {
        await platform.close();
      }
    },
  );
});
