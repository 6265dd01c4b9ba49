/**
 * The projection cache proves itself, on the real server (docs/integrity.md §4). On copies of a
 * data folder (store, cache, cache key, key store) made here, the cache is edited with the sqlite3
 * library as a person with file access would:
 * - an admin token added to the cached token state → `verify` names access.tokens and exits 1, and
 *   the server started on that copy warns, discards the state and refuses the token (401);
 * - a count changed in a cached read model (townships removed from the divisions tree) → the server
 *   serves the true count;
 * - a cache under another county's key → every state discarded, the truth served.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
type Counts = { byLevel: Record<string, number>; byKind: Record<string, number> };
import { openPlatform, type Platform } from '../src/platform';
import { BUNDLED_PLUGINS } from '../src/modules';
import { startServer, type Server } from '../src/serve';
import { DEMO, startHarness, tempDir } from './harness';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');
const CWD = resolve(import.meta.dirname, '..');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('XIANZHI_')));

let root: string;
let source: string;
let admin: string;
let trueCounts: Counts;

beforeAll(async () => {
  root = tempDir('cache-integrity');
  source = join(root, 'data');
  mkdirSync(source);
  const h = await startHarness('cache-integrity', { dir: source });
  admin = h.admin;
  trueCounts = await h.client(admin).divisions.counts.query({ rootId: DEMO.code });
  await h.close(); // writes every live state to the cache
  expect(existsSync(join(source, 'projections.db.key'))).toBe(true);
}, 180_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A copy of the whole data folder (store, cache, cache key, personal-data keys). */
function copyData(label: string): string {
  const dir = join(root, label);
  mkdirSync(dir);
  for (const f of readdirSync(source)) copyFileSync(join(source, f), join(dir, f));
  return dir;
}

/** Rewrites one projection's cached state in the copy's cache file with the sqlite3 library. */
function forge<S>(dir: string, projection: string, edit: (state: S) => void): void {
  const db = new Database(join(dir, 'projections.db'));
  const bytes = db.prepare('SELECT state FROM checkpoints WHERE projection = ?').pluck().get(projection) as
    Buffer | undefined;
  expect(bytes, `a cached state of ${projection}`).toBeDefined();
  const state = deserialize(bytes!) as S;
  edit(state);
  db.prepare('UPDATE checkpoints SET state = ? WHERE projection = ?').run(serialize(state), projection);
  db.close();
}

/** The server on a copy, as `serve` opens it; warnings captured. */
async function serveCopy(
  dir: string,
  cacheKeyPath?: string,
): Promise<{ platform: Platform; server: Server; warnings: string[]; close(): Promise<void> }> {
  const warnings: string[] = [];
  const platform = await openPlatform({
    eventStore: join(dir, 'xianzhi.db'),
    cachePath: join(dir, 'projections.db'),
    ...(cacheKeyPath ? { cacheKeyPath } : {}),
    plugins: BUNDLED_PLUGINS,
    onWarning: (w) => warnings.push(w),
  });
  const server = await startServer({ platform, port: 0, host: '127.0.0.1', log: () => {} });
  return {
    platform,
    server,
    warnings,
    async close() {
      await server.close();
      await platform.close();
    },
  };
}

async function status(url: string, token: string, path = 'integrity.head'): Promise<number> {
  return (await fetch(`${url}/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function counts(url: string, token: string): Promise<Counts> {
  const r = await fetch(
    `${url}/trpc/divisions.counts?input=${encodeURIComponent(JSON.stringify({ rootId: DEMO.code }))}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(r.status).toBe(200);
  return ((await r.json()) as { result: { data: Counts } }).result.data;
}

function verify(dir: string): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, 'verify'],
      { cwd: CWD, env: { ...env, XIANZHI_DATA_DIR: dir }, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
    );
  });
}

interface TokenRecord {
  tokenId: string;
  name: string;
  scopes: string[];
  subtree: string | null;
  issuedAt: string;
  issuedBy: string | null;
  revokedAt: string | null;
  salt: string;
  hash: string;
}

describe('a forged projection cache', () => {
  it('verify passes on the sound copy and reports every cached state ok', async () => {
    const r = await verify(copyData('sound'));
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^cache access\.tokens v1 at position \d+: ok$/m);
    expect(r.stdout).toMatch(/^cache divisions\.tree v\d+ at position \d+: (ok|stale-but-authentic)$/m);
    expect(r.stdout).not.toMatch(/forged|mismatched/);
  }, 120_000);

  it('an admin token added to the cached token state: verify names it, the server discards it and refuses the token (401)', async () => {
    const dir = copyData('forged-token');
    const salt = randomBytes(16).toString('hex');
    const secret = randomBytes(32).toString('base64url').slice(0, 43);
    const tokenId = 'forged000000';
    forge<Map<string, TokenRecord>>(dir, 'access.tokens', (tokens) => {
      tokens.set(tokenId, {
        tokenId,
        name: '伪造',
        scopes: ['admin'],
        subtree: null,
        issuedAt: new Date().toISOString(),
        issuedBy: null,
        revokedAt: null,
        salt,
        hash: createHash('sha256').update(salt).update(secret).digest('hex'),
      });
    });
    const forged = `xz_${tokenId}_${secret}`;

    const v = await verify(dir);
    expect(v.code, v.stdout).toBe(1);
    expect(v.stdout).toMatch(/^cache access\.tokens v1 at position \d+: forged — its MAC does not hold/m);
    expect(v.stdout).toMatch(/FAULT the cached state of access\.tokens v1 is forged/);
    expect(v.stdout).toMatch(/^cache divisions\.tree v\d+ at position \d+: (ok|stale-but-authentic)$/m); // only the edited one

    const s = await serveCopy(dir);
    try {
      expect(await status(s.server.url, forged)).toBe(401);
      expect(await status(s.server.url, admin)).toBe(200);
      expect(s.warnings.join('\n')).toMatch(
        /discarded the cached state of access\.tokens v1 \(forged\): its MAC does not hold/,
      );
      expect(s.platform.runtime.cacheOutcomes().find((o) => o.projection === 'access.tokens')?.outcome).toBe(
        'forged',
      );
    } finally {
      await s.close();
    }
  }, 180_000);

  it('a count changed in a cached read model: the server serves the true count', async () => {
    const dir = copyData('forged-count');
    forge<{ divisions: Map<string, { level: string; children: string[] }> }>(
      dir,
      'divisions.tree',
      (state) => {
        const county = [...state.divisions.values()].find((d) => d.level === 'county')!;
        county.children = county.children.slice(0, 1); // one township instead of 13
      },
    );
    const s = await serveCopy(dir);
    try {
      expect(await counts(s.server.url, admin)).toEqual(trueCounts);
      expect(trueCounts.byLevel.township).toBe(13);
      expect(s.warnings.join('\n')).toMatch(/divisions\.tree v\d+ \(forged\)/);
    } finally {
      await s.close();
    }
  }, 180_000);

  it("a cache under another county's key is discarded whole, and the truth is served", async () => {
    const dir = copyData('other-key');
    forge<Map<string, TokenRecord>>(dir, 'access.tokens', (tokens) => tokens.clear());
    const s = await serveCopy(dir, join(root, 'another-county.key'));
    try {
      expect(await status(s.server.url, admin)).toBe(200); // the token state emptied in the cache is not served
      expect(await counts(s.server.url, admin)).toEqual(trueCounts);
      const outcomes = s.platform.runtime.cacheOutcomes();
      expect(outcomes.length).toBeGreaterThan(5);
      expect(outcomes.every((o) => o.outcome === 'forged')).toBe(true);
      expect(s.warnings[0]).toMatch(/key file .*another-county\.key was missing and a new key was made/);
    } finally {
      await s.close();
    }
  }, 180_000);

  it('an authentic cache is restored as it is (no state folded again)', async () => {
    const s = await serveCopy(copyData('authentic'));
    try {
      expect(s.warnings).toEqual([]);
      const outcomes = s.platform.runtime.cacheOutcomes();
      // A state with nothing new to fold since it was written is not rewritten at stop: it names an earlier position (stale), authentic.
      expect(outcomes.filter((o) => o.outcome !== 'current' && o.outcome !== 'stale')).toEqual([]);
      expect(outcomes.reduce((n, o) => n + o.applied, 0)).toBe(0);
      expect(await status(s.server.url, admin)).toBe(200);
    } finally {
      await s.close();
    }
  }, 180_000);
});
