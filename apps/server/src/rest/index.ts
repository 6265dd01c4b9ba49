/**
 * REST with OpenAPI 3.1, generated from the app router (issue 17):
 *
 * - `GET  /api/v1/<module>/<query>?asOf=&knownAt=&…` for every read-model query, `POST` with a JSON
 *   body for every command, of every enabled module (core and plugins) and the platform's routers;
 * - `/api/v1/openapi.json`, and an interactive reference at `/api/docs` (Swagger UI, from the pinned
 *   `swagger-ui-dist` package: no CDN);
 * - errors as RFC 9457 `application/problem+json`, with tRPC's status and code, and the stable field
 *   and domain codes with their parameters (issue 14);
 * - long lists (the queries that give rows: `meta.columns`) in pages: `?cursor=&limit=`, `next`.
 *
 * Every call goes through the tRPC caller with the same context as /trpc: the token's scopes, the
 * division scope gate (`meta.scoped`), the answer check and the strict inputs all apply unchanged.
 */
import { Hono } from 'hono';
import { TRPCError } from '@trpc/server';
// Pinned @trpc/server 11.22.1: the helpers its own HTTP adapter uses to shape an error.
import { getErrorShape, getHTTPStatusCodeFromError } from '@trpc/server/unstable-core-do-not-import';
import { createCallerFactory, type ApiContext } from '@xianzhi/api';
import type { AppRouter } from '../router';
import { decodeQuery, propertiesOf, UnknownParameter } from './query';
import { restProcedures, REST_PREFIX, type RestProcedure } from './procedures';
import { openApiDocument, OPENAPI_PATH } from './openapi';
import { docsRoutes } from './docs';

export { restProcedures, REST_PREFIX, type RestProcedure } from './procedures';
export { decodeQuery, encodeQuery } from './query';
export { openApiDocument, OPENAPI_PATH } from './openapi';

export interface RestOptions {
  appRouter: AppRouter;
  /** The call's context, built exactly as for /trpc (token from `Authorization: Bearer`). */
  context: (req: Request) => Promise<ApiContext>;
  modules: readonly { name: string; title: { zh: string; en: string } }[];
  log: ApiContext['log'];
  /** Counts each call under its procedure's name, as /trpc's calls are (the `procedure` label). */
  metrics?: { request(path: string, status: number, seconds: number): void };
  version?: string;
}

/** A page's default and largest size. */
export const PAGE = { default: 500, max: 5000 } as const;

const TITLES: Record<string, string> = {
  BAD_REQUEST: '请求有误',
  UNAUTHORIZED: '未登录',
  FORBIDDEN: '无权访问',
  NOT_FOUND: '未找到',
  METHOD_NOT_SUPPORTED: '方法不支持',
  CONFLICT: '冲突',
  PAYLOAD_TOO_LARGE: '请求过大',
  UNSUPPORTED_MEDIA_TYPE: '内容类型不支持',
  UNPROCESSABLE_CONTENT: '无法执行',
  INTERNAL_SERVER_ERROR: '服务器内部错误',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  procedure?: string;
  issues?: unknown[];
  domain?: unknown;
  errorId?: string;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  extra: Partial<Problem> = {},
): Response {
  const body: Problem = {
    type: `urn:xianzhi:problem:${code.toLowerCase()}`,
    title: TITLES[code] ?? code,
    status,
    detail,
    instance,
    code,
    ...extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

/** A bad parameter of REST's own (the cursor, the page size), worded like a field issue. */
function badField(instance: string, field: string, message: string): Response {
  return problem(400, 'BAD_REQUEST', `invalid input — ${field}: ${message}`, instance, {
    issues: [{ path: [field], message, code: 'invalid_value', params: {} }],
  });
}

interface RowsCursor {
  /** Rows already given. */
  o: number;
  /** The knownAt the pages are read at (the first page's time when none was asked). */
  k?: string;
}

const encodeCursor = (c: RowsCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): RowsCursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as RowsCursor;
    if (!Number.isSafeInteger(c.o) || c.o < 0 || (c.k !== undefined && typeof c.k !== 'string'))
      return undefined;
    return c;
  } catch {
    return undefined;
  }
}

export function restApi(options: RestOptions) {
  const { appRouter } = options;
  const procedures = restProcedures(appRouter._def.procedures);
  const byUrl = new Map<string, RestProcedure>(procedures.map((p) => [p.url, p]));
  let document: unknown;
  const callerOf = createCallerFactory(appRouter);
  const api = new Hono();

  api.get(OPENAPI_PATH, (c) =>
    c.json(
      (document ??= openApiDocument(procedures, {
        version: options.version ?? '0.1.0',
        modules: options.modules,
      })),
    ),
  );
  docsRoutes(api, OPENAPI_PATH);

  api.all(`${REST_PREFIX}/*`, async (c) => {
    const start = performance.now();
    const res = await handle(c.req.raw, c.req.path);
    options.metrics?.request(
      byUrl.get(c.req.path.replace(/\/$/, ''))?.path ?? '(unknown)',
      res.status,
      (performance.now() - start) / 1000,
    );
    return res;
  });

  async function handle(raw: Request, instance: string): Promise<Response> {
    const p = byUrl.get(instance.replace(/\/$/, ''));
    if (!p)
      return problem(
        404,
        'NOT_FOUND',
        `no query or command at ${instance}: the list is at ${OPENAPI_PATH}`,
        instance,
      );
    const method = raw.method.toLowerCase();
    if (method !== p.method && !(method === 'head' && p.method === 'get')) {
      const res = problem(
        405,
        'METHOD_NOT_SUPPORTED',
        `${p.path} is a ${p.type === 'query' ? 'query: use GET with URL parameters' : 'command: use POST with a JSON body'}`,
        instance,
        { procedure: p.path },
      );
      res.headers.set('allow', p.method.toUpperCase());
      return res;
    }
    const url = new URL(raw.url);
    let input: Record<string, unknown> | undefined;
    let page: { offset: number; size: number; knownAt?: string } | undefined;
    // parameters given to a query that takes no input: refused once the token has been checked
    let unknownParameters: UnknownParameter | undefined;
    if (p.method === 'get') {
      const props = propertiesOf(p.input);
      const reserved = p.paging ? ['cursor', ...('limit' in props ? [] : ['limit'])] : [];
      try {
        input = decodeQuery(url.searchParams, p.input, reserved);
      } catch (error) {
        if (!(error instanceof UnknownParameter)) throw error;
        unknownParameters = error;
      }
      const cursor = url.searchParams.get('cursor');
      if (p.paging === 'native' && cursor !== null) {
        if (!/^\d{1,15}$/.test(cursor))
          return badField(instance, 'cursor', 'not a cursor this server gave (use the answer’s next)');
        // the cursor goes on from the page before (the first page's beforePosition, if any, is behind it)
        input = { ...input, beforePosition: Number(cursor) };
      }
      if (p.paging === 'rows') {
        const limitText = 'limit' in props ? null : url.searchParams.get('limit');
        const size = limitText === null ? PAGE.default : Number(limitText);
        if (!Number.isInteger(size) || size < 1 || size > PAGE.max)
          return badField(instance, 'limit', `a whole number from 1 to ${PAGE.max}`);
        const decoded = cursor === null ? { o: 0 } : decodeCursor(cursor);
        if (!decoded)
          return badField(instance, 'cursor', 'not a cursor this server gave (use the answer’s next)');
        const takesKnownAt = 'knownAt' in props;
        page = { offset: decoded.o, size };
        if (takesKnownAt) {
          // every page is read as known when the first was asked
          if (decoded.k !== undefined && input?.knownAt === undefined)
            input = { ...input, knownAt: decoded.k };
          page.knownAt = (input?.knownAt as string | undefined) ?? new Date().toISOString();
        }
      }
    } else {
      if (url.search.length > 1) {
        const names = [...new Set(url.searchParams.keys())];
        return problem(
          400,
          'BAD_REQUEST',
          `invalid input — a command takes its input as a JSON body, not URL parameters (${names.join(', ')})`,
          instance,
          {
            procedure: p.path,
            issues: names.map((k) => ({
              path: [k],
              message: `unknown field "${k}": commands take a JSON body`,
              code: 'unrecognized_keys',
              params: { keys: k },
            })),
          },
        );
      }
      const text = await raw.text();
      if (text.trim() !== '') {
        const type = raw.headers.get('content-type') ?? '';
        if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
          return problem(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'send the command as JSON (Content-Type: application/json)',
            instance,
            { procedure: p.path },
          );
        try {
          input = JSON.parse(text) as Record<string, unknown>;
        } catch (error) {
          return problem(400, 'BAD_REQUEST', `the body is not JSON: ${(error as Error).message}`, instance, {
            procedure: p.path,
          });
        }
      }
    }

    const ctx = await options.context(raw);
    let answer: unknown;
    try {
      const fn = p.path
        .split('.')
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], callerOf(ctx)) as (
        i: unknown,
      ) => Promise<unknown>;
      answer = await fn(input);
      if (unknownParameters)
        return problem(400, 'BAD_REQUEST', `invalid input — ${unknownParameters.message}`, instance, {
          procedure: p.path,
          issues: unknownParameters.names.map((k) => ({
            path: [k],
            message: `unknown field "${k}": this procedure does not take it — remove it`,
            code: 'unrecognized_keys',
            params: { keys: k },
          })),
        });
    } catch (caught) {
      const error =
        caught instanceof TRPCError
          ? caught
          : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: caught });
      if (
        error.code === 'INTERNAL_SERVER_ERROR' &&
        (error as TRPCError & { errorId?: string }).errorId === undefined
      )
        options.log('error', `REST ${p.path} failed`, { error: error.cause ?? error });
      const shape = getErrorShape({
        config: appRouter._def._config,
        error,
        type: p.type,
        path: p.path,
        input,
        ctx,
      });
      const data = shape.data as { issues?: unknown[]; domain?: unknown; errorId?: string };
      return problem(getHTTPStatusCodeFromError(error), error.code, shape.message, instance, {
        procedure: p.path,
        ...(data.issues ? { issues: data.issues } : {}),
        ...(data.domain ? { domain: data.domain } : {}),
        ...(data.errorId ? { errorId: data.errorId } : {}),
      });
    }
    if (p.paging === 'native') {
      const a = answer as { rows: { position: number }[]; more: boolean };
      answer = { ...a, next: a.more && a.rows.length ? String(a.rows[a.rows.length - 1]!.position) : null };
    } else if (page) answer = paginate(answer, page);
    return Response.json(answer ?? null);
  }

  return api;
}

/** One page of a rows answer: `{ items, next }` for a list, the object with its `rows` cut and `next` otherwise. */
function paginate(answer: unknown, page: { offset: number; size: number; knownAt?: string }): unknown {
  const rows = Array.isArray(answer)
    ? answer
    : Array.isArray((answer as { rows?: unknown })?.rows)
      ? (answer as { rows: unknown[] }).rows
      : undefined;
  if (!rows) return answer;
  const end = page.offset + page.size;
  const next =
    end < rows.length ? encodeCursor({ o: end, ...(page.knownAt ? { k: page.knownAt } : {}) }) : null;
  const items = rows.slice(page.offset, end);
  return Array.isArray(answer) ? { items, next } : { ...(answer as object), rows: items, next };
}
