/**
 * The idempotency test's writer: one append of three `reliability.note-taken` events with an
 * idempotency key, then either exit or wait to be killed.
 *
 * Usage: idempotent-writer.ts <db path> <stream> <key> <text> <exit|hang>
 * Prints `RESULT <json>` (the append's result and the head after it) or `ERROR <json>` (a Xianzhi
 * error: name, code, issues). Any other error ends the process with a non-zero code.
 */
import { writeSync } from 'node:fs';
import { isXianzhiError, ValidationError } from '@xianzhi/kernel';
import { openSqliteEventStore } from '../src/sqlite-store';
import { noteTaken, reliabilityRegistry } from './support';

const [path, stream, key, text, after] = process.argv.slice(2);
if (!path || !stream || !key || text === undefined || (after !== 'exit' && after !== 'hang')) {
  throw new Error('usage: idempotent-writer.ts <db path> <stream> <key> <text> <exit|hang>');
}
const say = (line: string) => writeSync(1, `${line}\n`);

const store = openSqliteEventStore({ path, registry: reliabilityRegistry() });
try {
  const result = await store.append(
    stream,
    [1, 2, 3].map((n) => noteTaken.create({ text, n }, { effectiveAt: '2019-12-20' })),
    { expectedRevision: 'no-stream', idempotencyKey: key },
  );
  say(`RESULT ${JSON.stringify({ ...result, head: await store.headPosition() })}`);
} catch (error) {
  if (!isXianzhiError(error)) throw error;
  say(
    `ERROR ${JSON.stringify({ name: error.name, code: error.code, issues: error instanceof ValidationError ? error.issues : [] })}`,
  );
}
if (after === 'hang') {
  // Keep the store open and the process alive until the parent kills it.
  setInterval(() => {}, 60_000);
} else {
  await store.close();
}
