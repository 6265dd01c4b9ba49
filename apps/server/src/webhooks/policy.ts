/**
 * What a subscription may receive — decided again at every delivery, on the event itself:
 *
 * - the subscription's token must still be valid (a revoked token's subscriptions stop) and hold
 *   `<module>:read` for the event's module (a read model's module, for change notices);
 * - the platform's own records (tokens, subscriptions) are never delivered;
 * - a subscription limited to a division (its own subtree, and its token's) receives only events
 *   that name divisions (`divisionId`, `townshipId`, `villageId`), every one of them inside on the
 *   event's effective date or today; an event naming none is not delivered (fails closed);
 * - a retraction is delivered when the event it retracts would be.
 */
import {
  SubtreeScope,
  divisionsNamedIn,
  hasScope,
  runtimeDivisions,
  type Caller,
  type TokenRecord,
} from '@xianzhi/api';
import { retractedEventId, type ModuleDefinition, type RecordedEvent } from '@xianzhi/kernel';
import type { ProjectionRuntime } from '@xianzhi/projections';
import type { SubscriptionRecord } from './subscriptions';

/** Modules whose events never leave the server by webhook. */
export const PRIVATE_MODULES = new Set(['access', 'webhooks', 'kernel']);

/** Token ids that stand for the platform's own administrators (XIANZHI_ADMIN_TOKEN, the CLI). */
const BUILT_IN_ADMINS = new Set(['configured', 'cli']);

export const moduleOf = (name: string) => name.split('.')[0] ?? name;

/** The caller the subscription's token stands for now, or null when it was revoked. */
export async function ownerOf(
  runtime: ProjectionRuntime,
  sub: Pick<SubscriptionRecord, 'tokenId' | 'tokenName'>,
): Promise<Caller | null> {
  if (BUILT_IN_ADMINS.has(sub.tokenId))
    return { tokenId: sub.tokenId, name: sub.tokenName, scopes: ['admin'] };
  const tokens = await runtime.state<Map<string, TokenRecord>>('access.tokens');
  const t = tokens.get(sub.tokenId);
  if (!t || t.revokedAt !== null) return null;
  return t.subtree === null
    ? { tokenId: t.tokenId, name: t.name, scopes: t.scopes }
    : { tokenId: t.tokenId, name: t.name, scopes: t.scopes, subtree: t.subtree };
}

/** For change notices: the read models each event type changes. */
export function projectionsByType(modules: readonly ModuleDefinition[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const m of modules) {
    for (const p of m.projections) {
      for (const type of Object.keys(p.evolve)) map.set(type, [...(map.get(type) ?? []), p.name]);
    }
  }
  return map;
}

export type Delivery =
  { kind: 'event'; event: RecordedEvent } | { kind: 'change'; event: RecordedEvent; projections: string[] };

/**
 * What `sub` receives for `event` (with `owner` its token now), or null when nothing: the event
 * itself, or the notice of the read models it changed.
 */
export async function deliveryFor(
  runtime: ProjectionRuntime,
  changes: Map<string, string[]>,
  sub: SubscriptionRecord,
  owner: Caller,
  event: RecordedEvent,
): Promise<Delivery | null> {
  // A retraction is judged by the event it retracts.
  const retracted = retractedEventId(event);
  const subject = retracted === undefined ? event : runtime.findEvent(retracted)?.event;
  if (!subject || PRIVATE_MODULES.has(moduleOf(subject.type))) return null;
  let delivery: Delivery;
  let modules: string[];
  if (sub.kind === 'events') {
    if (!sub.topics.some((t) => t === subject.type || t === moduleOf(subject.type))) return null;
    delivery = { kind: 'event', event };
    modules = [moduleOf(subject.type)];
  } else {
    const projections = (changes.get(subject.type) ?? []).filter((p) => sub.topics.includes(p));
    if (projections.length === 0) return null;
    delivery = { kind: 'change', event, projections };
    modules = [...new Set(projections.map(moduleOf))];
  }
  if (!modules.every((m) => hasScope(owner, `${m}:read`))) return null;
  const roots = [sub.subtree, owner.subtree].filter((r): r is string => typeof r === 'string');
  if (roots.length > 0 && !(await withinAll(runtime, roots, owner.name, subject))) return null;
  return delivery;
}

async function withinAll(
  runtime: ProjectionRuntime,
  roots: string[],
  tokenName: string,
  event: RecordedEvent,
): Promise<boolean> {
  const named = divisionsNamedIn(event.data);
  if (named.length === 0) return false;
  const directory = runtimeDivisions(runtime);
  for (const root of roots) {
    const scope = new SubtreeScope(root, tokenName, directory);
    for (const { id } of named) {
      if (
        !(await scope.contains(id, { asOf: event.metadata.effectiveAt })) &&
        !(await scope.contains(id, {}))
      )
        return false;
    }
  }
  return true;
}
