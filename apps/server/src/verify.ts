/**
 * `xianzhi verify`: walks the whole log and checks it — positions increasing, revisions per stream
 * 0, 1, 2… without gaps, recordedAt never going back, every event's data valid under its schema
 * (after upcasting), every retraction pointing at an earlier event. Prints a summary.
 */
import { RETRACTION_TYPE, ValidationError, type EventRegistry } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';

export interface VerifyReport {
  events: number;
  streams: number;
  faults: string[];
  byType: Record<string, number>;
}

export async function verifyLog(store: EventStore, registry: EventRegistry, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const total = await store.headPosition();
  const faults: string[] = [];
  const revisions = new Map<string, number>();
  const seen = new Set<string>();
  const byType: Record<string, number> = {};
  let lastPosition = 0;
  let lastRecorded = -Infinity;
  let count = 0;
  const fault = (msg: string) => {
    if (faults.length < 1000) faults.push(msg);
  };
  for (let from = 0; ; ) {
    let page;
    let next = from;
    try {
      page = await store.readAll({ fromPosition: from, limit: 5_000 });
    } catch (error) {
      // A row of this page does not decode (e.g. its data is not JSON): read one event at a time to
      // name it, and go on after it.
      page = [];
      while (page.length < 5_000 && next < total) {
        try {
          const one = await store.readAll({ fromPosition: next, limit: 1 });
          if (one.length === 0) break;
          page.push(one[0]!);
          next = one[0]!.position;
        } catch (rowError) {
          fault(`the event after position ${next} cannot be read: ${rowError instanceof Error ? rowError.message : String(rowError)}`);
          next += 1;
        }
      }
      if (page.length === 0 && next === from) {
        fault(`reading after position ${from} failed: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
    }
    if (page.length === 0) {
      if (next === from) break;
      from = next;
      continue;
    }
    for (const e of page) {
      count++;
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      if (e.position <= lastPosition) fault(`position ${e.position} (event ${e.id}) does not follow ${lastPosition}`);
      lastPosition = e.position;
      const expected = (revisions.get(e.stream) ?? -1) + 1;
      if (e.revision !== expected) fault(`stream "${e.stream}": event ${e.id} at position ${e.position} has revision ${e.revision}, expected ${expected}`);
      revisions.set(e.stream, e.revision);
      if (e.recordedMs < lastRecorded) fault(`event ${e.id} at position ${e.position} was recorded at ${e.metadata.recordedAt}, before the event before it`);
      lastRecorded = Math.max(lastRecorded, e.recordedMs);
      if (!registry.has(e.type)) fault(`event ${e.id} at position ${e.position} has an unknown type "${e.type}" (a disabled plugin?)`);
      else {
        try {
          registry.validate(e.type, e.data, ['data']);
        } catch (error) {
          if (error instanceof ValidationError) fault(`event ${e.id} (${e.type}) at position ${e.position} does not parse: ${error.message}`);
          else throw error;
        }
      }
      if (e.type === RETRACTION_TYPE) {
        const target = (e.data as { eventId?: string }).eventId;
        if (!target || !seen.has(target)) fault(`retraction ${e.id} at position ${e.position} names ${target ?? '(nothing)'}, which is not an earlier event`);
      }
      if (seen.has(e.id)) fault(`event id ${e.id} appears twice`);
      seen.add(e.id);
    }
    from = Math.max(next, page[page.length - 1]!.position);
    onProgress?.(from, total);
  }
  return { events: count, streams: revisions.size, faults, byType };
}
