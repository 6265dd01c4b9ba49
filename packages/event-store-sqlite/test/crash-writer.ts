/**
 * The crash test's writer: appends commands `start, start+1, …` forever (until it is killed).
 * Command n is a pure function of (seed, n) — see `crashCommand` — and carries the idempotency key
 * `crash-cmd-<n>`, so the command that was in flight when the previous writer was killed is simply
 * retried: if it had been committed, the store replays it.
 *
 * Usage: crash-writer.ts <db path> <seed> <first command number>
 * Prints `READY` once the store is open, `BEGIN <n>` just before appending command n and
 * `ACK <n> <stream> <firstPosition> <lastPosition> <count> <new|replayed>` after the append resolved.
 * Lines go out with writeSync, so an ACK is on the pipe before the next command starts.
 */
import { writeSync } from 'node:fs';
import type { ExpectedRevision } from '@xianzhi/event-store';
import { openSqliteEventStore } from '../src/sqlite-store';
import { CRASH_STREAMS, crashCommand, crashKey, crashStep, reliabilityRegistry } from './support';

const [path, seedText, startText] = process.argv.slice(2);
if (!path || !seedText || !startText)
  throw new Error('usage: crash-writer.ts <db path> <seed> <first command number>');
const seed = Number(seedText);
const start = Number(startText);

const say = (line: string) => writeSync(1, `${line}\n`);

const store = openSqliteEventStore({ path, registry: reliabilityRegistry() });
// Resume: each stream's current revision (the previous writer's last results are lost with it).
const expected = new Map<string, ExpectedRevision>();
for (const stream of CRASH_STREAMS) {
  const [last] = await store.readStream(stream, { direction: 'backwards', limit: 1 });
  expected.set(stream, last ? last.revision : 'no-stream');
}
say('READY');

for (let cmd = start; cmd < start + 1_000_000; cmd++) {
  const { stream, size, pad } = crashCommand(seed, cmd);
  const events = Array.from({ length: size }, (_, i) => crashStep.create({ cmd, size, i, pad }));
  say(`BEGIN ${cmd}`);
  const result = await store.append(stream, events, {
    expectedRevision: expected.get(stream) ?? 'no-stream',
    idempotencyKey: crashKey(cmd),
  });
  expected.set(stream, result.nextExpectedRevision);
  say(
    `ACK ${cmd} ${stream} ${result.firstPosition} ${result.lastPosition} ${result.events.length} ${result.replayed ? 'replayed' : 'new'}`,
  );
}
await store.close();
