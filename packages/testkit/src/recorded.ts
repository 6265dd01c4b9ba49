import { randomUUID } from 'node:crypto';
import { parseEffectiveAt, type NewEvent, type RecordedEvent } from '@xianzhi/kernel';

const BASE = Date.parse('2000-01-01T00:00:00+08:00');

/** Turns NewEvents into RecordedEvents (positions 1, 2…; recorded 1 ms apart) for decider specs. */
export function toRecorded(history: readonly (NewEvent | RecordedEvent)[], stream = 'test'): RecordedEvent[] {
  return history.map((e, i) => {
    if ('position' in e) return e;
    const recordedMs = BASE + i;
    const eff = e.metadata?.effectiveAt ? parseEffectiveAt(e.metadata.effectiveAt) : undefined;
    return {
      id: e.id ?? randomUUID(),
      type: e.type,
      stream,
      revision: i,
      position: i + 1,
      data: e.data,
      metadata: {
        ...e.metadata,
        effectiveAt: eff?.text ?? new Date(recordedMs).toISOString(),
        recordedAt: new Date(recordedMs).toISOString(),
        schemaVersion: 1,
      },
      effectiveMs: eff?.ms ?? recordedMs,
      recordedMs,
    };
  });
}
