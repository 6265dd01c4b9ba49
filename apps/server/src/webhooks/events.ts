/**
 * Webhook subscriptions and their deliveries are events, like everything else the county records:
 * who subscribed what to where, paused, resumed or removed it; which deliveries were acknowledged by
 * the receiver, which attempts failed, which went to the dead-letter list and which were re-sent.
 *
 * The outbox is derived from the log: a subscription's deliveries are the events after its cursor
 * that it may read; `deliveries-acknowledged` moves the cursor. A restart resumes from the cursor, so
 * nothing acknowledged by the store is lost (a receiver may see a delivery twice: it dedups by id).
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';

/** The stream of one subscription: its life and its deliveries. */
export const subscriptionStream = (subscriptionId: string) => `webhooks-${subscriptionId}`;

export const SUBSCRIPTION_ID = /^wh_[a-z0-9]{12}$/;
const subscriptionId = z.string().regex(SUBSCRIPTION_ID);
const deliveryId = z.string().min(1).max(80);

export const subscriptionCreated = defineEvent(
  'webhooks.subscription-created',
  1,
  z.object({
    subscriptionId,
    name: z.string().trim().min(1).max(80),
    /** The token it was created with: deliveries stop when it is revoked, and read what it may read. */
    tokenId: z.string().min(1).max(40),
    tokenName: z.string().min(1).max(80),
    /** Limited to this division (an id) and what lies under it. */
    subtree: z.string().min(1).max(80).optional(),
    target: z.url().max(2000),
    /** The HMAC-SHA256 key deliveries are signed with. */
    secret: z.string().min(16).max(200),
    /** `events`: the events of these modules / event types; `changes`: "read model X changed" notices. */
    kind: z.enum(['events', 'changes']),
    topics: z.array(z.string().min(1).max(100)).min(1).max(100),
    /** Deliveries are the matching events after this position. */
    fromPosition: z.number().int().min(0),
  }),
);

export const subscriptionPaused = defineEvent(
  'webhooks.subscription-paused',
  1,
  z.object({ subscriptionId, reason: z.string().max(500).optional() }),
);
export const subscriptionResumed = defineEvent(
  'webhooks.subscription-resumed',
  1,
  z.object({ subscriptionId }),
);
export const subscriptionRemoved = defineEvent(
  'webhooks.subscription-removed',
  1,
  z.object({ subscriptionId, reason: z.string().max(500).optional() }),
);

/** The receiver answered 2xx for these deliveries; every event through `throughPosition` is handled. */
export const deliveriesAcknowledged = defineEvent(
  'webhooks.deliveries-acknowledged',
  1,
  z.object({
    subscriptionId,
    throughPosition: z.number().int().min(0),
    deliveryIds: z.array(deliveryId).max(1000),
  }),
);

const failure = {
  subscriptionId,
  deliveryId,
  /** The log position of the event delivered. */
  position: z.number().int().min(1),
  attempt: z.number().int().min(1),
  /** The receiver's HTTP status, when it answered. */
  status: z.number().int().optional(),
  error: z.string().max(500),
};

export const deliveryFailed = defineEvent(
  'webhooks.delivery-failed',
  1,
  z.object({ ...failure, nextAttemptAt: z.iso.datetime() }),
);

/** Given up after the last attempt: the delivery waits in the dead-letter list; the cursor moves on. */
export const deliveryDeadLettered = defineEvent('webhooks.delivery-dead-lettered', 1, z.object(failure));

export const deliveryResendRequested = defineEvent(
  'webhooks.delivery-resend-requested',
  1,
  z.object({ subscriptionId, deliveryId }),
);

/** The outcome of a re-send from the dead-letter list (delivered: it leaves the list). */
export const deliveryResent = defineEvent(
  'webhooks.delivery-resent',
  1,
  z.object({
    subscriptionId,
    deliveryId,
    delivered: z.boolean(),
    status: z.number().int().optional(),
    error: z.string().max(500).optional(),
  }),
);

export const webhookEvents = [
  subscriptionCreated,
  subscriptionPaused,
  subscriptionResumed,
  subscriptionRemoved,
  deliveriesAcknowledged,
  deliveryFailed,
  deliveryDeadLettered,
  deliveryResendRequested,
  deliveryResent,
];
