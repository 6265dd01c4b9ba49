/**
 * Read model `__name__.items`: items per township as of a date. It follows township mergers
 * (`divisions.merged`, `divisions.abolished`): from a merger's effective date on, what belonged to
 * the sources counts under the surviving township.
 */
import { defineProjection, type RecordedEvent } from '@xianzhi/kernel';

interface State {
  /** division id → the township it counts under now (itself unless merged away) */
  survivor: Map<string, string>;
  names: Map<string, string>;
  items: Map<string, { itemId: string; townshipId: string; title: string }>;
}

const follow = (s: State, id: string): string => {
  let current = id;
  for (let next = s.survivor.get(current); next !== undefined && next !== current; next = s.survivor.get(current)) current = next;
  return current;
};

export const itemsProjection = defineProjection({
  name: '__name__.items',
  version: 1,
  initialState: (): State => ({ survivor: new Map(), names: new Map(), items: new Map() }),
  evolve: {
    'divisions.established': (s: State, e: RecordedEvent) => {
      const d = e.data as { id: string; name: string };
      s.names.set(d.id, d.name);
      return s;
    },
    'divisions.merged': (s: State, e: RecordedEvent) => {
      const d = e.data as { sourceIds: string[]; targetId: string };
      for (const source of d.sourceIds) s.survivor.set(source, d.targetId);
      return s;
    },
    'divisions.abolished': (s: State, e: RecordedEvent) => {
      const d = e.data as { id: string; absorbedById: string };
      s.survivor.set(d.id, d.absorbedById);
      return s;
    },
    '__name__.item-recorded': (s: State, e: RecordedEvent) => {
      const d = e.data as { itemId: string; townshipId: string; title: string };
      s.items.set(d.itemId, d);
      return s;
    },
  },
  queries: {
    /** Items per township (under the surviving township after a merger), as rows. */
    byTownship: (s: State) => {
      const counts = new Map<string, number>();
      for (const item of s.items.values()) {
        const t = follow(s, item.townshipId);
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      return [...counts].map(([townshipId, items]) => ({ townshipId, township: s.names.get(townshipId) ?? townshipId, items })).sort((a, b) => a.townshipId.localeCompare(b.townshipId));
    },
  },
});
