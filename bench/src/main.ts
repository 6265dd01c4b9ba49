/**
 * `npm run bench [-- options]`: runs the suites and prints ours against the raw limit and a peer.
 *
 *   --json          one JSON object per line on stdout (progress stays on stderr)
 *   --only <suite>  run one suite (repeatable)
 *   --quick         10× smaller workloads, for a smoke run
 *   --no-peer       skip the peer (reported as null)
 *   --workload <w>  run only these workloads of the store suite (repeatable), e.g. append-batch-100
 *
 * A new suite is one file in src/suites/ exporting a Suite, and one entry in SUITES below.
 */
import { availableParallelism, cpus, platform, release, tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { apiSuite } from './suites/api';
import { coreSuite } from './suites/core';
import { esdbSuite } from './suites/esdb';
import { importSuite } from './suites/import';
import { projectionsSuite } from './suites/projections';
import { storeSuite } from './suites/store';
import { webhooksSuite } from './suites/webhooks';
import { publishSuite } from './suites/publish';
import type { BenchContext, BenchLine, Suite } from './types';
import { errorMessage } from './util';

const SUITES: Suite[] = [
  storeSuite,
  projectionsSuite,
  coreSuite,
  apiSuite,
  esdbSuite,
  importSuite,
  webhooksSuite,
  publishSuite,
];

interface Options {
  json: boolean;
  only: string[];
  quick: boolean;
  peer: boolean;
  workloads: string[];
}

const USAGE = `usage: npm run bench -- [--json] [--only <suite>] [--quick] [--no-peer] [--workload <store workload>]
suites: ${SUITES.map((s) => s.name).join(', ')}`;

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { json: false, only: [], quick: false, peer: true, workloads: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--no-peer') options.peer = false;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a suite name');
      options.only.push(...value.split(','));
    } else if (arg === '--workload' || arg.startsWith('--workload=')) {
      const value = arg === '--workload' ? argv[++i] : arg.slice('--workload='.length);
      if (!value) throw new Error('--workload needs a workload name (e.g. append-batch-100)');
      options.workloads.push(...value.split(','));
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${JSON.stringify(arg)}`);
  }
  const unknown = options.only.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}`);
  return options;
}

function machine(): Record<string, string> {
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  return {
    cores: `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    node: process.version,
    os: `${platform()} ${release()}`,
    sqlite: `${sqlite} (better-sqlite3)`,
    tmpdir: tmpdir(),
  };
}

const ratio = (a: number, b: number | null): number | null =>
  b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000;

interface Row {
  line: BenchLine;
  ratioLimit: number | null;
  ratioPeer: number | null;
}

function jsonLine({ line, ratioLimit, ratioPeer }: Row): string {
  return JSON.stringify({
    bench: line.bench,
    unit: line.unit,
    ours: line.ours,
    peer: line.peer,
    limit: line.limit,
    ratioLimit,
    ratioPeer,
    targetLimit: line.targets?.limit ?? null,
    targetPeer: line.targets?.peer ?? null,
    ...(line.note ? { note: line.note } : {}),
  });
}

const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));

function mark(value: number | null, target: number | undefined): string {
  if (value === null) return '—';
  const text = value.toFixed(2);
  if (target === undefined) return text;
  return `${text} ${value >= target ? '✓' : '✗'} (≥${target})`;
}

function table(rows: Row[], info: Record<string, string>): string {
  const header = ['bench', 'unit', 'ours', 'peer', 'limit', 'ours/limit', 'ours/peer'];
  const body = rows.map(({ line, ratioLimit, ratioPeer }) => [
    line.bench,
    line.unit,
    num(line.ours),
    num(line.peer),
    num(line.limit),
    mark(ratioLimit, line.targets?.limit),
    mark(ratioPeer, line.targets?.peer),
  ]);
  const width = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const right = [false, false, true, true, true, false, false];
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  const out = [fmt(header), width.map((w) => '─'.repeat(w)).join('  '), ...body.map(fmt), ''];
  const notes = rows.filter((r) => r.line.note);
  notes.forEach((r) => out.push(`${r.line.bench}: ${r.line.note}`));
  if (notes.length) out.push('');
  for (const [k, v] of Object.entries(info)) out.push(`${k.padEnd(7)} ${v}`);
  const checks = rows.flatMap(({ line, ratioLimit, ratioPeer }) => [
    ...(line.targets?.limit !== undefined && ratioLimit !== null ? [ratioLimit >= line.targets.limit] : []),
    ...(line.targets?.peer !== undefined && ratioPeer !== null ? [ratioPeer >= line.targets.peer] : []),
  ]);
  out.push(`targets ${checks.filter(Boolean).length} of ${checks.length} met`);
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const info = machine();
  const ctx: BenchContext = {
    quick: options.quick,
    workloads: options.workloads,
    peer: options.peer,
    log: (message) => process.stderr.write(`${message}\n`),
    machine: info,
  };
  const suites = options.only.length ? SUITES.filter((s) => options.only.includes(s.name)) : SUITES;
  ctx.log(
    `bench: ${suites.map((s) => s.name).join(', ')}${options.quick ? ' (quick)' : ''} — ${info.cores}, node ${info.node}`,
  );
  const rows: Row[] = [];
  for (const suite of suites) {
    const lines = await suite.run(ctx);
    for (const line of lines) {
      const row = { line, ratioLimit: ratio(line.ours, line.limit), ratioPeer: ratio(line.ours, line.peer) };
      rows.push(row);
      if (options.json) process.stdout.write(`${jsonLine(row)}\n`);
    }
  }
  if (options.json) ctx.log(JSON.stringify({ machine: info }));
  else process.stdout.write(table(rows, info));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
