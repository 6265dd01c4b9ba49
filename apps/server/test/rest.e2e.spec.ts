/**
 * REST with OpenAPI 3.1 (issue 17), over real HTTP against the demo county with every module's story:
 *
 * - the document at /api/v1/openapi.json validates as OpenAPI 3.1 and holds every query and command
 *   of the router the server runs (read from the router here, so a new module is caught);
 * - REST answers equal tRPC's for inputs generated from each query's own schema, on several dates
 *   (fast-check), long lists reassembled from their pages;
 * - errors are problem+json with tRPC's status and code (400, 401, 403, 404, 405, 409, 422);
 * - commands by POST, idempotent by `Idempotency-Key`; the reference page at /api/docs;
 * - the Python client of docs/rest.md, copied out of the page and run with python3.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { TRPCClientError } from '@trpc/client';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { platformModules } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { createAppRouter } from '../src/router';
import { encodeQuery, restProcedures, type RestProcedure } from '../src/rest';
import { propertiesOf } from '../src/rest/query';
import { arbitraryOf } from './arbitrary';
import { DEMO, renameInput, startHarness, type Harness, type ListRow } from './harness';

const RUNS = Number(process.env.REST_RUNS ?? 150);
const SEED = Number(process.env.REST_SEED ?? 20191220);
const DATES = ['2019-06-01', '2019-12-19', '2019-12-20', '2021-06-01', '2025-06-01'];

let h: Harness;
let townships: ListRow[];
let pools: Map<string, string[]>;

/** The router the server runs (every bundled plugin), and its REST view. */
const router = createAppRouter({ scopes: () => [], modules: platformModules(BUNDLED_PLUGINS) });
const rest = restProcedures(router._def.procedures);
const inputs = router._def.procedures as unknown as Record<
  string,
  { _def: { type: string; inputs: z.ZodType[]; meta: { access: string } } }
>;

beforeAll(async () => {
  h = await startHarness('rest', { demo: 'modules' });
  const admin = h.untyped(h.admin);
  townships = (await admin.query('divisions.list', { level: 'township', rootId: DEMO.code })) as ListRow[];
  const old = (await admin.query('divisions.list', {
    level: 'township',
    rootId: DEMO.code,
    asOf: '2019-06-01',
  })) as ListRow[];
  const villages = (await admin.query('divisions.list', {
    level: 'village',
    rootId: townships[0]!.id,
  })) as ListRow[];
  const divisions = [
    DEMO.code,
    ...townships.slice(0, 4).flatMap((t) => [t.id, t.code]),
    ...old.slice(0, 3).map((t) => t.id),
    ...villages.slice(0, 3).flatMap((v) => [v.id, v.code]),
  ];
  pools = new Map([
    ['division', divisions],
    ['date', [...DATES, '2020-01', '2024-12']],
  ]);
}, 240_000);

afterAll(async () => {
  await h?.close();
});

type Reply = { status: number; type: string | null; body: unknown };

async function http(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

/** A REST query's whole answer: every page followed and put back together. */
async function restQuery(
  p: RestProcedure,
  input: unknown,
  token: string,
  limit?: number,
  follow = true,
): Promise<Reply & { pages: number }> {
  const params = encodeQuery(input as Record<string, unknown> | undefined, p.input);
  if (limit !== undefined) params.set('limit', String(limit));
  let first: Reply | undefined;
  let rows: unknown[] = [];
  let pages = 0;
  for (let cursor: string | null = null; ;) {
    if (cursor !== null) params.set('cursor', cursor);
    const r = await http('GET', `${p.url}?${params.toString()}`, token);
    pages++;
    if (r.status !== 200 || !p.paging) return { ...r, pages };
    if (!follow) {
      const { next: _next, ...page } = r.body as { next: unknown };
      return { ...r, body: page, pages };
    }
    const b = r.body as { items?: unknown[]; rows?: unknown[]; next: string | null };
    first ??= r;
    rows = [...rows, ...(b.items ?? b.rows ?? [])];
    if (b.next === null || b.next === undefined) break;
    cursor = b.next;
  }
  const b = first.body as { items?: unknown[]; next?: unknown; more?: unknown };
  const { next: _n, ...rest } = b;
  // the native event-log pages: `more` is whether there were more than the first page
  if (p.paging === 'native') return { ...first, body: { ...rest, rows, more: false }, pages };
  return { ...first, body: 'items' in b ? rows : { ...rest, rows }, pages };
}

async function trpc(
  path: string,
  input: unknown,
  token: string,
): Promise<{ ok: true; data: unknown } | { ok: false; code: string; status: number }> {
  try {
    return { ok: true, data: await h.untyped(token).query(path, input) };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code: string; httpStatus: number };
    return { ok: false, code: data.code, status: data.httpStatus };
  }
}

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 and holds every query and command of every module', async () => {
    const r = await http('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { operationId: string; summary: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toMatch(/县志/);
    // validate() dereferences in place: give it a copy
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');

    // every query and command of the router, read from the router itself (not from rest/)
    const expected = Object.entries(inputs)
      .filter(([, p]) => p._def.type === 'query' || p._def.type === 'mutation')
      .map(([path, p]) => `${p._def.type === 'query' ? 'get' : 'post'} /api/v1/${path.replace('.', '/')}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([url, ops]) => Object.keys(ops).map((m) => `${m} ${url}`))
      .sort();
    expect(documented).toEqual(expected);
    // core and every plugin are there
    const modules = new Set(Object.keys(doc.paths).map((u) => u.split('/')[3]));
    for (const m of [
      'divisions',
      'personnel',
      'services',
      ...BUNDLED_PLUGINS.map((p) => p.name),
      'events',
      'access',
    ])
      expect(modules).toContain(m);
  });

  it('carries the Chinese descriptions of the schemas and the access each operation needs', async () => {
    const doc = (await http('GET', '/api/v1/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary: string;
            description: string;
            parameters: { name: string; description?: string }[];
            security: unknown[];
          }
        >
      >;
    };
    const list = doc.paths['/api/v1/divisions/list']!.get!;
    expect(list.summary).toMatch(/[\u4e00-\u9fff]/);
    const param = (n: string) => list.parameters.find((x) => x.name === n);
    expect(param('asOf')?.description).toMatch(/哪一天/);
    expect(param('knownAt')?.description).toMatch(/已记录/);
    expect(param('cursor')).toBeDefined();
    expect(list.description).toContain('divisions:read');
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/system/modules']!.get!.security).toEqual([]);
    const enact = doc.paths['/api/v1/divisions/enactAdjustment']!.post as unknown as {
      requestBody: {
        content: { 'application/json': { schema: { properties: Record<string, { description?: string }> } } };
      };
    };
    expect(enact.requestBody.content['application/json'].schema.properties.countyCode!.description).toMatch(
      /区划代码/,
    );
  });

  it('serves the interactive reference from this server, titled in Chinese, with no inline script', async () => {
    const res = await fetch(`${h.url}/api/docs`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<title>[^<]*县志[^<]*接口文档/);
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attrs!)![1]!;
      expect(src.startsWith('/api/docs/')).toBe(true);
      const asset = await fetch(`${h.url}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect((await asset.text()).length).toBeGreaterThan(10);
    }
    expect((await fetch(`${h.url}/api/docs/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${h.url}/api/docs/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('REST answers what tRPC answers', () => {
  // every query but those whose answer holds the instant it is made (a checkpoint's takenAt, lag, a DOCX's zip times)
  const queries = rest.filter(
    (p) => p.type === 'query' && !['integrity.head', 'system.health', 'chronicle.docx'].includes(p.path),
  );

  it('for inputs generated from each query’s schema, on several dates (fast-check)', async () => {
    const choose = (field: string): string[] => {
      if (['asOf', 'on', 'from', 'to', 'month'].includes(field)) return pools.get('date')!;
      if (field === 'countyCode') return [DEMO.code];
      if (field === 'level') return ['township', 'village'];
      if (field === 'q') return ['镇', '村'];
      if (/(division|township|village|root)Ids?$|^ids?$/.test(field)) return pools.get('division')!;
      return [];
    };
    const failures: string[] = [];
    let answered = 0;
    let paged = 0;
    await fc
      .assert(
        fc.asyncProperty(
          fc
            .constantFrom(...queries)
            .chain((p) =>
              fc.tuple(
                fc.constant(p),
                arbitraryOf(inputs[p.path]!._def.inputs[0], '(input)', choose),
                fc.constantFrom(...DATES),
              ),
            ),
          async ([p, generated, date]) => {
            const input =
              generated && typeof generated === 'object' && !Array.isArray(generated)
                ? { ...generated }
                : generated;
            if (input && typeof input === 'object' && 'asOf' in propertiesOf(p.input))
              (input as Record<string, unknown>).asOf ??= date;
            if (input && typeof input === 'object') delete (input as Record<string, unknown>).knownAt;
            const expected = await trpc(p.path, input, h.admin);
            // small pages, so the reassembly of several pages is what is compared
            // (the event log's own pages are compared one by one: tRPC answers one page too)
            const got = await restQuery(
              p,
              input,
              h.admin,
              p.paging === 'rows' && !('limit' in propertiesOf(p.input)) ? 7 : undefined,
              p.paging !== 'native',
            );
            const where = `${p.path} ${JSON.stringify(input)}`;
            if (expected.ok) {
              answered++;
              if (got.pages > 1) paged++;
              if (got.status !== 200)
                failures.push(
                  `${where}: REST ${got.status} ${JSON.stringify(got.body).slice(0, 200)}, tRPC answered`,
                );
              else {
                const want = expected.data;
                if (JSON.stringify(got.body) !== JSON.stringify(want ?? null))
                  failures.push(
                    `${where}: REST ${JSON.stringify(got.body).slice(0, 300)} ≠ tRPC ${JSON.stringify(want).slice(0, 300)}`,
                  );
              }
            } else {
              const b = got.body as { code?: string };
              if (
                got.status !== expected.status ||
                b?.code !== expected.code ||
                !got.type?.startsWith('application/problem+json')
              )
                failures.push(
                  `${where}: REST ${got.status} ${b?.code} (${got.type}), tRPC ${expected.status} ${expected.code}`,
                );
            }
            return failures.length === 0;
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch(() => {});
    expect(failures.slice(0, 3)).toEqual([]);
    // the sample reached the read models, and followed pages
    expect(answered).toBeGreaterThan(RUNS / 3);
    expect(paged).toBeGreaterThan(0);
  }, 300_000);

  it('pages a long list: townships and villages of 2019 in pages of 50 equal the whole list', async () => {
    const p = rest.find((x) => x.path === 'divisions.list')!;
    const whole = (await h
      .untyped(h.admin)
      .query('divisions.list', { level: 'village', asOf: '2019-06-01' })) as unknown[];
    expect(whole.length).toBeGreaterThan(100);
    const got = await restQuery(p, { level: 'village', asOf: '2019-06-01' }, h.admin, 50);
    expect(got.pages).toBe(Math.ceil(whole.length / 50));
    expect(got.body).toEqual(whole);
    // the default page is 500 rows and a bad cursor or page size is a 400 naming it
    const bad = await http('GET', `${p.url}?level=village&cursor=nonsense`, h.admin);
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(['cursor']);
    expect((await http('GET', `${p.url}?level=village&limit=0`, h.admin)).status).toBe(400);
  });

  it('pages the event log by position: next pages lead through the log without gaps or repeats', async () => {
    const p = rest.find((x) => x.path === 'events.list')!;
    // the first 300 events of the log, 20 a page
    const all = (await h.untyped(h.admin).query('events.list', { limit: 1000, beforePosition: 301 })) as {
      rows: { position: number }[];
      more: boolean;
    };
    expect(all.more).toBe(false);
    expect(all.rows.length).toBeGreaterThan(250);
    const got = await restQuery(p, { limit: 20, beforePosition: 301 }, h.admin);
    expect(got.pages).toBe(Math.ceil(all.rows.length / 20));
    expect((got.body as { rows: unknown[] }).rows).toEqual(all.rows);
  });
});

describe('errors are problem+json with tRPC’s status and stable codes', () => {
  const problemOf = (r: Reply) => {
    expect(r.type).toMatch(/^application\/problem\+json/);
    return r.body as {
      type: string;
      title: string;
      status: number;
      code: string;
      detail: string;
      issues?: { path: string[]; code?: string; params?: Record<string, unknown> }[];
      domain?: { reason?: { code: string } };
    };
  };

  it('400: a bad field names it with its code; an unknown parameter is refused', async () => {
    const bad = problemOf(await http('GET', '/api/v1/divisions/counts?asOf=June', h.admin));
    expect(bad).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      title: '请求有误',
      type: 'urn:xianzhi:problem:bad_request',
    });
    expect(bad.issues![0]!.path).toEqual(['asOf']);
    expect(bad.issues![0]!.code).toBeTruthy();
    const unknown = problemOf(
      await http('GET', '/api/v1/divisions/counts?asOf=2019-06-01&villageIds=x', h.admin),
    );
    expect(unknown).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(unknown.issues).toEqual([
      expect.objectContaining({
        path: ['villageIds'],
        code: 'unrecognized_keys',
        params: { keys: 'villageIds' },
      }),
    ]);
    // in a command's body too
    const body = problemOf(
      await http('POST', '/api/v1/divisions/enactAdjustment', h.admin, {
        ...renameInput(townships[0]!.id, '某镇'),
        extra: 1,
      }),
    );
    expect(body.issues).toEqual([expect.objectContaining({ path: ['extra'], code: 'unrecognized_keys' })]);
    expect(
      problemOf(
        await http(
          'POST',
          '/api/v1/divisions/enactAdjustment?x=1',
          h.admin,
          renameInput(townships[0]!.id, '某镇'),
        ),
      ).status,
    ).toBe(400);
  });

  it('401 without a token or with a wrong one; 403 for a token without the scope or outside its township', async () => {
    expect(problemOf(await http('GET', '/api/v1/divisions/counts')).status).toBe(401);
    expect(problemOf(await http('GET', '/api/v1/divisions/counts', 'xz_aaaaaaaaaaaa_wrong')).code).toBe(
      'UNAUTHORIZED',
    );
    const education = await h.token(['education:read']);
    expect(problemOf(await http('GET', '/api/v1/divisions/counts', education))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    const [mine, other] = [townships[0]!, townships[1]!];
    const limited = await h.token(['divisions:read'], mine.id);
    const outside = problemOf(await http('GET', `/api/v1/divisions/get?id=${other.id}`, limited));
    expect(outside).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await http('GET', `/api/v1/divisions/get?id=${mine.id}`, limited)).status).toBe(200);
  });

  it('404 for no such query; 405 for the wrong method; 415 for a body that is not JSON', async () => {
    expect(problemOf(await http('GET', '/api/v1/divisions/nothing', h.admin))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const get = await http('GET', '/api/v1/divisions/enactAdjustment', h.admin);
    expect(problemOf(get)).toMatchObject({ status: 405 });
    expect(problemOf(await http('POST', '/api/v1/divisions/counts', h.admin, {}))).toMatchObject({
      status: 405,
    });
    const res = await fetch(`${h.url}/api/v1/divisions/enactAdjustment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.admin}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(415);
  });

  it('422 with the domain’s stable reason; nothing is written on any error', async () => {
    const head = await h.head();
    // renaming a division before it was established
    const early = problemOf(
      await http(
        'POST',
        '/api/v1/divisions/enactAdjustment',
        h.admin,
        renameInput(townships[0]!.id, '早名镇', '1900-01-01'),
      ),
    );
    expect(early.status).toBe(422);
    expect(early.code).toBe('UNPROCESSABLE_CONTENT');
    expect(early.domain?.reason?.code).toMatch(/^division\./);
    expect(await h.head()).toBe(head);
  });
});

describe('commands by POST', () => {
  it('records a rename once for one Idempotency-Key and answers as tRPC does', async () => {
    const t = townships[2]!;
    const input = renameInput(t.id, `${t.name}新`, '2024-05-01');
    const first = await http('POST', '/api/v1/divisions/enactAdjustment', h.admin, input, {
      'idempotency-key': 'rest-rename-1',
    });
    expect(first.status).toBe(200);
    const head = await h.head();
    const again = await http('POST', '/api/v1/divisions/enactAdjustment', h.admin, input, {
      'idempotency-key': 'rest-rename-1',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...(first.body as object), replayed: true });
    expect(await h.head()).toBe(head);
    const after = (await http('GET', `/api/v1/divisions/get?id=${t.id}&asOf=2024-06-01`, h.admin)).body as {
      name: string;
    };
    expect(after.name).toBe(`${t.name}新`);
    // the same key for another command is a conflict
    const other = await http(
      'POST',
      '/api/v1/divisions/enactAdjustment',
      h.admin,
      renameInput(t.id, '又一名', '2024-05-02'),
      { 'idempotency-key': 'rest-rename-1' },
    );
    expect(other.status).toBe(409);
    expect((other.body as { code: string }).code).toBe('CONFLICT');
  });
});

describe('the Python client of docs/rest.md', () => {
  it('runs with python3 (standard library only) and gets what tRPC gets', async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/rest.md'), 'utf8');
    const code = /<!-- python-client -->\s*```python\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(code).toBeDefined();
    const file = join(h.dir, 'client.py');
    writeFileSync(file, code!);
    const token = await h.token(['divisions:read'], undefined, 'python');
    const { stdout } = await promisify(execFile)('python3', [file], {
      env: { ...process.env, XIANZHI_URL: h.url, XIANZHI_TOKEN: token },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as {
      townships: string[];
      townshipsAfterReform: number;
      refused: { status: number; code: string; field: string[] };
    };
    const before = (await h
      .untyped(h.admin)
      .query('divisions.list', { level: 'township', rootId: DEMO.code, asOf: '2019-06-01' })) as ListRow[];
    expect(before.length).toBeGreaterThan(10); // so the snippet's pages of 10 are several
    expect(out.townships).toEqual(before.map((t) => t.name));
    const counts = (await h.untyped(h.admin).query('divisions.counts', { asOf: '2021-06-01' })) as {
      byLevel: { township: number };
    };
    expect(out.townshipsAfterReform).toBe(counts.byLevel.township);
    expect(out.refused).toEqual({ status: 400, code: 'BAD_REQUEST', field: ['asOf'] });
  }, 90_000);
});
