/**
 * Live updates: `system.changes` (SSE) says which read model moved; the queries of its module (and
 * the event log) are invalidated, so a change made elsewhere appears without reloading — on core
 * and plugin pages alike, since they share the one query cache. The stream needs a signed-in token
 * (it carries it in connectionParams).
 */
import { useEffect, useState } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { ModuleRouter, systemRouter } from '@xianzhi/api';
import { useApi } from './api';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/** The router namespace of a read model: `divisions.tree` → `divisions`. */
export function namespaceOf(projection: string): string {
  return projection.split('.')[0] ?? projection;
}

const pathOf = (q: Query): unknown =>
  Array.isArray(q.queryKey[0]) ? (q.queryKey[0] as unknown[])[0] : undefined;

/** Notices come in bursts (one per read model and event): refresh once per burst. */
export function invalidationBatcher(queryClient: QueryClient, delayMs = 150) {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    push(projection: string) {
      pending.add(namespaceOf(projection));
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        const namespaces = new Set([...pending, 'events', 'system']);
        pending.clear();
        void queryClient.invalidateQueries({ predicate: (q) => namespaces.has(pathOf(q) as string) });
      }, delayMs);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Follows `system.changes` while `signedIn`, refreshing the queries of every module that moved. */
export function useLiveUpdates(signedIn: boolean): LiveStatus {
  const trpc = useApi<ModuleRouter<'system', typeof systemRouter>>();
  const queryClient = useQueryClient();
  const [batcher] = useState(() => invalidationBatcher(queryClient));
  useEffect(() => () => batcher.stop(), [batcher]);
  const subscription = useSubscription(
    trpc.system.changes.subscriptionOptions(undefined, {
      enabled: signedIn,
      onData: (notice) => batcher.push(notice.projection),
    }),
  );
  if (!signedIn) return 'offline';
  if (subscription.status === 'pending') return 'live';
  if (subscription.status === 'error') return 'offline';
  return 'connecting';
}
