/**
 * The import suite's measurement, in a child process of its own (so that peak RSS belongs to it):
 * `node --import tsx child.ts '<json args>'` → one JSON line on stdout, progress on stderr.
 *
 * Ours: `importChinaDivisionHistory` for `code` into a fresh SQLite file store with the divisions
 * read models live (the five bundled snapshots read and validated, the first imported, the
 * adjustments between consecutive ones inferred, decided and appended, the runtime folding them).
 * Limit: the same events appended again, in the same batches (one per county and step), into a
 * fresh store with no runtime, decider or inference — the cost of writing them at all.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRegistry, type NewEvent } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule } from '@xianzhi/core/server';
import { importChinaDivisionHistory } from '@xianzhi/core/import';

const { code } = JSON.parse(process.argv[2] ?? '{}') as { code: string };
const log = (m: string) => process.stderr.write(`${m}\n`);
const maxRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

const dir = mkdtempSync(join(tmpdir(), 'xianzhi-bench-import-'));
try {
  const registry = new EventRegistry(divisionsModule.events);
  const store = openSqliteEventStore({ path: join(dir, 'events.db'), registry });
  const runtime = createProjectionRuntime({ store, projections: divisionsModule.projections });
  await runtime.start();
  let last = performance.now();
  const t0 = performance.now();
  const result = await importChinaDivisionHistory(
    { store, runtime },
    {
      code,
      onProgress: (p) => {
        if (performance.now() - last > 10_000 || p.done === p.total) {
          last = performance.now();
          log(
            `import: snapshot ${p.snapshot}, ${p.done}/${p.total} counties, ${p.events} events, ${((last - t0) / 1000).toFixed(0)} s`,
          );
        }
      },
    },
  );
  const ms = performance.now() - t0;
  const rssMiB = maxRssMiB();
  const events = await store.headPosition();
  const fileMiB = statSync(join(dir, 'events.db')).size / 2 ** 20;

  // The limit: the same events, in the same batches, into a fresh store.
  const batches = new Map<string, { stream: string; idempotencyKey?: string; events: NewEvent[] }>();
  for (const e of await store.readAll({ fromPosition: 0 })) {
    const key = `${e.stream}/${e.metadata.correlationId ?? e.id}`;
    const { recordedAt: _r, schemaVersion: _s, idempotencyKey, ...metadata } = e.metadata;
    let batch = batches.get(key);
    if (!batch)
      batches.set(
        key,
        (batch = {
          stream: e.stream,
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          events: [],
        }),
      );
    batch.events.push({ type: e.type, data: e.data, metadata });
  }
  await runtime.stop();
  await store.close();
  const raw = openSqliteEventStore({ path: join(dir, 'limit.db'), registry });
  const t1 = performance.now();
  for (const b of batches.values())
    await raw.append(b.stream, b.events, {
      expectedRevision: 'any',
      ...(b.idempotencyKey === undefined ? {} : { idempotencyKey: b.idempotencyKey }),
    });
  const limitMs = performance.now() - t1;
  await raw.close();
  process.stdout.write(
    `${JSON.stringify({ code, events, ms, limitMs, batches: batches.size, rssMiB, fileMiB, counties: result.counties.length, inferred: result.inferred, written: result.written })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
