/**
 * The webhooks procedures. Any signed-in token may subscribe to what it may read: the modules it
 * has `<module>:read` for, within its own division when it is limited to one. A subscription is
 * managed by its token, or by an admin.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  SubtreeScope,
  defineProcedure,
  hasScope,
  type ApiContext,
  type Caller,
  type TRPCRouterRecord,
} from '@xianzhi/api';
import { NotFoundError, ValidationError, nameText, type ModuleDefinition } from '@xianzhi/kernel';
import type { ProjectionRuntime } from '@xianzhi/projections';
import {
  SUBSCRIPTION_ID,
  deliveryResendRequested,
  subscriptionCreated,
  subscriptionPaused,
  subscriptionRemoved,
  subscriptionResumed,
  subscriptionStream,
} from './events';
import { PRIVATE_MODULES, moduleOf } from './policy';
import {
  subscriptionsProjection,
  viewOf,
  type SubscriptionRecord,
  type SubscriptionsState,
} from './subscriptions';
import {
  TargetRefused,
  checkTarget,
  parseAllowList,
  systemResolver,
  type AllowList,
  type Resolver,
} from './targets';

/** What the procedures need of the server: where targets may point, and the modules to subscribe to. */
export interface WebhookPolicy {
  allow: AllowList;
  resolve?: Resolver;
  modules: readonly ModuleDefinition[];
}

// The policy is the server's configuration; procedures find it by the platform's runtime they run on.
const policies = new WeakMap<ProjectionRuntime, WebhookPolicy>();

/** Sets the webhook policy of the server running on `runtime` (the app does, at start). */
export function setWebhookPolicy(runtime: ProjectionRuntime, policy: WebhookPolicy): void {
  policies.set(runtime, policy);
}

const NO_POLICY: WebhookPolicy = { allow: parseAllowList(''), modules: [] };
const policyOf = (ctx: ApiContext) => policies.get(ctx.runtime) ?? NO_POLICY;

const subscriptionId = z
  .string()
  .regex(SUBSCRIPTION_ID, { error: 'a subscription id reads wh_ and 12 letters or digits' });

export const subscribeInput = z.strictObject({
  name: nameText({ max: 80, required: 'give the subscription a name (e.g. 教育局数据平台)' }),
  target: z.string().trim().min(1).max(2000),
  kind: z.enum(['events', 'changes']).default('events'),
  /** `events`: module names (education) or event types (education.school-opened); `changes`: read models (education.layout). */
  topics: z
    .array(z.string().trim().min(1).max(100))
    .min(1, { error: 'name at least one module, event type or read model' })
    .max(100),
  /** Only events of this division and what lies under it (a limited token: inside its own; default its own). */
  subtree: z.string().trim().min(1).max(80).optional(),
  /** The signing key (at least 16 characters); one is generated when left out. Shown only in this answer. */
  secret: z.string().min(16, { error: 'a secret has at least 16 characters' }).max(200).optional(),
});

const forbid = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/** The module of each topic, checked: it exists, it is not the platform's own, and the caller may read it. */
function topicModules(
  policy: WebhookPolicy,
  caller: Caller,
  kind: 'events' | 'changes',
  topics: readonly string[],
): void {
  topics.forEach((topic, i) => {
    const module = policy.modules.find((m) => m.name === moduleOf(topic));
    const known =
      module !== undefined &&
      !PRIVATE_MODULES.has(module.name) &&
      (kind === 'events'
        ? topic === module.name || module.events.some((e) => e.type === topic)
        : module.projections.some((p) => p.name === topic));
    if (!known) {
      const hint =
        kind === 'events'
          ? 'a module (education) or one of its event types (education.school-opened)'
          : 'a read model (divisions.tree)';
      throw new ValidationError([{ path: ['topics', i], message: `unknown topic "${topic}": give ${hint}` }]);
    }
    if (!hasScope(caller, `${module.name}:read`))
      throw forbid(`token "${caller.name}" lacks ${module.name}:read, so it may not subscribe to ${topic}`);
  });
}

async function ownSubscription(ctx: ApiContext, id: string): Promise<SubscriptionRecord> {
  const sub = (await ctx.runtime.state<SubscriptionsState>(subscriptionsProjection.name)).get(id);
  const caller = ctx.caller!;
  // another token's subscription is as good as absent
  if (!sub || sub.removed || (sub.tokenId !== caller.tokenId && !hasScope(caller, 'admin')))
    throw new NotFoundError('subscription', id);
  return sub;
}

async function record(
  ctx: ApiContext,
  id: string,
  event: Parameters<ApiContext['store']['append']>[1][number],
) {
  const r = await ctx.store.append(subscriptionStream(id), [event]);
  await ctx.runtime.waitForPosition(r.lastPosition);
}

const actorOf = (ctx: ApiContext) => `token:${ctx.caller!.name}`;

export const webhooksRouter = {
  subscribe: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '新建 Webhook 订阅（密钥只显示一次）' },
    subscribeInput,
  ).mutation(async ({ ctx, input }) => {
    const caller = ctx.caller!;
    const policy = policyOf(ctx);
    topicModules(policy, caller, input.kind, input.topics);
    let subtree: string | undefined;
    if (caller.subtree !== undefined) {
      const scope = new SubtreeScope(caller.subtree, caller.name, ctx.divisions);
      if (input.subtree !== undefined && !(await scope.containsForWrite(input.subtree, undefined))) {
        throw forbid(
          `token "${caller.name}" (limited to division ${caller.subtree}) may not subscribe to division ${input.subtree}: outside its own`,
        );
      }
      subtree = input.subtree === undefined ? caller.subtree : await ctx.divisions.resolve(input.subtree, {});
    } else if (input.subtree !== undefined) {
      subtree = await ctx.divisions.resolve(input.subtree, {});
      if (subtree === undefined)
        throw new ValidationError([{ path: ['subtree'], message: `no division ${input.subtree} exists` }]);
    }
    try {
      await checkTarget(input.target, policy.allow, policy.resolve ?? systemResolver);
    } catch (error) {
      if (error instanceof TargetRefused)
        throw new ValidationError([{ path: ['target'], message: error.message }]);
      throw error;
    }
    const id = `wh_${randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12)}`;
    const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const fromPosition = await ctx.store.headPosition();
    const r = await ctx.store.append(
      subscriptionStream(id),
      [
        subscriptionCreated.create(
          {
            subscriptionId: id,
            name: input.name,
            tokenId: caller.tokenId,
            tokenName: caller.name,
            ...(subtree === undefined ? {} : { subtree }),
            target: input.target,
            secret,
            kind: input.kind,
            topics: input.topics,
            fromPosition,
          },
          { actor: actorOf(ctx) },
        ),
      ],
      { expectedRevision: 'no-stream' },
    );
    await ctx.runtime.waitForPosition(r.lastPosition);
    return { subscriptionId: id, secret, fromPosition, subtree: subtree ?? null };
  }),
  /** The caller's subscriptions (an admin: all), without secrets. */
  list: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: 'Webhook 订阅列表' },
    z.strictObject({ includeRemoved: z.boolean().optional() }).optional(),
  ).query(async ({ ctx, input }) => {
    const caller = ctx.caller!;
    const all = await ctx.runtime.state<SubscriptionsState>(subscriptionsProjection.name);
    return [...all.values()]
      .filter(
        (s) =>
          (input?.includeRemoved || !s.removed) &&
          (s.tokenId === caller.tokenId || hasScope(caller, 'admin')),
      )
      .map(viewOf);
  }),
  /** One subscription's recent deliveries and its dead-letter list. */
  deliveries: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '投递记录与死信' },
    z.strictObject({ subscriptionId }),
  ).query(async ({ ctx, input }) => {
    const sub = await ownSubscription(ctx, input.subscriptionId);
    return { subscription: viewOf(sub), recent: sub.recent, deadLetters: sub.deadLetters };
  }),
  pause: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '暂停订阅' },
    z.strictObject({ subscriptionId, reason: z.string().max(500).optional() }),
  ).mutation(async ({ ctx, input }) => {
    const sub = await ownSubscription(ctx, input.subscriptionId);
    if (!sub.paused)
      await record(
        ctx,
        sub.subscriptionId,
        subscriptionPaused.create(
          { subscriptionId: sub.subscriptionId, ...(input.reason ? { reason: input.reason } : {}) },
          { actor: actorOf(ctx) },
        ),
      );
    return { subscriptionId: sub.subscriptionId, paused: true };
  }),
  resume: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '恢复订阅' },
    z.strictObject({ subscriptionId }),
  ).mutation(async ({ ctx, input }) => {
    const sub = await ownSubscription(ctx, input.subscriptionId);
    if (sub.paused)
      await record(
        ctx,
        sub.subscriptionId,
        subscriptionResumed.create({ subscriptionId: sub.subscriptionId }, { actor: actorOf(ctx) }),
      );
    return { subscriptionId: sub.subscriptionId, paused: false };
  }),
  remove: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '删除订阅' },
    z.strictObject({ subscriptionId, reason: z.string().max(500).optional() }),
  ).mutation(async ({ ctx, input }) => {
    const sub = await ownSubscription(ctx, input.subscriptionId);
    await record(
      ctx,
      sub.subscriptionId,
      subscriptionRemoved.create(
        { subscriptionId: sub.subscriptionId, ...(input.reason ? { reason: input.reason } : {}) },
        { actor: actorOf(ctx) },
      ),
    );
    return { subscriptionId: sub.subscriptionId, removed: true };
  }),
  /** Sends a dead-lettered delivery again (once; its outcome shows in the deliveries). */
  resend: defineProcedure(
    { module: 'webhooks', access: 'signed-in', summary: '重发死信' },
    z.strictObject({ subscriptionId, deliveryId: z.string().min(1).max(80) }),
  ).mutation(async ({ ctx, input }) => {
    const sub = await ownSubscription(ctx, input.subscriptionId);
    const dead = sub.deadLetters.find((d) => d.deliveryId === input.deliveryId);
    if (!dead) throw new NotFoundError('dead letter', input.deliveryId);
    if (!dead.resendRequested)
      await record(
        ctx,
        sub.subscriptionId,
        deliveryResendRequested.create(
          { subscriptionId: sub.subscriptionId, deliveryId: dead.deliveryId },
          { actor: actorOf(ctx) },
        ),
      );
    return { subscriptionId: sub.subscriptionId, deliveryId: dead.deliveryId, resendRequested: true };
  }),
} satisfies TRPCRouterRecord;
