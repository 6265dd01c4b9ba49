/**
 * `withPersonalData(store, keyStore)`: an EventStore decorator that keeps personal data out of the
 * store in the clear, so it can be erased without rewriting history (docs/integrity.md).
 *
 * - append: each event whose definition marks personal fields is validated in the clear, then each
 *   personal field is sealed with the subject's key (made on first use) — the adapter below only ever
 *   sees, stores and hashes the sealed text. Adapters stay unaware of any of it.
 * - reads (readStream, readAll, readEffective, subscriptions, append results): sealed fields are
 *   opened while the key exists; once the person is erased they read `ERASED_TEXT`. The facts stay.
 * - readChain / chainHead / recordedHead pass through untouched: the chain covers the sealed text,
 *   so it still verifies after an erasure.
 * - `erasePersonalData(subject)`: destroys the key, then records `kernel.personal-data-erased` in the
 *   subject's own stream (expected 'no-stream': at most once). A crash between the two leaves the data
 *   erased but unrecorded; calling it again records it.
 */
import {
  ConcurrencyError,
  ERASED_TEXT,
  InvariantViolation,
  NotFoundError,
  ValidationError,
  erasureStream,
  isSealed,
  personalDataErased,
  subjectOf,
  type Authority,
  type EventRegistry,
  type FieldIssue,
  type NewEvent,
  type PersonalFields,
  type RecordedEvent,
} from '@xianzhi/kernel';
import {
  prepareAppend,
  type AppendOptions,
  type AppendResult,
  type ChainHead,
  type ChainLink,
  type EventStore,
  type ReadAllOptions,
  type ReadChainOptions,
  type ReadEffectiveOptions,
  type ReadStreamOptions,
  type RecordedHead,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '@xianzhi/event-store';
import { open, seal } from './cipher';
import type { KeyStore } from './key-store';

/** What a personal field reads as when its sealed text does not open (changed on disk, or a foreign key store). */
export const UNREADABLE_TEXT = '无法解密的个人信息';

export interface EraseOptions {
  reason: string;
  /** The decision behind the erasure (document number, issuing body). */
  authority: Authority;
  actor?: string;
  idempotencyKey?: string;
}

export interface Erasure {
  subject: string;
  eventId: string;
  position: number;
  erasedAt: string;
}

type AppendManyItem = { stream: string; events: readonly NewEvent[]; options?: AppendOptions };
type WithAppendMany = EventStore & {
  appendMany?: (items: readonly AppendManyItem[]) => Promise<AppendResult[]>;
};

export class PersonalDataStore implements EventStore {
  readonly registry: EventRegistry;
  readonly chainScope: EventStore['chainScope'];
  readonly inner: EventStore;
  readonly keyStore: KeyStore;
  /** Present when the inner store can append several streams in one transaction (the embedded store). */
  readonly appendMany?: (items: readonly AppendManyItem[]) => Promise<AppendResult[]>;

  constructor(inner: EventStore, keyStore: KeyStore) {
    this.inner = inner;
    this.keyStore = keyStore;
    this.registry = inner.registry;
    this.chainScope = inner.chainScope;
    const many = (inner as WithAppendMany).appendMany?.bind(inner);
    if (many) {
      this.appendMany = async (items) => {
        const sealed: AppendManyItem[] = [];
        for (let i = 0; i < items.length; i++) {
          const item = items[i]!;
          sealed.push({ ...item, events: await this.#sealAll(item.events, ['items', i]) });
        }
        const results = await many(sealed);
        for (const r of results) r.events = await this.#openAll(r.events);
        return results;
      };
    }
  }

  // ─── writing ──────────────────────────────────────────────────────────────────────────────

  async append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const sealed = await this.#sealAll(events, []);
    const result = await this.inner.append(stream, sealed, options);
    return { ...result, events: await this.#openAll(result.events) };
  }

  /** Validates personal events in the clear, then seals their personal fields. Other events pass as they are. */
  async #sealAll(events: readonly NewEvent[], prefix: (string | number)[]): Promise<readonly NewEvent[]> {
    // Not a list: the store names that problem.
    if (!Array.isArray(events)) return events;
    const list: readonly NewEvent[] = events as readonly NewEvent[];
    const issues: FieldIssue[] = [];
    const clear: {
      index: number;
      data: Record<string, unknown>;
      subject: string;
      personal: PersonalFields;
    }[] = [];
    for (let i = 0; i < list.length; i++) {
      const e: NewEvent = list[i]!;
      const personal = typeof e === 'object' && e !== null ? this.registry.get(e.type)?.personal : undefined;
      if (!personal) continue;
      const path = [...prefix, 'events', i];
      try {
        const data = this.registry.validate(e.type, e.data, path).data as Record<string, unknown>;
        const subject = subjectOf({ data }, personal);
        if (subject === undefined)
          issues.push({
            path: [...path, 'data', personal.subject],
            message: 'names whose personal data this is; it is required',
          });
        else clear.push({ index: i, data, subject, personal });
      } catch (error) {
        if (error instanceof ValidationError) issues.push(...error.issues);
        else throw error;
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    if (clear.length === 0) return list;
    let keys: Map<string, Buffer>;
    try {
      keys = await this.keyStore.keysFor([...new Set(clear.map((c) => c.subject))]);
    } catch (error) {
      if (error instanceof InvariantViolation) {
        const subject = error.details?.subject;
        const c = clear.find((x) => x.subject === subject) ?? clear[0]!;
        throw new ValidationError(
          [{ path: [...prefix, 'events', c.index, 'data', c.personal.subject], message: error.message }],
          { cause: error },
        );
      }
      throw error;
    }
    const out = [...list];
    for (const { index, data, subject, personal } of clear) {
      const key = keys.get(subject)!;
      const sealed = { ...data };
      for (const field of personal.fields)
        if (sealed[field] !== undefined) sealed[field] = seal(key, subject, field, sealed[field]);
      out[index] = { ...list[index]!, data: sealed };
    }
    return out;
  }

  // ─── reading ──────────────────────────────────────────────────────────────────────────────

  /**
   * Opens the sealed fields of personal events (as new objects; other events are returned as they
   * are). Keys are asked of the key store on every read, never remembered: a person erased by
   * another process reads as erased here at once.
   */
  async #openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    let subjects: Set<string> | undefined;
    for (const e of events) {
      const personal = this.registry.get(e.type)?.personal;
      if (!personal) continue;
      const subject = subjectOf(e, personal);
      if (subject !== undefined) (subjects ??= new Set()).add(subject);
    }
    if (!subjects) return events;
    const keys = await this.keyStore.keys([...subjects]);
    let out: RecordedEvent[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const personal = this.registry.get(e.type)?.personal;
      if (!personal) continue;
      const subject = subjectOf(e, personal);
      const key = subject === undefined ? undefined : keys.get(subject);
      const data = { ...(e.data as Record<string, unknown>) };
      let changed = false;
      for (const field of personal.fields) {
        const value = data[field];
        if (!isSealed(value)) continue;
        changed = true;
        if (key === undefined || subject === undefined) data[field] = UNREADABLE_TEXT;
        else if ('erasedAt' in key) data[field] = ERASED_TEXT;
        else data[field] = open(key.key, subject, field, value)?.value ?? UNREADABLE_TEXT;
      }
      if (!changed) continue;
      out ??= [...events];
      out[i] = { ...e, data };
    }
    return out ?? events;
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.#openAll(await this.inner.readStream(stream, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.#openAll(await this.inner.readAll(options));
  }

  async readEffective(options?: ReadEffectiveOptions): Promise<RecordedEvent[]> {
    return this.#openAll(await this.inner.readEffective(options));
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    return this.inner.subscribe(options, {
      ...handler,
      onEvents: async (events) => handler.onEvents(await this.#openAll(events)),
    });
  }

  // The chain is the store's, over the sealed text: untouched.
  readChain(options?: ReadChainOptions): Promise<ChainLink[]> {
    return this.inner.readChain(options);
  }

  chainHead(): Promise<ChainHead | undefined> {
    return this.inner.chainHead();
  }

  recordedHead(): Promise<RecordedHead | undefined> {
    return this.inner.recordedHead();
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  // ─── erasure ──────────────────────────────────────────────────────────────────────────────

  /**
   * Erases a person's personal data: destroys their key, then records the erasure. Refuses (and
   * writes nothing) when nothing personal was ever recorded for them, when they were already
   * erased, or when the reason or authority is missing.
   */
  async erasePersonalData(subject: string, options: EraseOptions): Promise<Erasure> {
    const stream = erasureStream(subject);
    const event = personalDataErased.create(
      { subject, reason: options.reason },
      { authority: options.authority, ...(options.actor ? { actor: options.actor } : {}) },
    );
    const appendOptions: AppendOptions = {
      expectedRevision: 'no-stream',
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    };
    // Every check before anything is destroyed: the event must be valid as it will be appended.
    prepareAppend(this.registry, stream, [event], appendOptions);
    const [recorded] = await this.inner.readStream(stream, { limit: 1 });
    if (
      recorded &&
      options.idempotencyKey !== undefined &&
      recorded.metadata.idempotencyKey === options.idempotencyKey
    ) {
      // A retry of this very erasure: its result, nothing written.
      const keys = (await this.keyStore.keys([subject])).get(subject);
      return {
        subject,
        eventId: recorded.id,
        position: recorded.position,
        erasedAt: keys && 'erasedAt' in keys ? keys.erasedAt : recorded.metadata.recordedAt,
      };
    }
    if (recorded) {
      const doc = recorded.metadata.authority ? ` (${recorded.metadata.authority.documentNo})` : '';
      throw new InvariantViolation(
        `the personal data of ${subject} was already erased on ${recorded.metadata.recordedAt}${doc}`,
        {
          subject,
          erasedAt: recorded.metadata.recordedAt,
          eventId: recorded.id,
        },
      );
    }
    const status = (await this.keyStore.keys([subject])).get(subject);
    if (!status)
      throw new NotFoundError('personal data of', subject, {
        message: `no personal data was ever recorded for "${subject}"; check the id`,
      });
    const { erasedAt } = await this.keyStore.erase(subject);
    let result: AppendResult;
    try {
      result = await this.inner.append(stream, [event], appendOptions);
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw new InvariantViolation(
          `the personal data of ${subject} was erased by someone else just now`,
          { subject },
          { cause: error },
        );
      }
      throw error;
    }
    const e = result.events[0]!;
    return { subject, eventId: e.id, position: e.position, erasedAt };
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.keyStore.close();
  }
}

/**
 * Wraps a store so personal fields are sealed on the way in and opened on the way out.
 *
 * @example
 * const store = withPersonalData(openSqliteEventStore({ path, registry }), new SqliteKeyStore('./data/personal-keys.db'));
 * await store.erasePersonalData('p-0042', { reason: '本人申请删除', authority: { documentNo: '青人社〔2024〕7号', issuedBy: '青溪县人社局' } });
 */
export function withPersonalData(store: EventStore, keyStore: KeyStore): PersonalDataStore {
  return new PersonalDataStore(store, keyStore);
}
