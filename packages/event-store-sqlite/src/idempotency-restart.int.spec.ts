/**
 * Idempotency across processes: a command appended by one process (which then exits, or is killed
 * right after it acknowledged) and retried by another with the same key is replayed — same event
 * ids, same positions, nothing written — while the same key with another payload is refused.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppendResult } from '@xianzhi/event-store';
import { openSqliteEventStore } from './sqlite-store';
import { killIfRunning, noteTaken, reliabilityRegistry, runChild, script, tempDir } from '../test/support';

type Outcome =
  | { result: AppendResult & { head: number } }
  | { error: { name: string; code: string; issues: { path: unknown[] }[] } };

/** Runs the idempotent writer once and returns what it printed. */
async function attempt(
  path: string,
  stream: string,
  key: string,
  text: string,
  after: 'exit' | 'kill',
): Promise<Outcome> {
  const run = runChild(script('idempotent-writer.ts'), [
    path,
    stream,
    key,
    text,
    after === 'kill' ? 'hang' : 'exit',
  ]);
  let line: string;
  try {
    line = await run.waitForLine((l) => l.startsWith('RESULT ') || l.startsWith('ERROR '));
  } finally {
    // Killed right after the acknowledgement (or, when the line never came, so as not to leave it behind).
    if (after === 'kill') killIfRunning(run);
  }
  const exit = await run.exited;
  expect(exit, run.stderr()).toEqual(
    after === 'kill' ? { code: null, signal: 'SIGKILL' } : { code: 0, signal: null },
  );
  const json: unknown = JSON.parse(line.slice(line.indexOf(' ') + 1));
  return line.startsWith('RESULT ')
    ? { result: json as AppendResult & { head: number } }
    : { error: json as never };
}

function resultOf(outcome: Outcome): AppendResult & { head: number } {
  if (!('result' in outcome)) throw new Error(`expected a result, got ${JSON.stringify(outcome.error)}`);
  return outcome.result;
}

describe('idempotency keys across process restarts', () => {
  it.each([
    { how: 'exits normally', after: 'exit' as const },
    { how: 'is SIGKILLed right after acknowledging', after: 'kill' as const },
  ])(
    'a retry in a new process replays the command when the first writer $how',
    { timeout: 30_000 },
    async ({ after }) => {
      const tmp = tempDir('xianzhi-idempotency-');
      const path = join(tmp.dir, 'events.db');
      const registry = reliabilityRegistry();
      try {
        // Some history first, so the command's positions are not simply 1…3.
        let store = openSqliteEventStore({ path, registry });
        await store.append('other', [noteTaken.create({ text: 'before', n: 0 })]);
        await store.close();

        const original = resultOf(await attempt(path, 'notes', 'cmd-42', '䢺江镇 renamed', after));
        expect(original).toMatchObject({
          replayed: false,
          firstPosition: 2,
          lastPosition: 4,
          nextExpectedRevision: 2,
          head: 4,
        });

        // Another process writes in between; the retry must still answer with the original positions.
        store = openSqliteEventStore({ path, registry });
        await store.append('other', [noteTaken.create({ text: 'meanwhile', n: 1 })]);
        const headBefore = await store.headPosition();
        await store.close();
        expect(headBefore).toBe(5);

        // The retry passes the same expectedRevision ('no-stream', now stale): the key wins.
        const retry = resultOf(await attempt(path, 'notes', 'cmd-42', '䢺江镇 renamed', 'exit'));
        expect(retry.replayed).toBe(true);
        expect(retry.events.map((e) => e.id)).toEqual(original.events.map((e) => e.id));
        expect(retry.events.map((e) => e.position)).toEqual([2, 3, 4]);
        expect({ ...retry, replayed: false, head: 0 }).toEqual({ ...original, head: 0 });
        expect(retry.head).toBe(headBefore);

        // The same key for another command: refused, nothing written.
        for (const [stream, text] of [
          ['notes', '䢺江镇 renamed again'],
          ['notes-elsewhere', '䢺江镇 renamed'],
        ] as const) {
          const refused = await attempt(path, stream, 'cmd-42', text, 'exit');
          expect(refused, `${stream} / ${text}`).toMatchObject({
            error: { name: 'IdempotencyKeyReused', code: 'VALIDATION' },
          });
          if (!('error' in refused)) continue;
          expect(refused.error.issues.map((i) => i.path)).toEqual([['idempotencyKey']]);
        }

        store = openSqliteEventStore({ path, registry });
        try {
          expect(await store.headPosition()).toBe(headBefore);
          expect((await store.readStream('notes')).map((e) => e.id)).toEqual(
            original.events.map((e) => e.id),
          );
          expect(await store.readStream('notes-elsewhere')).toEqual([]);
        } finally {
          await store.close();
        }
      } finally {
        tmp.dispose();
      }
    },
  );
});
