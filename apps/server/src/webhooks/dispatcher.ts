/**
 * The webhook dispatcher: one worker per subscription, delivering in log order from the
 * subscription's cursor (at least once; the receiver dedups by the delivery id).
 *
 * For each event after the cursor the worker decides again what the subscription may receive
 * (./policy), signs the body, and posts it to the checked address. A failed attempt is recorded
 * and retried after an exponential backoff with jitter; after `maxAttempts` the delivery goes to the
 * dead-letter list and the cursor moves on. Successes are recorded in batches
 * (`deliveries-acknowledged`), which is what a restart resumes from: after a kill -9 the
 * deliveries since the last batch are sent again, with the same ids.
 */
import type { ModuleDefinition, NewEvent, RecordedEvent } from '@xianzhi/kernel';
import type { EventStore, Subscription } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';
import {
  deliveriesAcknowledged,
  deliveryDeadLettered,
  deliveryFailed,
  deliveryResent,
  subscriptionStream,
} from './events';
import { deliveryFor, ownerOf, projectionsByType, type Delivery } from './policy';
import { postDelivery, type PostResult } from './post';
import { signatureHeader } from './signature';
import { subscriptionsProjection, type SubscriptionRecord, type SubscriptionsState } from './subscriptions';
import { TargetRefused, checkTarget, systemResolver, type AllowList, type Resolver } from './targets';

export interface WebhookSettings {
  allow: AllowList;
  /** Failed attempts before a delivery goes to the dead-letter list (default 8). */
  maxAttempts: number;
  /** The first retry waits about this long; each next one twice as long (default 1 s). */
  retryBaseMs: number;
  /** The longest wait between attempts (default 1 h). */
  retryMaxMs: number;
  /** How long a receiver may take to answer (default 10 s). */
  timeoutMs: number;
  resolve?: Resolver;
  /** For tests: the jitter's random source. */
  random?: () => number;
}

export const DEFAULT_SETTINGS: Omit<WebhookSettings, 'allow'> = {
  maxAttempts: 8,
  retryBaseMs: 1_000,
  retryMaxMs: 3_600_000,
  timeoutMs: 10_000,
};

export interface DispatcherHost {
  store: EventStore;
  runtime: ProjectionRuntime;
  modules: readonly ModuleDefinition[];
  log: (level: 'info' | 'error', message: string, extra?: Record<string, unknown>) => void;
}

const ACTOR = 'system:webhooks';
const ACK_BATCH = 200;
const ACK_DELAY_MS = 200;
/** Events passed over without a delivery before the cursor is recorded anyway. */
const IDLE_ACK = 5_000;

/** The wait before attempt `attempt + 1`: base·2^(attempt−1), capped, half of it random ("equal jitter"). */
export function backoffMs(
  attempt: number,
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs' | 'random'>,
): number {
  const full = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (settings.random ?? Math.random)() * (full / 2));
}

/** The JSON body of a delivery (what the receiver's handler reads). */
export function deliveryBody(sub: SubscriptionRecord, deliveryId: string, d: Delivery): string {
  const e = d.event;
  const common = {
    id: deliveryId,
    subscriptionId: sub.subscriptionId,
    position: e.position,
    type: e.type,
    effectiveAt: e.metadata.effectiveAt,
    recordedAt: e.metadata.recordedAt,
  };
  return JSON.stringify(
    d.kind === 'event'
      ? {
          ...common,
          kind: 'event',
          event: {
            id: e.id,
            type: e.type,
            stream: e.stream,
            revision: e.revision,
            position: e.position,
            effectiveAt: e.metadata.effectiveAt,
            recordedAt: e.metadata.recordedAt,
            data: e.data,
            ...(e.metadata.authority ? { authority: e.metadata.authority } : {}),
          },
        }
      : { ...common, kind: 'change', projections: d.projections },
  );
}

export const deliveryIdOf = (subscriptionId: string, position: number) => `${subscriptionId}.${position}`;

export class WebhookDispatcher {
  readonly #host: DispatcherHost;
  readonly #settings: WebhookSettings;
  readonly #changes: Map<string, string[]>;
  readonly #workers = new Map<string, Promise<void>>();
  #stopped = false;
  #wakers: (() => void)[] = [];
  #feed?: Subscription;
  #timer?: NodeJS.Timeout;

  constructor(host: DispatcherHost, settings: WebhookSettings) {
    this.#host = host;
    this.#settings = settings;
    this.#changes = projectionsByType(host.modules);
  }

  get settings(): WebhookSettings {
    return this.#settings;
  }

  async start(): Promise<void> {
    const head = await this.#host.store.headPosition();
    this.#feed = this.#host.store.subscribe(
      { fromPosition: head },
      {
        onEvents: () => this.#wake(),
        onError: (error) => this.#host.log('error', 'webhooks: the store feed failed', { error }),
      },
    );
    // a safety net: idle workers look again now and then (a missed wake costs at most this long)
    this.#timer = setInterval(() => this.#wake(), 1_000);
    this.#timer.unref();
    await this.#spawn();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#wake();
    await this.#feed?.stop();
    await Promise.allSettled([...this.#workers.values()]);
  }

  #wake(): void {
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const w of wakers) w();
    if (!this.#stopped) void this.#spawn();
  }

  /** Resolves at the next wake (a new event, a stop, or the timer), or after `ms`. */
  #nextWake(ms = 60_000): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.#wakers.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stopped) return resolve();
      const t = setTimeout(resolve, ms);
      const check = () => {
        if (this.#stopped) {
          clearTimeout(t);
          resolve();
        } else this.#wakers.push(check);
      };
      this.#wakers.push(check);
    });
  }

  async #state(): Promise<SubscriptionsState> {
    return this.#host.runtime.state<SubscriptionsState>(subscriptionsProjection.name);
  }

  async #spawn(): Promise<void> {
    for (const sub of (await this.#state()).values()) {
      if (sub.removed || this.#workers.has(sub.subscriptionId) || this.#stopped) continue;
      const run = this.#run(sub.subscriptionId)
        .catch((error: unknown) =>
          this.#host.log(
            'error',
            `webhooks: the worker of ${sub.subscriptionId} failed; it starts again at the next event`,
            { error },
          ),
        )
        .finally(() => this.#workers.delete(sub.subscriptionId));
      this.#workers.set(sub.subscriptionId, run);
    }
  }

  async #append(sub: SubscriptionRecord, events: NewEvent[]): Promise<void> {
    const r = await this.#host.store.append(subscriptionStream(sub.subscriptionId), events);
    await this.#host.runtime.waitForPosition(r.lastPosition);
  }

  async #post(
    sub: SubscriptionRecord,
    deliveryId: string,
    delivery: Delivery,
    attempt: number,
  ): Promise<PostResult> {
    let target;
    try {
      target = await checkTarget(sub.target, this.#settings.allow, this.#settings.resolve ?? systemResolver);
    } catch (error) {
      if (error instanceof TargetRefused)
        return { ok: false, error: `not sent: ${error.message}`.slice(0, 500) };
      throw error;
    }
    const body = deliveryBody(sub, deliveryId, delivery);
    return postDelivery(
      target,
      body,
      {
        'x-xianzhi-signature': signatureHeader(sub.secret, body, Math.floor(Date.now() / 1000)),
        'x-xianzhi-delivery': deliveryId,
        'x-xianzhi-attempt': String(attempt),
        'x-xianzhi-subscription': sub.subscriptionId,
      },
      this.#settings.timeoutMs,
    );
  }

  /** One subscription's worker: resends asked for, then the events after its cursor. */
  async #run(id: string): Promise<void> {
    const { store, runtime } = this.#host;
    const first = (await this.#state()).get(id);
    if (!first) return;
    let scanned = first.cursor;
    let acked = first.cursor;
    let pending: string[] = [];
    let pendingSince = 0;

    // Recording the cursor is itself an event: only with deliveries to record (or far behind), so
    // an idle worker reading its own acknowledgements does not record again.
    const flush = async (sub: SubscriptionRecord) => {
      if (pending.length === 0 && scanned - acked < IDLE_ACK) return;
      const ids = pending;
      pending = [];
      await this.#append(sub, [
        deliveriesAcknowledged.create(
          { subscriptionId: id, throughPosition: scanned, deliveryIds: ids },
          { actor: ACTOR },
        ),
      ]);
      acked = scanned;
    };

    while (!this.#stopped) {
      const sub = (await this.#state()).get(id);
      if (!sub || sub.removed) return;
      const owner = await ownerOf(runtime, sub);
      if (sub.paused || !owner) {
        // paused, or its token revoked: deliver nothing until resumed (a revoked token never is)
        await flush(sub);
        await this.#nextWake();
        continue;
      }
      for (const dead of sub.deadLetters.filter((d) => d.resendRequested))
        await this.#resend(sub, dead.deliveryId, dead.position);

      const batch = await store.readAll({ fromPosition: scanned, limit: 500 });
      if (batch.length === 0) {
        await flush(sub);
        await this.#nextWake();
        continue;
      }
      for (const event of batch) {
        if (this.#stopped) break;
        const outcome = await this.#deliver(id, event, () => flush(sub));
        if (outcome === 'interrupted') break;
        scanned = event.position;
        if (outcome === 'delivered') {
          if (pending.length === 0) pendingSince = Date.now();
          pending.push(deliveryIdOf(id, event.position));
        }
        if (pending.length >= ACK_BATCH || (pending.length > 0 && Date.now() - pendingSince >= ACK_DELAY_MS))
          await flush(sub);
      }
      await flush(sub);
    }
    const last = (await this.#state()).get(id);
    if (last) await flush(last);
  }

  /**
   * One event for one subscription, with its retries: 'delivered', 'dead' (dead-lettered),
   * 'skipped' (not for this subscription, now), or 'interrupted' (stopped, paused, removed, revoked).
   */
  async #deliver(
    id: string,
    event: RecordedEvent,
    flush: () => Promise<void>,
  ): Promise<'delivered' | 'dead' | 'skipped' | 'interrupted'> {
    const deliveryId = deliveryIdOf(id, event.position);
    for (;;) {
      if (this.#stopped) return 'interrupted';
      const sub = (await this.#state()).get(id);
      if (!sub || sub.removed || sub.paused) return 'interrupted';
      const owner = await ownerOf(this.#host.runtime, sub);
      if (!owner) return 'interrupted';
      // the scope is decided at delivery time, on every attempt
      const delivery = await deliveryFor(this.#host.runtime, this.#changes, sub, owner, event);
      if (!delivery) return 'skipped';
      const attempt = (sub.failures[deliveryId] ?? 0) + 1;
      const result = await this.#post(sub, deliveryId, delivery, attempt);
      if (result.ok) return 'delivered';
      // the successes before this event are recorded first: the log keeps the order of outcomes
      await flush();
      const failure = {
        subscriptionId: id,
        deliveryId,
        position: event.position,
        attempt,
        ...(result.status === undefined ? {} : { status: result.status }),
        error: (result.error ?? 'failed').slice(0, 500),
      };
      if (attempt >= this.#settings.maxAttempts) {
        await this.#append(sub, [deliveryDeadLettered.create(failure, { actor: ACTOR })]);
        return 'dead';
      }
      const wait = backoffMs(attempt, this.#settings);
      await this.#append(sub, [
        deliveryFailed.create(
          { ...failure, nextAttemptAt: new Date(Date.now() + wait).toISOString() },
          { actor: ACTOR },
        ),
      ]);
      await this.#sleep(wait);
    }
  }

  /** A re-send from the dead-letter list: one attempt, its outcome recorded. */
  async #resend(sub: SubscriptionRecord, deliveryId: string, position: number): Promise<void> {
    const [event] = await this.#host.store.readAll({ fromPosition: position - 1, limit: 1 });
    const owner = await ownerOf(this.#host.runtime, sub);
    const delivery =
      event && event.position === position && owner
        ? await deliveryFor(this.#host.runtime, this.#changes, sub, owner, event)
        : null;
    const result: PostResult = delivery
      ? await this.#post(
          sub,
          deliveryId,
          delivery,
          (sub.deadLetters.find((d) => d.deliveryId === deliveryId)?.attempts ?? 0) + 1,
        )
      : { ok: false, error: 'the subscription may no longer receive this event' };
    await this.#append(sub, [
      deliveryResent.create(
        {
          subscriptionId: sub.subscriptionId,
          deliveryId,
          delivered: result.ok,
          ...(result.status === undefined ? {} : { status: result.status }),
          ...(result.ok ? {} : { error: (result.error ?? 'failed').slice(0, 500) }),
        },
        { actor: ACTOR },
      ),
    ]);
  }
}
