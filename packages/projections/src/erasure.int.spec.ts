/**
 * The runtime forgets an erased person: after `kernel.personal-data-erased`, no query (live, as of
 * any date, as known at any time before the erasure), no event it hands out, and no byte of its
 * cache file holds their personal fields — and a restart on an old cache does not bring them back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ERASED_TEXT,
  EventRegistry,
  defineEvent,
  defineProjection,
  erasureStream,
  personalDataErased,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, type ProjectionRuntime } from './index';

const registered = defineEvent(
  'test.person-registered',
  1,
  z.object({ personId: z.string(), name: z.string(), birthDate: z.string() }),
  {
    personal: { subject: 'personId', fields: ['name', 'birthDate'] },
  },
);
const counted = defineEvent('test.counted', 1, z.object({ n: z.number() }));

const people = defineProjection({
  name: 'test.people',
  version: 1,
  initialState: () => ({}),
  evolve: {
    [registered.type]: (s, e: RecordedEvent) => {
      const d = e.data as { personId: string; name: string; birthDate: string };
      return { ...s, [d.personId]: { name: d.name, birthDate: d.birthDate } };
    },
  },
  queries: { all: (s) => s },
});
const total = defineProjection({
  name: 'test.total',
  version: 1,
  initialState: () => 0,
  evolve: { [counted.type]: (s: number, e: RecordedEvent) => s + (e.data as { n: number }).n },
  queries: { get: (s: number) => s },
});

const NAME = '欧阳秀英';
const BORN = '1968-03-14';
const authority = { documentNo: '青人社〔2024〕7号', issuedBy: '青溪县人社局' };

let dir: string;
const open: { runtime: ProjectionRuntime; store: SqliteEventStore }[] = [];

function setup() {
  const store = openSqliteEventStore({
    path: join(dir, 'events.db'),
    registry: new EventRegistry([registered, counted]),
  });
  const runtime = createProjectionRuntime({
    store,
    projections: [people, total],
    cache: join(dir, 'cache.db'),
    snapshots: { events: 1, days: 1 },
    checkpointEvery: { events: 1, ms: 0 },
  });
  open.push({ runtime, store });
  return { store, runtime };
}

/** Whether the cache file or its WAL holds the text, as UTF-8 or as UTF-16 (V8 serialises two-byte strings so). */
function inCache(text: string): boolean {
  const f = join(dir, 'cache.db');
  const bytes = Buffer.concat([f, `${f}-wal`].filter(existsSync).map((x) => readFileSync(x)));
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

afterEach(async () => {
  for (const { runtime, store } of open.splice(0)) {
    await runtime.stop();
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('erasure in the projection runtime', () => {
  it('redacts the events, refolds, forgets answers and snapshots, and scrubs the cache file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xianzhi-erasure-'));
    const { store, runtime } = setup();
    const first = await store.append('p', [
      registered.create({ personId: 'p1', name: NAME, birthDate: BORN }, { effectiveAt: '2019-12-20' }),
      registered.create(
        { personId: 'p2', name: '张伟', birthDate: '1980-01-01' },
        { effectiveAt: '2019-12-20' },
      ),
    ]);
    await store.append('c', [counted.create({ n: 1 }), counted.create({ n: 2 })]);
    await runtime.start();
    const before = first.events[1]!.metadata.recordedAt;
    expect(await runtime.query(people.name, 'all', undefined, { asOf: '2020-01-01' })).toMatchObject({
      p1: { name: NAME },
    });
    await runtime.stop();
    expect(inCache(NAME)).toBe(true); // the test can see a name in the cache…
    open.length = 0;
    await store.close();

    const again = setup();
    await again.runtime.start();
    // Answers as known at a time are cached by (date, knowledge): this one must not survive the erasure.
    expect(
      await again.runtime.query(people.name, 'all', undefined, { asOf: '2020-01-01', knownAt: before }),
    ).toMatchObject({ p1: { name: NAME } });
    const r = await again.store.append(erasureStream('p1'), [
      personalDataErased.create({ subject: 'p1', reason: '申请删除' }, { authority }),
    ]);
    await again.runtime.waitForPosition(r.lastPosition);
    const redacted = { name: ERASED_TEXT, birthDate: ERASED_TEXT };
    expect(await again.runtime.query(people.name, 'all')).toEqual({
      p1: redacted,
      p2: { name: '张伟', birthDate: '1980-01-01' },
    });
    expect(await again.runtime.query(people.name, 'all', undefined, { asOf: '2020-01-01' })).toMatchObject({
      p1: redacted,
    });
    expect(await again.runtime.query(people.name, 'all', undefined, { knownAt: before })).toMatchObject({
      p1: redacted,
    });
    expect(
      await again.runtime.query(people.name, 'all', undefined, { asOf: '2020-01-01', knownAt: before }),
    ).toMatchObject({ p1: redacted });
    expect(again.runtime.findEvent(first.events[0]!.id)!.event.data).toEqual({ personId: 'p1', ...redacted });
    expect(await again.runtime.query(total.name, 'get')).toBe(3); // other read models untouched
    expect(inCache(NAME)).toBe(false); // …and none after the erasure
    expect(inCache(BORN)).toBe(false);
  });

  it('a restart on a cache written before the erasure does not serve the old state', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xianzhi-erasure-'));
    const { store, runtime } = setup();
    await store.append('p', [
      registered.create({ personId: 'p1', name: NAME, birthDate: BORN }, { effectiveAt: '2019-12-20' }),
    ]);
    await runtime.start();
    expect(await runtime.query(people.name, 'all')).toMatchObject({ p1: { name: NAME } });
    await runtime.stop();
    expect(inCache(NAME)).toBe(true);
    // Erased while this node was down (by another node, the CLI…).
    await store.append(erasureStream('p1'), [
      personalDataErased.create({ subject: 'p1', reason: '申请删除' }, { authority }),
    ]);
    open.length = 0;
    await store.close();
    const again = setup();
    await again.runtime.start();
    expect(await again.runtime.query(people.name, 'all')).toEqual({
      p1: { name: ERASED_TEXT, birthDate: ERASED_TEXT },
    });
    expect(inCache(NAME)).toBe(false);
  });
});
