/**
 * The API over real HTTP with the real tRPC client, against the demo county (青溪县, 510799):
 * as-of and known-at queries, a command and its effect, idempotent retries (input key and
 * `Idempotency-Key` header), error mapping (BAD_REQUEST with field paths, UNPROCESSABLE_CONTENT with
 * the domain message) with nothing written on any error, live subscriptions, /healthz, /metrics and
 * the CSV/XLSX exports.
 */
import ExcelJS from 'exceljs';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/router';
import { DEMO, renameInput, startHarness, type Harness, type ListRow } from './harness';

type Counts = { byLevel: Record<string, number>; byKind: Record<string, number> };
type Division = { id: string; code?: string; name: string; level: string } | null;

let h: Harness;
let townships: ListRow[];

beforeAll(async () => {
  h = await startHarness('api');
  townships = await h.client(h.admin).divisions.list.query({ level: 'township', rootId: DEMO.code });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** The error a call rejected with (fails the test if it resolved). */
async function failure(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('queries as of a date', () => {
  it('counts 33 townships before the reform (2019-06-01) and 13 after it (2021-06-01)', async () => {
    const c = h.client(h.admin);
    // Batched in one HTTP request by httpBatchLink.
    const [before, after, county] = await Promise.all([
      c.divisions.counts.query({ rootId: DEMO.code, asOf: '2019-06-01' }) as Promise<Counts>,
      c.divisions.counts.query({ rootId: DEMO.code, asOf: '2021-06-01' }) as Promise<Counts>,
      c.divisions.counts.query({ asOf: '2019-12-19' }) as Promise<Counts>,
    ]);
    expect(before.byLevel.township).toBe(33);
    expect(after.byLevel.township).toBe(13);
    expect(county.byLevel.township).toBe(33); // the day before the reform took effect
    expect(await c.divisions.counts.query({ asOf: '2019-12-20' })).toMatchObject({
      byLevel: { township: 13 },
    });
    expect(townships).toHaveLength(13);
  });

  it('lists the adjustments not yet in force: after today, or after the day the UI looks at', async () => {
    const c = h.client(h.admin);
    const dates = async (asOf?: string) =>
      (await c.divisions.scheduled.query(asOf ? { asOf } : undefined)).map((a) => a.effectiveAt);
    expect(await dates()).toEqual(['2027-01-01']); // the demo's one scheduled adjustment
    expect(await dates('2019-06-01')).toEqual(['2019-12-20', '2020-06-30', '2020-12-31', '2027-01-01']);
    // on its effective day an adjustment is in force, no longer pending
    expect(await dates('2019-12-20')).toEqual(['2020-06-30', '2020-12-31', '2027-01-01']);
  });

  it('a change made now is invisible as known one second before it', async () => {
    const c = h.client(h.admin);
    const target = townships[1]!;
    // Make sure the demo's events are more than a second old, so "one second before" still has the county.
    const last = (await c.events.list.query({ limit: 1 })).rows[0]!;
    const wait = Date.parse(last.recordedAt) + 1_100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const r = await c.divisions.enactAdjustment.mutate(renameInput(target.code, '知时镇', '2023-01-01'));
    const event = (await c.events.get.query({ id: r.events[0]!.id }))!.event as {
      metadata: { recordedAt: string };
    };
    const recordedMs = Date.parse(event.metadata.recordedAt);
    const get = (knownAt?: string) =>
      c.divisions.get.query({
        id: target.code,
        asOf: '2023-06-01',
        ...(knownAt ? { knownAt } : {}),
      }) as Promise<Division>;
    expect((await get())!.name).toBe('知时镇');
    expect((await get(new Date(recordedMs).toISOString()))!.name).toBe('知时镇');
    expect((await get(new Date(recordedMs - 1_000).toISOString()))!.name).toBe(target.name);
    // the same instant in UTC+8 notation
    const cst = new Date(recordedMs - 1_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect((await get(cst))!.name).toBe(target.name);
  });

  it('rejects a malformed asOf with BAD_REQUEST naming the field', async () => {
    const e = await failure(h.client(h.admin).divisions.counts.query({ asOf: 'yesterday' }));
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.data?.issues?.map((i) => i.path.join('.'))).toContain('asOf');
  });
});

describe('commands', () => {
  it('renames a township: visible from its effective date on, not before', async () => {
    const c = h.client(h.admin);
    const target = townships[2]!;
    const head = await h.head();
    const r = await c.divisions.enactAdjustment.mutate(renameInput(target.code, '新命名镇', '2024-03-01'));
    expect(r).toMatchObject({ stream: `divisions-${DEMO.code}`, replayed: false, noop: false });
    expect(r.events.map((e) => e.type)).toEqual(['divisions.renamed']);
    expect(r.lastPosition).toBe(head + 1);
    expect(await h.head()).toBe(head + 1);
    const [before, after] = await Promise.all([
      c.divisions.get.query({ id: target.code, asOf: '2024-02-29' }) as Promise<Division>,
      c.divisions.get.query({ id: target.code, asOf: '2024-03-01' }) as Promise<Division>,
    ]);
    expect(before!.name).toBe(target.name);
    expect(after!.name).toBe('新命名镇');
    // the log shows who did it
    const logged = (await c.events.list.query({ limit: 1 })).rows[0]!;
    expect(logged).toMatchObject({ id: r.events[0]!.id, actor: 'token:admin', type: 'divisions.renamed' });
  });

  it('a retry with the same idempotencyKey replays: same events, nothing written', async () => {
    const c = h.client(h.admin);
    const input = {
      ...renameInput(townships[3]!.code, '幂等镇', '2024-04-01'),
      idempotencyKey: 'api-e2e-retry-1',
    };
    const first = await c.divisions.enactAdjustment.mutate(input);
    const head = await h.head();
    const again = await c.divisions.enactAdjustment.mutate(input);
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(again.lastPosition).toBe(first.lastPosition);
    expect(await h.head()).toBe(head);
    // the same key for a different command is a conflict (409) naming the key, and writes nothing
    const e = await failure(
      c.divisions.enactAdjustment.mutate({
        ...renameInput(townships[3]!.code, '别名镇', '2024-04-01'),
        idempotencyKey: 'api-e2e-retry-1',
      }),
    );
    expect([e.data?.code, e.data?.httpStatus]).toEqual(['CONFLICT', 409]);
    expect(e.data?.issues?.[0]?.path).toEqual(['idempotencyKey']);
    expect(e.message).toContain('api-e2e-retry-1');
    expect(await h.head()).toBe(head);
  });

  it('the Idempotency-Key header works the same way', async () => {
    const c = h.client(h.admin, { batch: false, headers: { 'idempotency-key': 'api-e2e-header-1' } });
    const input = renameInput(townships[4]!.code, '头部镇', '2024-05-01');
    const first = await c.divisions.enactAdjustment.mutate(input);
    const head = await h.head();
    const again = await c.divisions.enactAdjustment.mutate(input);
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(await h.head()).toBe(head);
    // and over a raw POST, as any HTTP client would send it
    const res = await fetch(`${h.url}/trpc/divisions.enactAdjustment`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.admin}`,
        'content-type': 'application/json',
        'idempotency-key': 'api-e2e-header-1',
      },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { replayed: boolean; events: { id: string }[] } } };
    expect(body.result.data.replayed).toBe(true);
    expect(body.result.data.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(await h.head()).toBe(head);
  });

  it('validation errors are BAD_REQUEST with field paths; nothing is written', async () => {
    const c = h.client(h.admin);
    const head = await h.head();
    const bad = { ...renameInput(townships[0]!.code, '   '), countyCode: '51079' };
    const e = await failure(c.divisions.enactAdjustment.mutate(bad));
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.data?.httpStatus).toBe(400);
    const paths = e.data!.issues!.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['countyCode', 'changes.0.name']));
    expect(e.message).toMatch(/^invalid input — /);
    // every issue carries a stable code (zod's) and its parameters, for UIs to render in their language
    for (const issue of e.data!.issues!) expect(issue.code, issue.path.join('.')).toMatch(/^[a-z_.]+$/);
    // an unknown op, a missing authority
    const e2 = await failure(
      c.divisions.enactAdjustment.mutate({
        countyCode: DEMO.code,
        effectiveAt: '2024-13-01',
        changes: [{ op: 'teleport', division: 'x' }],
      } as never),
    );
    expect(e2.data?.code).toBe('BAD_REQUEST');
    expect(e2.data!.issues!.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['authority', 'effectiveAt', 'changes.0.op']),
    );
    expect(await h.head()).toBe(head);
  });

  it('an invariant violation is UNPROCESSABLE_CONTENT with the domain message; nothing is written', async () => {
    const c = h.client(h.admin);
    const head = await h.head();
    const e = await failure(c.divisions.enactAdjustment.mutate(renameInput('510799999', '无此镇')));
    expect(e.data?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(e.data?.httpStatus).toBe(422);
    expect(e.message).toMatch(/no division 510799999 exists as of 2024-03-01/);
    expect(e.data?.domain?.code).toBe('INVARIANT');
    expect(e.data?.domain?.reason).toEqual({
      code: 'division.noneAsOf',
      params: { ref: '510799999', at: '2024-03-01', index: 1, op: 'rename' },
    });
    // a real rule of the registry: merging a township into itself
    const t = townships[5]!.code;
    const e2 = await failure(
      c.divisions.enactAdjustment.mutate({
        ...renameInput(t, 'x'),
        changes: [{ op: 'merge', sources: [t], into: t }],
      }),
    );
    expect(e2.data?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(e2.message.length).toBeGreaterThan(10);
    // an adjustment is all or nothing: a valid rename next to an invalid change writes nothing
    const e3 = await failure(
      c.divisions.enactAdjustment.mutate({
        ...renameInput(t, 'x'),
        changes: [
          { op: 'rename', division: t, name: '半途镇' },
          { op: 'rename', division: '510799998', name: '无此镇' },
        ],
      }),
    );
    expect(e3.data?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(await h.head()).toBe(head);
    expect(((await c.divisions.get.query({ id: t })) as Division)!.name).toBe(townships[5]!.name);
    // a token without the scope, or none: refused before anything runs
    expect(
      (await failure(h.client().divisions.enactAdjustment.mutate(renameInput(t, '无权镇')))).data?.code,
    ).toBe('UNAUTHORIZED');
    const reader = await h.token(['divisions:read']);
    expect(
      (await failure(h.client(reader).divisions.enactAdjustment.mutate(renameInput(t, '无权镇')))).data?.code,
    ).toBe('FORBIDDEN');
    expect(await h.head()).toBe(head + 1); // only the reader token's issuance
    expect(h.errors).toEqual([]);
  });
});

describe('subscriptions', () => {
  it('system.changes and events.feed deliver a change made by another client', async () => {
    const watcher = h.client(await h.token(['divisions:read'], undefined, '看板')); // any signed-in token; notices of its modules
    const auditor = h.client(h.admin);
    const notices: { projection: string; position: number }[] = [];
    const feed: { id: string; data: { position: number; type: string; actor: string | null } }[] = [];
    let started = 0;
    const onStarted = () => void started++;
    const subs = [
      watcher.system.changes.subscribe(undefined, {
        onStarted,
        onData: (n) => void notices.push(n),
        onError: (e) => void notices.push({ projection: `error ${e.message}`, position: -1 }),
      }),
      auditor.events.feed.subscribe(undefined, {
        onStarted,
        onData: (e) => void feed.push(e),
        onError: (e) => void feed.push({ id: 'error', data: { position: -1, type: e.message, actor: null } }),
      }),
    ];
    try {
      await expect.poll(() => started, { timeout: 10_000 }).toBe(2);
      const writer = await h.token(['divisions:write'], undefined, '民政局');
      const r = await h
        .client(writer)
        .divisions.enactAdjustment.mutate(renameInput(townships[6]!.code, '推送镇', '2024-06-01'));
      const position = r.lastPosition;
      await expect
        .poll(() => feed.find((e) => e.data.position === position), { timeout: 10_000 })
        .toBeTruthy();
      await expect
        .poll(
          () =>
            notices
              .filter((n) => n.position >= position)
              .map((n) => n.projection)
              .sort(),
          { timeout: 10_000 },
        )
        .toEqual(expect.arrayContaining(['divisions.tree', 'divisions.history', 'divisions.adjustments']));
      const mine = feed.find((e) => e.data.position === position)!;
      expect(mine.id).toBe(String(position)); // tracked: resumable by last event id
      expect(mine.data).toMatchObject({ type: 'divisions.renamed', actor: 'token:民政局' });
      // the token issuance came first, on the feed too
      expect(feed.some((e) => e.data.type === 'access.token-issued')).toBe(true);
      expect(feed.every((e) => e.id !== 'error') && notices.every((n) => n.position >= 0)).toBe(true);
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  }, 30_000);
});

describe('HTTP endpoints', () => {
  it('/healthz is 200 with every projection live (details for the metrics scope only)', async () => {
    const anonymous = await fetch(`${h.url}/healthz`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: 'ok' });
    const res = await fetch(`${h.url}/healthz`, { headers: { authorization: `Bearer ${h.admin}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      store: { reachable: boolean; head: number };
      projections: { name: string; status: string; lag: number }[];
    };
    expect(body.status).toBe('ok');
    expect(body.store).toEqual({ reachable: true, head: await h.head() });
    expect(body.projections.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'access.tokens',
        'divisions.tree',
        'divisions.history',
        'divisions.adjustments',
      ]),
    );
    for (const p of body.projections) expect(p).toMatchObject({ status: 'live', lag: 0 });
  });

  it('sends JSON answers gzip-compressed to a client that accepts it, and as they are to one that does not', async () => {
    const url = `${h.url}/trpc/divisions.counts?input=${encodeURIComponent(JSON.stringify({ rootId: DEMO.code, asOf: '2019-06-01' }))}`;
    const headers = { authorization: `Bearer ${h.admin}` };
    const zipped = await fetch(url, { headers: { ...headers, 'accept-encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(url, { headers: { ...headers, 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // fetch decodes gzip: both carry the same answer
    expect(await zipped.json()).toEqual(await plain.json());
  });

  it('/metrics has request counts, latencies and projection lag — for the metrics scope', async () => {
    await h.client(h.admin, { batch: false }).divisions.counts.query({});
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    expect(
      (
        await fetch(`${h.url}/metrics`, {
          headers: { authorization: `Bearer ${await h.token(['divisions:read'])}` },
        })
      ).status,
    ).toBe(403);
    const res = await fetch(`${h.url}/metrics`, {
      headers: { authorization: `Bearer ${await h.token(['metrics'])}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^xianzhi_requests_total\{procedure="divisions\.counts",status="200"\} \d+$/m);
    expect(text).toMatch(
      /^xianzhi_requests_total\{procedure="divisions\.enactAdjustment",status="422"\} \d+$/m,
    );
    expect(text).toMatch(/^xianzhi_projection_lag_events\{projection="divisions\.tree",status="live"\} 0$/m);
    expect(text).toContain('xianzhi_request_duration_seconds_bucket');
    expect(text).toContain('xianzhi_append_duration_seconds_count');
    expect(text).toMatch(new RegExp(`^xianzhi_log_head_position ${await h.head()}$`, 'm'));
  });

  const exportUrl = (ext: string) =>
    `${h.url}/export/divisions.list.${ext}?input=${encodeURIComponent('{"level":"township"}')}&asOf=2019-06-01`;

  it('/export/divisions.list.csv: the Chinese header line and 33 townships as of 2019-06-01', async () => {
    expect((await fetch(exportUrl('csv'))).status).toBe(401); // exports go through the same access check
    const res = await fetch(exportUrl('csv'), { headers: { authorization: `Bearer ${h.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // a Chinese file name (RFC 6266 filename*), the procedure's name as the ASCII fallback
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="divisions.list-2019-06-01.csv"; filename*=UTF-8''${encodeURIComponent('某一层级的区划列表-2019-06-01.csv')}`,
    );
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('统计用区划代码,名称,全称,类型,上级代码,上级,分类');
    expect(lines).toHaveLength(34);
    // The demo county records no full names: the full name is the short one.
    expect(lines.slice(1).every((l) => /^510799\d{3},([^,]+),\1,(镇|乡),510799,青溪县,/.test(l))).toBe(true);
    // 13 today
    const today = await fetch(
      `${h.url}/export/divisions.list.csv?input=${encodeURIComponent('{"level":"township"}')}`,
      { headers: { authorization: `Bearer ${h.admin}` } },
    );
    expect((await today.text()).trimEnd().split('\r\n')).toHaveLength(14);
  });

  it('/export/divisions.list.xlsx: a real workbook with the Chinese header row and 33 rows', async () => {
    const res = await fetch(exportUrl('xlsx'), { headers: { authorization: `Bearer ${h.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // PK\x03\x04: a zip
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('某一层级的区划列表');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '统计用区划代码',
      '名称',
      '全称',
      '类型',
      '上级代码',
      '上级',
      '分类',
    ]);
    expect(sheet.rowCount).toBe(34);
    const codes = Array.from({ length: 33 }, (_, i) => sheet.getRow(i + 2).getCell(1).text);
    expect(new Set(codes).size).toBe(33);
    expect(codes.every((c) => /^510799\d{3}$/.test(c))).toBe(true);
  });

  it('export errors: unknown procedure 404, mutation 404, bad JSON 400, bad input 400', async () => {
    const auth = { headers: { authorization: `Bearer ${h.admin}` } };
    expect((await fetch(`${h.url}/export/divisions.nothing.csv`, auth)).status).toBe(404);
    expect((await fetch(`${h.url}/export/divisions.enactAdjustment.csv`, auth)).status).toBe(404);
    expect((await fetch(`${h.url}/export/divisions.list.csv?input=%7Bnot-json`, auth)).status).toBe(400);
    expect(
      (
        await fetch(
          `${h.url}/export/divisions.list.csv?input=${encodeURIComponent('{"level":"planet"}')}`,
          auth,
        )
      ).status,
    ).toBe(400);
    expect((await fetch(`${h.url}/export/divisions.list.pdf`, auth)).status).toBe(400);
  });
});
