import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvariantViolation,
  NotFoundError,
  ValidationError,
  defineProjection,
  parseEffectiveAt,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  ProjectionFailed,
  createProjectionRuntime,
  retractEvent,
  type ChangeNotice,
  type ProjectionRuntime,
} from './index';
import { registry, trace, valueAdded, valueSet, values } from '../test/fixtures';

const at = (text: string) => parseEffectiveAt(text)!.ms;
const authority = { documentNo: '三府函〔2020〕8号', issuedBy: '三台县人民政府' };

let dir: string;
const open: { runtime?: ProjectionRuntime; store?: SqliteEventStore }[] = [];

function setup(options: {
  now: string;
  cache?: string;
  projections?: Parameters<typeof createProjectionRuntime>[0]['projections'];
  reactions?: Parameters<typeof createProjectionRuntime>[0]['reactions'];
}) {
  dir ??= mkdtempSync(join(tmpdir(), 'xianzhi-runtime-'));
  const clock = new ManualClock(at(options.now));
  const store = openSqliteEventStore({
    path: join(dir, 'events.db'),
    registry: registry(),
    now: () => clock.now(),
  });
  const runtime = createProjectionRuntime({
    store,
    projections: options.projections ?? [trace, values],
    clock,
    snapshots: { events: 2, days: 30 },
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.reactions ? { reactions: options.reactions } : {}),
  });
  open.push({ runtime, store });
  return { clock, store, runtime };
}

afterEach(async () => {
  for (const { runtime, store } of open.splice(0)) {
    await runtime?.stop();
    await store?.close();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined as unknown as string;
});

describe('projection runtime', () => {
  it('makes a change effective tomorrow current when the clock passes midnight, and says so', async () => {
    const { clock, store, runtime } = setup({ now: '2024-06-30T12:00:00+08:00' });
    await store.append('s', [valueSet.create({ key: 1, value: 10 }, { effectiveAt: '2024-06-01' })]);
    await runtime.start();
    const notices: ChangeNotice[] = [];
    runtime.onChange((n) => notices.push(n));
    const r = await store.append('s', [
      valueSet.create({ key: 1, value: 20 }, { effectiveAt: '2024-07-01' }),
    ]);
    await runtime.waitForPosition(r.lastPosition);
    expect(await runtime.query(values.name, 'get', 1)).toBe(10);
    expect(await runtime.query(values.name, 'get', 1, { asOf: '2024-07-01' })).toBe(20);
    expect(await runtime.query(values.name, 'get', 1, { asOf: '2024-06-30' })).toBe(10);
    clock.set(at('2024-06-30T23:59:59+08:00'));
    expect(await runtime.query(values.name, 'get', 1)).toBe(10);
    notices.length = 0;
    clock.set(at('2024-07-01T00:00:00+08:00'));
    expect(notices.map((n) => [n.projection, n.reason])).toContainEqual([values.name, 'scheduled']);
    expect(await runtime.query(values.name, 'get', 1)).toBe(20);
  });

  it('rewinds for a backdated event and re-folds in effective order', async () => {
    const { clock, store, runtime } = setup({ now: '2024-06-30T12:00:00+08:00' });
    await store.append('s', [
      valueSet.create({ key: 1, value: 1 }, { effectiveAt: '2024-01-01' }),
      valueAdded.create({ key: 1, n: 1 }, { effectiveAt: '2024-03-01' }),
      valueAdded.create({ key: 1, n: 1 }, { effectiveAt: '2024-05-01' }),
    ]);
    await runtime.start();
    expect(await runtime.query(values.name, 'get', 1)).toBe(7); // ((1*2)+1)*2+1
    const notices: ChangeNotice[] = [];
    runtime.onChange((n) => notices.push(n));
    clock.advance(60_000);
    const r = await store.append('s', [
      valueSet.create({ key: 1, value: 100 }, { effectiveAt: '2024-02-01' }),
    ]);
    await runtime.waitForPosition(r.lastPosition);
    expect(await runtime.query(values.name, 'get', 1)).toBe(403); // ((100*2)+1)*2+1
    expect(notices.some((n) => n.reason === 'rewind')).toBe(true);
    // as known before the backdated event, the old answer stands
    expect(await runtime.query(values.name, 'get', 1, { knownAt: r.events[0]!.recordedMs - 1 })).toBe(7);
    expect(await runtime.query(values.name, 'get', 1, { asOf: '2024-02-15' })).toBe(100);
  });

  it('retracts an event: checks, effect as known after, old answer as known before, idempotent retry', async () => {
    const { clock, store, runtime } = setup({ now: '2024-06-30T12:00:00+08:00' });
    const r = await store.append('s', [
      valueSet.create({ key: 1, value: 5 }, { effectiveAt: '2024-01-01' }),
      valueSet.create({ key: 1, value: 9 }, { effectiveAt: '2024-02-01' }),
    ]);
    await runtime.start();
    const wrong = r.events[1]!;
    await expect(
      retractEvent(store, runtime, {
        eventId: '00000000-0000-4000-8000-000000000000',
        reason: 'x',
        authority,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      retractEvent(store, runtime, { eventId: wrong.id, reason: '', authority }),
    ).rejects.toBeInstanceOf(ValidationError);
    const head = await store.headPosition();
    expect(head).toBe(2);
    clock.advance(60_000);
    const retraction = await retractEvent(store, runtime, {
      eventId: wrong.id,
      reason: '数值录入错误',
      authority,
      idempotencyKey: 'retract-1',
    });
    await runtime.waitForPosition(retraction.lastPosition);
    expect(await runtime.query(values.name, 'get', 1)).toBe(5);
    expect(
      await runtime.query(values.name, 'get', 1, { knownAt: retraction.events[0]!.recordedMs - 1 }),
    ).toBe(9);
    const retry = await retractEvent(store, runtime, {
      eventId: wrong.id,
      reason: '数值录入错误',
      authority,
      idempotencyKey: 'retract-1',
    });
    expect(retry.replayed).toBe(true);
    const again = retractEvent(store, runtime, { eventId: wrong.id, reason: 'again', authority });
    await expect(again).rejects.toBeInstanceOf(InvariantViolation);
    await expect(again).rejects.toThrow(/already retracted/);
    await expect(
      retractEvent(store, runtime, { eventId: retraction.events[0]!.id, reason: 'undo', authority }),
    ).rejects.toThrow(/cannot be retracted/);
    expect(await store.headPosition()).toBe(3);
  });

  it('runs reactions only for new live events — not for history, rewinds or as-of folds — and after a restart only for what is new', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'xianzhi-react-'));
    const cache = join(cacheDir, 'cache.db');
    const seen: string[] = [];
    const reactions = [
      {
        name: 'notify',
        types: [valueSet.type],
        handle: (e: RecordedEvent) => void seen.push((e.data as { value: number }).value.toString()),
      },
    ];
    const first = setup({ now: '2024-06-30T12:00:00+08:00', cache, reactions });
    await first.store.append('s', [valueSet.create({ key: 1, value: 1 }, { effectiveAt: '2024-01-01' })]);
    await first.runtime.start();
    expect(seen).toEqual([]);
    const r = await first.store.append('s', [
      valueSet.create({ key: 1, value: 2 }, { effectiveAt: '2023-01-01' }),
      valueAdded.create({ key: 1, n: 3 }),
    ]);
    await first.runtime.waitForPosition(r.lastPosition);
    await first.runtime.query(values.name, 'all', undefined, { asOf: '2023-06-01' });
    expect(seen).toEqual(['2']);
    await first.runtime.stop();
    await first.store.append('s', [valueSet.create({ key: 1, value: 4 })]);
    const second = createProjectionRuntime({
      store: first.store,
      projections: [values],
      cache,
      clock: first.clock,
      reactions,
    });
    open.push({ runtime: second });
    await second.start();
    expect(seen).toEqual(['2', '4']);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('stops a projection whose evolve throws, naming the event, while the others go on', async () => {
    const fragile = defineProjection({
      name: 'test.fragile',
      version: 1,
      initialState: () => 0,
      evolve: {
        'prop.value-set': (s: number, e: RecordedEvent) => {
          if ((e.data as { value: number }).value < 0) throw new Error('negative');
          return s + 1;
        },
      },
      queries: { n: (s: number) => s },
    });
    const { store, runtime } = setup({ now: '2024-06-30T12:00:00+08:00', projections: [fragile, values] });
    await runtime.start();
    const r = await store.append('s', [
      valueSet.create({ key: 1, value: 1 }),
      valueSet.create({ key: 1, value: -1 }),
      valueSet.create({ key: 2, value: 2 }),
    ]);
    await runtime.waitForPosition(r.lastPosition);
    const health = runtime.health();
    const f = health.find((h) => h.name === fragile.name)!;
    expect(f.status).toBe('failed');
    expect(f.lastError).toContain(r.events[1]!.id);
    expect(f.lastError).toContain('prop.value-set');
    await expect(runtime.query(fragile.name, 'n')).rejects.toBeInstanceOf(ProjectionFailed);
    expect(await runtime.query(values.name, 'all')).toEqual([
      [1, -1],
      [2, 2],
    ]);
    expect(health.find((h) => h.name === values.name)!.status).toBe('live');
  });

  it('rebuilds a new version in the background while the old one serves, then switches over', async () => {
    const { store, runtime } = setup({ now: '2024-06-30T12:00:00+08:00', projections: [values] });
    await store.append(
      's',
      Array.from({ length: 500 }, (_, i) =>
        valueAdded.create({ key: i % 5, n: 1 }, { effectiveAt: '2024-01-01' }),
      ),
    );
    await runtime.start();
    const v2 = defineProjection({ ...values, version: 2, queries: { ...values.queries, version: () => 2 } });
    await expect(runtime.replace(values)).rejects.toBeInstanceOf(ValidationError);
    const replacing = runtime.replace(v2);
    // the old version still answers while the new one folds
    await expect(runtime.query(values.name, 'version')).rejects.toBeInstanceOf(NotFoundError);
    await replacing;
    expect(await runtime.query(values.name, 'version')).toBe(2);
    expect(await runtime.query(values.name, 'all')).toEqual(
      await (async () => {
        const fresh = createProjectionRuntime({ store, projections: [v2] });
        open.push({ runtime: fresh });
        return fresh.query(values.name, 'all');
      })(),
    );
    expect(runtime.health()[0]).toMatchObject({ name: values.name, version: 2, status: 'live', lag: 0 });
  });

  it('restores from its cached checkpoint and folds only what is new', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'xianzhi-cache-'));
    const cache = join(cacheDir, 'cache.db');
    let calls = 0;
    const counting = defineProjection({
      name: 'test.counting',
      version: 1,
      initialState: () => 0,
      evolve: { 'prop.value-set': (s: number) => (calls++, s + 1) },
      queries: { n: (s: number) => s },
    });
    const first = setup({ now: '2024-06-30T12:00:00+08:00', cache, projections: [counting] });
    await first.store.append(
      's',
      Array.from({ length: 50 }, (_, i) =>
        valueSet.create({ key: i, value: i }, { effectiveAt: '2024-01-01' }),
      ),
    );
    await first.runtime.start();
    expect(calls).toBe(50);
    await first.runtime.stop();
    await first.store.append('s', [valueSet.create({ key: 1, value: 1 }, { effectiveAt: '2024-02-01' })]);
    calls = 0;
    const second = createProjectionRuntime({
      store: first.store,
      projections: [counting],
      cache,
      clock: first.clock,
    });
    open.push({ runtime: second });
    expect(await second.query(counting.name, 'n')).toBe(51);
    expect(calls).toBe(1);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('refuses unknown projections and queries, and bad times, with clear errors', async () => {
    const { runtime } = setup({ now: '2024-06-30T12:00:00+08:00' });
    await expect(runtime.query('nope', 'x')).rejects.toThrow(/projection "nope" does not exist/);
    await expect(runtime.query(values.name, 'nope')).rejects.toThrow(
      /query "prop.values.nope" does not exist/,
    );
    await expect(runtime.query(values.name, 'all', undefined, { asOf: '2024-13-01' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      runtime.query(values.name, 'all', undefined, { knownAt: 'yesterday' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
