/**
 * The access matrix, generated from the registered procedures: every path of the app router is
 * called over HTTP (queries and mutations with the tRPC client, subscriptions over SSE) with each
 * kind of token, and the answer is held to the rule of `guarded`:
 *
 *   none          → UNAUTHORIZED (public procedures: allowed)
 *   other module  → FORBIDDEN    (a scope of another module; procedures for any signed-in token: allowed)
 *   read for write→ FORBIDDEN    (write procedures only: `<module>:read` does not grant write)
 *   right scope   → allowed      (`<module>:<access>`; any answer but UNAUTHORIZED/FORBIDDEN)
 *   subtree, out  → FORBIDDEN    (right scope, limited to one township; the input names another) — or,
 *                                  for a read whose scope rule names no division in the input, allowed:
 *                                  the answer is kept to the township (the property test checks the rows)
 *   subtree, in   → allowed      (the same token, a division inside it; only where `scoped` is declared)
 *   admin         → allowed, except a procedure with a dedicated scope (`meta.scope`): FORBIDDEN
 *
 * A procedure added to any module is in the matrix without touching this file; one whose scope rule
 * reads divisions from its input must get an input naming a division (from the table below, or found by
 * probing its rule).
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
  /** The input schema (zod), to probe inputs it accepts. */
  input: { safeParse: (v: unknown) => { success: boolean } } | undefined;
}

let h: Harness;
let inside: { township: ListRow; village: string };
let outside: ListRow;
let renames = 0;

/** Records of each township (by code) in the demo county, for commands that name one (found in beforeAll). */
interface Records {
  schools: string[];
  facilityId: string;
  teamId: string;
  caseId: string;
  recordId: string;
  postingId: string;
  /** Party branches of the township (distinct ones for the commands that change one). */
  branches: string[];
}
const records = new Map<string, Records>();
const of = (d: string): Records =>
  records.get(d) ?? {
    schools: ['none', 'none'],
    facilityId: 'none',
    teamId: 'none',
    caseId: '510799-2000-0001',
    recordId: '510799-2000-00001',
    postingId: 'none',
    branches: ['none', 'none', 'none', 'none'],
  };
const C = { countyCode: '510799', effectiveAt: '2026-01-01' };
const DOC = { documentNo: '矩阵〔2026〕1号', issuedBy: '测试' };

/** Inputs by path, naming division `d` (a township code). Anything not here gets `{}` (or a probed input when its scope rule names divisions). */
const INPUTS: Record<string, (d: string) => unknown> = {
  // a DOCX of one division's 建置沿革 (the union's history branch)
  'chronicle.docx': (d) => ({ text: 'history', id: d }),
  'personnel.post': (d) => ({ postId: `${d}:township-party-committee:party-secretary` }),
  'personnel.abolishPost': (d) => ({ ...C, postId: `${d}:matrix` }),
  'personnel.appointToPost': (d) => ({ ...C, personId: 'matrix', postId: `${d}:matrix` }),
  'personnel.dismissFromPost': (d) => ({ ...C, personId: 'matrix', postId: `${d}:matrix` }),
  'personnel.transferPerson': (d) => ({ ...C, personId: 'matrix', fromPostId: `${d}:a`, toPostId: `${d}:b` }),
  'personnel.establishPost': (d) => ({
    ...C,
    postId: `${d}:matrix-post-${++renames}`,
    divisionId: d,
    organisation: 'township-government',
    role: 'member',
  }),
  'personnel.recordPersonnelDecision': (d) => ({
    ...C,
    changes: [
      {
        op: 'establish-post',
        postId: `${d}:matrix-decision-${++renames}`,
        divisionId: d,
        organisation: 'township-government',
        role: 'deputy',
      },
    ],
  }),
  'personnel.compareStatistics': (d) => ({ divisionIds: [d], from: '2019-06-01', to: '2021-06-01' }),
  'services.point': (d) => ({ pointId: `${d}:township-centre` }),
  'services.closeServicePoint': (d) => ({ ...C, pointId: `${d}:township-centre` }),
  'services.openServicePoints': (d) => ({
    ...C,
    points: [
      {
        pointId: `${d}:matrix-${++renames}`,
        level: 'village-room',
        divisionId: d,
        name: '矩阵服务室',
        parentPointId: `${d}:township-centre`,
      },
    ],
  }),
  'services.requestService': (d) => ({
    requestId: `matrix-${++renames}`,
    pointId: `${d}:township-centre`,
    kind: 'other',
    effectiveAt: '2026-01-01',
  }),
  // requests made at each township's centre in beforeAll: a step touches the division of the request's point
  'services.acceptService': (d) => ({ requestId: `matrix-${d}`, effectiveAt: '2026-01-01' }),
  'services.proxyService': (d) => ({ requestId: `matrix-${d}`, effectiveAt: '2026-01-01' }),
  'services.completeService': (d) => ({ requestId: `matrix-${d}`, effectiveAt: '2026-01-01' }),
  'services.rejectService': (d) => ({
    requestId: `matrix-${d}`,
    effectiveAt: '2026-01-01',
    reason: 'matrix',
  }),
  'institutions.devolveStations': (d) => ({
    ...C,
    stations: [{ department: '矩阵局', name: `矩阵站${++renames}`, townshipId: d, quotas: 1, staff: 1 }],
  }),
  'institutions.establishOffices': (d) => ({
    ...C,
    offices: [{ townshipId: d, kind: 'public-institution', name: `矩阵中心${++renames}` }],
  }),
  'education.openSchool': (d) => ({ ...C, name: '矩阵小学', kind: 'primary', townshipId: d, capacity: 100 }),
  'education.changeSchool': (d) => ({ ...C, schoolId: of(d).schools[0], name: '矩阵更名小学' }),
  'education.reportEnrolment': (d) => ({ ...C, reports: [{ schoolId: of(d).schools[0], enrolled: 10 }] }),
  'education.closeSchool': (d) => ({ ...C, schoolId: of(d).schools[1] }),
  'education.mergeSchools': (d) => ({ ...C, sourceIds: [of(d).schools[1]], targetId: of(d).schools[0] }),
  'health.establishFacility': (d) => ({
    ...C,
    name: '矩阵卫生院',
    tier: 'general-health-centre',
    zone: 'central',
    divisionId: d,
  }),
  'health.upgradeFacility': (d) => ({ ...C, facilityId: of(d).facilityId, tier: 'central-health-centre' }),
  'health.downgradeFacility': (d) => ({ ...C, facilityId: of(d).facilityId, tier: 'general-health-centre' }),
  'health.closeFacility': (d) => ({ ...C, facilityId: of(d).facilityId }),
  'enforcement.formTeam': (d) => ({ ...C, townshipId: d }),
  'enforcement.disbandTeam': (d) => ({ ...C, teamId: of(d).teamId, reason: '矩阵' }),
  'enforcement.assignOfficer': (d) => ({
    ...C,
    teamId: of(d).teamId,
    officerId: `M${++renames}`,
    name: '矩阵',
  }),
  'enforcement.removeOfficer': (d) => ({ ...C, teamId: of(d).teamId, officerId: 'M0' }),
  'enforcement.openCase': (d) => ({ ...C, townshipId: d, category: 'land' }),
  'enforcement.closeCase': (d) => ({ caseId: of(d).caseId, effectiveAt: '2026-01-01' }),
  'talent.recruitReturningWorker': (d) => ({ ...C, divisionId: d, name: '矩阵' }),
  'talent.developPartyMember': (d) => ({ ...C, divisionId: d, name: '矩阵' }),
  'talent.registerReserveCadre': (d) => ({ ...C, divisionId: d, name: '矩阵' }),
  'talent.certifyPracticalTalent': (d) => ({ ...C, divisionId: d, name: '矩阵', level: 'senior' }),
  'talent.completeCadreTraining': (d) => ({ ...C, divisionId: d, name: '矩阵' }),
  'talent.revokeRecord': (d) => ({ recordId: of(d).recordId, reason: '矩阵', effectiveAt: '2026-01-01' }),
  'talent.dispatchFirstSecretaries': (d) => ({
    ...C,
    postings: [{ villageId: d, name: '矩阵', unit: '县委组织部' }],
  }),
  'talent.recallFirstSecretaries': (d) => ({ ...C, postings: [{ postingId: of(d).postingId }] }),
  // the rest of the reform: an organisation named by its id touches the division it serves
  'zones.zoneOf': (d) => ({ ref: d }),
  'party.recordPartyDecision': (d) => ({
    ...C,
    changes: [
      { op: 'establish', type: 'branch', name: '矩阵支部', divisionId: d, parentId: `party-matrix-${d}` },
    ],
  }),
  'party.establishPartyOrganisations': (d) => ({
    ...C,
    organisations: [{ type: 'branch', name: '矩阵支部', divisionId: d, parentId: `party-matrix-${d}` }],
  }),
  'party.changePartyOrganisationType': (d) => ({ ...C, orgId: of(d).branches[0], type: 'general-branch' }),
  'party.dissolvePartyOrganisation': (d) => ({ ...C, authority: DOC, orgId: of(d).branches[1] }),
  'party.linkPartySecretary': (d) => ({ ...C, orgId: of(d).branches[0], postId: null }),
  'party.mergePartyOrganisations': (d) => ({
    ...C,
    authority: DOC,
    sources: [of(d).branches[2]],
    into: of(d).branches[3],
  }),
  'cadres.secretaryPay': (d) => ({ month: '2021-06', townshipId: d }),
  'assets.recordInventory': (d) => ({
    ...C,
    authority: DOC,
    entries: [{ villageId: d, kind: 'cash', amountFen: 100 }],
  }),
  'assets.recordHandover': (d) => ({
    ...C,
    authority: DOC,
    fromVillageId: d,
    toVillageId: d,
    signer: '矩阵',
    items: [{ kind: 'cash', amountFen: 1 }],
  }),
  'divisions.tree': (d) => ({ rootId: d, depth: 1 }),
  'divisions.counts': (d) => ({ rootId: d, asOf: '2021-06-01' }),
  'divisions.get': (d) => ({ id: d }),
  'divisions.search': () => ({ q: '镇', limit: 3 }),
  'divisions.list': (d) => ({ level: 'village', rootId: d }),
  'divisions.history': (d) => ({ id: d }),
  'divisions.lineage': (d) => ({ id: d, depth: 2 }),
  'divisions.successors': (d) => ({ ids: [d] }),
  'divisions.adjustments': () => ({}),
  'divisions.scheduled': () => undefined,
  'divisions.statistics': (d) => ({ from: '2019-06-01', to: '2021-06-01', rootId: d }),
  'divisions.preview': (d) => renameInput(d, '预览名'),
  'divisions.enactAdjustment': (d) => renameInput(d, `矩阵${++renames}名`),
  'events.list': () => ({ limit: 1 }),
  'events.get': () => ({ id: randomUUID() }),
  'events.retract': () => ({
    eventId: randomUUID(),
    reason: 'access matrix',
    authority: { documentNo: '矩阵〔2024〕1号', issuedBy: '测试' },
  }),
  'events.feed': () => ({}), // from the head: new events only
  'access.list': () => undefined,
  'access.create': () => ({ name: '矩阵', scopes: ['divisions:read'] }),
  'access.revoke': () => ({ tokenId: 'zzzzzzzzzzzz' }),
  'access.whoami': () => undefined,
  'system.health': () => undefined,
  'system.changes': () => undefined,
};

/** The divisions a procedure's scope rule reads from an input (empty when it reads none). */
const namedBy = (meta: ProcedureMeta, input: unknown): string[] => {
  try {
    return (meta.scoped?.names?.(input ?? {}) ?? []).filter((x): x is string => typeof x === 'string');
  } catch {
    return [];
  }
};

/** For a procedure whose scope rule names divisions but not in INPUTS: the first common shape its schema takes and its rule reads. */
function probe(p: Pick<Proc, 'meta' | 'input'>, d: string): unknown {
  const shapes = [
    { id: d },
    { rootId: d },
    { divisionId: d },
    { townshipId: d },
    { villageId: d },
    { divisionIds: [d] },
    { countyCode: d },
    { division: d },
    { parent: d },
    { postings: [{ villageId: d }] },
    renameInput(d, '探测名'),
  ];
  return shapes.find((s) => namedBy(p.meta, s).includes(d) && (p.input?.safeParse(s).success ?? true)) ?? {};
}

function inputFor(p: Proc, d: string): unknown {
  const table = INPUTS[p.path];
  if (table) return table(d);
  return p.meta.scoped?.names ? probe(p, d) : {};
}

function expected(p: Proc, column: Column): Expected {
  const { access, scoped } = p.meta;
  const open = access === 'public';
  const anyToken = access === 'signed-in';
  const division = access === 'read' || access === 'write';
  switch (column) {
    case 'none':
      return open ? 'allowed' : 'UNAUTHORIZED';
    case 'other':
      return open || anyToken ? 'allowed' : 'FORBIDDEN';
    case 'readOnly':
      return access === 'write' ? 'FORBIDDEN' : null;
    case 'right':
      return 'allowed';
    case 'admin':
      // A dedicated scope (personnel:erase) is not implied by admin: only a token naming it may call.
      return p.meta.scope !== undefined ? 'FORBIDDEN' : 'allowed';
    case 'subtreeOut':
      // `admin` and `metrics` are never limited to a subtree, so the column does not apply.
      if (open || anyToken) return 'allowed';
      if (!division) return null;
      if (!scoped || access === 'write') return 'FORBIDDEN';
      return namedBy(p.meta, inputFor(p, outside.code)).includes(outside.code) ? 'FORBIDDEN' : 'allowed';
    case 'subtreeIn':
      return scoped && division ? 'allowed' : null;
  }
}

/**
 * Subscribes over SSE; resolves on the first value, or `quietMs` after the stream started without an
 * error (short when the call should be allowed, long when an error is expected, so a slow machine
 * cannot pass a refusal off as "allowed").
 */
function subscribeOnce(
  client: ReturnType<Harness['untyped']>,
  path: string,
  input: unknown,
  quietMs: number,
): Promise<void> {
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
async function call(
  p: Proc,
  token: string | undefined,
  input: unknown,
  want: Exclude<Expected, null>,
): Promise<string> {
  const client = h.untyped(token);
  try {
    if (p.type === 'query') await client.query(p.path, input);
    else if (p.type === 'mutation') await client.mutation(p.path, input);
    else await subscribeOnce(client, p.path, input, want === 'allowed' ? 300 : 5_000);
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCClientError)
      return (error.data as { code?: string } | undefined)?.code ?? `? ${error.message}`;
    throw error;
  }
}

const passes = (actual: string, want: Exclude<Expected, null>) =>
  want === 'allowed'
    ? !actual.startsWith('UNAUTHORIZED') &&
      !actual.startsWith('FORBIDDEN') &&
      !actual.startsWith('?') &&
      actual !== 'INTERNAL_SERVER_ERROR'
    : actual === want || (want === 'FORBIDDEN' && actual === 'FORBIDDEN (not issued)');

const procedures = (): Proc[] => {
  const router = createAppRouter({ scopes: () => h.platform.scopes, modules: h.platform.modules });
  const record = router._def.procedures as unknown as Record<
    string,
    { _def: { type: Proc['type']; meta?: ProcedureMeta; inputs: Proc['input'][] } }
  >;
  return Object.entries(record)
    .map(([path, proc]) => ({
      path,
      type: proc._def.type,
      meta: proc._def.meta!,
      input: proc._def.inputs[0],
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
};

beforeAll(async () => {
  h = await startHarness('access', { demo: 'modules' });
  const c = h.client(h.admin);
  const a = h.untyped(h.admin);
  const townships = (await c.divisions.list.query({ level: 'township', rootId: DEMO.code })) as ListRow[];
  // two townships with villages, schools, teams and first secretaries of their own
  const [mine, other] = [
    townships.find((t) => t.name === '金水镇')!,
    townships.find((t) => t.name === '马平镇')!,
  ];
  const villages = (await c.divisions.list.query({ level: 'village', rootId: mine.code })) as ListRow[];
  inside = { township: mine, village: villages[0]!.code };
  outside = other;
  // each township's schools, facility, team, case, talent record and first secretary
  for (const t of [inside.township, outside]) {
    const schools = (
      (await a.query('education.schools', { townshipId: t.id })) as { schoolId: string }[]
    ).map((x) => x.schoolId);
    const facility = (
      (await a.query('health.facilities', { townshipId: t.id })) as { facilityId: string }[]
    )[0]!.facilityId;
    const team = ((await a.query('enforcement.teams', { townshipId: t.id })) as { teamId: string }[])[0]!
      .teamId;
    let caseId = '';
    for (let n = 1; n < 400 && !caseId; n++) {
      const id = `510799-2023-${String(n).padStart(4, '0')}`;
      if (
        ((await a.query('enforcement.case', { caseId: id })) as { countsUnder?: string } | null)
          ?.countsUnder === t.id
      )
        caseId = id;
    }
    const recordId = (
      (await a.query('talent.records', { divisionId: t.id, limit: 1 })) as { recordId: string }[]
    )[0]!.recordId;
    const postingId = (
      (await a.query('talent.secretaries', { townshipId: t.id })) as { postingId: string }[]
    )[0]!.postingId;
    interface Org {
      orgId: string;
      type: string;
      townshipId: string | null;
      children: Org[];
    }
    const flat = (nodes: Org[]): Org[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
    const branches = flat((await a.query('party.tree', { countyCode: DEMO.code })) as Org[])
      .filter((o) => o.townshipId === t.id && o.type === 'branch')
      .map((o) => o.orgId);
    expect(branches.length).toBeGreaterThanOrEqual(4);
    records.set(t.code, {
      schools,
      facilityId: facility,
      teamId: team,
      caseId,
      recordId,
      postingId,
      branches,
    });
  }
  // a service request at each township's centre, for the request steps
  for (const t of [inside.township, outside]) {
    await c.services.requestService.mutate({
      requestId: `matrix-${t.code}`,
      pointId: `${t.code}:township-centre`,
      kind: 'other',
      effectiveAt: '2025-06-01',
    });
  }
}, 240_000); // every module's demo story is recorded (as for the property test)

afterAll(async () => {
  await h?.close();
});

describe('access matrix', () => {
  it('every registered procedure answers every kind of token as the rule says', async () => {
    const procs = procedures();
    const tokens = new Map<string, string | null>();
    /** The token, or null when it is not issued at all (a scope that opens nothing to a limited token). */
    const token = async (scopes: string[], subtree?: string) => {
      const key = `${scopes.join(',')}@${subtree ?? ''}`;
      if (!tokens.has(key)) {
        const issued = await h.token(scopes, subtree, `matrix ${key}`).catch((e: Error) => {
          if (subtree !== undefined && /would open nothing/.test(e.message)) return null;
          throw e;
        });
        tokens.set(key, issued);
      }
      return tokens.get(key)!;
    };
    /** A call with a token that may not exist: not issued counts as refused. */
    const callWith = async (p: Proc, t: string | null, input: unknown, want: Exclude<Expected, null>) =>
      t === null ? 'FORBIDDEN (not issued)' : call(p, t, input, want);
    const scopes = h.platform.scopes;
    const rows: {
      p: Proc;
      cells: Partial<Record<Column, { actual: string; want: Exclude<Expected, null> }>>;
    }[] = [];
    const wrong: string[] = [];

    for (const p of procs) {
      expect(p.meta, `${p.path} has no access metadata`).toBeDefined();
      expect(['public', 'signed-in', 'read', 'write', 'metrics', 'admin']).toContain(p.meta.access);
      const scope = requiredScope(p.meta);
      const module = p.meta.module;
      const otherScope = scopes.find(
        (s) => s !== 'admin' && s !== 'metrics' && s.split(':')[0] !== module && s !== scope,
      )!;
      const right = scope || otherScope;
      if (p.meta.scoped?.names && !INPUTS[p.path]) {
        expect(
          namedBy(p.meta, probe(p, inside.township.code)),
          `${p.path} names divisions: add its input to INPUTS`,
        ).toContain(inside.township.code);
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
            actual = await callWith(
              p,
              await token([right], inside.township.code),
              inputFor(p, outside.code),
              want,
            );
            break;
          case 'subtreeIn': {
            // a village under the township for the registry command (the township itself for the rest)
            const d = p.path === 'divisions.enactAdjustment' ? inside.village : inside.township.code;
            const input = inputFor(p, d);
            if (p.meta.scoped?.names && namedBy(p.meta, input).length > 0)
              expect(namedBy(p.meta, input), `${p.path}: the input names ${d}`).toContain(d);
            actual = await callWith(p, await token([right], inside.township.code), input, want);
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
      p.meta.scoped ? `${p.meta.access}+div` : p.meta.access,
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
    expect(rows.map((r) => r.p.path)).toEqual(
      Object.keys(
        createAppRouter({ scopes: () => scopes, modules: h.platform.modules })._def.procedures,
      ).sort(),
    );
    for (const r of rows)
      for (const { key } of COLUMNS) expect(r.cells[key] === undefined).toBe(expected(r.p, key) === null);
    expect(rows.map((r) => r.p.path)).toEqual(
      expect.arrayContaining([
        'divisions.enactAdjustment',
        'divisions.tree',
        'events.feed',
        'system.changes',
        'access.create',
      ]),
    );
    expect(wrong).toEqual([]);
    expect(h.errors).toEqual([]);
  }, 120_000);

  it('a token limited to a subtree acts inside it, and the command really lands', async () => {
    const limited = await h.token(['divisions:write'], inside.township.code, '乡镇令牌');
    const c = h.client(limited);
    const r = await c.divisions.enactAdjustment.mutate(renameInput(inside.village, '界内村'));
    expect(r.replayed).toBe(false);
    expect(
      ((await c.divisions.get.query({ id: inside.village, asOf: '2024-03-01' })) as { name: string }).name,
    ).toBe('界内村');
    // one change outside spoils the whole adjustment
    const head = await h.head();
    const mixed = {
      ...renameInput(inside.village, 'x'),
      changes: [
        { op: 'rename' as const, division: inside.village, name: '界内二村' },
        { op: 'rename' as const, division: outside.code, name: '界外镇' },
      ],
    };
    await expect(c.divisions.enactAdjustment.mutate(mixed)).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    // establishing under the county names the county: outside a township's subtree
    await expect(
      c.divisions.enactAdjustment.mutate({
        ...renameInput(inside.village, 'x'),
        changes: [{ op: 'establish', kind: 'town', name: '新设镇', parent: DEMO.code }],
      }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    expect(await h.head()).toBe(head);
    // a revoked token is no token at all
    const tokenId = /^xz_([a-z0-9]{12})_/.exec(limited)![1]!;
    await h.client(h.admin).access.revoke.mutate({ tokenId });
    await expect(c.divisions.get.query({ id: inside.village })).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    // and a malformed or forged one neither
    await expect(
      h.client(`${limited.slice(0, -4)}AAAA`).divisions.get.query({ id: inside.village }),
    ).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    await expect(h.client('not-a-token').divisions.get.query({ id: inside.village })).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
  });
});
