/**
 * Child process for the crash test: opens the store and a cache file, starts the runtime (and,
 * in `rebuild` mode, replaces the projection by version 2), then prints the state's bytes in hex.
 * The parent kills it with SIGKILL at random moments.
 */
import { serialize } from 'node:v8';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '../src/index';
import { registry, values } from './fixtures';

const [storePath, cachePath, mode] = process.argv.slice(2) as [string, string, 'catch-up' | 'rebuild'];
const v2 = { ...values, version: 2 };
const store = openSqliteEventStore({ path: storePath, registry: registry() });
let first = true;
const runtime = createProjectionRuntime({
  store,
  projections: [mode === 'rebuild' ? values : values],
  cache: cachePath,
  sliceSize: 300,
  onProgress: (p) => {
    if (p.phase === 'loading') return;
    if (first) process.stdout.write(`FIRST ${p.phase} ${p.done}\n`);
    first = false;
  },
});
await runtime.start();
if (mode === 'rebuild') {
  first = true;
  process.stdout.write('REBUILDING\n');
  await runtime.replace(v2);
}
const state = await runtime.state(values.name);
process.stdout.write(`STATE ${serialize(state).toString('hex')}\n`);
await runtime.stop();
await store.close();
