/**
 * The isomorphic entries — what the admin UI (or any browser code) may import — reach no Node
 * built-in and no server-only package through their value imports: the kernel, the divisions
 * contract, the core modules' vocabulary, and each plugin's `.` entry.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachedFrom } from './imports';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');

const SERVER_ONLY = [
  /^node:/,
  /^@xianzhi\/(api|projections|event-store|event-store-sqlite|event-store-esdb|server|testkit)(\/|$)/,
  /^@xianzhi\/core\/(server|demo|import)$/,
  /^@xianzhi\/plugin-[a-z0-9]+\/server$/,
  /^(better-sqlite3|@trpc\/server|hono|@eventstore\/db-client)$/,
];

const plugins = readdirSync(join(root, 'plugins')).map((name) => `@xianzhi/plugin-${name}`);
const ISOMORPHIC = ['@xianzhi/kernel', '@xianzhi/divisions-contract', '@xianzhi/core', ...plugins];

describe('isomorphic entries', () => {
  it.each(ISOMORPHIC)('%s reaches nothing server-only', (entry) => {
    const offending = [...reachedFrom(root, entry)].filter(([specifier]) =>
      SERVER_ONLY.some((re) => re.test(specifier)),
    );
    expect(offending.map(([specifier, chain]) => `${chain.join(' -> ')} -> ${specifier}`)).toEqual([]);
  });
});
