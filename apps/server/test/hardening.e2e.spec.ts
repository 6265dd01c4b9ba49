/**
 * The hardening found by the probe of issue 11, one regression test each, over real HTTP: strict
 * inputs on every procedure, CSV formula cells, metrics labels, body and batch limits, malformed
 * percent-encoding, the export's asOf, security headers, readable names, and idempotency keys
 * reused for a different command. Nothing is written on any refusal.
 */
import { request } from 'node:http';
import ExcelJS from 'exceljs';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createAppRouter } from '../src/router';
import { platformModules } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { arbitraryOf } from './arbitrary';
import fc from 'fast-check';
import { DEMO, renameInput, startHarness, type Harness, type ListRow } from './harness';

let h: Harness;
let townships: ListRow[];
/** Admin plus the dedicated scope admin does not imply (personnel:erase), so every procedure reaches its input check. */
let everyScope: string;

beforeAll(async () => {
  h = await startHarness('hardening');
  everyScope = await h.token(['admin', 'personnel:erase'], undefined, 'hardening');
  townships = (await h
    .untyped(h.admin)
    .query('divisions.list', { level: 'township', rootId: DEMO.code })) as ListRow[];
}, 60_000);

afterAll(async () => {
  await h?.close();
});

interface Failure {
  code: string;
  status: number;
  message: string;
  issues: { path: (string | number)[]; message: string }[];
}

/** One CSV line's cells (RFC 4180 quoting: a quoted cell may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
    cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return cells;
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

const auth = () => ({ authorization: `Bearer ${h.admin}` });

/** A raw HTTP request (fetch normalises URLs; this sends the path exactly as written). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(h.url);
  return new Promise((done, fail) => {
    // a fresh connection each time: a 413 closes the one it was sent on
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('strict inputs', () => {
  // Generated from the router: every procedure that takes an object, with one field it does not take
  // (at the top, and in a nested object where the input has one).
  const router = createAppRouter({ scopes: () => [], modules: platformModules(BUNDLED_PLUGINS) });
  const procedures = Object.entries(
    router._def.procedures as unknown as Record<string, { _def: { type: string; inputs: z.ZodType[] } }>,
  ).filter(([, p]) => p._def.type !== 'subscription' && p._def.inputs.length > 0);

  it.each(procedures.map(([path, p]) => ({ path, type: p._def.type, input: p._def.inputs[0]! })))(
    '$path: an unknown field is a 400 naming it',
    async ({ path, type, input }) => {
      const head = await h.head();
      const [sample] = fc.sample(
        arbitraryOf(input, '(input)', () => []),
        { numRuns: 1, seed: 11 },
      );
      const base =
        sample && typeof sample === 'object' && !Array.isArray(sample)
          ? (sample as Record<string, unknown>)
          : {};
      const client = h.untyped(everyScope);
      const send = (body: unknown) =>
        type === 'query' ? client.query(path, body) : client.mutation(path, body);
      const top = await refusal(send({ ...base, xianzhiExtra: 1 }));
      expect(top.status).toBe(400);
      expect(top.issues).toContainEqual({
        path: ['xianzhiExtra'],
        message: 'unknown field "xianzhiExtra": this procedure does not take it — remove it',
        code: 'unrecognized_keys',
        params: { keys: 'xianzhiExtra' },
      });
      // a nested object of the generated input, if any
      const nested = Object.entries(base).find(([, v]) => v && typeof v === 'object' && !Array.isArray(v));
      if (nested) {
        const r = await refusal(
          send({ ...base, [nested[0]]: { ...(nested[1] as object), xianzhiExtra: 1 } }),
        );
        expect(r.issues.map((i) => i.path)).toContainEqual([nested[0], 'xianzhiExtra']);
      }
      expect(await h.head()).toBe(head);
    },
  );
});

describe('exports', () => {
  it('a CSV cell that a spreadsheet would run as a formula is shown as text; XLSX cells stay text', async () => {
    const village = (
      (await h
        .untyped(h.admin)
        .query('divisions.list', { level: 'village', rootId: townships[0]!.id })) as ListRow[]
    )[0]!;
    for (const [i, name] of ['=HYPERLINK("http://x","点")', '+1+1', '-2+3', '@SUM(A1)'].entries()) {
      await h
        .untyped(h.admin)
        .mutation('divisions.enactAdjustment', renameInput(village.id, name, `2024-0${i + 5}-01`));
      const input = encodeURIComponent(
        JSON.stringify({ level: 'village', rootId: townships[0]!.id, asOf: `2024-0${i + 5}-02` }),
      );
      const csv = await (
        await fetch(`${h.url}/export/divisions.list.csv?input=${input}`, { headers: auth() })
      ).text();
      const [header, ...lines] = csv.replace(/^\uFEFF/, '').split('\r\n');
      const columns = csvCells(header!);
      const cells = csvCells(lines.find((l) => l.startsWith(village.code))!);
      expect(cells).toHaveLength(columns.length);
      // the name, and the full name (the name itself when none was published)
      expect([cells[columns.indexOf('名称')], cells[columns.indexOf('全称')]]).toEqual([
        `'${name}`,
        `'${name}`,
      ]);
      const xlsx = await fetch(`${h.url}/export/divisions.list.xlsx?input=${input}`, { headers: auth() });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await xlsx.arrayBuffer());
      const sheet = book.worksheets[0]!;
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).text === village.code)!;
      expect([row.getCell(2).type, row.getCell(2).value]).toEqual([ExcelJS.ValueType.String, name]);
      expect([row.getCell(3).type, row.getCell(3).value]).toEqual([ExcelJS.ValueType.String, name]);
    }
  });

  it('asOf is checked before it reaches Content-Disposition: 400, no header injected', async () => {
    const bad = await raw(
      `/export/divisions.list.csv?input=${encodeURIComponent('{"level":"township"}')}&asOf=2019-06-01%22%0D%0AX-Injected:%201`,
      { headers: auth() },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('asOf');
    expect(bad.headers['x-injected']).toBeUndefined();
    const good = await raw(
      `/export/divisions.list.csv?input=${encodeURIComponent('{"level":"township"}')}&asOf=2019-06-01`,
      { headers: auth() },
    );
    expect(good.headers['content-disposition']).toBe(
      `attachment; filename="divisions.list-2019-06-01.csv"; filename*=UTF-8''${encodeURIComponent('某一层级的区划列表-2019-06-01.csv')}`,
    );
  });
});

describe('HTTP limits', () => {
  it('a body over the limit is a 413 before it is read; nothing is written', async () => {
    const head = await h.head();
    const big = JSON.stringify({
      ...renameInput(townships[0]!.id, '大'),
      description: 'x'.repeat(1_200_000),
    });
    const r = await raw('/trpc/divisions.enactAdjustment', {
      method: 'POST',
      headers: {
        ...auth(),
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(big)),
      },
      body: big,
    });
    expect(r.status).toBe(413);
    expect(r.body).toContain('XIANZHI_BODY_LIMIT');
    expect(await h.head()).toBe(head);
  });

  it('a tRPC batch over the limit is a 400', async () => {
    const paths = Array.from({ length: 101 }, () => 'system.modules').join(',');
    const r = await raw(`/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`);
    expect(r.status).toBe(400);
    expect(r.body).toContain('Batch call exceeds maximum size');
    expect(
      (
        await raw(
          `/trpc/${Array.from({ length: 100 }, () => 'system.modules').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
        )
      ).status,
    ).toBe(200);
  });

  it('malformed percent-encoding is a 400, not a 500', async () => {
    for (const path of [
      '/%E0%A4%A',
      '/export/divisions.list.csv?input=%ZZ',
      `/trpc/divisions.list?input=%7B%22level%22%3A%22town%E0%A4ship%22%7D`,
      '/assets/%C0%AF',
    ]) {
      const r = await raw(path, { headers: auth() });
      expect([path, r.status]).toEqual([path, 400]);
    }
    expect(h.errors).toEqual([]);
  });
});

describe('metrics', () => {
  it('labels are procedure names from the router: other paths share (unknown), nothing is injected', async () => {
    await raw('/trpc/divisions.nothing');
    await raw('/trpc/a%22%7D%20evil%7B');
    await raw(`/trpc/x${'y'.repeat(500)}`);
    const metricsToken = await h.token(['metrics'], undefined, 'prometheus');
    const text = await (
      await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
    ).text();
    const labels = new Set([...text.matchAll(/procedure="([^"\\]*(?:\\.[^"\\]*)*)"/g)].map((x) => x[1]!));
    const known = new Set(
      Object.keys(createAppRouter({ scopes: () => [], modules: h.platform.modules })._def.procedures),
    );
    expect([...labels].filter((l) => !known.has(l) && l !== '(unknown)' && l !== '(batch)')).toEqual([]);
    expect(labels.has('(unknown)')).toBe(true);
    expect(text).not.toContain('evil');
    expect(text).not.toContain('yyyy');
  });
});

describe('security headers', () => {
  it('every answer carries CSP (scripts from self, no framing), nosniff and a referrer policy', async () => {
    for (const [path, headers] of [
      ['/', {}],
      ['/healthz', {}],
      ['/trpc/system.modules', {}],
      ['/trpc/divisions.list', {}],
      ['/export/nothing.pdf', auth()],
      ['/%ZZ', {}],
    ] as const) {
      const r = await raw(path, { headers });
      const csp = String(r.headers['content-security-policy']);
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-eval');
      expect(
        [r.headers['x-content-type-options'], r.headers['referrer-policy'], r.headers['x-frame-options']],
        path,
      ).toEqual(['nosniff', 'no-referrer', 'DENY']);
    }
  });
});

describe('names as people read them', () => {
  it('control, bidi and zero-width characters and lone surrogates are refused naming the field; names are stored NFC', async () => {
    const head = await h.head();
    const t = townships[2]!;
    for (const name of ['金水\u202e镇', '金\u200b水镇', '金水\u0007镇', '金水\ud800镇']) {
      const r = await refusal(
        h.untyped(h.admin).mutation('divisions.enactAdjustment', renameInput(t.id, name)),
      );
      expect([r.status, r.issues.map((i) => i.path)]).toEqual([400, [['changes', 0, 'name']]]);
    }
    const token = await refusal(
      h.untyped(h.admin).mutation('access.create', { name: '教育\u200d局', scopes: ['divisions:read'] }),
    );
    expect(token.issues.map((i) => i.path)).toEqual([['name']]);
    expect(token.issues[0]!.message).toContain('U+200D');
    expect(await h.head()).toBe(head);
    await h
      .untyped(h.admin)
      .mutation('divisions.enactAdjustment', renameInput(t.id, 'Cafe\u0301镇', '2024-08-01'));
    const stored = (await h.untyped(h.admin).query('divisions.get', { id: t.id, asOf: '2024-08-01' })) as {
      name: string;
    };
    expect(stored.name).toBe('Café镇');
    expect(stored.name).toBe(stored.name.normalize('NFC'));
  });
});

describe('idempotency keys', () => {
  it('a key reused with any difference — data, effective date, document, actor, stream — is a 409 naming only the key', async () => {
    const t = townships[4]!;
    const key = 'hardening-key-1';
    const original = { ...renameInput(t.id, '幂等一镇', '2024-09-01'), idempotencyKey: key };
    const first = (await h.untyped(h.admin).mutation('divisions.enactAdjustment', original)) as {
      replayed: boolean;
    };
    expect(first.replayed).toBe(false);
    const other = await h.token(['divisions:write'], undefined, '另一个民政局');
    const head = await h.head();
    const variants: [string, Promise<unknown>][] = [
      [
        'data',
        h.untyped(h.admin).mutation('divisions.enactAdjustment', {
          ...original,
          changes: [{ op: 'rename', division: t.id, name: '幂等二镇' }],
        }),
      ],
      [
        'effective date',
        h.untyped(h.admin).mutation('divisions.enactAdjustment', { ...original, effectiveAt: '2024-09-02' }),
      ],
      [
        'document',
        h.untyped(h.admin).mutation('divisions.enactAdjustment', {
          ...original,
          authority: { ...original.authority, documentNo: '川府民政〔2024〕99号' },
        }),
      ],
      ['actor', h.untyped(other).mutation('divisions.enactAdjustment', original)],
      [
        'stream',
        h.untyped(h.admin).mutation('services.requestService', {
          requestId: 'hardening-1',
          pointId: 'x:township-centre',
          kind: 'other',
          effectiveAt: '2024-09-01',
          idempotencyKey: key,
        }),
      ],
    ];
    // every refusal is handled at once (a call refused while an earlier one is awaited is no unhandled rejection)
    const refused = variants.map(([what, call]) => [what, refusal(call)] as const);
    for (const [what, pending] of refused) {
      const r = await pending;
      expect([what, r.status, r.code]).toEqual([what, 409, 'CONFLICT']);
      expect(r.message, what).toContain(key);
      expect(r.message, what).not.toMatch(/divisions-510799|stream|position/);
    }
    expect(await h.head()).toBe(head);
    // the same command again is a replay, not a conflict
    expect(
      ((await h.untyped(h.admin).mutation('divisions.enactAdjustment', original)) as { replayed: boolean })
        .replayed,
    ).toBe(true);
  });
});
