/**
 * Regression tests for the findings of issue 11, each the same request an attacker with a token
 * limited to one township made against `npm start` — now a 4xx, or an answer kept to the township —
 * with the log head unchanged where the request tried to write. Over HTTP, on the demo county with
 * every module (scale small).
 */
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startHarness, type Harness, type ListRow } from './harness';

let h: Harness;
let mine: ListRow;
let other: ListRow;
let ownVillage: string;
let limited: string;
/** Every division the township answers for today (from the admin's view of the tree). */
let ownIds: Set<string>;

interface Failure {
  code: string;
  status: number;
  message: string;
  issues: { path: (string | number)[]; message: string }[];
}

async function refusal(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { code: string; httpStatus: number; issues?: Failure['issues'] } | undefined;
      return {
        code: data?.code ?? '?',
        status: data?.httpStatus ?? 0,
        message: error.message,
        issues: data?.issues ?? [],
      };
    }
    throw error;
  }
  throw new Error('expected the call to be refused');
}

const q = (token: string | undefined, path: string, input?: unknown) => h.untyped(token).query(path, input);
const m = (token: string | undefined, path: string, input?: unknown) =>
  h.untyped(token).mutation(path, input);

function collectIds(nodes: { id: string; children?: unknown[] }[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    into.add(n.id);
    collectIds((n.children ?? []) as { id: string; children?: unknown[] }[], into);
  }
  return into;
}

beforeAll(async () => {
  h = await startHarness('findings', { demo: 'modules' });
  const townships = (await q(h.admin, 'divisions.list', {
    level: 'township',
    rootId: DEMO.code,
  })) as ListRow[];
  mine = townships.find((t) => t.name === '金水镇')!;
  other = townships.find((t) => t.name === '马平镇')!;
  ownVillage = ((await q(h.admin, 'divisions.list', { level: 'village', rootId: mine.id })) as ListRow[])[0]!
    .id;
  ownIds = collectIds(
    (await q(h.admin, 'divisions.tree', { rootId: mine.id })) as { id: string }[],
    new Set(),
  );
  const reads = h.platform.scopes.filter((s) => s.endsWith(':read') && !s.startsWith('reform'));
  limited = await h.token(reads, mine.id, '金水镇令牌');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('finding: fields the query never reads (the guard read the raw input)', () => {
  it('personnel.roster / rosterRows with {"villageIds": [own village]}: 400 naming the field; without it, only its own divisions', async () => {
    for (const path of ['personnel.roster', 'personnel.rosterRows']) {
      const r = await refusal(q(limited, path, { villageIds: [ownVillage] }));
      expect([r.status, r.issues.map((i) => i.path)]).toEqual([400, [['villageIds']]]);
      expect(r.message).toContain('unknown field "villageIds"');
      const rows = (await q(limited, path, {})) as { divisionId: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => ownIds.has(row.divisionId))).toBe(true);
    }
    const county = (await q(h.admin, 'personnel.rosterRows', {})) as unknown[];
    expect(((await q(limited, 'personnel.rosterRows', {})) as unknown[]).length).toBeLessThan(county.length);
  });

  it('personnel.statistics / statisticsByLevel / compareStatistics / sources: figures over its own divisions only', async () => {
    const within = [...ownIds];
    const cases: [string, Record<string, unknown>][] = [
      ['personnel.statistics', { villageIds: [ownVillage] }],
      ['personnel.statisticsByLevel', { villageIds: [ownVillage] }],
      ['personnel.compareStatistics', { villageIds: [ownVillage], from: '2022-06-01', to: '2024-06-01' }],
      ['personnel.sources', { villageIds: [ownVillage] }],
    ];
    for (const [path, input] of cases) {
      const seen = await q(limited, path, input);
      // what an unrestricted token sees when it names the township's divisions itself
      expect(seen, path).toEqual(await q(h.admin, path, { ...input, divisionIds: within }));
      expect(seen, path).not.toEqual(await q(h.admin, path, input));
    }
  });

  it('talent.secretaries / secretaryCoverage / byTownship: 400 for the fields they do not take; rows and counts of its own villages', async () => {
    for (const [path, input, field] of [
      ['talent.secretaries', { divisionId: ownVillage }, 'divisionId'],
      ['talent.secretaryCoverage', { villageId: ownVillage }, 'villageId'],
      ['talent.byTownship', { divisionId: mine.id }, 'divisionId'],
    ] as const) {
      expect(
        (await refusal(q(limited, path, input))).issues.map((i) => i.path),
        path,
      ).toEqual([[field]]);
    }
    const secretaries = (await q(limited, 'talent.secretaries', {})) as { villageId: string }[];
    expect(secretaries.length).toBeGreaterThan(0);
    expect(secretaries.every((s) => ownIds.has(s.villageId))).toBe(true);
    const coverage = (await q(limited, 'talent.secretaryCoverage', {})) as {
      villages: number;
      rows: { villageId: string }[];
      uncovered: { villageId: string }[];
    };
    expect(coverage.villages).toBe(coverage.rows.length);
    expect([...coverage.rows, ...coverage.uncovered].every((r) => ownIds.has(r.villageId))).toBe(true);
    expect(
      ((await q(limited, 'talent.byTownship', {})) as { townshipId: string }[]).map((r) => r.townshipId),
    ).toEqual([mine.id]);
    // the county's five-year targets are not a township's
    expect((await refusal(q(limited, 'talent.progress', {}))).code).toBe('FORBIDDEN');
  });

  it('enforcement.officers with another township’s teamId beside its own townshipId: none of theirs', async () => {
    const team = (
      (await q(h.admin, 'enforcement.teams', { townshipId: other.id })) as { teamId: string }[]
    )[0]!.teamId;
    const theirs = (await q(h.admin, 'enforcement.officers', { townshipId: other.id })) as unknown[];
    expect(theirs.length).toBeGreaterThan(0);
    expect(await q(limited, 'enforcement.officers', { townshipId: mine.id, teamId: team })).toEqual([]);
    const own = (await q(limited, 'enforcement.officers', { townshipId: mine.id })) as {
      townshipId: string;
    }[];
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o) => o.townshipId === mine.id)).toBe(true);
  });

  it('enforcement.coverage with {"townshipId": own}: 400; without it, its own township only', async () => {
    expect(
      (await refusal(q(limited, 'enforcement.coverage', { townshipId: mine.id }))).issues.map((i) => i.path),
    ).toEqual([['townshipId']]);
    const coverage = (await q(limited, 'enforcement.coverage', {})) as {
      townships: number;
      rows: { townshipId: string }[];
    };
    expect([coverage.townships, coverage.rows.map((r) => r.townshipId)]).toEqual([1, [mine.id]]);
  });

  it('services.points with {"pointId": own point}: 400; without it, its own points only (not the county centre)', async () => {
    expect(
      (await refusal(q(limited, 'services.points', { pointId: `${mine.id}:township-centre` }))).issues.map(
        (i) => i.path,
      ),
    ).toEqual([['pointId']]);
    const points = (await q(limited, 'services.points', {})) as { id: string; divisionId: string }[];
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => ownIds.has(p.divisionId))).toBe(true);
    expect(points.some((p) => p.id.endsWith('county-centre'))).toBe(false);
  });

  it('the same holes through /export: 400 for the field, the township’s rows only without it', async () => {
    const get = (path: string, input: unknown) =>
      fetch(`${h.url}/export/${path}.csv?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { authorization: `Bearer ${limited}` },
      });
    const refused = await get('personnel.rosterRows', { villageIds: [ownVillage] });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('villageIds');
    expect((await get('services.points', { pointId: `${mine.id}:township-centre` })).status).toBe(400);
    const csv = await (await get('personnel.rosterRows', {})).text();
    const ids = csv
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => ownIds.has(id))).toBe(true);
  });
});

describe('finding: writes checked against every division they touch', () => {
  it('a township write token cannot hang its point under another township’s centre (parentPointId); nothing is written', async () => {
    const writer = await h.token(['services:write'], mine.id, '金水镇便民');
    const head = await h.head();
    const input = (parent: string) => ({
      countyCode: DEMO.code,
      effectiveAt: '2026-01-01',
      points: [
        {
          pointId: `${ownVillage}:findings-${parent}`,
          level: 'village-room',
          divisionId: ownVillage,
          name: '界内服务室',
          parentPointId: `${parent}:township-centre`,
        },
      ],
    });
    const r = await refusal(m(writer, 'services.openServicePoints', input(other.id)));
    expect([r.code, r.message]).toEqual(['FORBIDDEN', expect.stringContaining(other.id)]);
    expect(await h.head()).toBe(head);
    // under its own centre it is past the access check (the rules decide)
    const own = await m(writer, 'services.openServicePoints', input(mine.id)).then(
      () => 'ok',
      (e: unknown) =>
        e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : 'thrown',
    );
    expect(own).not.toBe('FORBIDDEN');
  });
});

describe('finding: streams obey revocation', () => {
  it('events.feed and system.changes end when their token is revoked, within one event', async () => {
    const auditor = await h.token(['admin'], undefined, '审计');
    const watcher = await h.token(['divisions:read'], undefined, '看板');
    const idOf = (token: string) => /^xz_([a-z0-9]{12})_/.exec(token)![1]!;
    const got = { feed: [] as string[], changes: [] as string[] };
    let started = 0;
    const subs = [
      h.client(auditor).events.feed.subscribe(undefined, {
        onStarted: () => void started++,
        onData: (e) => void got.feed.push(e.data.type),
        onError: (e) => void got.feed.push(`error: ${e.message}`),
      }),
      h.client(watcher).system.changes.subscribe(undefined, {
        onStarted: () => void started++,
        onData: (n) => void got.changes.push(n.projection),
        onError: (e) => void got.changes.push(`error: ${e.message}`),
      }),
    ];
    try {
      await expect.poll(() => started, { timeout: 10_000 }).toBe(2);
      const rename = (name: string) => ({
        countyCode: DEMO.code,
        authority: {
          documentNo: `青府发〔2025〕${name.length}号`,
          issuedBy: '青溪县人民政府',
          approvedOn: '2025-01-01',
        },
        effectiveAt: '2025-02-01',
        changes: [{ op: 'rename', division: other.id, name }],
      });
      await m(h.admin, 'divisions.enactAdjustment', rename('推送一镇'));
      await expect
        .poll(() => got.feed.includes('divisions.renamed') && got.changes.includes('divisions.tree'), {
          timeout: 10_000,
        })
        .toBe(true);
      // revoke both; the revocation itself is the next event
      await m(h.admin, 'access.revoke', { tokenId: idOf(auditor) });
      await m(h.admin, 'access.revoke', { tokenId: idOf(watcher) });
      await m(h.admin, 'divisions.enactAdjustment', rename('推送二镇'));
      await expect.poll(() => got.feed.at(-1), { timeout: 10_000 }).toMatch(/^error: .*revoked/);
      await expect.poll(() => got.changes.at(-1), { timeout: 10_000 }).toMatch(/^error: .*revoked/);
      // nothing after the revocation reached either of them
      expect(got.feed.filter((t) => t === 'divisions.renamed')).toHaveLength(1);
      expect(got.feed).not.toContain('access.token-revoked');
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  }, 40_000);

  it('system.changes sends a token only the notices of the modules it may read', async () => {
    const talent = await h.token(['talent:read'], undefined, '人才看板');
    const seen: string[] = [];
    let started = false;
    const sub = h.client(talent).system.changes.subscribe(undefined, {
      onStarted: () => (started = true),
      onData: (n) => void seen.push(n.projection),
    });
    try {
      await expect.poll(() => started, { timeout: 10_000 }).toBe(true);
      await m(h.admin, 'divisions.enactAdjustment', {
        countyCode: DEMO.code,
        authority: { documentNo: '青府发〔2025〕77号', issuedBy: '青溪县人民政府', approvedOn: '2025-01-01' },
        effectiveAt: '2025-03-01',
        changes: [{ op: 'rename', division: other.id, name: '通知镇' }],
      });
      // talent's own read models follow the divisions: they change, and only they are sent
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(seen.every((p) => p.startsWith('talent.'))).toBe(true);
      expect(
        (
          await refusal(
            new Promise((resolve, reject) => {
              const s = h.client().system.changes.subscribe(undefined, {
                onError: (e) => {
                  s.unsubscribe();
                  reject(e);
                },
                onData: () => resolve(undefined),
              });
            }),
          )
        ).code,
      ).toBe('UNAUTHORIZED');
    } finally {
      sub.unsubscribe();
    }
  }, 30_000);
});

describe('finding: tokens', () => {
  it('admin with a division is refused with a clear message; nothing is written', async () => {
    const head = await h.head();
    const r = await refusal(
      m(h.admin, 'access.create', { name: '乡镇管理员', scopes: ['admin'], subtree: mine.id }),
    );
    expect([r.code, r.issues.map((i) => i.path)]).toEqual(['BAD_REQUEST', [['scopes']]]);
    expect(r.issues[0]!.message).toContain('cannot have the admin scope');
    expect(await h.head()).toBe(head);
  });

  it('scopes that would open nothing are not issued', async () => {
    const head = await h.head();
    // reform is the county's: nothing of it keeps to a township
    const r = await refusal(
      m(h.admin, 'access.create', { name: '乡镇改革', scopes: ['reform:read'], subtree: mine.id }),
    );
    expect(r.issues[0]!.message).toMatch(
      /^reform:read would open nothing to a token limited to one division/,
    );
    expect(await h.head()).toBe(head);
    // a division that ended is not a token's division
    const ended = (await q(h.admin, 'divisions.get', { id: '510799201', asOf: '2019-06-01' })) as {
      id: string;
    } | null;
    if (ended)
      expect(
        (
          await refusal(
            m(h.admin, 'access.create', { name: '旧乡', scopes: ['divisions:read'], subtree: ended.id }),
          )
        ).issues[0]!.message,
      ).toContain('exists today');
  });

  it('a token limited to a division is stored with the division’s id, not the code it was given', async () => {
    await m(h.admin, 'access.create', { name: '按代码', scopes: ['divisions:read'], subtree: mine.code });
    const list = (await q(h.admin, 'access.list')) as { name: string; subtree: string | null }[];
    expect(list.find((t) => t.name === '按代码')?.subtree).toBe(mine.id);
  });
});
