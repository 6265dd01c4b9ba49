/**
 * The HTTP face of Xianzhi: tRPC at /trpc (queries, commands, SSE subscriptions), the same
 * procedures as REST at /api/v1 (OpenAPI at /api/v1/openapi.json, reference at /api/docs: ./rest),
 * /healthz, /metrics (the `metrics` scope), /export/<procedure>.<csv|xlsx>, and the built admin UI at /.
 *
 * Every answer carries the security headers (CSP: scripts from this origin only, no framing);
 * bodies over the limit get 413 before they are read; a tRPC batch has a size limit; a URL with
 * malformed percent-encoding is a 400. JSON answers and the UI's assets go compressed (gzip, or
 * brotli for assets) to clients that accept it.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { trpcServer } from '@hono/trpc-server';
import { TRPCError } from '@trpc/server';
import {
  createCallerFactory,
  hasScope,
  runtimeDivisions,
  verifyToken,
  type ApiContext,
  type Caller,
  type ProcedureMeta,
} from '@xianzhi/api';
import type { Platform } from './platform';
import { createAppRouter, type AppRouter } from './router';
import { Metrics } from './metrics';
import { exportTitle, toCsv, toXlsx, type Row } from './export';
import { restApi } from './rest';
import { staticAssets } from './static-assets';

export interface AppOptions {
  platform: Platform;
  adminToken?: string;
  /** Folder of the built admin UI (served at /). */
  adminDist?: string;
  log?: ApiContext['log'];
  /** The Ed25519 private key (PEM) that signs the checkpoints `integrity.head` gives. */
  checkpointKeyPem?: string;
  /** The largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** The most calls in one tRPC batch (default 100). */
  batchLimit?: number;
}

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYLOAD_TOO_LARGE: 413,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE_CONTENT: 422,
  INTERNAL_SERVER_ERROR: 500,
};

/** A date or an instant with an offset (the `asOf`/`knownAt` of an export's query string). */
const EXPORT_TIME = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]{1,20}(Z|[+-]\d{2}:\d{2}))?$/;

export function createApp(options: AppOptions) {
  const { platform } = options;
  const { store, runtime } = platform;
  const appRouter = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  const metrics = new Metrics(Object.keys(appRouter._def.procedures), runtime);
  const divisions = runtimeDivisions(runtime);
  const log: ApiContext['log'] =
    options.log ??
    ((level, message, extra) => {
      if (level === 'error') console.error(message, extra ?? '');
    });
  const adminToken = options.adminToken ? Buffer.from(options.adminToken) : undefined;
  const modules = platform.modules
    .filter((m) => m.name !== 'access')
    .map((m) => ({ name: m.name, kind: m.kind, title: m.title, scopes: m.scopes }));

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

  async function callerOf(token: string | undefined): Promise<Caller | null> {
    if (!token) return null;
    if (adminToken && token.length === adminToken.length && timingSafeEqual(Buffer.from(token), adminToken)) {
      return { tokenId: 'configured', name: 'admin', scopes: ['admin'] };
    }
    return verifyToken(runtime, token);
  }

  const bearer = (header: string | null | undefined) =>
    header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;

  /**
   * The call's context. The token comes from the Authorization header — or, for a subscription
   * (a browser's EventSource cannot send headers), from its `connectionParams.token`.
   */
  async function context(
    req: Request,
    connectionParams?: Record<string, string | undefined> | null,
  ): Promise<ApiContext> {
    const key = req.headers.get('idempotency-key') ?? undefined;
    const token = bearer(req.headers.get('authorization')) ?? connectionParams?.token;
    const ctx: ApiContext = {
      store,
      runtime,
      caller: await callerOf(token),
      requestId: randomUUID(),
      divisions,
      // streams check the token again before every event
      reverify: () => callerOf(token),
      log,
      modules,
      personalData: store,
    };
    if (key) ctx.idempotencyKey = key;
    if (options.checkpointKeyPem) ctx.checkpointKeyPem = options.checkpointKeyPem;
    return ctx;
  }

  const app = new Hono();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      crossOriginEmbedderPolicy: false,
    }),
  );

  // A URL that does not decode is the caller's mistake (400), never a 500 further on.
  app.use('*', async (c, next) => {
    try {
      decodeURI(c.req.url);
    } catch {
      return c.json(
        {
          title: 'malformed URL',
          detail:
            'the URL has malformed percent-encoding (a % not followed by two hex digits of valid UTF-8)',
        },
        400,
      );
    }
    return next();
  });

  const maxBody = options.bodyLimit ?? 1_048_576;
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBody,
      // the rest of the body is not read: the connection closes after the answer
      onError: (c) =>
        c.json(
          {
            title: 'request too large',
            detail: `the body is larger than ${maxBody} bytes (XIANZHI_BODY_LIMIT); split the request`,
          },
          413,
          { connection: 'close' },
        ),
    }),
  );

  // JSON answers (and CSV exports) go compressed when the client accepts it; event streams do not.
  const compressAnswers = compress({ contentTypeFilter: /^(application\/json|text\/csv)/ });
  app.use('/trpc/*', compressAnswers);
  app.use('/export/*', compressAnswers);
  app.use('/trpc/*', async (c, next) => {
    const start = performance.now();
    await next();
    metrics.request(c.req.path.slice('/trpc/'.length), c.res.status, (performance.now() - start) / 1000);
  });
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      maxBatchSize: options.batchLimit ?? 100,
      createContext: (opts) =>
        context(opts.req, opts.info.connectionParams) as unknown as Promise<Record<string, unknown>>,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          log('error', `tRPC ${path ?? '?'} failed`, { error: error.cause ?? error });
      },
    }),
  );

  // For load balancers: the status code says it all. The details (positions, projections) are
  // internals: only for a token with the metrics scope.
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
    const caller = await callerOf(bearer(c.req.header('authorization')));
    const status = ok ? 'ok' : 'degraded';
    const body =
      caller && hasScope(caller, 'metrics')
        ? { status, store: { reachable: storeOk, head }, projections }
        : { status };
    return c.json(body, ok ? 200 : 503);
  });

  // Internals (lag, positions, procedure traffic): for tokens with the `metrics` scope (or admin).
  app.get('/metrics', async (c) => {
    const caller = await callerOf(bearer(c.req.header('authorization')));
    if (!caller)
      return c.json(
        {
          title: 'UNAUTHORIZED',
          detail: 'sign in with a token that has the metrics scope (Authorization: Bearer …)',
        },
        401,
      );
    if (!hasScope(caller, 'metrics'))
      return c.json({ title: 'FORBIDDEN', detail: `token "${caller.name}" lacks the metrics scope` }, 403);
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType });
  });

  // Any query procedure that returns rows, as CSV or XLSX: /export/divisions.list.xlsx?input={"level":"township"}&asOf=2019-06-01
  app.get('/export/:file', async (c) => {
    const file = c.req.param('file');
    const m = /^([a-zA-Z0-9.]+)\.(csv|xlsx)$/.exec(file);
    if (!m) return c.json({ title: 'bad export name', detail: 'use /export/<procedure>.csv or .xlsx' }, 400);
    const [, path, format] = m as unknown as [string, string, 'csv' | 'xlsx'];
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: string; meta?: ProcedureMeta } }
    >;
    const proc = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (!proc || proc._def.type !== 'query')
      return c.json({ title: 'unknown query', detail: `no query procedure ${path}` }, 404);
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = c.req.query('input') ? JSON.parse(c.req.query('input')!) : {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      input = parsed as Record<string, unknown>;
    } catch {
      return c.json({ title: 'bad input', detail: 'input must be a JSON object' }, 400);
    }
    for (const k of ['asOf', 'knownAt'] as const) {
      const v = c.req.query(k);
      if (v === undefined) continue;
      if (!EXPORT_TIME.test(v))
        return c.json(
          { title: 'bad input', detail: `${k}: expected a date (2019-12-20) or an instant with an offset` },
          400,
        );
      input[k] = v;
    }
    const caller = createCallerFactory(appRouter)(await context(c.req.raw));
    let rows: unknown;
    try {
      const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
        i: unknown,
      ) => Promise<unknown>;
      rows = await fn(input);
    } catch (error) {
      const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
      return c.json(
        { title: code, detail: error instanceof Error ? error.message : 'error' },
        (HTTP_STATUS[code] ?? 500) as 400,
      );
    }
    const list = Array.isArray(rows) ? rows : (rows as { rows?: unknown })?.rows;
    if (!Array.isArray(list))
      return c.json({ title: 'not rows', detail: `${path} does not return rows` }, 400);
    const columns = proc._def.meta?.columns;
    // the input was validated by the procedure; only a checked date goes into the file name
    const asOf =
      typeof input.asOf === 'string' && EXPORT_TIME.test(input.asOf) ? input.asOf.slice(0, 10) : 'today';
    // Named in Chinese after what the query answers (区划列表-2019-06-01.xlsx), with the procedure's
    // ASCII name as the fallback for old clients (RFC 6266).
    const title = exportTitle(proc._def.meta?.summary) ?? path;
    const disposition = (ext: string) =>
      `attachment; filename="${path}-${asOf}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${title}-${asOf}.${ext}`)}`;
    if (format === 'csv') {
      return c.body(toCsv(list as Row[], columns), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition('csv'),
      });
    }
    const xlsx = await toXlsx(list as Row[], title, columns);
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': disposition('xlsx'),
    });
  });

  // REST + OpenAPI at /api/v1, reference at /api/docs: the same procedures through the same access layer
  app.route('/', restApi({ appRouter, context: (req) => context(req), modules, log, metrics }));

  const dist = options.adminDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    app.get('*', staticAssets(dist));
  } else {
    app.get('/', (c) =>
      c.text(
        '县志 Xianzhi API — the admin UI is not built (npm run build -w @xianzhi/admin); the API is at /trpc and /api/v1 (reference: /api/docs)\n',
      ),
    );
  }

  app.onError((error, c) => {
    const id = randomUUID();
    log('error', `internal error ${id}`, { error });
    return c.json({ title: 'internal error', detail: `quote id ${id} to the administrator` }, 500);
  });

  return { app, appRouter, metrics };
}

export type { AppRouter };
