/**
 * A few real-looking events: a county's townships established in 1992, then the 2019 township
 * reform merging several of them (川府民政〔2019〕27号, effective 2019-12-20). Recorded with
 * idempotency keys, so running it again writes nothing.
 */
import type { EventStore } from '@xianzhi/event-store';
import type { RecordedEvent } from '@xianzhi/kernel';
import { townshipEstablished, townshipsMerged } from './events';

export const DEMO_STREAM = 'county-510722';

const TOWNSHIPS: [code: string, name: string, kind: 'town' | 'xiang'][] = [
  ['510722100', '潼川镇', 'town'],
  ['510722101', '石安镇', 'town'],
  ['510722102', '永明镇', 'town'],
  ['510722103', '䢺江镇', 'town'],
  ['510722104', '刘营镇', 'town'],
  ['510722200', '金石乡', 'xiang'],
  ['510722201', '龙树乡', 'xiang'],
];

export async function recordDemoCounty(store: EventStore): Promise<{ written: number; replayed: number }> {
  let written = 0;
  let replayed = 0;
  const r1 = await store.append(
    DEMO_STREAM,
    TOWNSHIPS.map(([code, name, kind]) =>
      townshipEstablished.create(
        { code, name, kind },
        { effectiveAt: '1992-08-01', actor: 'demo', authority: { documentNo: '川府函〔1992〕140号', issuedBy: '四川省人民政府' } },
      ),
    ),
    { idempotencyKey: 'demo-510722-establish' },
  );
  const authority = { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府', approvedOn: '2019-11-28' };
  const r2 = await store.append(
    DEMO_STREAM,
    [
      townshipsMerged.create({ sources: ['510722101'], target: '510722100' }, { effectiveAt: '2019-12-20', actor: 'demo', authority }),
      townshipsMerged.create(
        { sources: ['510722200', '510722201'], target: '510722103' },
        { effectiveAt: '2019-12-20', actor: 'demo', authority },
      ),
    ],
    { idempotencyKey: 'demo-510722-merge-2019' },
  );
  for (const r of [r1, r2]) {
    if (r.replayed) replayed += r.events.length;
    else written += r.events.length;
  }
  return { written, replayed };
}

export interface TownshipState {
  code: string;
  name: string;
  kind: string;
  endedAt?: string;
  mergedInto?: string;
}

/** A plain fold of the demo events (the projection runtime replaces this in the real product). */
export function foldTownships(events: readonly RecordedEvent[]): Map<string, TownshipState> {
  const townships = new Map<string, TownshipState>();
  for (const e of events) {
    if (townshipEstablished.is(e)) {
      townships.set(e.data.code, { code: e.data.code, name: e.data.name, kind: e.data.kind });
    } else if (townshipsMerged.is(e)) {
      for (const source of e.data.sources) {
        const t = townships.get(source);
        if (t) Object.assign(t, { endedAt: e.metadata.effectiveAt, mergedInto: e.data.target });
      }
    }
  }
  return townships;
}
