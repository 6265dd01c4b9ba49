/**
 * givenHistory: a history of events (with when each was recorded), then queries as of any
 * (D, T) through the real runtime on an in-memory store.
 *
 * @example
 * const answer = await givenHistory([
 *   { type: 'division.established', data: {...}, metadata: { effectiveAt: '1992-08-01' } },
 *   { type: 'division.merged', data: {...}, metadata: { effectiveAt: '2019-12-20' }, recordedAt: '2019-12-01T10:00:00+08:00' },
 *   { retract: 1, reason: '录入错误', recordedAt: '2020-02-01T10:00:00+08:00' },
 * ], { events: divisions.events }).asOf('2019-12-31').knownAt('2020-01-15').query(tree, 'countsByLevel');
 */
import { z } from 'zod';
import {
  EventRegistry,
  RETRACTIONS_STREAM,
  defineEvent,
  eventRetracted,
  parseEffectiveAt,
  type EventDefinition,
  type NewEvent,
  type ProjectionDefinition,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { ManualClock, createProjectionRuntime, type SnapshotPolicy } from '@xianzhi/projections';

export type HistoryItem =
  | (NewEvent & { stream?: string; recordedAt?: string })
  | { retract: number; reason: string; recordedAt?: string };

export interface GivenHistoryOptions {
  /** Event definitions to validate with; types without one are accepted as they are. */
  events?: readonly EventDefinition[];
  /** The runtime's "now" (default: the real clock at the time of the query). */
  now?: string;
  snapshots?: Partial<SnapshotPolicy>;
}

const BASE = Date.parse('2000-01-01T00:00:00+08:00');
const anyData = z.unknown();

function ms(text: string, field: string): number {
  const p = parseEffectiveAt(text);
  if (!p) throw new Error(`givenHistory: ${field} "${text}" is not a date or an instant`);
  return p.ms;
}

export class HistoryQuery {
  #asOf: string | number | undefined;
  #knownAt: string | number | undefined;

  constructor(
    private readonly items: readonly HistoryItem[],
    private readonly options: GivenHistoryOptions,
  ) {}

  asOf(date: string | number): this {
    this.#asOf = date;
    return this;
  }

  knownAt(time: string | number): this {
    this.#knownAt = time;
    return this;
  }

  /** Records the history in a fresh in-memory store; returns the events as stored. */
  async record(): Promise<{ events: RecordedEvent[]; store: ReturnType<typeof openSqliteEventStore> }> {
    const definitions = new Map<string, EventDefinition>();
    for (const d of this.options.events ?? []) definitions.set(d.type, d);
    for (const item of this.items) {
      if ('type' in item && !definitions.has(item.type))
        definitions.set(item.type, defineEvent(item.type, 1, anyData));
    }
    definitions.delete(eventRetracted.type);
    let clock = BASE;
    const store = openSqliteEventStore({
      path: ':memory:',
      registry: new EventRegistry(definitions.values()),
      now: () => clock,
    });
    const ids: string[] = [];
    for (const [i, item] of this.items.entries()) {
      clock = item.recordedAt ? ms(item.recordedAt, `item ${i} recordedAt`) : clock + 1;
      if ('retract' in item) {
        const target = ids[item.retract];
        if (!target)
          throw new Error(
            `givenHistory: item ${i} retracts item ${item.retract}, which is not an earlier event`,
          );
        const r = await store.append(RETRACTIONS_STREAM, [
          eventRetracted.create({ eventId: target, reason: item.reason }),
        ]);
        ids.push(r.events[0]!.id);
      } else {
        const { stream, recordedAt: _r, ...event } = item;
        const r = await store.append(stream ?? 'test', [event]);
        ids.push(r.events[0]!.id);
      }
    }
    return { events: await store.readAll(), store };
  }

  /** The state of a projection as of (D, T), through the runtime. */
  async state<S>(projection: ProjectionDefinition<S>): Promise<S> {
    const { store } = await this.record();
    const now = this.options.now ? ms(this.options.now, 'now') : Date.now();
    const runtime = createProjectionRuntime({
      store,
      projections: [projection],
      clock: new ManualClock(now),
      ...(this.options.snapshots ? { snapshots: this.options.snapshots } : {}),
    });
    try {
      await runtime.start();
      const at = {
        ...(this.#asOf === undefined ? {} : { asOf: this.#asOf }),
        ...(this.#knownAt === undefined ? {} : { knownAt: this.#knownAt }),
      };
      return structuredClone(await runtime.state<S>(projection.name, at));
    } finally {
      await runtime.stop();
      await store.close();
    }
  }

  /** A projection query as of (D, T), through the runtime. */
  async query<S, R = unknown>(
    projection: ProjectionDefinition<S>,
    queryName: string,
    input?: unknown,
  ): Promise<R> {
    const fn = projection.queries[queryName] as ((s: S, i: unknown) => R) | undefined;
    if (!fn) throw new Error(`projection ${projection.name} has no query "${queryName}"`);
    return fn(await this.state(projection), input);
  }
}

export function givenHistory(items: readonly HistoryItem[], options: GivenHistoryOptions = {}): HistoryQuery {
  return new HistoryQuery(items, options);
}
