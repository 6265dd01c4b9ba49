/**
 * Read model `assets.ledger`: the village collectives' holdings as of any date (following the
 * mergers: what a merged village has not yet handed over is shown as pending with the village it
 * merged into), handover completeness per merged village, county totals by kind, and the mergers
 * whose handover is still open (not all handed over, or a discrepancy unresolved).
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only the
 * villages in these divisions count.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import {
  countyCodeOf,
  currentPlace,
  followDivisions,
  livePlaces,
  townshipOf,
} from '@xianzhi/divisions-contract';
import { ASSET_KINDS, ASSET_KIND_LABEL, assetsEvent, type AssetKind } from './index';
import { applyAssetsEvent, emptyAssetsState, holdingOf, type AssetsState } from './model';

type Within = readonly string[] | undefined;

export interface HoldingRow {
  villageId: string;
  village: string;
  code: string | null;
  townshipId: string | null;
  township: string;
  /** 资金, 资产, 资源: book value in fen. */
  fundsFen: number;
  assetsFen: number;
  resourcesFen: number;
  /** Land (resources), square metres. */
  landSqm: number;
  /** Still held by villages merged into this one (not yet handed over), in fen. */
  pendingFen: number;
}

export interface HandoverRow {
  /** The village handed to (the merged village's survivor). */
  villageId: string;
  village: string;
  townshipId: string | null;
  township: string;
  fromVillageId: string;
  fromVillage: string;
  mergedOn: string;
  documentNo: string | null;
  inventoriedFen: number;
  handedOverFen: number;
  handovers: number;
  discrepancies: number;
  openDiscrepancies: number;
  complete: boolean;
}

export interface KindTotalRow {
  kind: AssetKind;
  label: string;
  group: string;
  amountFen: number;
  areaSqm: number;
  villages: number;
}

const GROUP_FIELD = { 资金: 'fundsFen', 资产: 'assetsFen', 资源: 'resourcesFen' } as const;

const keeper = (within: Within) => {
  const allowed = within === undefined ? undefined : new Set(within);
  return (id: string) => !allowed || allowed.has(id);
};

function inventoriedTotal(state: AssetsState, villageId: string): number {
  let n = 0;
  for (const a of state.inventoried.get(villageId)?.values() ?? []) n += a.amountFen;
  for (const a of state.received.get(villageId)?.values() ?? []) n += a.amountFen;
  return n;
}

function holdingTotal(state: AssetsState, villageId: string): number {
  return ASSET_KINDS.reduce((n, k) => n + holdingOf(state, villageId, k).amountFen, 0);
}

/** Villages that merged into another (ended, with a live successor village), with what they held. */
function mergedVillages(state: AssetsState, countyCode: string | undefined, within: Within): HandoverRow[] {
  const keep = keeper(within);
  const out: HandoverRow[] = [];
  for (const place of state.divisions.places.values()) {
    if (place.level !== 'village' || !place.ended) continue;
    if (!state.inventoried.has(place.id) && !state.received.has(place.id)) continue;
    const to = currentPlace(state.divisions, place.id);
    if (!to || to.level !== 'village' || !keep(to.id)) continue;
    const t = townshipOf(state.divisions, to.id);
    if (countyCode !== undefined && countyCodeOf(state.divisions, to) !== countyCode) continue;
    const handovers = [...state.handovers.values()].filter((h) => h.fromVillageId === place.id);
    const discrepancies = [...state.discrepancies.values()].filter((d) =>
      handovers.some((h) => h.id === d.handoverId),
    );
    const inventoriedFen = inventoriedTotal(state, place.id);
    const open = discrepancies.filter((d) => d.resolvedAt === undefined).length;
    const remaining = holdingTotal(state, place.id);
    out.push({
      villageId: to.id,
      village: to.name,
      townshipId: t?.id ?? null,
      township: t?.name ?? '',
      fromVillageId: place.id,
      fromVillage: place.name,
      mergedOn: place.ended.on,
      documentNo: place.ended.documentNo ?? null,
      inventoriedFen,
      handedOverFen: inventoriedFen - remaining,
      handovers: handovers.length,
      discrepancies: discrepancies.length,
      openDiscrepancies: open,
      complete: remaining === 0 && open === 0,
    });
  }
  return out.sort(
    (a, b) =>
      a.mergedOn.localeCompare(b.mergedOn) ||
      (a.townshipId ?? '').localeCompare(b.townshipId ?? '', 'en', { numeric: true }) ||
      a.fromVillageId.localeCompare(b.fromVillageId, 'en', { numeric: true }),
  );
}

export const ledgerProjection = defineProjection({
  name: 'assets.ledger',
  version: 1,
  initialState: emptyAssetsState,
  evolve: {
    ...followDivisions((s: AssetsState) => s.divisions),
    ...on(assetsEvent, (state: AssetsState, event) => {
      applyAssetsEvent(state, event, false);
      return state;
    }),
  },
  queries: {
    /** Per live village with holdings: funds, assets, resources (fen), land (m²), and what merged villages have yet to hand over. */
    holdings: (
      state: AssetsState,
      input: { countyCode?: string; townshipId?: string; within?: Within } | undefined,
    ): HoldingRow[] => {
      const keep = keeper(input?.within);
      const township =
        input?.townshipId === undefined ? undefined : currentPlace(state.divisions, input.townshipId);
      if (input?.townshipId !== undefined && !township) return [];
      const pending = new Map<string, number>();
      for (const m of mergedVillages(state, input?.countyCode, input?.within))
        pending.set(m.villageId, (pending.get(m.villageId) ?? 0) + m.inventoriedFen - m.handedOverFen);
      const rows: HoldingRow[] = [];
      for (const v of livePlaces(state.divisions, 'village', input?.countyCode)) {
        if (!keep(v.id)) continue;
        const t = townshipOf(state.divisions, v.id);
        if (township && t?.id !== township.id) continue;
        const row: HoldingRow = {
          villageId: v.id,
          village: v.name,
          code: v.code ?? null,
          townshipId: t?.id ?? null,
          township: t?.name ?? '',
          fundsFen: 0,
          assetsFen: 0,
          resourcesFen: 0,
          landSqm: 0,
          pendingFen: pending.get(v.id) ?? 0,
        };
        for (const kind of ASSET_KINDS) {
          const h = holdingOf(state, v.id, kind);
          row[GROUP_FIELD[ASSET_KIND_LABEL[kind].group]] += h.amountFen;
          row.landSqm += h.areaSqm;
        }
        if (row.fundsFen + row.assetsFen + row.resourcesFen + row.landSqm + row.pendingFen > 0)
          rows.push(row);
      }
      return rows;
    },
    /** Handover completeness per merged village (all of them, or only the open ones). */
    handovers: (
      state: AssetsState,
      input: { countyCode?: string; open?: boolean; within?: Within } | undefined,
    ): HandoverRow[] =>
      mergedVillages(state, input?.countyCode, input?.within).filter((r) => !input?.open || !r.complete),
    /** County totals by kind: what the live villages hold, with what merged villages have yet to hand over. */
    totals: (
      state: AssetsState,
      input: { countyCode?: string; within?: Within } | undefined,
    ): KindTotalRow[] => {
      const keep = keeper(input?.within);
      const rows = new Map<AssetKind, KindTotalRow>(
        ASSET_KINDS.map((k) => [
          k,
          {
            kind: k,
            label: ASSET_KIND_LABEL[k].zh,
            group: ASSET_KIND_LABEL[k].group,
            amountFen: 0,
            areaSqm: 0,
            villages: 0,
          },
        ]),
      );
      for (const id of new Set([...state.inventoried.keys(), ...state.received.keys()])) {
        const live = currentPlace(state.divisions, id);
        if (!live || !keep(live.id)) continue;
        if (input?.countyCode !== undefined && countyCodeOf(state.divisions, live) !== input.countyCode)
          continue;
        for (const kind of ASSET_KINDS) {
          const h = holdingOf(state, id, kind);
          const r = rows.get(kind)!;
          r.amountFen += h.amountFen;
          r.areaSqm += h.areaSqm;
          if (h.amountFen > 0 || h.areaSqm > 0) r.villages += 1;
        }
      }
      return [...rows.values()];
    },
  },
});
