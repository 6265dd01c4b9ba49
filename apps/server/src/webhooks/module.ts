/**
 * The webhooks module: subscriptions and deliveries as events, their read model and procedures.
 * Mounted like any module (under `webhooks`); the dispatcher runs in the server (./mount.ts).
 */
import { defineModule } from '@xianzhi/kernel';
import { webhookEvents } from './events';
import { subscriptionsProjection } from './subscriptions';
import { webhooksRouter } from './router';

export const webhooksModule = defineModule({
  name: 'webhooks',
  title: { zh: '订阅管理', en: 'Webhooks' },
  events: webhookEvents,
  projections: [subscriptionsProjection],
  router: webhooksRouter,
  // managed by each token for itself (and by admins); no scope of its own
  scopes: [],
});
