/**
 * Read model `webhooks.subscriptions`: every subscription with its cursor (the outbox's position),
 * the failed attempts of the delivery in hand, the dead-letter list and the recent deliveries.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import {
  deliveriesAcknowledged,
  deliveryDeadLettered,
  deliveryFailed,
  deliveryResendRequested,
  deliveryResent,
  subscriptionCreated,
  subscriptionPaused,
  subscriptionRemoved,
  subscriptionResumed,
} from './events';

export interface DeadLetter {
  deliveryId: string;
  position: number;
  attempts: number;
  status: number | null;
  error: string;
  deadAt: string;
  /** A re-send was asked for and has not succeeded yet. */
  resendRequested: boolean;
  lastResendError: string | null;
}

export interface RecentDelivery {
  deliveryId: string;
  outcome: 'delivered' | 'failed' | 'dead-lettered' | 'resent' | 'resend-failed';
  at: string;
  attempt: number | null;
  status: number | null;
  error: string | null;
}

export interface SubscriptionRecord {
  subscriptionId: string;
  name: string;
  tokenId: string;
  tokenName: string;
  subtree: string | null;
  target: string;
  secret: string;
  kind: 'events' | 'changes';
  topics: string[];
  createdAt: string;
  paused: boolean;
  removed: boolean;
  /** Every event at or before this position is handled (delivered, dead-lettered, or not for it). */
  cursor: number;
  /** Failed attempts of the delivery in hand (by delivery id). */
  failures: Record<string, number>;
  deadLetters: DeadLetter[];
  recent: RecentDelivery[];
  delivered: number;
}

export type SubscriptionsState = Map<string, SubscriptionRecord>;

const RECENT = 50;

function note(s: SubscriptionRecord, d: RecentDelivery): void {
  s.recent.unshift(d);
  if (s.recent.length > RECENT) s.recent.length = RECENT;
}

/** A subscription as shown to its owner and the admin: never its secret. */
export type SubscriptionView = Omit<SubscriptionRecord, 'secret' | 'failures' | 'recent' | 'deadLetters'> & {
  deadLetters: number;
  pendingAttempts: number;
};

export const subscriptionsProjection = defineProjection({
  name: 'webhooks.subscriptions',
  version: 1,
  initialState: (): SubscriptionsState => new Map(),
  evolve: {
    ...on(subscriptionCreated, (s: SubscriptionsState, e) => {
      const d = e.data;
      return s.set(d.subscriptionId, {
        subscriptionId: d.subscriptionId,
        name: d.name,
        tokenId: d.tokenId,
        tokenName: d.tokenName,
        subtree: d.subtree ?? null,
        target: d.target,
        secret: d.secret,
        kind: d.kind,
        topics: d.topics,
        createdAt: e.metadata.recordedAt,
        paused: false,
        removed: false,
        cursor: d.fromPosition,
        failures: {},
        deadLetters: [],
        recent: [],
        delivered: 0,
      });
    }),
    ...on(subscriptionPaused, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (sub) sub.paused = true;
      return s;
    }),
    ...on(subscriptionResumed, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (sub) sub.paused = false;
      return s;
    }),
    ...on(subscriptionRemoved, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (sub) sub.removed = true;
      return s;
    }),
    ...on(deliveriesAcknowledged, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (!sub) return s;
      sub.cursor = Math.max(sub.cursor, e.data.throughPosition);
      sub.delivered += e.data.deliveryIds.length;
      for (const id of e.data.deliveryIds) {
        delete sub.failures[id];
        note(sub, {
          deliveryId: id,
          outcome: 'delivered',
          at: e.metadata.recordedAt,
          attempt: null,
          status: null,
          error: null,
        });
      }
      return s;
    }),
    ...on(deliveryFailed, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (!sub) return s;
      const d = e.data;
      sub.failures[d.deliveryId] = d.attempt;
      note(sub, {
        deliveryId: d.deliveryId,
        outcome: 'failed',
        at: e.metadata.recordedAt,
        attempt: d.attempt,
        status: d.status ?? null,
        error: d.error,
      });
      return s;
    }),
    ...on(deliveryDeadLettered, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (!sub) return s;
      const d = e.data;
      delete sub.failures[d.deliveryId];
      sub.cursor = Math.max(sub.cursor, d.position);
      sub.deadLetters.push({
        deliveryId: d.deliveryId,
        position: d.position,
        attempts: d.attempt,
        status: d.status ?? null,
        error: d.error,
        deadAt: e.metadata.recordedAt,
        resendRequested: false,
        lastResendError: null,
      });
      note(sub, {
        deliveryId: d.deliveryId,
        outcome: 'dead-lettered',
        at: e.metadata.recordedAt,
        attempt: d.attempt,
        status: d.status ?? null,
        error: d.error,
      });
      return s;
    }),
    ...on(deliveryResendRequested, (s: SubscriptionsState, e) => {
      const dead = s.get(e.data.subscriptionId)?.deadLetters.find((d) => d.deliveryId === e.data.deliveryId);
      if (dead) dead.resendRequested = true;
      return s;
    }),
    ...on(deliveryResent, (s: SubscriptionsState, e) => {
      const sub = s.get(e.data.subscriptionId);
      if (!sub) return s;
      const d = e.data;
      const i = sub.deadLetters.findIndex((x) => x.deliveryId === d.deliveryId);
      if (d.delivered) {
        if (i >= 0) sub.deadLetters.splice(i, 1);
        sub.delivered += 1;
      } else if (i >= 0) {
        sub.deadLetters[i]!.resendRequested = false;
        sub.deadLetters[i]!.lastResendError = d.error ?? null;
      }
      note(sub, {
        deliveryId: d.deliveryId,
        outcome: d.delivered ? 'resent' : 'resend-failed',
        at: e.metadata.recordedAt,
        attempt: null,
        status: d.status ?? null,
        error: d.error ?? null,
      });
      return s;
    }),
  },
  queries: {
    /** Every subscription, without secrets. */
    list: (s: SubscriptionsState): SubscriptionView[] => [...s.values()].map(viewOf),
    /** One subscription's recent deliveries and dead letters (null when unknown). */
    deliveries: (s: SubscriptionsState, input: { subscriptionId: string }) => {
      const sub = s.get(input.subscriptionId);
      return sub ? { subscription: viewOf(sub), recent: sub.recent, deadLetters: sub.deadLetters } : null;
    },
  },
});

export function viewOf(sub: SubscriptionRecord): SubscriptionView {
  const { secret: _secret, failures, recent: _recent, deadLetters, ...rest } = sub;
  return {
    ...rest,
    deadLetters: deadLetters.length,
    pendingAttempts: Object.values(failures).reduce((a, b) => a + b, 0),
  };
}
