/**
 * The data-level access property, generated from the router. Every query procedure and every
 * `/export/<query>.csv` of the app router is called over HTTP with tokens limited to one township
 * (every module's read scope), with inputs generated from the procedure's own zod schema (fast-check)
 * plus extra fields naming divisions and records of this and other townships. Two oracles, neither of
 * which trusts what the procedures declare:
 *
 *   rows         every value under `divisionId` / `townshipId` / `villageId` (and the ids of the
 *                division rows of divisions.tree/list/get) lies in the token's township on the date
 *                asked (`asOf`, `from`, `to`; today when none) — computed here from the divisions tree;
 *   non-interference
 *                the answer is the same as known before and after events recorded in another
 *                township (`knownAt` just before them): data outside the token's township cannot
 *                change what it sees — this catches aggregates (counts, statistics) over the county.
 *
 * Or the answer is a 4xx (BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNPROCESSABLE_CONTENT); never a 500.
 * An export answers what the query answers (the same rows as CSV, or the same refusal), and so does
 * REST (`GET /api/v1/<module>/<query>`: the same answer, every page of it, or the same refusal as
 * problem+json), whose rows the first oracle checks again. No token and a revoked token get
 * UNAUTHORIZED from every non-public query, over tRPC and over REST.
 *
 * ACCESS_RUNS (default 40) inputs per procedure and token; ACCESS_SEED to replay.
 */
import fc from 'fast-check';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { countyDate } from '@xianzhi/kernel';
import { platformModules } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { createAppRouter } from '../src/router';
import { toCsv, type Row } from '../src/export';
import { encodeQuery, restProcedures, type RestProcedure } from '../src/rest';
import { arbitraryOf, shapeOf } from './arbitrary';
import { DEMO, startHarness, type Harness } from './harness';

const RUNS = Number(process.env.ACCESS_RUNS ?? 40);
const SEED = Number(process.env.ACCESS_SEED ?? 20191220);

interface Query {
  path: string;
  rest: RestProcedure;
  module: string;
  access: string;
  input: z.ZodType | undefined;
  columns: Record<string, string> | undefined;
}

/** A township a token is limited to: what lies in it on each date is computed from the tree. */
interface Township {
  id: string;
  code: string;
  name: string;
  token: string;
}

type Answer = { ok: true; data: unknown } | { ok: false; code: string; message: string };

let h: Harness;
let limited: Township[];
let revoked: string;
let knownBefore: string;
const today = countyDate(Date.now());
const pool = new Map<string, string[]>();

const DATES = ['2019-06-01', '2019-12-20', '2020-07-01', '2021-06-01', '2025-06-01', today];
const MONTHS = ['2020-01', '2021-06', '2022-03', '2024-12', '2025-06'];
const DIVISION_FIELDS = [
  'rootId',
  'id',
  'divisionId',
  'townshipId',
  'villageId',
  'divisionIds',
  'villageIds',
  'ids',
  'parent',
  'division',
  'subtree',
];
const EXTRA_FIELDS = [
  'villageIds',
  'divisionIds',
  'divisionId',
  'townshipId',
  'villageId',
  'rootId',
  'pointId',
  'parentPointId',
  'teamId',
  'postId',
];

/** Every division id and code under `root` as of `date` (the oracle: independent of the procedures). */
const members = new Map<string, Promise<Set<string>>>();
function membersOf(root: string, date: string): Promise<Set<string>> {
  const key = `${root}@${date}`;
  let found = members.get(key);
  if (!found) {
    found = (async () => {
      const set = new Set<string>();
      const tree = (await h.untyped(h.admin).query('divisions.tree', { rootId: root, asOf: date })) as Node[];
      const walk = (n: Node) => {
        set.add(n.id);
        if (n.code) set.add(n.code);
        n.children?.forEach(walk);
      };
      tree.forEach(walk);
      return set;
    })();
    members.set(key, found);
  }
  return found;
}
interface Node {
  id: string;
  code?: string;
  children?: Node[];
}

/**
 * The access policy, computed here from the divisions read models as an admin sees them: a division
 * is visible to a token limited to township T on date D when it lies under T on D, or under T today,
 * or (archives follow the division) what it became — its successors today — lies under T today.
 */
const present = new Map<string, Promise<string[]>>();
async function visible(root: string, id: string, dates: string[]): Promise<boolean> {
  for (const d of [...dates, today]) if ((await membersOf(root, d)).has(id)) return true;
  let now = present.get(id);
  if (!now) {
    now = h
      .untyped(h.admin)
      .query('divisions.successors', { ids: [id] })
      .then((r) => ((r as { successors: { id: string }[] | null }[])[0]?.successors ?? []).map((x) => x.id));
    present.set(id, now);
  }
  const today$ = await membersOf(root, today);
  return (await now).some((x) => today$.has(x));
}

async function call(path: string, token: string | undefined, input: unknown): Promise<Answer> {
  try {
    return { ok: true, data: await h.untyped(token).query(path, input) };
  } catch (error) {
    if (error instanceof TRPCClientError)
      return {
        ok: false,
        code: (error.data as { code?: string } | undefined)?.code ?? '?',
        message: error.message,
      };
    throw error;
  }
}

/** The same query over REST: its whole answer (pages put back together), or its refusal. */
async function callRest(p: RestProcedure, token: string | undefined, input: unknown): Promise<Answer> {
  const params = encodeQuery(input as Record<string, unknown> | undefined, p.input);
  if (p.paging === 'rows' && !('limit' in (p.input?.properties ?? {}))) params.set('limit', '5000');
  let first: Record<string, unknown> | unknown[] | undefined;
  let rows: unknown[] = [];
  for (let cursor: string | null = null; ;) {
    if (cursor !== null) params.set('cursor', cursor);
    const res = await fetch(`${h.url}${p.url}?${params.toString()}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) {
      const problem = res.headers.get('content-type')?.startsWith('application/problem+json');
      return {
        ok: false,
        code: problem ? String(body.code) : `not problem+json (${res.status})`,
        message: String(body.detail),
      };
    }
    if (!p.paging) return { ok: true, data: body };
    const { next, ...page } = body as { next: string | null; items?: unknown[]; rows?: unknown[] };
    if (p.paging === 'native') return { ok: true, data: page };
    first ??= Array.isArray(body.items) ? [] : page;
    rows = [...rows, ...(page.items ?? page.rows ?? [])];
    if (next === null || next === undefined) break;
    cursor = next;
  }
  return { ok: true, data: Array.isArray(first) ? rows : { ...first, rows } };
}

/**
 * What two answers are compared by: a chronicle document's subtitle states the as-of and known-at it
 * was asked for, and a DOCX carries the time it was zipped — both differ between two asks of the same
 * facts. The DOCX's text is the same as chronicle.history/events/report's, checked there.
 */
function comparable(path: string, data: unknown): string {
  if (!path.startsWith('chronicle.') || !data || typeof data !== 'object') return JSON.stringify(data);
  if (path === 'chronicle.docx') return JSON.stringify({ ...data, base64: undefined });
  // the subtitle stands in the document and in its Markdown and HTML renderings
  const subtitle = (data as { document?: { subtitle?: string } }).document?.subtitle;
  const text = JSON.stringify(data);
  return subtitle ? text.split(subtitle).join('') : text;
}

/** Where two texts part: the 120 characters from a little before the first difference, in each. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  return `${a.slice(from, from + 120)}; now: ${b.slice(from, from + 120)}`;
}

/** Every division the answer names, with where it was found. */
function named(path: string, value: unknown): { where: string; id: string }[] {
  const out: { where: string; id: string }[] = [];
  const chronicle = ['divisions.history', 'divisions.lineage', 'divisions.successors'].includes(path);
  const visit = (v: unknown, at: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}[${i}]`));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    for (const k of ['divisionId', 'townshipId', 'villageId'])
      if (typeof o[k] === 'string') out.push({ where: `${at}.${k}`, id: o[k] });
    // a division row (tree node, list row): its own id
    if (
      !chronicle &&
      path.startsWith('divisions.') &&
      typeof o.id === 'string' &&
      typeof o.name === 'string' &&
      ('level' in o || 'parent' in o)
    )
      out.push({ where: `${at}.id`, id: o.id });
    for (const [k, x] of Object.entries(o)) if (k !== 'path') visit(x, `${at}.${k}`);
  };
  visit(value, '');
  return out;
}

/** The dates an input asks about (today when it names none); months count from their first day. */
function datesOf(input: unknown): string[] {
  const i = (input ?? {}) as Record<string, unknown>;
  const dates = ['asOf', 'from', 'to', 'on']
    .map((k) => i[k])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => (/^\d{4}-\d{2}$/.test(v) ? `${v}-01` : v.slice(0, 10)));
  return typeof i.asOf === 'string' ? dates : [...dates, today];
}

/** Candidate values by field name, for a token limited to `t`: half its own divisions and records, half others'. */
function poolsFor(t: Township): (field: string) => string[] {
  const mixed = (kind: string) => {
    const own = pool.get(`${kind}@${t.id}`) ?? [];
    const mine = new Set(own);
    const others = (pool.get(kind) ?? []).filter((x) => !mine.has(x));
    if (own.length === 0 || others.length === 0) return [...own, ...others];
    // as many of its own as of others'
    return [
      ...others,
      ...Array.from({ length: Math.max(1, Math.round(others.length / own.length)) }, () => own).flat(),
    ];
  };
  return (field) => {
    if (['asOf', 'on', 'from', 'to', 'approvedOn'].includes(field)) return [...DATES, ...MONTHS];
    if (field === 'countyCode') return [DEMO.code];
    if (field === 'q') return ['镇', '村', '金水', '马平', '熊'];
    if (DIVISION_FIELDS.includes(field)) return mixed('division');
    if (['postId', 'fromPostId', 'toPostId'].includes(field)) return mixed('post');
    if (['pointId', 'parentPointId'].includes(field)) return mixed('point');
    return mixed(field);
  };
}

/** Now and then 1–3 fields the procedure may not take, naming divisions and records (mostly the token's own). */
function extraFor(t: Township) {
  const pools = poolsFor(t);
  // a third of the inputs carry fields their procedure may not take (a 400 now; the leak before)
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.subarray(EXTRA_FIELDS, { minLength: 1, maxLength: 3 }).chain((keys) =>
        fc.record(
          Object.fromEntries(
            keys.map((k) => {
              const values = pools(k.endsWith('Ids') ? k.replace(/Ids$/, 'Id') : k);
              const one = fc.constantFrom(...(values.length ? values : ['x']));
              return [k, k.endsWith('Ids') ? fc.array(one, { minLength: 1, maxLength: 2 }) : one];
            }),
          ),
        ),
      ),
    },
  );
}

function withExtra(input: unknown, extra: Record<string, unknown> | null): unknown {
  if (extra === null) return input;
  if (input === undefined || (input && typeof input === 'object' && !Array.isArray(input)))
    return { ...input, ...extra };
  return input;
}

beforeAll(async () => {
  h = await startHarness('access-property', { demo: 'modules' });
  const admin = h.untyped(h.admin);

  // Two townships for the limited tokens, one (never merged with them) for the events recorded later.
  const townships = (await admin.query('divisions.list', { level: 'township', rootId: DEMO.code })) as {
    id: string;
    code: string;
    name: string;
  }[];
  const byName = (n: string) => townships.find((t) => t.name === n)!;
  const [t1, t2, other] = [byName('金水镇'), byName('马平镇'), byName('黄林镇')];
  const readScopes = h.platform.scopes.filter((s) => s.endsWith(':read'));
  limited = [];
  for (const t of [t1, t2])
    limited.push({ ...t, token: await h.token(readScopes, t === t1 ? t.code : t.id, `乡镇 ${t.name}`) });
  revoked = await h.token(readScopes, undefined, '已吊销');
  await h.untyped(h.admin).mutation('access.revoke', { tokenId: /^xz_([a-z0-9]{12})_/.exec(revoked)![1]! });

  // Pools: divisions and records of the three townships and the county, now and before the reform;
  // `<kind>@<township>` holds a limited token's own.
  const own = new Map<string, Set<string>>();
  for (const t of [t1, t2, other]) {
    const set = new Set<string>([t.id, t.code]);
    for (const asOf of ['2019-06-01', today]) {
      for (const v of (await admin.query('divisions.list', { level: 'village', rootId: t.id, asOf })) as {
        id: string;
        code: string;
      }[])
        set.add(v.id).add(v.code);
    }
    own.set(t.id, set);
    pool.set(`division@${t.id}`, [...set]);
  }
  pool.set('division', [DEMO.code, ...[...own.values()].flatMap((x) => [...x])]);
  const ownerOf = (d: string | undefined) => [...own].find(([, x]) => d !== undefined && x.has(d))?.[0];
  const collect = (kind: string, rows: { key: string; division?: string }[]) => {
    pool.set(
      kind,
      rows.filter((r) => ownerOf(r.division)).map((r) => r.key),
    );
    for (const t of [t1, t2])
      pool.set(
        `${kind}@${t.id}`,
        rows.filter((r) => ownerOf(r.division) === t.id).map((r) => r.key),
      );
  };
  const rosters = (await admin.query('personnel.roster', { countyCode: DEMO.code })) as {
    divisionId: string;
    posts: { postId: string; holders: { personId: string }[] }[];
  }[];
  collect(
    'post',
    rosters.flatMap((r) => r.posts.map((p) => ({ key: p.postId, division: r.divisionId }))),
  );
  collect(
    'personId',
    rosters.flatMap((r) =>
      r.posts.flatMap((p) => p.holders.map((x) => ({ key: x.personId, division: r.divisionId }))),
    ),
  );
  collect(
    'point',
    ((await admin.query('services.points', {})) as { id: string; divisionId: string }[]).map((p) => ({
      key: p.id,
      division: p.divisionId,
    })),
  );
  collect(
    'teamId',
    ((await admin.query('enforcement.teams', {})) as { teamId: string; townshipId: string }[]).map((x) => ({
      key: x.teamId,
      division: x.townshipId,
    })),
  );
  collect(
    'schoolId',
    ((await admin.query('education.schools', {})) as { schoolId: string; townshipId: string }[]).map((x) => ({
      key: x.schoolId,
      division: x.townshipId,
    })),
  );
  collect(
    'facilityId',
    ((await admin.query('health.facilities', {})) as { facilityId: string; divisionId: string }[]).map(
      (x) => ({ key: x.facilityId, division: x.divisionId }),
    ),
  );
  pool.set(
    'planId',
    ((await admin.query('reform.plans', {})) as { planId: string }[]).map((p) => p.planId),
  );
  pool.set('documentNo', ['川府民政〔2019〕27号', '青府发〔2020〕15号']);
  pool.set('level', ['township', 'village', 'group']);

  // What is known now, then events in the other township: the limited tokens must not see them.
  await new Promise((r) => setTimeout(r, 1_100));
  knownBefore = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 1_100));
  await recordElsewhere(other);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

/** Events in one township (effective 2025-01-01), in every module's read models. */
async function recordElsewhere(t: { id: string; code: string }) {
  const a = h.untyped(h.admin);
  const E = '2025-01-01';
  const authority = {
    documentNo: '青府发〔2024〕99号',
    issuedBy: '青溪县人民政府',
    approvedOn: '2024-12-01',
  };
  const villages = new Set(
    ((await a.query('divisions.list', { level: 'village', rootId: t.id })) as { id: string }[]).map(
      (v) => v.id,
    ),
  );
  const room = (
    (await a.query('services.points', { level: 'village-room' })) as { id: string; divisionId: string }[]
  ).find((p) => villages.has(p.divisionId))!;
  const village = { id: room.divisionId };
  const team = ((await a.query('enforcement.teams', { townshipId: t.id })) as { teamId: string }[])[0]!;
  const steps: [string, unknown][] = [
    [
      'divisions.enactAdjustment',
      {
        countyCode: DEMO.code,
        authority,
        effectiveAt: E,
        changes: [{ op: 'rename', division: village.id, name: '扰动村' }],
      },
    ],
    [
      'personnel.recordPersonnelDecision',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        authority,
        changes: [
          {
            op: 'register-person',
            personId: 'perturb-1',
            name: '扰动甲',
            gender: 'female',
            birthDate: '1990-01-01',
            education: 'master',
            partyMember: true,
          },
          {
            op: 'establish-post',
            postId: `${village.id}:perturb`,
            divisionId: village.id,
            organisation: 'village-committee',
            role: 'member',
          },
          { op: 'appoint', personId: 'perturb-1', postId: `${village.id}:perturb` },
        ],
      },
    ],
    ['services.requestService', { requestId: 'perturb-1', pointId: room.id, kind: 'other', effectiveAt: E }],
    [
      'services.openServicePoints',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        points: [
          {
            pointId: `${village.id}:perturb`,
            level: 'grid-worker',
            divisionId: village.id,
            name: '扰动网格',
            parentPointId: room.id,
          },
        ],
      },
    ],
    [
      'institutions.devolveStations',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        stations: [{ department: '县扰动局', name: '扰动站', townshipId: t.id, quotas: 7, staff: 3 }],
      },
    ],
    [
      'education.openSchool',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        name: '扰动小学',
        kind: 'primary',
        townshipId: t.id,
        capacity: 500,
        boarding: true,
      },
    ],
    [
      'health.establishFacility',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        name: '扰动卫生室',
        tier: 'village-clinic',
        zone: 'central',
        divisionId: village.id,
      },
    ],
    [
      'enforcement.assignOfficer',
      {
        countyCode: DEMO.code,
        effectiveAt: E,
        teamId: team.teamId,
        officerId: '51079999999',
        name: '扰动乙',
      },
    ],
    ['enforcement.openCase', { countyCode: DEMO.code, effectiveAt: E, townshipId: t.id, category: 'land' }],
    [
      'talent.recruitReturningWorker',
      { countyCode: DEMO.code, effectiveAt: E, divisionId: village.id, name: '扰动丙' },
    ],
  ];
  // a village has one first secretary at a time: recall the one there, then dispatch another
  const serving = (
    (await a.query('talent.secretaries', { villageId: village.id })) as { postingId: string }[]
  )[0];
  if (serving)
    steps.push([
      'talent.recallFirstSecretaries',
      { countyCode: DEMO.code, effectiveAt: E, postings: [{ postingId: serving.postingId }] },
    ]);
  steps.push([
    'talent.dispatchFirstSecretaries',
    {
      countyCode: DEMO.code,
      effectiveAt: E,
      postings: [{ villageId: village.id, name: '扰动丁', unit: '县扰动局' }],
    },
  ]);
  for (const [path, input] of steps) await a.mutation(path, input);
}

/** The queries of the router the server runs (every bundled plugin enabled). */
const queries: Query[] = (() => {
  const router = createAppRouter({ scopes: () => [], modules: platformModules(BUNDLED_PLUGINS) });
  const record = router._def.procedures as unknown as Record<
    string,
    {
      _def: {
        type: string;
        meta?: { module: string; access: string; columns?: Record<string, string> };
        inputs: z.ZodType[];
      };
    }
  >;
  const rest = new Map(restProcedures(record).map((p) => [p.path, p]));
  return Object.entries(record)
    .filter(([, p]) => p._def.type === 'query')
    .map(([path, p]) => ({
      path,
      rest: rest.get(path)!,
      module: p._def.meta!.module,
      access: p._def.meta!.access,
      input: p._def.inputs[0],
      columns: p._def.meta!.columns,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
})();

const ALLOWED_REFUSALS = ['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'UNPROCESSABLE_CONTENT'];

describe('data-level access property', () => {
  it('no token and a revoked token are refused by every non-public query', async () => {
    const wrong: string[] = [];
    for (const q of queries) {
      if (q.access === 'public') continue;
      for (const [label, token] of [
        ['none', undefined],
        ['revoked', revoked],
      ] as const) {
        const r = await call(q.path, token, undefined);
        if (r.ok || r.code !== 'UNAUTHORIZED')
          wrong.push(`${q.path} [${label}]: ${r.ok ? 'answered' : r.code}`);
        const viaRest = await callRest(q.rest, token, undefined);
        if (viaRest.ok || viaRest.code !== 'UNAUTHORIZED')
          wrong.push(`REST ${q.path} [${label}]: ${viaRest.ok ? 'answered' : viaRest.code}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('covers every query of the router', () => {
    expect(queries.length).toBeGreaterThan(40);
    expect(queries.map((q) => q.path)).toEqual(
      expect.arrayContaining([
        'personnel.rosterRows',
        'enforcement.officers',
        'services.points',
        'talent.secretaries',
      ]),
    );
  });

  // One property per query, so a failure names the procedure; every one runs (it.each over the router).
  it.each(queries.map((q, index) => ({ ...q, index })))(
    '$path: rows inside the township, answers not moved by other townships',
    async (q) => {
      const index = q.index;
      const shape = shapeOf(q.input);
      const takesKnownAt = shape !== undefined && 'knownAt' in shape;
      const failures: string[] = [];
      await fc
        .assert(
          fc.asyncProperty(
            fc
              .constantFrom(...limited)
              .chain((t) =>
                fc.tuple(fc.constant(t), arbitraryOf(q.input, '(input)', poolsFor(t)), extraFor(t)),
              ),
            async ([t, generated, extra]) => {
              const input = withExtra(generated, extra);
              if (input && typeof input === 'object') delete (input as Record<string, unknown>).knownAt;
              const answer = await call(q.path, t.token, input);
              const where = `${q.path} as ${t.name} with ${JSON.stringify(input)}`;
              // REST: the same answer or the same refusal (its rows are checked again below)
              const viaRest = await callRest(q.rest, t.token, input);
              if (
                answer.ok !== viaRest.ok ||
                (!answer.ok && !viaRest.ok && answer.code !== viaRest.code) ||
                (answer.ok &&
                  viaRest.ok &&
                  comparable(q.path, answer.data) !== comparable(q.path, viaRest.data))
              )
                failures.push(
                  `${where}: REST answered ${JSON.stringify(viaRest).slice(0, 200)}, tRPC ${JSON.stringify(answer).slice(0, 200)}`,
                );
              if (!answer.ok) {
                if (!ALLOWED_REFUSALS.includes(answer.code))
                  failures.push(`${where}: ${answer.code} ${answer.message}`);
                return failures.length === 0;
              }
              const dates = datesOf(input);
              const outside = [];
              for (const n of [
                ...named(q.path, answer.data),
                ...named(q.path, viaRest.ok ? viaRest.data : null),
              ])
                if (!(await visible(t.id, n.id, dates))) outside.push(n);
              if (outside.length > 0)
                failures.push(
                  `${where}: names ${outside.length} divisions outside ${t.name} on ${dates.join('/')}, e.g. ${outside
                    .slice(0, 3)
                    .map((n) => `${n.id} at ${n.where}`)
                    .join(', ')}`,
                );
              if (takesKnownAt && input && typeof input === 'object') {
                const before = await call(q.path, t.token, { ...input, knownAt: knownBefore });
                if (
                  before.ok !== answer.ok ||
                  comparable(q.path, before.ok ? before.data : before) !==
                    comparable(q.path, answer.ok ? answer.data : answer)
                )
                  failures.push(
                    `${where}: the answer changed with events in another township (known before them: ${firstDifference(comparable(q.path, before.ok ? before.data : before), comparable(q.path, answer.ok ? answer.data : answer))})`,
                  );
              }
              if (q.columns && failures.length === 0) {
                const res = await fetch(
                  `${h.url}/export/${q.path}.csv?input=${encodeURIComponent(JSON.stringify(input ?? {}))}`,
                  { headers: { authorization: `Bearer ${t.token}` } },
                );
                const rows = Array.isArray(answer.data)
                  ? answer.data
                  : (answer.data as { rows?: unknown })?.rows;
                if (Array.isArray(rows)) {
                  const text = await res.text(); // (fetch drops the byte-order mark)
                  if (res.status !== 200 || text !== toCsv(rows as Row[], q.columns).replace(/^\uFEFF/, ''))
                    failures.push(
                      `${where}: the export differs from the query (${res.status}): ${JSON.stringify(text.slice(0, 300))} vs ${JSON.stringify(toCsv(rows as Row[], q.columns).slice(0, 300))}`,
                    );
                } else await res.arrayBuffer();
              }
              return failures.length === 0;
            },
          ),
          // a procedure no limited token may call is refused before its input matters: a few runs show it
          {
            numRuns: q.access === 'read' || q.access === 'write' ? RUNS : 5,
            seed: SEED + index,
            endOnFailure: true,
          },
        )
        .catch(() => {});
      expect(failures.slice(0, 3)).toEqual([]);
    },
    180_000,
  );
});
