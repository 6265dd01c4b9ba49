/**
 * One of the two writers of the concurrent-writers test. It waits for `<barrier>.open`, opens the
 * store (both writers open the same, possibly new, file at once), prints `READY`, waits for
 * `<barrier>.go`, then makes `count` appends of one event each to random streams with optimistic
 * concurrency: read the stream's revision, append with `expectedRevision: rev`, and on a
 * ConcurrencyError read again and retry.
 *
 * Usage: contending-writer.ts <db path> <writer id> <seed> <count> <stream count> <barrier path>
 * Prints `WIN <seq> <stream> <position> <revision>` per success, `LOSE <seq> <stream> <expected> <actual>`
 * per ConcurrencyError and `DONE <wins> <conflicts>` at the end. Any other error ends the process
 * with a non-zero code and the error on stderr (that includes SQLITE_BUSY).
 */
import { existsSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyError } from '@xianzhi/kernel';
import { openSqliteEventStore } from '../src/sqlite-store';
import { randInt, reliabilityRegistry, rng, writerWon } from './support';

const [path, writer, seedText, countText, streamCountText, barrier] = process.argv.slice(2);
if (!path || !writer || !seedText || !countText || !streamCountText || !barrier) {
  throw new Error(
    'usage: contending-writer.ts <db path> <writer id> <seed> <count> <stream count> <barrier path>',
  );
}
const random = rng(Number(seedText));
const count = Number(countText);
const streams = Array.from({ length: Number(streamCountText) }, (_, i) => `contended-${i}`);
const say = (line: string) => writeSync(1, `${line}\n`);

async function waitFor(file: string): Promise<void> {
  while (!existsSync(file)) await sleep(1);
}

say('WAITING');
await waitFor(`${barrier}.open`);
const store = openSqliteEventStore({ path, registry: reliabilityRegistry() });
say('READY');
await waitFor(`${barrier}.go`);

let wins = 0;
let conflicts = 0;
for (let seq = 0; seq < count; seq++) {
  const stream = streams[randInt(random, 0, streams.length - 1)]!;
  for (;;) {
    const [last] = await store.readStream(stream, { direction: 'backwards', limit: 1 });
    const expected = last ? last.revision : 'no-stream';
    // "Decide": a real command folds the stream before it appends. Taking a moment here (without
    // the lock) lets the other writer, asleep in SQLite's busy handler, in: without it one writer
    // keeps the lock for long streaks and the two rarely race for the same revision.
    await sleep(randInt(random, 0, 1));
    try {
      const result = await store.append(stream, [writerWon.create({ writer, seq })], {
        expectedRevision: expected,
      });
      wins += 1;
      say(`WIN ${seq} ${stream} ${result.firstPosition} ${result.nextExpectedRevision}`);
      break;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      conflicts += 1;
      say(`LOSE ${seq} ${stream} ${error.expected} ${error.actual}`);
    }
  }
}
await store.close();
say(`DONE ${wins} ${conflicts}`);
