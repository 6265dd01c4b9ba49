/**
 * The collective assets state (folded from the county's registry stream: the divisions and the
 * inventories, handovers and discrepancies) and the one function that applies an event to it, with
 * or without the rules:
 *
 * - an inventory entry is for a village that exists and is live on its valuation date, in the county;
 * - a handover is from a village that has merged (by the date) into the village it is handed to —
 *   and of no more, per kind, than the merged village holds (inventoried and received, less what it
 *   has handed over already): no handover of more than was inventoried;
 * - a discrepancy names a handover and one of the kinds it handed over; it is resolved once.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import {
  countyCodeOf,
  currentPlace,
  describePlace,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  type DivisionIndex,
  type Place,
} from '@xianzhi/divisions-contract';
import { ASSET_KIND_LABEL, assetsEvent, type AssetKind } from './index';

export interface Amount {
  amountFen: number;
  areaSqm: number;
}

export interface Handover {
  id: string;
  fromVillageId: string;
  toVillageId: string;
  signer: string;
  at: string;
  documentNo?: string;
  items: Map<AssetKind, Amount>;
}

export interface Discrepancy {
  id: string;
  handoverId: string;
  kind: AssetKind;
  amountFen: number;
  note: string;
  at: string;
  resolvedAt?: string;
  resolution?: string;
}

export interface AssetsState {
  divisions: DivisionIndex;
  entryIds: Set<string>;
  /** Village id → kind → inventoried. */
  inventoried: Map<string, Map<AssetKind, Amount>>;
  /** Village id → kind → received in handovers. */
  received: Map<string, Map<AssetKind, Amount>>;
  /** Village id → kind → handed over. */
  handedOut: Map<string, Map<AssetKind, Amount>>;
  handovers: Map<string, Handover>;
  discrepancies: Map<string, Discrepancy>;
}

export const emptyAssetsState = (): AssetsState => ({
  divisions: emptyDivisionIndex(),
  entryIds: new Set(),
  inventoried: new Map(),
  received: new Map(),
  handedOut: new Map(),
  handovers: new Map(),
  discrepancies: new Map(),
});

const zero = (): Amount => ({ amountFen: 0, areaSqm: 0 });

function add(
  book: Map<string, Map<AssetKind, Amount>>,
  villageId: string,
  kind: AssetKind,
  amountFen: number,
  areaSqm: number,
): void {
  const byKind = book.get(villageId) ?? new Map<AssetKind, Amount>();
  const a = byKind.get(kind) ?? zero();
  a.amountFen += amountFen;
  a.areaSqm += areaSqm;
  byKind.set(kind, a);
  book.set(villageId, byKind);
}

const get = (book: Map<string, Map<AssetKind, Amount>>, villageId: string, kind: AssetKind): Amount =>
  book.get(villageId)?.get(kind) ?? zero();

/** What a village holds of a kind: inventoried and received, less what it handed over. */
export function holdingOf(state: AssetsState, villageId: string, kind: AssetKind): Amount {
  const i = get(state.inventoried, villageId, kind);
  const r = get(state.received, villageId, kind);
  const o = get(state.handedOut, villageId, kind);
  return { amountFen: i.amountFen + r.amountFen - o.amountFen, areaSqm: i.areaSqm + r.areaSqm - o.areaSqm };
}

const yuan = (fen: number) =>
  `${Math.trunc(fen / 100).toLocaleString('en')}.${String(fen % 100).padStart(2, '0')} 元`;

function village(state: AssetsState, ref: string, at: string, countyCode: string, path: string[]): Place {
  const place = findPlace(state.divisions, ref);
  if (!place) throw new InvariantViolation(`no village ${ref} exists as of ${at}`, { villageId: ref, path });
  if (place.level !== 'village')
    throw new InvariantViolation(
      `${describePlace(place)} is a ${place.level}; collective assets are a village's`,
      { villageId: place.id, path },
    );
  if (countyCodeOf(state.divisions, place) !== countyCode)
    throw new InvariantViolation(`${describePlace(place)} is not in county ${countyCode}`, {
      villageId: place.id,
      path,
    });
  return place;
}

/** Applies one event of the registry stream (divisions and assets; others are skipped). With `check`, refuses before any change. */
export function applyAssetsEvent(state: AssetsState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !assetsEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  const documentNo = event.metadata.authority?.documentNo;
  switch (event.type) {
    case 'assets.inventoried': {
      const d = event.data;
      let villageId: string;
      if (check) {
        if (state.entryIds.has(d.entryId))
          throw new InvariantViolation(
            `inventory entry ${d.entryId} is already recorded; an entry id is never reused`,
            { entryId: d.entryId, path: ['entries'] },
          );
        const place = village(state, d.villageId, at, d.countyCode, ['entries']);
        const ended = endedReason(state.divisions, place);
        if (ended)
          throw new InvariantViolation(
            `${ended}; its collective assets are inventoried with the village it became, not on ${at}`,
            { villageId: place.id, path: ['entries'] },
          );
        villageId = place.id;
      } else villageId = findPlace(state.divisions, d.villageId)?.id ?? d.villageId;
      state.entryIds.add(d.entryId);
      add(state.inventoried, villageId, d.kind, d.amountFen, d.areaSqm ?? 0);
      return;
    }
    case 'assets.handed-over': {
      const d = event.data;
      const fromId = findPlace(state.divisions, d.fromVillageId)?.id ?? d.fromVillageId;
      const toId = findPlace(state.divisions, d.toVillageId)?.id ?? d.toVillageId;
      if (check) {
        if (state.handovers.has(d.handoverId))
          throw new InvariantViolation(`handover ${d.handoverId} is already recorded`, {
            handoverId: d.handoverId,
            path: ['handoverId'],
          });
        const from = village(state, d.fromVillageId, at, d.countyCode, ['fromVillageId']);
        const to = village(state, d.toVillageId, at, d.countyCode, ['toVillageId']);
        const ended = endedReason(state.divisions, to);
        if (ended)
          throw new InvariantViolation(`${ended}; a handover on ${at} is to a live village`, {
            villageId: to.id,
            path: ['toVillageId'],
          });
        if (!from.ended || currentPlace(state.divisions, from.id)?.id !== to.id) {
          throw new InvariantViolation(
            `${describePlace(from)} has not merged into ${describePlace(to)} as of ${at}; a village's collective assets are handed over to the village it merged into`,
            {
              fromVillageId: from.id,
              toVillageId: to.id,
              path: ['fromVillageId'],
            },
          );
        }
        d.items.forEach((item, i) => {
          const held = holdingOf(state, from.id, item.kind);
          const area = item.areaSqm ?? 0;
          if (item.amountFen > held.amountFen || area > held.areaSqm) {
            throw new InvariantViolation(
              `${describePlace(from)} holds ${yuan(held.amountFen)}${held.areaSqm ? ` and ${held.areaSqm} m²` : ''} of ${ASSET_KIND_LABEL[item.kind].zh} as of ${at} (inventoried, less what it handed over); ` +
                `it cannot hand over ${yuan(item.amountFen)}${area ? ` and ${area} m²` : ''} — no handover of more than was inventoried`,
              { fromVillageId: from.id, kind: item.kind, path: ['items', i] },
            );
          }
          if (d.items.findIndex((x) => x.kind === item.kind) !== i)
            throw new InvariantViolation(
              `${ASSET_KIND_LABEL[item.kind].zh} is listed twice in the handover`,
              { path: ['items', i] },
            );
        });
      }
      const items = new Map<AssetKind, Amount>();
      for (const item of d.items) {
        items.set(item.kind, { amountFen: item.amountFen, areaSqm: item.areaSqm ?? 0 });
        add(state.handedOut, fromId, item.kind, item.amountFen, item.areaSqm ?? 0);
        add(state.received, toId, item.kind, item.amountFen, item.areaSqm ?? 0);
      }
      state.handovers.set(d.handoverId, {
        id: d.handoverId,
        fromVillageId: fromId,
        toVillageId: toId,
        signer: d.signer,
        at,
        ...(documentNo === undefined ? {} : { documentNo }),
        items,
      });
      return;
    }
    case 'assets.discrepancy-recorded': {
      const d = event.data;
      if (check) {
        if (state.discrepancies.has(d.discrepancyId))
          throw new InvariantViolation(`discrepancy ${d.discrepancyId} is already recorded`, {
            path: ['discrepancyId'],
          });
        const h = state.handovers.get(d.handoverId);
        if (!h)
          throw new InvariantViolation(`no handover ${d.handoverId} is recorded as of ${at}`, {
            handoverId: d.handoverId,
            path: ['handoverId'],
          });
        if (!h.items.has(d.kind)) {
          throw new InvariantViolation(
            `handover ${d.handoverId} (${h.at}${h.documentNo ? `, ${h.documentNo}` : ''}) handed over no ${ASSET_KIND_LABEL[d.kind].zh}`,
            { handoverId: h.id, path: ['kind'] },
          );
        }
      }
      state.discrepancies.set(d.discrepancyId, {
        id: d.discrepancyId,
        handoverId: d.handoverId,
        kind: d.kind,
        amountFen: d.amountFen,
        note: d.note,
        at,
      });
      return;
    }
    case 'assets.discrepancy-resolved': {
      const d = event.data;
      const x = state.discrepancies.get(d.discrepancyId);
      if (check) {
        if (!x)
          throw new InvariantViolation(`no discrepancy ${d.discrepancyId} is recorded as of ${at}`, {
            path: ['discrepancyId'],
          });
        if (x.resolvedAt !== undefined)
          throw new InvariantViolation(
            `discrepancy ${d.discrepancyId} was resolved on ${x.resolvedAt}: ${x.resolution ?? ''}`,
            { path: ['discrepancyId'] },
          );
      }
      if (x) {
        x.resolvedAt = at;
        x.resolution = d.resolution;
      }
      return;
    }
  }
}
