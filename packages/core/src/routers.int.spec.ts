/**
 * The routers of personnel, services, institutions and reform over the small demo county: queries
 * as of a date (ages on that date), the flat rows exports use, and tokens limited to one township —
 * checked first on the ids in the input, then on what the read models say those ids belong to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory, router, runtimeDivisions, type ApiContext, type Caller } from '@xianzhi/api';
import { EventRegistry, type ModuleDefinition } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, type ProjectionRuntime } from '@xianzhi/projections';
import type { EventStore } from '@xianzhi/event-store';
import { DEMO_COUNTY, runDemo } from './demo';
import {
  coreModules,
  divisionsRouter,
  institutionsRouter,
  personnelRouter,
  reformRouter,
  servicesRouter,
  type TreeNode,
} from './server';

const appRouter = router({
  divisions: router(divisionsRouter),
  personnel: router(personnelRouter),
  services: router(servicesRouter),
  institutions: router(institutionsRouter),
  reform: router(reformRouter),
});

let store: EventStore;
let runtime: ProjectionRuntime;
let townships: TreeNode[];

function caller(scopes: string[], subtree?: string) {
  const who: Caller = {
    tokenId: 't',
    name: subtree ? 'township' : 'admin',
    scopes,
    ...(subtree ? { subtree } : {}),
  };
  const ctx: ApiContext = {
    store,
    runtime,
    caller: who,
    requestId: 'test',
    divisions: runtimeDivisions(runtime),
    log: () => {},
  };
  return createCallerFactory(appRouter)(ctx);
}

const code = (error: unknown) => (error as { code?: string }).code;

beforeAll(async () => {
  const modules: readonly ModuleDefinition[] = coreModules;
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(modules.flatMap((m) => m.events)),
  });
  runtime = createProjectionRuntime({ store, projections: modules.flatMap((m) => m.projections) });
  await runtime.start();
  await runDemo({ store, runtime }, { seed: 2019, today: '2026-11-29', modules, scale: 'small' });
  townships = (
    await runtime.query<TreeNode[]>('divisions.tree', 'tree', { rootId: DEMO_COUNTY.code, depth: 1 })
  )[0]!.children;
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await store?.close();
});

describe('the module routers', () => {
  it('runDemo with scale small records every story with 3,000 service requests', async () => {
    const admin = caller(['admin']);
    const { total } = (await admin.services.statistics({ countyCode: DEMO_COUNTY.code })) as {
      total: { requested: number };
    };
    expect(total.requested).toBe(3_000);
    expect(await admin.services.pointCounts({ countyCode: DEMO_COUNTY.code })).toEqual({
      'county-centre': 1,
      'township-centre': 13,
      'village-room': 83,
      'grid-worker': 83,
    });
    expect(await admin.institutions.totals({ countyCode: DEMO_COUNTY.code })).toMatchObject({
      stations: 67,
      quotas: 354,
      staff: 274,
    });
    const [plan] = (await admin.reform.byAdjustment({ documentNo: '川府民政〔2019〕27号' })) as {
      decided: boolean;
    }[];
    expect(plan?.decided).toBe(true);
  });

  it('answers the roster, flat rows and cadre statistics as of a date, ages on that date', async () => {
    const admin = caller(['admin']);
    const t = townships[0]!;
    const rows = await admin.personnel.rosterRows({ divisionIds: [t.id] });
    expect(rows.find((r) => r.post.includes('党委书记'))).toMatchObject({
      divisionName: t.name,
      organisation: '乡镇党委',
      vacant: '',
    });
    const before = await admin.personnel.statistics({ level: 'township-leaders', asOf: '2019-12-19' });
    const after = await admin.personnel.statistics({ level: 'township-leaders', asOf: '2019-12-20' });
    expect([before.on, after.on]).toEqual(['2019-12-19', '2019-12-20']);
    expect(after.count).toBeLessThan(before.count);
    const compare = await admin.personnel.compareStatistics({
      level: 'township-leaders',
      from: '2019-12-19',
      to: '2019-12-20',
    });
    expect(compare.averageAgeChange).toBeLessThan(0);
    const byLevel = await admin.personnel.statisticsByLevel({ asOf: '2021-06-01' });
    expect(byLevel.map((r) => r.level)[0]).toBe('all');
    expect(byLevel.find((r) => r.level === 'village-party-secretaries')?.dualRolePercent).toBe(100);
    const sources = await admin.personnel.sources({});
    expect(sources.reduce((n, s) => n + s.count, 0)).toBe(
      byLevel.find((r) => r.level === 'group-leaders')!.count,
    );
    const institutions = await admin.institutions.townships({});
    expect(institutions).toHaveLength(13);
    expect(institutions.every((r) => r.name.length > 0 && r.code !== null)).toBe(true);
  });

  it('refuses malformed input with a validation error', async () => {
    const admin = caller(['admin']);
    await expect(admin.personnel.roster({ divisionIds: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.services.statistics({ from: '2022-13' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.reform.byAdjustment({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      admin.personnel.compareStatistics({ from: 'yesterday', to: '2020-01-01' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('lets a token limited to a township act on its own posts and points only — as the read models place them', async () => {
    const [mine, other] = [townships[0]!, townships[1]!];
    const admin = caller(['admin']);
    const limited = caller(['personnel:write', 'services:write'], mine.id);
    const base = { countyCode: DEMO_COUNTY.code, effectiveAt: '2026-11-29' };

    // Reads: its own divisions, never the county's or another township's; figures over its own.
    expect(await limited.personnel.roster({ divisionIds: [mine.id] })).toHaveLength(1);
    await expect(limited.personnel.roster({ divisionIds: [other.id] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const own = new Set(await runtime.query<string[]>('divisions.tree', 'within', { rootId: mine.id }));
    expect(
      ((await limited.personnel.roster({})) as { divisionId: string }[]).every((r) => own.has(r.divisionId)),
    ).toBe(true);
    const mineOnly = await admin.personnel.statistics({ divisionIds: [...own] });
    expect(await limited.personnel.statistics({})).toEqual(mineOnly);
    expect(mineOnly.count).toBeLessThan((await admin.personnel.statistics({})).count);

    // A post of another township, even under an id that looks like one of its own.
    const disguised = `${mine.id}:disguised-post`;
    await admin.personnel.establishPost({
      ...base,
      postId: disguised,
      divisionId: other.id,
      organisation: 'township-government',
      role: 'member',
    });
    const person = (await runtime.query<{ id: string }[]>('personnel.roster', 'search', { q: '' })).find(
      () => true,
    )!;
    for (const postId of [`${other.id}:township-government:township-head`, disguised]) {
      const error = await limited.personnel
        .appointToPost({ ...base, personId: person.id, postId })
        .catch((e: unknown) => e);
      expect(code(error), postId).toBe('FORBIDDEN');
    }
    // Its own post: past the access check (the rules decide).
    const ownPost = await limited.personnel
      .appointToPost({ ...base, personId: 'nobody', postId: `${mine.id}:township-government:township-head` })
      .catch((e: unknown) => e);
    expect(code(ownPost)).toBe('UNPROCESSABLE_CONTENT');

    // A request made at another township's centre, named with its own point.
    const requestId = 'routers-test-1';
    await admin.services.requestService({
      requestId,
      pointId: `${other.id}:township-centre`,
      kind: 'certification',
      effectiveAt: '2026-11-29T09:00:00+08:00',
    });
    const step = { requestId, effectiveAt: '2026-11-29T09:30:00+08:00' };
    await expect(limited.services.acceptService(step)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // (naming a point of its own beside it is an unknown field, not a key to the request)
    await expect(
      limited.services.acceptService({ ...step, pointId: `${mine.id}:township-centre` } as typeof step),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await admin.services.acceptService(step)).events).toHaveLength(1);
  });
});
