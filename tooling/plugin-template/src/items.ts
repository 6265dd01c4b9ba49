/**
 * Read model `__name__.items`: items per township as of a date. It follows the divisions through
 * the divisions contract's fold: from a merger's effective date on, what belonged to the sources
 * counts under the surviving township (and an item of a village, under the village's township).
 */
import { defineProjection, on } from '@xianzhi/kernel';
import {
  countByTownship,
  emptyDivisionIndex,
  followDivisions,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { itemRecorded } from './index';

interface State {
  divisions: DivisionIndex;
  items: Map<string, { itemId: string; townshipId: string; title: string }>;
}

export const itemsProjection = defineProjection({
  name: '__name__.items',
  version: 1,
  initialState: (): State => ({ divisions: emptyDivisionIndex(), items: new Map() }),
  evolve: {
    ...followDivisions((s: State) => s.divisions),
    ...on(itemRecorded, (s: State, e) => s.items.set(e.data.itemId, e.data) && s),
  },
  queries: {
    /** Items per township (under the surviving township after a merger), by code. */
    byTownship: (s: State) => countByTownship(s.divisions, s.items.values(), (item) => item.townshipId),
  },
});
