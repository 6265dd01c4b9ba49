/**
 * The EventStore contract: one suite, exported, that every adapter runs against itself.
 *
 * @example
 * // sqlite-store.int.spec.ts
 * eventStoreContract({ name: 'sqlite', newStorage: async () => { const path = tmpFile(); return { open: (o) => openSqliteEventStore({ ...o, path }) }; } });
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  ValidationError,
  parseEffectiveAt,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import type { EventStore, EventStoreOptions } from '../port';
import { ChainVerifier, chainHash, type ChainLink } from '../chain';
import {
  counted,
  registryV1,
  registryV2,
  townshipEstablished,
  townshipRenamedV1,
  townshipsMerged,
} from './fixtures';

export interface ContractStorage {
  /** Opens the storage (again). Opening twice must see the same log. */
  open(options: EventStoreOptions): Promise<EventStore> | EventStore;
  dispose?(): Promise<void> | void;
}

export interface ContractFactory {
  name: string;
  /** A fresh, empty storage location (a new temp file, a new server database…). */
  newStorage(): Promise<ContractStorage> | ContractStorage;
  /** True when positions are exactly 1, 2, 3… (the embedded store); false when only increasing. */
  contiguousPositions?: boolean;
  /** Per-test timeout in ms (default 30 s). */
  timeoutMs?: number;
}

const est = (code: string, name: string, effectiveAt?: string): NewEvent =>
  townshipEstablished.create({ code, name }, effectiveAt ? { effectiveAt } : undefined);
const count = (n: number, effectiveAt?: string): NewEvent =>
  counted.create({ n }, effectiveAt ? { effectiveAt } : undefined);
/** The `n` of a counted event, typed by its definition; NaN for any other event (so a wrong event fails the expectation). */
const nOf = (e: RecordedEvent): number => (counted.is(e) ? e.data.n : Number.NaN);
/** The name of an established township; undefined for any other event. */
const nameOf = (e: RecordedEvent): string | undefined =>
  townshipEstablished.is(e) ? e.data.name : undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectError<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}

export function eventStoreContract(factory: ContractFactory): void {
  const timeout = factory.timeoutMs ?? 30_000;
  const cleanups: (() => Promise<void> | void)[] = [];

  async function fresh(registry = registryV1()): Promise<{ store: EventStore; storage: ContractStorage }> {
    const storage = await factory.newStorage();
    const store = await storage.open({ registry });
    cleanups.push(async () => {
      await store.close();
      await storage.dispose?.();
    });
    return { store, storage };
  }

  describe(`EventStore contract: ${factory.name}`, { timeout }, () => {
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    describe('append', () => {
      it('writes a new stream with revisions from 0 and increasing positions', async () => {
        const { store } = await fresh();
        expect(await store.headPosition()).toBe(0);
        const r = await store.append(
          'county-510722',
          [est('510722100', '太和镇'), est('510722101', '陈古镇')],
          {
            expectedRevision: 'no-stream',
          },
        );
        expect(r.replayed).toBe(false);
        expect(r.nextExpectedRevision).toBe(1);
        expect(r.events.map((e) => e.revision)).toEqual([0, 1]);
        expect(r.events[1]!.position).toBeGreaterThan(r.events[0]!.position);
        expect(r.firstPosition).toBe(r.events[0]!.position);
        expect(r.lastPosition).toBe(r.events[1]!.position);
        expect(await store.headPosition()).toBe(r.lastPosition);
        if (factory.contiguousPositions) expect([r.firstPosition, r.lastPosition]).toEqual([1, 2]);
        for (const e of r.events) expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('checks every kind of expected revision, and a refused append writes nothing', async () => {
        const { store } = await fresh();
        await expectError(store.append('s', [count(1)], { expectedRevision: 'exists' }), ConcurrencyError);
        await expectError(store.append('s', [count(1)], { expectedRevision: 0 }), ConcurrencyError);
        expect(await store.headPosition()).toBe(0);
        await store.append('s', [count(1)], { expectedRevision: 'no-stream' });
        const e = await expectError(
          store.append('s', [count(2)], { expectedRevision: 'no-stream' }),
          ConcurrencyError,
        );
        expect(e.stream).toBe('s');
        expect(e.actual).toBe(0);
        await expectError(store.append('s', [count(2)], { expectedRevision: 1 }), ConcurrencyError);
        const head = await store.headPosition();
        await store.append('s', [count(2)], { expectedRevision: 0 });
        await store.append('s', [count(3)], { expectedRevision: 'exists' });
        await store.append('s', [count(4)], { expectedRevision: 'any' });
        await store.append('s', [count(5)]);
        expect((await store.readStream('s')).map((x) => nOf(x))).toEqual([1, 2, 3, 4, 5]);
        expect(await store.headPosition()).toBeGreaterThan(head);
      });

      it('lets exactly one of many concurrent appends at the same expected revision win', async () => {
        const { store } = await fresh();
        await store.append('race', [count(0)]);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.append('race', [count(i + 1)], { expectedRevision: 0 })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream('race')).toHaveLength(2);
      });

      it('appends 10,000 events in one call, atomically and in order', async () => {
        const { store } = await fresh();
        const events = Array.from({ length: 10_000 }, (_, i) => count(i));
        const r = await store.append('big', events, { expectedRevision: 'no-stream' });
        expect(r.nextExpectedRevision).toBe(9_999);
        const back = await store.readStream('big');
        expect(back).toHaveLength(10_000);
        expect(back.every((e, i) => e.revision === i && nOf(e) === i)).toBe(true);
        // One invalid event among 10,000 refuses the whole call.
        const bad = Array.from({ length: 10_000 }, (_, i) =>
          i === 9_998 ? { type: counted.type, data: { n: 'x' } } : count(i),
        );
        const head = await store.headPosition();
        const err = await expectError(store.append('big2', bad), ValidationError);
        expect(err.issues[0]!.path).toEqual(['events', 9_998, 'data', 'n']);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('big2')).toEqual([]);
      });

      it('keeps Chinese text and rare characters intact, in data and stream names', async () => {
        const { store } = await fresh();
        const names = ['䢺江镇', '𠀾村', '龍𪚥社区', 'Ⅲ组（合并）', '川府民政〔2019〕27号'];
        await store.append(
          '县-510722-䢺江',
          names.map((n, i) => est(`51072210${i}`, n, '2019-12-20')),
          {
            expectedRevision: 'no-stream',
          },
        );
        const back = await store.readStream('县-510722-䢺江');
        expect(back.map((e) => nameOf(e))).toEqual(names);
        const all = await store.readAll();
        expect(all.map((e) => e.stream)).toEqual(names.map(() => '县-510722-䢺江'));
      });

      it('refuses unknown event types and invalid data, naming the field, and writes nothing', async () => {
        const { store } = await fresh();
        await store.append('s', [count(1)]);
        const head = await store.headPosition();
        const unknown = await expectError(
          store.append('s', [count(2), { type: 'contract.never-defined', data: {} }]),
          ValidationError,
        );
        expect(unknown.issues[0]!.path).toEqual(['events', 1, 'type']);
        expect(unknown.message).toContain('contract.never-defined');
        const invalid = await expectError(store.append('s', [est('51072', '太和镇')]), ValidationError);
        expect(invalid.issues[0]!.path).toEqual(['events', 0, 'data', 'code']);
        const noEvents = await expectError(store.append('s', []), ValidationError);
        expect(noEvents.issues[0]!.path).toEqual(['events']);
        const badStream = await expectError(store.append('', [count(1)]), ValidationError);
        expect(badStream.issues[0]!.path).toEqual(['stream']);
        const badRevision = await expectError(
          store.append('s', [count(1)], { expectedRevision: -3 }),
          ValidationError,
        );
        expect(badRevision.issues[0]!.path).toEqual(['expectedRevision']);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream('s')).toHaveLength(1);
      });

      it('sets recordedAt itself, refuses one from the caller, and never lets it go backwards', async () => {
        const { store } = await fresh();
        const err = await expectError(
          store.append('s', [
            { type: counted.type, data: { n: 1 }, metadata: { recordedAt: '2001-01-01T00:00:00Z' } as never },
          ]),
          ValidationError,
        );
        expect(err.issues[0]!.path).toEqual(['events', 0, 'metadata', 'recordedAt']);
        const before = Date.now();
        const r = await store.append('s', [count(1), count(2)]);
        const after = Date.now();
        for (const e of r.events) {
          expect(e.recordedMs).toBeGreaterThanOrEqual(before - 5_000);
          expect(e.recordedMs).toBeLessThanOrEqual(after + 5_000);
          expect(Date.parse(e.metadata.recordedAt)).toBe(e.recordedMs);
        }
        for (let i = 0; i < 20; i++) await store.append(`s${i % 3}`, [count(i)]);
        const all = await store.readAll();
        for (let i = 1; i < all.length; i++)
          expect(all[i]!.recordedMs).toBeGreaterThanOrEqual(all[i - 1]!.recordedMs);
      });

      it('accepts a date or an instant as effectiveAt, defaults it to the recording time, refuses garbage', async () => {
        const { store } = await fresh();
        const r = await store.append('s', [
          count(1, '2019-12-20'),
          count(2, '2019-12-20T09:30:00+08:00'),
          count(3),
        ]);
        expect(r.events[0]!.metadata.effectiveAt).toBe('2019-12-20');
        expect(r.events[0]!.effectiveMs).toBe(parseEffectiveAt('2019-12-20')!.ms);
        expect(r.events[1]!.metadata.effectiveAt).toBe('2019-12-20T01:30:00.000Z');
        expect(r.events[2]!.effectiveMs).toBe(r.events[2]!.recordedMs);
        for (const bad of ['2019-13-01', '2019-02-30', '20191220', 'yesterday', '2019-12-20T09:30']) {
          const e = await expectError(store.append('s', [count(9, bad)]), ValidationError);
          expect(e.issues[0]!.path).toEqual(['events', 0, 'metadata', 'effectiveAt']);
        }
        expect(await store.readStream('s')).toHaveLength(3);
      });

      it('stores actor, authority, correlation and causation in the metadata', async () => {
        const { store } = await fresh();
        const authority = {
          documentNo: '川府民政〔2019〕27号',
          issuedBy: '四川省人民政府',
          approvedOn: '2019-11-30',
        };
        await store.append('s', [
          townshipsMerged.create(
            { sources: ['510722104', '510722105'], target: '510722100' },
            {
              effectiveAt: '2019-12-20',
              actor: 'official:zhang',
              authority,
              correlationId: 'c-1',
              causationId: 'cmd-1',
            },
          ),
        ]);
        const [e] = await store.readStream('s');
        expect(e!.metadata).toMatchObject({
          actor: 'official:zhang',
          authority,
          correlationId: 'c-1',
          causationId: 'cmd-1',
        });
        expect(e!.metadata.schemaVersion).toBe(1);
        const bad = await expectError(
          store.append(
            's',
            [count(1)].map((x) => ({ ...x, metadata: { authority: { issuedBy: '县政府' } } })) as never,
          ),
          ValidationError,
        );
        expect(bad.issues.map((i) => i.path.join('.'))).toContain('events.0.metadata.authority.documentNo');
      });
    });

    describe('idempotency', () => {
      it('returns the original result for a retry with the same key and writes nothing', async () => {
        const { store } = await fresh();
        const first = await store.append('s', [count(1), count(2)], {
          expectedRevision: 'no-stream',
          idempotencyKey: 'k-1',
        });
        const head = await store.headPosition();
        // The retry would now fail its expected revision — it must still return the original result.
        const retry = await store.append('s', [count(1), count(2)], {
          expectedRevision: 'no-stream',
          idempotencyKey: 'k-1',
        });
        expect(retry.replayed).toBe(true);
        expect(retry.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
        expect(retry.firstPosition).toBe(first.firstPosition);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(await store.headPosition()).toBe(head);
        expect(first.events[0]!.metadata.idempotencyKey).toBe('k-1');
      });

      it('refuses the same key for a different payload or stream, naming the key, and writes nothing', async () => {
        const { store } = await fresh();
        await store.append('s', [count(1)], { idempotencyKey: 'k-2' });
        const head = await store.headPosition();
        const e1 = await expectError(
          store.append('s', [count(2)], { idempotencyKey: 'k-2' }),
          ValidationError,
        );
        expect(e1.issues[0]!.path).toEqual(['idempotencyKey']);
        await expectError(store.append('other', [count(1)], { idempotencyKey: 'k-2' }), ValidationError);
        await expectError(
          store.append('s', [count(1, '2020-01-01')], { idempotencyKey: 'k-2' }),
          ValidationError,
        );
        expect(await store.headPosition()).toBe(head);
      });

      it('holds after the store is closed and opened again', async () => {
        const { store, storage } = await fresh();
        const first = await store.append('s', [count(1)], { idempotencyKey: 'k-3' });
        await store.close();
        const again = await storage.open({ registry: registryV1() });
        cleanups.push(() => again.close());
        const retry = await again.append('s', [count(1)], { idempotencyKey: 'k-3' });
        expect(retry.replayed).toBe(true);
        expect(retry.events[0]!.id).toBe(first.events[0]!.id);
        expect(await again.readStream('s')).toHaveLength(1);
      });

      it('under concurrent retries writes the command once', async () => {
        const { store } = await fresh();
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.append('s', [count(7)], { idempotencyKey: 'k-4' })),
        );
        expect(new Set(results.map((r) => r.events[0]!.id)).size).toBe(1);
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(await store.readStream('s')).toHaveLength(1);
      });
    });

    describe('reading', () => {
      async function history(store: EventStore) {
        await store.append('a', [count(1), count(2), count(3)]);
        await store.append('b', [est('510722100', '太和镇')]);
        await store.append('a', [count(4)]);
        return store.readAll();
      }

      it('reads a stream forwards, backwards, from a revision, with a limit; a missing stream is empty', async () => {
        const { store } = await fresh();
        await history(store);
        const n = (es: RecordedEvent[]) => es.map((e) => nOf(e));
        expect(n(await store.readStream('a'))).toEqual([1, 2, 3, 4]);
        expect(n(await store.readStream('a', { direction: 'backwards' }))).toEqual([4, 3, 2, 1]);
        expect(n(await store.readStream('a', { from: 2 }))).toEqual([3, 4]);
        expect(n(await store.readStream('a', { from: 2, direction: 'backwards', limit: 2 }))).toEqual([3, 2]);
        expect(n(await store.readStream('a', { limit: 1 }))).toEqual([1]);
        expect(await store.readStream('nothing-here')).toEqual([]);
      });

      it('reads all in log order from a checkpoint, with a limit and a type filter', async () => {
        const { store } = await fresh();
        const all = await history(store);
        expect(all.map((e) => e.stream)).toEqual(['a', 'a', 'a', 'b', 'a']);
        for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
        const afterSecond = await store.readAll({ fromPosition: all[1]!.position });
        expect(afterSecond.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
        expect(await store.readAll({ fromPosition: all[1]!.position, limit: 2 })).toHaveLength(2);
        const typed = await store.readAll({ types: [townshipEstablished.type] });
        expect(typed.map((e) => e.stream)).toEqual(['b']);
        expect(await store.readAll({ fromPosition: all[4]!.position })).toEqual([]);
        expect(all[3]).toEqual((await store.readStream('b'))[0]);
      });

      it('reads in effective order (effectiveAt, then position) as of a date and as known at a time', async () => {
        const { store } = await fresh();
        const r1 = await store.append('a', [
          count(1, '2020-06-30'),
          count(2, '2019-12-20'),
          count(3, '2019-12-20T08:00:00+08:00'),
        ]);
        await sleep(15);
        const r2 = await store.append('b', [
          count(4, '2019-12-20'),
          count(5, '2030-01-01'),
          count(6, '2019-12-19T23:59:59+08:00'),
        ]);
        const order = (es: RecordedEvent[]) => es.map((e) => nOf(e));
        expect(order(await store.readEffective())).toEqual([6, 2, 4, 3, 1, 5]);
        // as of a date includes the whole day (UTC+8)
        expect(order(await store.readEffective({ asOf: '2019-12-20' }))).toEqual([6, 2, 4, 3]);
        expect(order(await store.readEffective({ asOf: '2019-12-19' }))).toEqual([6]);
        expect(order(await store.readEffective({ asOf: '2019-12-20T07:59:59+08:00' }))).toEqual([6, 2, 4]);
        // as known at the first append's recording time: the second append did not exist yet
        const t1 = r1.events[0]!.metadata.recordedAt;
        expect(r2.events[0]!.recordedMs).toBeGreaterThan(r1.events[0]!.recordedMs);
        expect(order(await store.readEffective({ knownAt: t1 }))).toEqual([2, 3, 1]);
        expect(
          order(await store.readEffective({ knownAt: r1.events[0]!.recordedMs, asOf: '2020-01-01' })),
        ).toEqual([2, 3]);
        expect(order(await store.readEffective({ fromEffective: '2019-12-20T08:00:00+08:00' }))).toEqual([
          3, 1, 5,
        ]);
        // paging with a cursor walks the same order
        const paged: RecordedEvent[] = [];
        let page = await store.readEffective({ limit: 2 });
        while (page.length > 0) {
          paged.push(...page);
          const last = page[page.length - 1]!;
          page = await store.readEffective({
            limit: 2,
            after: { effectiveMs: last.effectiveMs, position: last.position },
          });
        }
        expect(order(paged)).toEqual([6, 2, 4, 3, 1, 5]);
        expect(order(await store.readEffective({ types: [counted.type], asOf: '2019-12-19' }))).toEqual([6]);
        expect(await store.readEffective({ types: [townshipEstablished.type] })).toEqual([]);
      });

      it('upcasts events stored under an older schema version when read', async () => {
        const { store, storage } = await fresh(registryV1());
        await store.append('s', [townshipRenamedV1.create({ code: '510722100', name: '太和镇' })]);
        await store.close();
        const v2 = await storage.open({ registry: registryV2() });
        cleanups.push(() => v2.close());
        const [old] = await v2.readStream('s');
        expect(old!.data).toEqual({ code: '510722100', name: { zh: '太和镇' } });
        expect(old!.metadata.schemaVersion).toBe(1);
        const [viaAll] = await v2.readAll();
        expect(viaAll!.data).toEqual(old!.data);
        // New appends are validated against v2, and v1-shaped data is refused.
        await expectError(
          v2.append('s', [{ type: 'contract.township-renamed', data: { code: 'x', name: '新名' } }]),
          ValidationError,
        );
        const r = await v2.append('s', [
          { type: 'contract.township-renamed', data: { code: 'x', name: { zh: '新名' } } },
        ]);
        expect(r.events[0]!.metadata.schemaVersion).toBe(2);
      });
    });

    describe('hash chain', () => {
      async function verified(store: EventStore): Promise<{ links: ChainLink[]; verifier: ChainVerifier }> {
        const links = await store.readChain();
        const verifier = new ChainVerifier(store.chainScope);
        for (const link of links) verifier.add(link);
        return { links, verifier };
      }

      it('links every appended event to the one before it in its scope, and the chain verifies', async () => {
        const { store } = await fresh();
        const authority = { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府' };
        const r1 = await store.append('a', [est('510722100', '太和镇', '2019-12-20'), count(1)], {
          expectedRevision: 'no-stream',
        });
        const r2 = await store.append(
          'b',
          [
            townshipsMerged.create(
              { sources: ['510722104'], target: '510722100' },
              { effectiveAt: '2019-12-20', actor: 'official:zhang', authority },
            ),
          ],
          { idempotencyKey: 'k-chain' },
        );
        const r3 = await store.append('a', [count(2)], { expectedRevision: 1 });
        const appended = [...r1.events, ...r2.events, ...r3.events];
        for (const e of appended) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(new Set(appended.map((e) => e.hash)).size).toBe(4);
        const { links, verifier } = await verified(store);
        expect(verifier.faults).toEqual([]);
        expect(verifier.unchained).toBe(0);
        expect(links.map((l) => l.hash)).toEqual(appended.map((e) => e.hash));
        // Each hash is the hash of the stored envelope and the link before it, in the adapter's scope.
        const before = (i: number) => {
          const l = links[i]!;
          const prior = links
            .slice(0, i)
            .filter((p) => store.chainScope === 'log' || p.envelope.stream === l.envelope.stream);
          return prior.length ? prior[prior.length - 1]!.hash : null;
        };
        links.forEach((l, i) => {
          if (l.previousHash !== undefined) expect(l.previousHash).toBe(before(i));
          expect(chainHash(l.envelope, before(i))).toBe(l.hash);
        });
        // The hash covers the metadata the caller gave (actor, authority) and the effective time.
        const merged = links[2]!.envelope;
        expect(merged.metadata).toMatchObject({
          actor: 'official:zhang',
          authority,
          effectiveAt: '2019-12-20',
          idempotencyKey: 'k-chain',
        });
        // A reader sees the same hash on every path.
        expect((await store.readAll()).map((e) => e.hash)).toEqual(links.map((l) => l.hash));
        expect((await store.readStream('a')).map((e) => e.hash)).toEqual([
          r1.events[0]!.hash,
          r1.events[1]!.hash,
          r3.events[0]!.hash,
        ]);
        expect((await store.readEffective({ types: [townshipsMerged.type] }))[0]!.hash).toBe(
          r2.events[0]!.hash,
        );
        // A retry of an idempotent append returns the original links and writes none.
        const retry = await store.append(
          'b',
          [
            townshipsMerged.create(
              { sources: ['510722104'], target: '510722100' },
              { effectiveAt: '2019-12-20', actor: 'official:zhang', authority },
            ),
          ],
          { idempotencyKey: 'k-chain' },
        );
        expect(retry.replayed).toBe(true);
        expect(retry.events[0]!.hash).toBe(r2.events[0]!.hash);
        expect(await store.chainHead()).toEqual(verifier.head);
        expect(verifier.head!.position).toBe(r3.lastPosition);
        const recorded = await store.recordedHead();
        if (recorded)
          expect(recorded).toEqual({
            position: r3.lastPosition,
            hash: r3.events[0]!.hash,
            stream: 'a',
            revision: 2,
          });
      });

      it('stays one line under concurrent appends to one stream and to many', async () => {
        const { store } = await fresh();
        await store.append('race', [count(0)]);
        const results = await Promise.allSettled([
          ...Array.from({ length: 6 }, (_, i) =>
            store.append('race', [count(i + 200)], { expectedRevision: 0 }),
          ),
          ...Array.from({ length: 12 }, (_, i) => store.append('race', [count(i + 1), count(i + 100)])),
          ...Array.from({ length: 12 }, (_, i) =>
            store.append(`s${i % 4}`, [count(i)], { expectedRevision: 'any' }),
          ),
        ]);
        const written = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.events : []));
        expect(results.slice(0, 6).filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const { links, verifier } = await verified(store);
        expect(verifier.faults).toEqual([]);
        expect(links).toHaveLength(1 + 1 + 24 + 12);
        expect(written.map((e) => e.hash).sort()).toEqual(
          links
            .slice(1)
            .map((l) => l.hash)
            .sort(),
        );
        // Linear: each event extends the one before it in its scope, so no two extend the same link.
        const tips = new Map<string, string | null>();
        for (const l of links) {
          const scope = store.chainScope === 'log' ? '' : l.envelope.stream;
          expect(chainHash(l.envelope, tips.get(scope) ?? null)).toBe(l.hash);
          tips.set(scope, l.hash);
        }
        expect(await store.chainHead()).toEqual(verifier.head);
      });

      it('covers the data as stored: an upcast read does not change the chain', async () => {
        const { store, storage } = await fresh(registryV1());
        await store.append('s', [townshipRenamedV1.create({ code: '510722100', name: '太和镇' })]);
        const [before] = await store.readChain();
        await store.close();
        const v2 = await storage.open({ registry: registryV2() });
        cleanups.push(() => v2.close());
        const { links, verifier } = await verified(v2);
        expect(verifier.faults).toEqual([]);
        expect(links[0]!.envelope.data).toEqual({ code: '510722100', name: '太和镇' });
        expect(links[0]!.hash).toBe(before!.hash);
        expect((await v2.readStream('s'))[0]!.hash).toBe(before!.hash);
      });

      it('reads the chain from a checkpoint, with a limit', async () => {
        const { store } = await fresh();
        await store.append('a', [count(1), count(2), count(3)]);
        const all = await store.readChain();
        const after = await store.readChain({ fromPosition: all[0]!.position, limit: 1 });
        expect(after.map((l) => l.hash)).toEqual([all[1]!.hash]);
        expect(await store.readChain({ fromPosition: all[2]!.position })).toEqual([]);
      });
    });

    describe('subscribe', () => {
      it('catches up, then delivers live appends in log order, and resumes from a checkpoint', async () => {
        const { store } = await fresh();
        await store.append('a', [count(1), count(2)]);
        await store.append('b', [count(3)]);
        const seen: number[] = [];
        let live = 0;
        const sub = store.subscribe(
          { fromPosition: 0, batchSize: 2 },
          { onEvents: (es) => void seen.push(...es.map((e) => nOf(e))), onLive: () => void live++ },
        );
        await sub.caughtUp;
        expect(seen).toEqual([1, 2, 3]);
        expect(live).toBeGreaterThan(0);
        await store.append('a', [count(4)]);
        await store.append('c', [count(5), count(6)]);
        await waitFor(() => seen.length === 6);
        expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
        const checkpoint = sub.position;
        await sub.stop();
        await store.append('a', [count(7)]);
        expect(seen).toHaveLength(6);
        const resumed: number[] = [];
        const sub2 = store.subscribe(
          { fromPosition: checkpoint },
          { onEvents: (es) => void resumed.push(...es.map((e) => nOf(e))) },
        );
        await sub2.caughtUp;
        expect(resumed).toEqual([7]);
        await sub2.stop();
      });

      it('filters by type and still advances its checkpoint past other events', async () => {
        const { store } = await fresh();
        await store.append('a', [count(1), est('510722100', '太和镇'), count(2)]);
        const seen: string[] = [];
        const sub = store.subscribe(
          { types: [townshipEstablished.type] },
          { onEvents: (es) => void seen.push(...es.map((e) => e.type)) },
        );
        await sub.caughtUp;
        expect(seen).toEqual([townshipEstablished.type]);
        expect(sub.position).toBe(await store.headPosition());
        await sub.stop();
      });

      it('waits for a slow handler (backpressure) and stops when the handler fails', async () => {
        const { store } = await fresh();
        await store.append(
          'a',
          Array.from({ length: 30 }, (_, i) => count(i)),
        );
        let inFlight = 0;
        let maxInFlight = 0;
        const seen: number[] = [];
        const sub = store.subscribe(
          { batchSize: 7 },
          {
            onEvents: async (es) => {
              inFlight++;
              maxInFlight = Math.max(maxInFlight, inFlight);
              await sleep(2);
              seen.push(...es.map((e) => nOf(e)));
              inFlight--;
            },
          },
        );
        await sub.caughtUp;
        await sub.stop();
        expect(maxInFlight).toBe(1);
        expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
        let error: unknown;
        const failing = store.subscribe(
          {},
          {
            onEvents: () => {
              throw new Error('boom');
            },
            onError: (e) => (error = e),
          },
        );
        await waitFor(() => error !== undefined);
        expect((error as Error).message).toBe('boom');
        await failing.stop();
      });
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}
