/**
 * The HTTP face of Xianzhi: tRPC at /trpc (queries, commands, SSE subscriptions), /healthz,
 * /metrics, /export/<procedure>.<csv|xlsx>, and the built admin UI at /.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { Hono } from 'hono';
import { trpcServer } from '@hono/trpc-server';
import { TRPCError } from '@trpc/server';
import { createCallerFactory, verifyToken, type ApiContext, type Caller, type ProcedureMeta } from '@xianzhi/api';
import type { Platform } from './platform';
import { createAppRouter, type AppRouter } from './router';
import { Metrics } from './metrics';
import { toCsv, toXlsx, type Row } from './export';

export interface AppOptions {
  platform: Platform;
  adminToken?: string;
  /** Folder of the built admin UI (served at /). */
  adminDist?: string;
  log?: ApiContext['log'];
  /** The Ed25519 private key (PEM) that signs the checkpoints `integrity.head` gives. */
  checkpointKeyPem?: string;
}

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE_CONTENT: 422,
  INTERNAL_SERVER_ERROR: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function createApp(options: AppOptions) {
  const { platform } = options;
  const { store, runtime } = platform;
  const appRouter = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  const metrics = new Metrics();
  const log: ApiContext['log'] =
    options.log ??
    ((level, message, extra) => {
      if (level === 'error') console.error(message, extra ?? '');
    });
  const adminToken = options.adminToken ? Buffer.from(options.adminToken) : undefined;
  const modules = platform.modules
    .filter((m) => m.name !== 'access')
    .map((m) => ({ name: m.name, kind: m.kind, title: m.title, scopes: m.scopes, admin: m.admin ?? null }));

  // Append latency for /metrics.
  const append = store.append.bind(store);
  store.append = async (...args) => {
    const start = performance.now();
    try {
      return await append(...args);
    } finally {
      metrics.append((performance.now() - start) / 1000);
    }
  };

  async function callerOf(header: string | undefined): Promise<Caller | null> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) return null;
    if (adminToken && token.length === adminToken.length && timingSafeEqual(Buffer.from(token), adminToken)) {
      return { tokenId: 'configured', name: 'admin', scopes: ['admin'] };
    }
    return verifyToken(runtime, token);
  }

  async function inSubtree(id: string, root: string): Promise<boolean> {
    const d = await runtime.query<{ id: string; code?: string; path: { id: string; code?: string }[] } | null>('divisions.tree', 'get', { id });
    if (!d) return false;
    const rootNode = await runtime.query<{ id: string } | null>('divisions.tree', 'get', { id: root });
    if (!rootNode) return false;
    return d.id === rootNode.id || d.path.some((p) => p.id === rootNode.id);
  }

  async function context(req: Request): Promise<ApiContext> {
    const key = req.headers.get('idempotency-key') ?? undefined;
    const ctx: ApiContext = {
      store,
      runtime,
      caller: await callerOf(req.headers.get('authorization') ?? undefined),
      requestId: randomUUID(),
      inSubtree,
      log,
      modules,
      personalData: store,
    };
    if (key) ctx.idempotencyKey = key;
    if (options.checkpointKeyPem) ctx.checkpointKeyPem = options.checkpointKeyPem;
    return ctx;
  }

  const app = new Hono();

  app.use('/trpc/*', async (c, next) => {
    const start = performance.now();
    await next();
    const procedure = c.req.path.slice('/trpc/'.length) || '(batch)';
    metrics.request(procedure.split(',').length > 1 ? '(batch)' : procedure, c.res.status, (performance.now() - start) / 1000);
  });
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      createContext: (opts) => context(opts.req) as unknown as Promise<Record<string, unknown>>,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') log('error', `tRPC ${path ?? '?'} failed`, { error: error.cause ?? error });
      },
    }),
  );

  app.get('/healthz', async (c) => {
    let storeOk = true;
    let head = 0;
    try {
      head = await store.headPosition();
    } catch {
      storeOk = false;
    }
    const projections = runtime.health();
    const ok = storeOk && projections.every((p) => p.status === 'live');
    return c.json({ status: ok ? 'ok' : 'degraded', store: { reachable: storeOk, head }, projections }, ok ? 200 : 503);
  });

  app.get('/metrics', (c) => c.text(metrics.render(runtime), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));

  // Any query procedure that returns rows, as CSV or XLSX: /export/divisions.list.xlsx?input={"level":"township"}&asOf=2019-06-01
  app.get('/export/:file', async (c) => {
    const file = c.req.param('file');
    const m = /^([a-zA-Z0-9.]+)\.(csv|xlsx)$/.exec(file);
    if (!m) return c.json({ title: 'bad export name', detail: 'use /export/<procedure>.csv or .xlsx' }, 400);
    const [, path, format] = m as unknown as [string, string, 'csv' | 'xlsx'];
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>;
    const proc = procedures[path];
    if (!proc || proc._def.type !== 'query') return c.json({ title: 'unknown query', detail: `no query procedure ${path}` }, 404);
    let input: Record<string, unknown>;
    try {
      input = c.req.query('input') ? (JSON.parse(c.req.query('input')!) as Record<string, unknown>) : {};
    } catch {
      return c.json({ title: 'bad input', detail: 'input must be JSON' }, 400);
    }
    for (const k of ['asOf', 'knownAt'] as const) if (c.req.query(k)) input[k] = c.req.query(k);
    const caller = createCallerFactory(appRouter)(await context(c.req.raw));
    let rows: unknown;
    try {
      const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
      rows = await fn(input);
    } catch (error) {
      const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
      return c.json({ title: code, detail: error instanceof Error ? error.message : 'error' }, (HTTP_STATUS[code] ?? 500) as 400);
    }
    const list = Array.isArray(rows) ? rows : (rows as { rows?: unknown })?.rows;
    if (!Array.isArray(list)) return c.json({ title: 'not rows', detail: `${path} does not return rows` }, 400);
    const columns = proc._def.meta?.columns;
    const name = `${path}-${(input.asOf as string | undefined) ?? 'today'}`;
    if (format === 'csv') {
      return c.body(toCsv(list as Row[], columns), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
      });
    }
    const xlsx = await toXlsx(list as Row[], path, columns);
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}.xlsx"`,
    });
  });

  const dist = options.adminDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    app.get('*', (c) => {
      const rel = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dist, rel);
      if (file.startsWith(dist) && extname(file) && existsSync(file)) {
        return c.body(readFileSync(file), 200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' });
      }
      return c.html(readFileSync(join(dist, 'index.html'), 'utf8'));
    });
  } else {
    app.get('/', (c) => c.text('县志 Xianzhi API — the admin UI is not built (npm run build -w @xianzhi/admin); the API is at /trpc\n'));
  }

  app.onError((error, c) => {
    const id = randomUUID();
    log('error', `internal error ${id}`, { error });
    return c.json({ title: 'internal error', detail: `quote id ${id} to the administrator` }, 500);
  });

  return { app, appRouter, metrics };
}

export type { AppRouter };
