/**
 * The access matrix, generated from the registered procedures: every path of the app router is
 * called over HTTP (queries and mutations with the tRPC client, subscriptions over SSE) with each
 * kind of token, and the answer is held to the rule of `guarded`:
 *
 *   none          → UNAUTHORIZED (public procedures: allowed)
 *   other module  → FORBIDDEN    (a scope of another module)
 *   read for write→ FORBIDDEN    (write procedures only: `<module>:read` does not grant write)
 *   right scope   → allowed      (`<module>:<access>`; any answer but UNAUTHORIZED/FORBIDDEN)
 *   subtree, out  → FORBIDDEN    (right scope, limited to one township; the input names another)
 *   subtree, in   → allowed      (the same token, a division inside it; only where `divisions` is declared)
 *   admin         → allowed, except a procedure with a dedicated scope (`meta.scope`): FORBIDDEN
 *
 * A procedure added to any module is in the matrix without touching this file; one that declares
 * `divisions` must get an input naming a division (from the table below, or found by probing).
 */
import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import { requiredScope, type ProcedureMeta } from '@xianzhi/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRouter } from '../src/router';
import { DEMO, renameInput, startHarness, type Harness, type ListRow } from './harness';

type Column = 'none' | 'other' | 'readOnly' | 'right' | 'subtreeOut' | 'subtreeIn' | 'admin';
const COLUMNS: { key: Column; title: string }[] = [
  { key: 'none', title: 'no token' },
  { key: 'other', title: 'other module' },
  { key: 'readOnly', title: 'read for write' },
  { key: 'right', title: 'right scope' },
  { key: 'subtreeOut', title: 'subtree, out' },
  { key: 'subtreeIn', title: 'subtree, in' },
  { key: 'admin', title: 'admin' },
];
type Expected = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN' | null;

interface Proc {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta;
}

let h: Harness;
let inside: { township: ListRow; village: string };
let outside: ListRow;
let renames = 0;

/** Inputs by path, naming division `d`. Anything not here gets `{}` (or a probed input when it declares `divisions`). */
const INPUTS: Record<string, (d: string) => unknown> = {
  'personnel.post': (d) => ({ postId: `${d}:township-party-committee:party-secretary` }),
  'personnel.abolishPost': (d) => ({ countyCode: '510799', effectiveAt: '2026-01-01', postId: `${d}:matrix` }),
  'personnel.appointToPost': (d) => ({ countyCode: '510799', effectiveAt: '2026-01-01', personId: 'matrix', postId: `${d}:matrix` }),
  'personnel.dismissFromPost': (d) => ({ countyCode: '510799', effectiveAt: '2026-01-01', personId: 'matrix', postId: `${d}:matrix` }),
  'personnel.transferPerson': (d) => ({ countyCode: '510799', effectiveAt: '2026-01-01', personId: 'matrix', fromPostId: `${d}:a`, toPostId: `${d}:b` }),
  'services.point': (d) => ({ pointId: `${d}:township-centre` }),
  'services.closeServicePoint': (d) => ({ countyCode: '510799', effectiveAt: '2026-01-01', pointId: `${d}:township-centre` }),
  'services.requestService': (d) => ({ requestId: `matrix-${++renames}`, pointId: `${d}:township-centre`, kind: 'other', effectiveAt: '2026-01-01' }),
  'services.acceptService': (d) => ({ requestId: 'matrix-none', effectiveAt: '2026-01-01', pointId: `${d}:township-centre` }),
  'services.proxyService': (d) => ({ requestId: 'matrix-none', effectiveAt: '2026-01-01', pointId: `${d}:township-centre` }),
  'services.completeService': (d) => ({ requestId: 'matrix-none', effectiveAt: '2026-01-01', pointId: `${d}:township-centre` }),
  'services.rejectService': (d) => ({ requestId: 'matrix-none', effectiveAt: '2026-01-01', reason: 'matrix', pointId: `${d}:township-centre` }),
  'divisions.tree': (d) => ({ rootId: d, depth: 1 }),
  'divisions.counts': (d) => ({ rootId: d, asOf: '2021-06-01' }),
  'divisions.get': (d) => ({ id: d }),
  'divisions.search': () => ({ q: '镇', limit: 3 }),
  'divisions.list': (d) => ({ level: 'village', rootId: d }),
  'divisions.history': (d) => ({ id: d }),
  'divisions.lineage': (d) => ({ id: d, depth: 2 }),
  'divisions.successors': (d) => ({ id: d }),
  'divisions.adjustments': () => ({}),
  'divisions.scheduled': () => undefined,
  'divisions.statistics': (d) => ({ from: '2019-06-01', to: '2021-06-01', rootId: d }),
  'divisions.preview': (d) => renameInput(d, '预览名'),
  'divisions.enactAdjustment': (d) => renameInput(d, `矩阵${++renames}名`),
  'events.list': () => ({ limit: 1 }),
  'events.get': () => ({ id: randomUUID() }),
  'events.retract': () => ({ eventId: randomUUID(), reason: 'access matrix', authority: { documentNo: '矩阵〔2024〕1号', issuedBy: '测试' } }),
  'events.feed': () => ({ fromPosition: 0 }),
  'access.list': () => undefined,
  'access.create': () => ({ name: '矩阵', scopes: ['divisions:read'] }),
  'access.revoke': () => ({ tokenId: 'zzzzzzzzzzzz' }),
  'access.whoami': () => undefined,
  'system.health': () => undefined,
  'system.changes': () => undefined,
};

/** For a procedure declaring `divisions` but not in INPUTS: the first common shape its `divisions` reads. */
function probe(meta: ProcedureMeta, d: string): unknown {
  const shapes = [
    { id: d },
    { rootId: d },
    { divisionId: d },
    { townshipId: d },
    { villageId: d },
    { countyCode: d },
    { division: d },
    { parent: d },
    { postings: [{ villageId: d }] },
    renameInput(d, '探测名'),
  ];
  return shapes.find((s) => {
    try {
      return meta.divisions!(s).includes(d);
    } catch {
      return false;
    }
  });
}

function inputFor(p: Proc, d: string): unknown {
  const table = INPUTS[p.path];
  if (table) return table(d);
  return p.meta.divisions ? probe(p.meta, d) : {};
}

function expected(p: Proc, column: Column): Expected {
  const { access, divisions } = p.meta;
  const open = access === 'public';
  switch (column) {
    case 'none':
      return open ? 'allowed' : 'UNAUTHORIZED';
    case 'other':
      return open ? 'allowed' : 'FORBIDDEN';
    case 'readOnly':
      return access === 'write' ? 'FORBIDDEN' : null;
    case 'right':
      return 'allowed';
    case 'admin':
      // A dedicated scope (personnel:erase) is not implied by admin: only a token naming it may call.
      return p.meta.scope !== undefined ? 'FORBIDDEN' : 'allowed';
    case 'subtreeOut':
      // `admin` is never limited to a subtree (see guarded), so the column does not apply.
      return open ? 'allowed' : access === 'admin' ? null : 'FORBIDDEN';
    case 'subtreeIn':
      return divisions && (access === 'read' || access === 'write') ? 'allowed' : null;
  }
}

/**
 * Subscribes over SSE; resolves on the first value, or `quietMs` after the stream started without an
 * error (short when the call should be allowed, long when an error is expected, so a slow machine
 * cannot pass a refusal off as "allowed").
 */
function subscribeOnce(client: ReturnType<Harness['untyped']>, path: string, input: unknown, quietMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => finish(new Error(`${path}: no answer in 10 s`)), 10_000);
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      clearTimeout(overall);
      sub.unsubscribe();
      if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      else resolve();
    };
    const sub = client.subscription(path, input, {
      onStarted: () => (timer = setTimeout(() => finish(), quietMs)),
      onData: () => finish(),
      onError: (error) => finish(error),
    });
  });
}

/** The answer's code: 'ok', or the tRPC error code. */
async function call(p: Proc, token: string | undefined, input: unknown, want: Exclude<Expected, null>): Promise<string> {
  const client = h.untyped(token);
  try {
    if (p.type === 'query') await client.query(p.path, input);
    else if (p.type === 'mutation') await client.mutation(p.path, input);
    else await subscribeOnce(client, p.path, input, want === 'allowed' ? 300 : 5_000);
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code ?? `? ${error.message}`;
    throw error;
  }
}

const passes = (actual: string, want: Exclude<Expected, null>) =>
  want === 'allowed' ? actual !== 'UNAUTHORIZED' && actual !== 'FORBIDDEN' && !actual.startsWith('?') && actual !== 'INTERNAL_SERVER_ERROR' : actual === want;

const procedures = (): Proc[] => {
  const router = createAppRouter({ scopes: () => h.platform.scopes, modules: h.platform.modules });
  const record = router._def.procedures as unknown as Record<string, { _def: { type: Proc['type']; meta?: ProcedureMeta } }>;
  return Object.entries(record)
    .map(([path, proc]) => ({ path, type: proc._def.type, meta: proc._def.meta! }))
    .sort((a, b) => a.path.localeCompare(b.path));
};

beforeAll(async () => {
  h = await startHarness('access');
  const c = h.client(h.admin);
  const townships = (await c.divisions.list.query({ level: 'township', rootId: DEMO.code })) as ListRow[];
  const villages = (await c.divisions.list.query({ level: 'village', rootId: townships[0]!.code })) as ListRow[];
  inside = { township: townships[0]!, village: villages[0]!.code };
  outside = townships[1]!;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('access matrix', () => {
  it('every registered procedure answers every kind of token as the rule says', async () => {
    const procs = procedures();
    const tokens = new Map<string, string>();
    const token = async (scopes: string[], subtree?: string) => {
      const key = `${scopes.join(',')}@${subtree ?? ''}`;
      if (!tokens.has(key)) tokens.set(key, await h.token(scopes, subtree, `matrix ${key}`));
      return tokens.get(key)!;
    };
    const scopes = h.platform.scopes;
    const rows: { p: Proc; cells: Partial<Record<Column, { actual: string; want: Exclude<Expected, null> }>> }[] = [];
    const wrong: string[] = [];

    for (const p of procs) {
      expect(p.meta, `${p.path} has no access metadata`).toBeDefined();
      expect(['public', 'read', 'write', 'admin']).toContain(p.meta.access);
      const scope = requiredScope(p.meta);
      const module = p.meta.module;
      const otherScope = scopes.find((s) => s !== 'admin' && s.split(':')[0] !== module && s !== scope)!;
      const right = scope ?? otherScope;
      if (p.meta.divisions && !INPUTS[p.path]) {
        expect(probe(p.meta, inside.township.code), `${p.path} declares divisions: add its input to INPUTS`).toBeDefined();
      }
      const row: (typeof rows)[number] = { p, cells: {} };
      for (const { key } of COLUMNS) {
        const want = expected(p, key);
        if (want === null) continue;
        let actual: string;
        switch (key) {
          case 'none':
            actual = await call(p, undefined, inputFor(p, inside.township.code), want);
            break;
          case 'other':
            actual = await call(p, await token([otherScope]), inputFor(p, inside.township.code), want);
            break;
          case 'readOnly':
            actual = await call(p, await token([`${module}:read`]), inputFor(p, inside.township.code), want);
            break;
          case 'right':
            actual = await call(p, await token([right]), inputFor(p, inside.township.code), want);
            break;
          case 'subtreeOut':
            actual = await call(p, await token([right], inside.township.code), inputFor(p, outside.code), want);
            break;
          case 'subtreeIn': {
            // a village under the township for the registry command (the township itself for the rest)
            const d = p.path === 'divisions.enactAdjustment' ? inside.village : inside.township.code;
            const input = inputFor(p, d);
            expect(p.meta.divisions!(input), `${p.path}: the input names ${d}`).toContain(d);
            actual = await call(p, await token([right], inside.township.code), input, want);
            break;
          }
          case 'admin':
            actual = await call(p, h.admin, inputFor(p, inside.township.code), want);
            break;
        }
        row.cells[key] = { actual, want };
        if (!passes(actual, want)) wrong.push(`${p.path} [${key}]: expected ${want}, got ${actual}`);
      }
      rows.push(row);
    }

    // The printout: one line per procedure.
    const head = ['procedure', 'type', 'access', ...COLUMNS.map((c) => c.title)];
    const body = rows.map(({ p, cells }) => [
      p.path,
      p.type,
      p.meta.divisions ? `${p.meta.access}+div` : p.meta.access,
      ...COLUMNS.map(({ key }) => {
        const cell = cells[key];
        if (!cell) return '—';
        const shown = cell.actual === 'ok' ? 'ok' : cell.actual;
        return `${passes(cell.actual, cell.want) ? '✓' : '✗'} ${shown}`;
      }),
    ]);
    const width = head.map((t, i) => Math.max(t.length, ...body.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join(' │ ');
    console.log(
      [
        `access matrix: ${rows.length} procedures × ${COLUMNS.length} kinds of token (${rows.reduce((n, r) => n + Object.keys(r.cells).length, 0)} calls; — = not applicable)`,
        line(head),
        width.map((w) => '─'.repeat(w)).join('─┼─'),
        ...body.map(line),
      ].join('\n'),
    );

    // Nothing is left out: the matrix covers exactly the registered paths, every applicable cell tested.
    expect(rows.map((r) => r.p.path)).toEqual(Object.keys(createAppRouter({ scopes: () => scopes, modules: h.platform.modules })._def.procedures).sort());
    for (const r of rows) for (const { key } of COLUMNS) expect(r.cells[key] === undefined).toBe(expected(r.p, key) === null);
    expect(rows.map((r) => r.p.path)).toEqual(expect.arrayContaining(['divisions.enactAdjustment', 'divisions.tree', 'events.feed', 'system.changes', 'access.create']));
    expect(wrong).toEqual([]);
    expect(h.errors).toEqual([]);
  }, 120_000);

  it('a token limited to a subtree acts inside it, and the command really lands', async () => {
    const limited = await h.token(['divisions:write'], inside.township.code, '乡镇令牌');
    const c = h.client(limited);
    const r = await c.divisions.enactAdjustment.mutate(renameInput(inside.village, '界内村'));
    expect(r.replayed).toBe(false);
    expect(((await c.divisions.get.query({ id: inside.village, asOf: '2024-03-01' })) as { name: string }).name).toBe('界内村');
    // one change outside spoils the whole adjustment
    const head = await h.head();
    const mixed = { ...renameInput(inside.village, 'x'), changes: [{ op: 'rename' as const, division: inside.village, name: '界内二村' }, { op: 'rename' as const, division: outside.code, name: '界外镇' }] };
    await expect(c.divisions.enactAdjustment.mutate(mixed)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    // establishing under the county names the county: outside a township's subtree
    await expect(
      c.divisions.enactAdjustment.mutate({ ...renameInput(inside.village, 'x'), changes: [{ op: 'establish', kind: 'town', name: '新设镇', parent: DEMO.code }] }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    expect(await h.head()).toBe(head);
    // a revoked token is no token at all
    const tokenId = /^xz_([a-z0-9]{12})_/.exec(limited)![1]!;
    await h.client(h.admin).access.revoke.mutate({ tokenId });
    await expect(c.divisions.get.query({ id: inside.village })).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    // and a malformed or forged one neither
    await expect(h.client(`${limited.slice(0, -4)}AAAA`).divisions.get.query({ id: inside.village })).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    await expect(h.client('not-a-token').divisions.get.query({ id: inside.village })).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });
});
