/**
 * The power lists state (folded from the county's registry stream: the divisions and the items) and
 * the one function that applies an event to it, with or without the rules: an item is listed only
 * for a township that exists and is live on its effective date (no power item for a township that
 * does not exist on that date), in the county, once per list and catalogue code; only a listed item
 * is amended or withdrawn.
 *
 * An item follows its township: from a merger's date, the survivor holds what the merged township held.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import {
  countyCodeOf,
  describePlace,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { powersEvent } from './events';
import { POWER_LIST_LABEL, type PowerCategory, type PowerList } from './vocabulary';

export interface PowerItem {
  id: string;
  countyCode: string;
  /** The township it was listed for (what holds it now follows the mergers: `townshipOf`). */
  townshipId: string;
  list: PowerList;
  category?: PowerCategory;
  code: string;
  title: string;
  department: string;
  legalBasis: string;
  listedAt: string;
  documentNo?: string;
  withdrawnAt?: string;
}

export interface PowersState {
  divisions: DivisionIndex;
  items: Map<string, PowerItem>;
}

export const emptyPowersState = (): PowersState => ({ divisions: emptyDivisionIndex(), items: new Map() });

export const describeItem = (i: Pick<PowerItem, 'id' | 'code' | 'title' | 'list'>): string =>
  `${POWER_LIST_LABEL[i.list].zh}事项 ${i.code} ${i.title}（${i.id}）`;

function liveItem(state: PowersState, itemId: string, at: string): PowerItem {
  const item = state.items.get(itemId);
  if (!item)
    throw new InvariantViolation(`no power list item ${itemId} exists as of ${at}`, {
      itemId,
      path: ['itemId'],
    });
  if (item.withdrawnAt !== undefined)
    throw new InvariantViolation(`${describeItem(item)} was withdrawn on ${item.withdrawnAt}`, {
      itemId,
      path: ['itemId'],
    });
  return item;
}

/** Applies one event of the registry stream (divisions and power lists; others are skipped). With `check`, refuses before any change. */
export function applyPowersEvent(state: PowersState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !powersEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  switch (event.type) {
    case 'powers.item-listed': {
      const { itemId, category, ...d } = event.data;
      if (check) {
        const existing = state.items.get(itemId);
        if (existing)
          throw new InvariantViolation(
            `${describeItem(existing)} already exists (listed on ${existing.listedAt}); an item id is never reused`,
            { itemId, path: ['itemId'] },
          );
        const place = findPlace(state.divisions, d.townshipId);
        if (!place)
          throw new InvariantViolation(
            `no township ${d.townshipId} exists as of ${at}; a power list item is listed for an existing township`,
            { townshipId: d.townshipId, path: ['townshipIds'] },
          );
        if (place.level !== 'township')
          throw new InvariantViolation(
            `${describePlace(place)} is a ${place.level}; power lists are a township's`,
            { townshipId: place.id, path: ['townshipIds'] },
          );
        const ended = endedReason(state.divisions, place);
        if (ended)
          throw new InvariantViolation(`${ended}; no item can be listed for it on ${at}`, {
            townshipId: place.id,
            path: ['townshipIds'],
          });
        if (countyCodeOf(state.divisions, place) !== d.countyCode)
          throw new InvariantViolation(`${describePlace(place)} is not in county ${d.countyCode}`, {
            townshipId: place.id,
            path: ['townshipIds'],
          });
        for (const other of state.items.values()) {
          if (
            other.withdrawnAt === undefined &&
            other.list === d.list &&
            other.code === d.code &&
            townshipOf(state.divisions, other.townshipId)?.id === place.id
          ) {
            throw new InvariantViolation(
              `${describePlace(place)} already holds ${describeItem(other)} since ${other.listedAt}${other.documentNo ? ` (${other.documentNo})` : ''}; an item is listed once`,
              {
                itemId,
                existing: other.id,
                path: ['items'],
              },
            );
          }
        }
      }
      const documentNo = event.metadata.authority?.documentNo;
      state.items.set(itemId, {
        id: itemId,
        ...d,
        ...(category === undefined ? {} : { category }),
        listedAt: at,
        ...(documentNo === undefined ? {} : { documentNo }),
      });
      return;
    }
    case 'powers.item-amended': {
      const item = check ? liveItem(state, event.data.itemId, at) : state.items.get(event.data.itemId);
      if (!item) return;
      if (event.data.title !== undefined) item.title = event.data.title;
      if (event.data.legalBasis !== undefined) item.legalBasis = event.data.legalBasis;
      return;
    }
    case 'powers.item-withdrawn': {
      const item = check ? liveItem(state, event.data.itemId, at) : state.items.get(event.data.itemId);
      if (item) item.withdrawnAt = at;
      return;
    }
  }
}
