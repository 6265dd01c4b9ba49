/**
 * The cache's anchor on EventStoreDB (stream-scope chain, against the protocol double): the log hash
 * a cached state names is the adapter's rolling digest at that position — the runtime's (rolled as it
 * reads the log, written down every 4,096 events) equals `chainHead()` and what `verify` computes;
 * an authentic state of an earlier position is kept and only the tail folded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineProjection, type RecordedEvent } from '@xianzhi/kernel';
import { counted, registryV1 } from '@xianzhi/event-store/contract';
import { openEsdbEventStore } from '@xianzhi/event-store-esdb';
import { createProjectionRuntime, readCacheFile } from '@xianzhi/projections';
import { startProtocolDouble } from '../../../packages/event-store-esdb/test/protocol-double/double';
import { checkCache, verifyLog } from './verify';

const total = defineProjection({
  name: 'test.total',
  version: 1,
  initialState: () => 0,
  evolve: { [counted.type]: (s: number, e: RecordedEvent) => s + (e.data as { n: number }).n },
  queries: { get: (s: number) => s },
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the projection cache on EventStoreDB (rolling digest)', () => {
  it(
    'names the rolling digest at its position, which verify and chainHead agree on; a stale one folds the tail',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xianzhi-cache-esdb-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const double = await startProtocolDouble();
      const registry = registryV1();
      const store = await openEsdbEventStore({
        connectionString: double.connectionString,
        registry,
        indexPath: join(dir, 'index.db'),
      });
      cleanups.push(async () => {
        await store.close();
        await double.stop();
      });
      // More than 4,096 events: the digest is rolled from a mark written down on the way.
      for (let i = 0; i < 45; i++)
        await store.append(
          `s-${i % 3}`,
          Array.from({ length: 100 }, (_, j) => counted.create({ n: (i * 100 + j) % 7 })),
        );
      const cache = join(dir, 'cache.db');
      const open = async () => {
        const warnings: string[] = [];
        const runtime = createProjectionRuntime({
          store,
          projections: [total],
          cache,
          onWarning: (w) => warnings.push(w),
        });
        const value = await runtime.query(total, 'get', undefined);
        const outcome = runtime.cacheOutcomes()[0]!;
        await runtime.stop();
        return { value, outcome, warnings };
      };
      const key = () => Buffer.from(readFileSync(`${cache}.key`, 'utf8').trim(), 'hex');
      const expected = (n: number) => Array.from({ length: n }, (_, k) => k % 7).reduce((a, b) => a + b, 0);

      expect((await open()).value).toBe(expected(4500));
      let head = (await store.chainHead())!;
      let [row] = readCacheFile(cache, key()).rows;
      expect(row).toMatchObject({ knowledgePosition: head.position, anchor: head.hash, authentic: true });
      const report = await verifyLog(store, registry, { anchorsAt: new Set([row!.knowledgePosition]) });
      expect(report.faults).toEqual([]);
      expect(checkCache([row!], true, report)).toMatchObject([{ projection: 'test.total', status: 'ok' }]);

      await store.append(
        's-9',
        Array.from({ length: 10 }, (_, j) => counted.create({ n: (4500 + j) % 7 })),
      );
      const again = await open();
      expect(again.warnings).toEqual([]);
      expect(again.outcome).toMatchObject({ outcome: 'stale', restoredAt: head.position, applied: 10 });
      expect(again.value).toBe(expected(4510));
      head = (await store.chainHead())!;
      [row] = readCacheFile(cache, key()).rows;
      expect(row).toMatchObject({ knowledgePosition: head.position, anchor: head.hash, authentic: true });
    },
  );
});
