/**
 * Installs the peer (Emmett's SQLite event store) on demand into `bench/.peer/`, outside the
 * workspace: the repo's `npm ci` never fetches or builds it. sqlite3 compiles from source
 * (~3 minutes on 2 cores), so the first run is slow; later runs reuse the folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bench/.peer/` (this file is `bench/src/peer/install.ts`). */
export const PEER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.peer');

export const PEER_PACKAGES = [
  '@event-driven-io/emmett-sqlite@0.42.4',
  '@event-driven-io/emmett@0.42.0',
  'uuid@10',
  'async-retry@1',
  'commander@12',
  'sqlite3@5.1.7',
] as const;

const MARKER = join(PEER_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite');

export function peerInstalled(): boolean {
  return existsSync(MARKER) && existsSync(join(PEER_DIR, 'node_modules', 'sqlite3'));
}

function log(message: string): void {
  process.stderr.write(`[peer] ${message}\n`);
}

/**
 * Installs the peer if it is missing. Resolves with the peer folder; rejects with the reason
 * when npm fails (the caller reports `peer: null`).
 */
export async function ensurePeerInstalled(): Promise<string> {
  if (peerInstalled()) return PEER_DIR;
  mkdirSync(PEER_DIR, { recursive: true });
  writeFileSync(
    join(PEER_DIR, 'package.json'),
    `${JSON.stringify(
      {
        name: 'xianzhi-bench-peer',
        private: true,
        description: 'The benchmark peer, installed on demand by bench/src/peer/install.ts (git-ignored)',
        allowScripts: { sqlite3: true },
      },
      null,
      2,
    )}\n`,
  );
  const args = ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', ...PEER_PACKAGES];
  log(`installing into ${PEER_DIR}: npm ${args.join(' ')}`);
  log('sqlite3 compiles from source: this takes a few minutes on the first run');
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await new Promise<void>((resolve, reject) => {
    // Not inheriting stdout: it must stay clean for --json.
    const child = spawn(npm, args, {
      cwd: PEER_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(
      () => log(`still installing… ${Math.round((Date.now() - started) / 1000)} s`),
      20_000,
    );
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`npm install exited with ${String(code)}:\n${tail.join('\n')}`));
    });
  });
  if (!peerInstalled()) throw new Error(`npm install finished but ${MARKER} is missing`);
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return PEER_DIR;
}

// `tsx src/peer/install.ts` installs the peer without running the bench.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensurePeerInstalled().then(
    (dir) => log(`ready: ${dir}`),
    (error: unknown) => {
      log(`install failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
