/**
 * What a module's specs ask of the store after a run (a demo, a migration): what it holds, by type,
 * in a form two runs can be compared in, and how much a further run added.
 */
import type { EventStore } from '@xianzhi/event-store';

/** The events whose type starts with `prefix` (all when empty), as [stream, type, data, effectiveAt, authority]. */
export async function storedEvents(store: EventStore, prefix = ''): Promise<unknown[][]> {
  return (await store.readAll())
    .filter((e) => e.type.startsWith(prefix))
    .map((e) => [e.stream, e.type, e.data, e.metadata.effectiveAt, e.metadata.authority]);
}

/** How many events of each type the store holds, for the types starting with `prefix` (all when empty). */
export async function countByType(store: EventStore, prefix = ''): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await store.readAll())
    if (e.type.startsWith(prefix)) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

/** Runs `write` and tells what it returned and how many events it appended to the store (0: it was idempotent). */
export async function appendedBy<R>(
  store: EventStore,
  write: () => Promise<R>,
): Promise<{ result: R; appended: number }> {
  const head = await store.headPosition();
  const result = await write();
  return { result, appended: (await store.headPosition()) - head };
}
