/**
 * Suite `core`: the demo county (divisions, personnel, services, institutions, reform — about
 * 650,000 events, mostly service actions) generated into a fresh file store with the runtime live,
 * then a full rebuild of every core read model from the log by a fresh runtime. events/s for each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventRegistry } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime } from '@xianzhi/projections';
import { coreModules } from '@xianzhi/core/server';
import { runDemo } from '@xianzhi/core/demo';
import type { BenchContext, BenchLine, Suite } from '../types';

async function run(ctx: BenchContext): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-bench-core-'));
  const registry = new EventRegistry(coreModules.flatMap((m) => m.events));
  const projections = coreModules.flatMap((m) => m.projections);
  try {
    const store = openSqliteEventStore({ path: join(dir, 'events.db'), registry });
    const live = createProjectionRuntime({ store, projections });
    await live.start();
    let t = performance.now();
    const result = await runDemo(
      { store, runtime: live },
      { modules: coreModules, today: '2026-11-29', onProgress: (m) => ctx.log(`core: ${m}`) },
    );
    const generateS = (performance.now() - t) / 1000;
    await live.stop();
    const events = await store.headPosition();
    t = performance.now();
    const fresh = createProjectionRuntime({ store, projections });
    await fresh.start();
    const rebuildS = (performance.now() - t) / 1000;
    await fresh.stop();
    await store.close();
    ctx.log(
      `core: ${result.written} events generated in ${generateS.toFixed(1)} s, rebuilt in ${rebuildS.toFixed(1)} s`,
    );
    return [
      {
        bench: 'core-demo-generation',
        unit: 'events/s',
        ours: Math.round(events / generateS),
        peer: null,
        limit: null,
        note: `${events} events (demo county, every core module) recorded with the runtime live, ${generateS.toFixed(1)} s`,
      },
      {
        bench: 'core-full-rebuild',
        unit: 'events/s',
        ours: Math.round(events / rebuildS),
        peer: null,
        limit: null,
        note: `a fresh runtime loads the log and folds all ${projections.length} core read models, ${rebuildS.toFixed(1)} s`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const coreSuite: Suite = { name: 'core', run };
