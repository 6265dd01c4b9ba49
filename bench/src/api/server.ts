/**
 * Child process of the `api` suite: the real server (apps/server: Hono + tRPC over the platform, the
 * bundled plugins enabled as by default) on a free loopback port, over a store holding the demo
 * county's divisions story (青溪县 510799). It
 * prints one JSON line — url, a token, the townships — and serves until SIGTERM.
 *
 *   node --import tsx src/api/server.ts <data dir>
 *
 * The token is issued like any department's (`divisions:read` + `divisions:write`), so every
 * request pays the real token check (a sha256 and a read-model lookup), not the configured-admin
 * shortcut.
 */
import { join } from 'node:path';
import { issueToken } from '@xianzhi/api';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform } from '../../../apps/server/src/platform';
import { BUNDLED_PLUGINS } from '../../../apps/server/src/modules';
import { startServer } from '../../../apps/server/src/serve';

const dir = process.argv[2];
if (!dir) throw new Error('usage: server.ts <data dir>');

// Every bundled plugin enabled, as the server runs by default.
const platform = await openPlatform({
  eventStore: join(dir, 'xianzhi.db'),
  cachePath: join(dir, 'projections.db'),
  plugins: BUNDLED_PLUGINS,
});
if ((await platform.store.headPosition()) === 0)
  await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
const { token } = await issueToken(
  { store: platform.store, runtime: platform.runtime, knownScopes: platform.scopes },
  { name: '压测', scopes: ['divisions:read', 'divisions:write'] },
  'bench',
);
if (process.env.XIANZHI_BENCH_API_MEMO === '1') {
  // What-if (not the product): memoise as-of answers by (log head, projection, query, input, asOf,
  // knownAt). Sound for answers with an explicit asOf: a projection's state as of D as known at the
  // head is fixed until the head moves.
  const runtime = platform.runtime;
  const query = runtime.query.bind(runtime);
  const memo = new Map<string, unknown>();
  // A projection is given by its definition or by its name: the key holds its name.
  runtime.query = async (
    definition: { name: string } | string,
    name: string,
    input?: unknown,
    at: { asOf?: string | number; knownAt?: string | number } = {},
  ) => {
    const projection = typeof definition === 'string' ? definition : definition.name;
    if (at.asOf === undefined) return query(projection, name, input, at);
    const key = `${runtime.headPosition}|${projection}.${name}|${JSON.stringify(input)}|${at.asOf}|${at.knownAt ?? ''}`;
    if (memo.has(key)) return memo.get(key);
    const answer = await query(projection, name, input, at);
    if (memo.size >= 20_000) memo.clear();
    memo.set(key, answer);
    return answer;
  };
}
const townships = await platform.runtime.query<{ code: string }[]>('divisions.tree', 'list', {
  level: 'township',
  rootId: '510799',
});
const server = await startServer({ platform, port: 0, host: '127.0.0.1', log: () => {} });
process.stdout.write(
  `${JSON.stringify({ url: server.url, token, head: await platform.store.headPosition(), townships: townships.map((t) => t.code) })}\n`,
);

const stop = async () => {
  await server.close();
  await platform.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
