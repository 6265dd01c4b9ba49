/**
 * The end-to-end harness: a real platform on temp files, the demo county recorded into it, the real
 * HTTP server on a free loopback port, and the real tRPC client talking to it. One per test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTRPCClient,
  createTRPCUntypedClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCLink,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { issueToken, type ApiContext } from '@xianzhi/api';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform, type Platform } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { startServer, type Server } from '../src/serve';
import type { WebhookOptions } from '../src/webhooks';
import type { AppRouter } from '../src/router';

export const DEMO = { code: '510799', name: '青溪县' } as const;

export interface Harness {
  dir: string;
  platform: Platform;
  server: Server;
  url: string;
  /** An issued admin token (scope `admin`). */
  admin: string;
  /** Issues a token with these scopes (optionally limited to a division subtree). */
  token(scopes: string[], subtree?: string, name?: string): Promise<string>;
  /** The typed tRPC client (batching; subscriptions over SSE). */
  client(
    token?: string,
    options?: { batch?: boolean; headers?: Record<string, string> },
  ): ReturnType<typeof createTRPCClient<AppRouter>>;
  /** The untyped client, for calling procedures by path. */
  untyped(token?: string): ReturnType<typeof createTRPCUntypedClient<AppRouter>>;
  head(): Promise<number>;
  /** Errors the server logged (internal errors): a test can assert there were none. */
  errors: { message: string; extra?: Record<string, unknown> }[];
  close(): Promise<void>;
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `xianzhi-${label}-`));
}

/**
 * The `eventsource` ponyfill keeps dispatching the rest of a received chunk after `close()`, and
 * tRPC's consumer then enqueues into its closed stream ("Controller is already closed"). A browser's
 * EventSource drops them; so does this.
 */
class ClosableEventSource extends EventSource {
  override dispatchEvent(event: Event): boolean {
    if (this.readyState === this.CLOSED && event.type !== 'error') return false;
    return super.dispatchEvent(event);
  }
}

function links(
  url: string,
  token: string | undefined,
  options: { batch?: boolean; headers?: Record<string, string> } = {},
): TRPCLink<AppRouter>[] {
  const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
  const http =
    options.batch === false
      ? httpLink({ url: `${url}/trpc`, headers })
      : httpBatchLink({ url: `${url}/trpc`, headers });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({
        url: `${url}/trpc`,
        EventSource: ClosableEventSource,
        // A browser EventSource cannot send headers; the `eventsource` ponyfill takes a fetch.
        eventSourceOptions: () => ({
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
        }),
      }),
      false: http,
    }),
  ];
}

/**
 * `demo`: true (default) records the demo county's divisions; `'modules'` records every module's and
 * plugin's story too, at `scale: 'small'` (about 37,000 events, 10–15 s); false records nothing.
 */
export async function startHarness(
  label: string,
  options: { demo?: boolean | 'modules'; platform?: Platform; dir?: string; webhooks?: WebhookOptions } = {},
): Promise<Harness> {
  const dir = options.dir ?? tempDir(label);
  // Every bundled plugin enabled, as the server runs by default (XIANZHI_PLUGINS unset).
  const platform =
    options.platform ??
    (await openPlatform({
      eventStore: join(dir, 'xianzhi.db'),
      cachePath: join(dir, 'projections.db'),
      plugins: BUNDLED_PLUGINS,
    }));
  if (options.demo === 'modules')
    await runDemo(
      { store: platform.store, runtime: platform.runtime },
      { seed: 2019, modules: platform.modules, scale: 'small' },
    );
  else if (options.demo !== false)
    await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
  const errors: Harness['errors'] = [];
  const log: ApiContext['log'] = (level, message, extra) => {
    if (level === 'error') errors.push(extra === undefined ? { message } : { message, extra });
  };
  const server = await startServer({
    platform,
    port: 0,
    host: '127.0.0.1',
    log,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  const token: Harness['token'] = async (scopes, subtree, name = scopes.join('+')) =>
    (
      await issueToken(
        { store: platform.store, runtime: platform.runtime, knownScopes: platform.scopes },
        { name, scopes, ...(subtree === undefined ? {} : { subtree }) },
        'test',
      )
    ).token;
  const admin = await token(['admin'], undefined, 'admin');
  return {
    dir,
    platform,
    server,
    url: server.url,
    admin,
    token,
    client: (t, o) => createTRPCClient<AppRouter>({ links: links(server.url, t, o) }),
    untyped: (t) => createTRPCUntypedClient<AppRouter>({ links: links(server.url, t, { batch: false }) }),
    head: () => platform.store.headPosition(),
    errors,
    async close() {
      await server.close();
      await platform.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A rename of one division, as an `enactAdjustment` input. */
export function renameInput(division: string, name: string, effectiveAt = '2024-03-01') {
  return {
    countyCode: DEMO.code,
    authority: {
      documentNo: `川府民政〔2024〕${name.length}号`,
      issuedBy: '四川省人民政府',
      approvedOn: '2024-02-01',
    },
    effectiveAt,
    changes: [{ op: 'rename' as const, division, name }],
  };
}

/** Rows of a `divisions.list` answer. */
export interface ListRow {
  id: string;
  code: string;
  name: string;
  fullName: string;
  kind: string;
  parent: string;
  parentCode: string;
  classification: string;
}
