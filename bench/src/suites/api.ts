/**
 * Suite `api`: the HTTP API under load. The real server (apps/server, Hono + tRPC) runs in a child
 * process on loopback over the demo county's divisions story; autocannon drives it from this
 * process (one core each on a 2-core machine). Every request carries a department token
 * (`divisions:read`/`divisions:write`), checked as in production.
 *
 * - api-read-tree-as-of: `divisions.tree` (the whole county, ~600 divisions, 45–80 KB of JSON) as
 *   of a random date 1992–2026, from 1,000 pre-built URLs; limit = the same server answering the
 *   trivial `access.whoami` query (the ceiling of the HTTP + tRPC + token stack).
 * - api-read-tree-townships: the same with `depth: 1` (the county and its townships, ~5 KB), to
 *   separate the cost of the answer's size from the cost of the as-of fold.
 * - api-rest-read-tree-as-of: the same query and the same 1,000 dates over REST
 *   (`GET /api/v1/divisions/tree?asOf=…`, issue 17), measured between two runs of the tRPC line;
 *   limit = the mean of those two tRPC runs, so ratioLimit is REST/tRPC in the same run.
 * - api-command-rename: `divisions.enactAdjustment` renaming townships, each with a new idempotency
 *   key (read the registry stream, decide, append with fsync, wait for the projections); limit =
 *   1 / the disk's fsync latency (one durable commit per command).
 * - …-p50 / …-p99: latencies in ms (lower is better; no `targets`: the notes say whether the
 *   targets hold: ≥ 3,000 read requests/s with p99 ≤ 20 ms on 2 cores).
 *
 * XIANZHI_BENCH_API_PROFILE=<dir> runs the server child with `--cpu-prof` into that folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchContext, BenchLine, Suite } from '../types';
import { errorMessage, fsyncLatencyUs } from '../util';
import { seededRandom } from '@xianzhi/kernel';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER = join(HERE, '..', 'api', 'server.ts');
const BENCH_DIR = join(HERE, '..', '..');

interface Started {
  url: string;
  token: string;
  head: number;
  townships: string[];
  child: ChildProcess;
}

function startServer(dir: string, log: (m: string) => void): Promise<Started> {
  const profile = process.env.XIANZHI_BENCH_API_PROFILE;
  const child = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []), '--import', 'tsx', SERVER, dir],
    {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`api server child exited with ${String(code)} before it was ready`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      try {
        const info = JSON.parse(line) as Omit<Started, 'child'>;
        log(`api: server at ${info.url} (${info.head} events)`);
        resolve({ ...info, child });
      } catch (error) {
        reject(new Error(`api server child: ${errorMessage(error)}`));
      }
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** A deterministic pseudo-random sequence (the kernel's seeded PRNG). */
const random = (seed: number): (() => number) => seededRandom(seed).next;

const DAY = 86_400_000;
function randomDates(n: number, seed: number): string[] {
  const next = random(seed);
  const from = Date.UTC(1992, 7, 1);
  const to = Date.UTC(2026, 11, 31);
  return Array.from({ length: n }, () =>
    new Date(from + Math.floor((next() * (to - from)) / DAY) * DAY).toISOString().slice(0, 10),
  );
}

/** A tRPC GET; no `input` parameter when there is no input (strict inputs refuse `input=undefined`). */
const trpcGet = (path: string, input: unknown) =>
  input === undefined ? `/trpc/${path}` : `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

async function load(
  url: string,
  token: string,
  options: {
    seconds: number;
    connections: number;
    paths?: string[];
    body?: (n: number) => string;
    method?: 'GET' | 'POST';
  },
): Promise<Load> {
  let n = 0;
  const paths = options.paths;
  const body = options.body;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: options.method ?? 'GET',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            ...(paths ? { path: paths[i % paths.length] } : {}),
            ...(body ? { body: body(i) } : {}),
          };
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    rps: Math.round(requests / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    bytesPerRequest: requests ? Math.round(result.throughput.total / requests) : 0,
  };
}

const ms = (x: number) => Math.round(x * 100) / 100;
const describe = (l: Load, connections: number, seconds: number) =>
  `${l.requests.toLocaleString('en-US')} requests in ${seconds} s over ${connections} connections, p50 ${l.p50} ms, p99 ${l.p99} ms, ${(l.bytesPerRequest / 1024).toFixed(1)} KiB a response` +
  (l.non2xx || l.errors ? `, ${l.non2xx} non-2xx, ${l.errors} errors` : '');

async function run(ctx: BenchContext): Promise<BenchLine[]> {
  const seconds = ctx.quick ? 2 : 10;
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-bench-api-'));
  const server = await startServer(dir, ctx.log);
  const lines: BenchLine[] = [];
  try {
    const { url, token, townships } = server;
    const dates = randomDates(1_000, 20_191_220);
    const treePaths = dates.map((asOf) => trpcGet('divisions.tree', { asOf }));
    const townshipPaths = dates.map((asOf) =>
      trpcGet('divisions.tree', { rootId: '510799', depth: 1, asOf }),
    );
    const whoami = [trpcGet('access.whoami', undefined)];
    const restTreePaths = dates.map((asOf) => `/api/v1/divisions/tree?asOf=${asOf}`);

    // Each answer is checked once before the load: a 200 with the expected shape.
    const check = await fetch(`${url}${treePaths[0]}`, { headers: { authorization: `Bearer ${token}` } });
    const tree = (await check.json()) as { result?: { data: { code?: string }[] } };
    if (check.status !== 200 || tree.result?.data[0]?.code !== '510799')
      throw new Error(`divisions.tree answered ${check.status}`);
    const restCheck = await fetch(`${url}${restTreePaths[0]}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const restTree = await restCheck.text();
    if (restCheck.status !== 200 || restTree !== JSON.stringify(tree.result.data))
      throw new Error(`REST divisions/tree answered ${restCheck.status}, not what tRPC answers`);

    ctx.log(`api: warm-up (${seconds / 2} s)`);
    await load(url, token, { seconds: Math.max(1, seconds / 2), connections: 20, paths: treePaths });

    const C = 20;
    ctx.log(`api: access.whoami, ${C} connections, ${seconds} s`);
    const limit = await load(url, token, { seconds, connections: C, paths: whoami });
    ctx.log(`api: divisions.tree as of random dates, ${C} connections, ${seconds} s`);
    const read = await load(url, token, { seconds, connections: C, paths: treePaths });
    ctx.log(`api: divisions.tree depth 1 as of random dates, ${C} connections, ${seconds} s`);
    const small = await load(url, token, { seconds, connections: C, paths: townshipPaths });
    ctx.log(
      `api: REST GET /api/v1/divisions/tree as of random dates, ${C} connections, ${seconds} s (then tRPC again)`,
    );
    const rest = await load(url, token, { seconds, connections: C, paths: restTreePaths });
    const readAgain = await load(url, token, { seconds, connections: C, paths: treePaths });
    const trpcMean = Math.round((read.rps + readAgain.rps) / 2);

    const W = 10;
    const fsyncUs = fsyncLatencyUs(100);
    const runId = Date.now().toString(36);
    ctx.log(`api: divisions.enactAdjustment renames, ${W} connections, ${seconds} s (fsync ≈ ${fsyncUs} µs)`);
    const write = await load(url, token, {
      seconds,
      connections: W,
      method: 'POST',
      paths: ['/trpc/divisions.enactAdjustment'],
      body: (i) =>
        JSON.stringify({
          countyCode: '510799',
          authority: {
            documentNo: `压测〔2024〕${i}号`,
            issuedBy: '青溪县人民政府',
            approvedOn: '2024-02-01',
          },
          effectiveAt: '2024-03-01',
          changes: [{ op: 'rename', division: townships[i % townships.length], name: `压测${runId}${i}镇` }],
          idempotencyKey: `bench-${runId}-${i}`,
        }),
    });

    const target = read.rps >= 3_000 && read.p99 <= 20;
    lines.push(
      {
        bench: 'api-read-tree-as-of',
        unit: 'req/s',
        ours: read.rps,
        peer: null,
        limit: limit.rps,
        note: `divisions.tree (whole county) as of 1,000 random dates; ${describe(read, C, seconds)}; target ≥ 3,000 req/s with p99 ≤ 20 ms: ${target ? 'met' : 'missed'}. limit: access.whoami, ${describe(limit, C, seconds)}`,
      },
      {
        bench: 'api-read-tree-as-of-p50',
        unit: 'ms',
        ours: ms(read.p50),
        peer: null,
        limit: ms(limit.p50),
        note: 'lower is better; limit = access.whoami',
      },
      {
        bench: 'api-read-tree-as-of-p99',
        unit: 'ms',
        ours: ms(read.p99),
        peer: null,
        limit: ms(limit.p99),
        note: `lower is better; target ≤ 20 ms: ${read.p99 <= 20 ? 'met' : 'missed'}`,
      },
      {
        bench: 'api-read-tree-townships',
        unit: 'req/s',
        ours: small.rps,
        peer: null,
        limit: limit.rps,
        note: `divisions.tree { rootId: 510799, depth: 1 } as of 1,000 random dates; ${describe(small, C, seconds)}`,
      },
      {
        bench: 'api-read-tree-townships-p99',
        unit: 'ms',
        ours: ms(small.p99),
        peer: null,
        limit: ms(limit.p99),
        note: 'lower is better',
      },
      {
        bench: 'api-rest-read-tree-as-of',
        unit: 'req/s',
        ours: rest.rps,
        peer: null,
        limit: trpcMean,
        note: `REST GET /api/v1/divisions/tree?asOf=… (the same 1,000 dates); ${describe(rest, C, seconds)}. limit: the tRPC line for the same query, mean of the run before (${read.rps}) and after (${readAgain.rps}) it: ratioLimit = REST/tRPC`,
      },
      {
        bench: 'api-rest-read-tree-as-of-p99',
        unit: 'ms',
        ours: ms(rest.p99),
        peer: null,
        limit: ms(Math.max(read.p99, readAgain.p99)),
        note: 'lower is better; limit = the tRPC line’s p99 (the worse of its two runs)',
      },
      {
        bench: 'api-command-rename',
        unit: 'req/s',
        ours: write.rps,
        peer: null,
        limit: Math.round(1e6 / fsyncUs),
        note: `divisions.enactAdjustment (one rename, a new idempotency key each); ${describe(write, W, seconds)}; limit = 1 / fsync latency (${fsyncUs} µs): one durable commit per command`,
      },
      {
        bench: 'api-command-rename-p50',
        unit: 'ms',
        ours: ms(write.p50),
        peer: null,
        limit: null,
        note: 'lower is better',
      },
      {
        bench: 'api-command-rename-p99',
        unit: 'ms',
        ours: ms(write.p99),
        peer: null,
        limit: null,
        note: 'lower is better',
      },
    );
    for (const [name, l] of [
      ['whoami', limit],
      ['tree', read],
      ['townships', small],
      ['rest-tree', rest],
      ['tree-again', readAgain],
      ['rename', write],
    ] as const) {
      if (l.non2xx > 0 || l.errors > 0)
        ctx.log(`api: ${name}: ${l.non2xx} non-2xx answers, ${l.errors} errors`);
    }
  } finally {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

export const apiSuite: Suite = { name: 'api', run };
