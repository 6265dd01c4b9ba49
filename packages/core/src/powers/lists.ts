/**
 * Read model `powers.lists`: the township power lists as of any date — the items each township holds
 * (following the mergers: the survivor holds what the merged township held), "what may this
 * township approve on date D", counts per township and per department.
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only the
 * items of these townships count.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { currentPlace, followDivisions, livePlaces, townshipOf } from '@xianzhi/divisions-contract';
import { powersEvent } from './events';
import { applyPowersEvent, emptyPowersState, type PowerItem, type PowersState } from './model';
import {
  APPROVAL_CATEGORIES,
  ENFORCEMENT_CATEGORIES,
  HANDLER_LABEL,
  POWER_CATEGORY_LABEL,
  POWER_LIST_LABEL,
  handlerOf,
  type Handler,
  type PowerCategory,
  type PowerList,
} from './vocabulary';

type Within = readonly string[] | undefined;

export interface PowerItemRow {
  itemId: string;
  code: string;
  title: string;
  list: PowerList;
  listLabel: string;
  category: PowerCategory | null;
  categoryLabel: string;
  department: string;
  legalBasis: string;
  /** The township that holds it on the date (the one it was listed for, or its survivor). */
  townshipId: string;
  township: string;
  /** The township it was listed for, when that one has merged since. */
  listedFor: string | null;
  effectiveAt: string;
  documentNo: string | null;
  handledBy: Handler | null;
  handledByLabel: string;
}

export interface PowerTownshipRow {
  townshipId: string;
  name: string;
  code: string | null;
  power: number;
  responsibility: number;
  access: number;
  approvals: number;
  enforcement: number;
}

export interface ItemFilter {
  countyCode?: string;
  townshipId?: string;
  list?: PowerList;
  category?: PowerCategory;
  department?: string;
  within?: Within;
}

function rows(state: PowersState, f: ItemFilter | undefined): PowerItemRow[] {
  const allowed = f?.within === undefined ? undefined : new Set(f.within);
  const township = f?.townshipId === undefined ? undefined : currentPlace(state.divisions, f.townshipId);
  if (f?.townshipId !== undefined && !township) return [];
  const out: PowerItemRow[] = [];
  for (const item of state.items.values()) {
    if (item.withdrawnAt !== undefined) continue;
    if (
      (f?.countyCode !== undefined && item.countyCode !== f.countyCode) ||
      (f?.list !== undefined && item.list !== f.list)
    )
      continue;
    if (
      (f?.category !== undefined && item.category !== f.category) ||
      (f?.department !== undefined && item.department !== f.department)
    )
      continue;
    const holder = townshipOf(state.divisions, item.townshipId);
    if (!holder || (township && holder.id !== township.id) || (allowed && !allowed.has(holder.id))) continue;
    out.push(row(state, item, holder.id, holder.name));
  }
  // a township's own item before one it holds from a merged township (distinct keeps the first)
  return out.sort(
    (a, b) =>
      a.townshipId.localeCompare(b.townshipId, 'en', { numeric: true }) ||
      a.list.localeCompare(b.list) ||
      a.code.localeCompare(b.code) ||
      Number(a.listedFor !== null) - Number(b.listedFor !== null) ||
      a.itemId.localeCompare(b.itemId, 'en', { numeric: true }),
  );
}

function row(state: PowersState, item: PowerItem, townshipId: string, township: string): PowerItemRow {
  const handler = handlerOf(item.list, item.category);
  const listed = state.divisions.places.get(item.townshipId);
  return {
    itemId: item.id,
    code: item.code,
    title: item.title,
    list: item.list,
    listLabel: POWER_LIST_LABEL[item.list].zh,
    category: item.category ?? null,
    categoryLabel: item.category ? POWER_CATEGORY_LABEL[item.category].zh : '',
    department: item.department,
    legalBasis: item.legalBasis,
    townshipId,
    township,
    listedFor: item.townshipId === townshipId ? null : (listed?.name ?? item.townshipId),
    effectiveAt: item.listedAt,
    documentNo: item.documentNo ?? null,
    handledBy: handler ?? null,
    handledByLabel: handler ? HANDLER_LABEL[handler].zh : '',
  };
}

/** Items of a township by catalogue code, once each (a survivor may hold one twice: its own and a merged township's). */
function distinct(list: PowerItemRow[]): PowerItemRow[] {
  const seen = new Map<string, PowerItemRow>();
  for (const r of list) if (!seen.has(`${r.list}:${r.code}`)) seen.set(`${r.list}:${r.code}`, r);
  return [...seen.values()];
}

export const powerLists = defineProjection({
  name: 'powers.lists',
  version: 1,
  initialState: emptyPowersState,
  evolve: {
    ...followDivisions((s: PowersState) => s.divisions),
    ...on(powersEvent, (state: PowersState, event) => {
      applyPowersEvent(state, event, false);
      return state;
    }),
  },
  queries: {
    /** The items held on the date (filtered by township, list, kind, department). */
    items: (state: PowersState, input: ItemFilter | undefined): PowerItemRow[] => rows(state, input),
    /** What a township may approve on the date: its licences and confirmations, each catalogue item once. */
    mayApprove: (state: PowersState, input: { townshipId: string; within?: Within }): PowerItemRow[] =>
      distinct(
        rows(state, input).filter(
          (r) => r.list === 'power' && r.category !== null && APPROVAL_CATEGORIES.has(r.category),
        ),
      ),
    /** Per live township: items per list, approvals and enforcement powers (catalogue items, once each). */
    byTownship: (
      state: PowersState,
      input: { countyCode?: string; within?: Within } | undefined,
    ): PowerTownshipRow[] => {
      const all = rows(state, input);
      const allowed = input?.within === undefined ? undefined : new Set(input.within);
      return livePlaces(state.divisions, 'township', input?.countyCode)
        .filter((t) => !allowed || allowed.has(t.id))
        .map((t) => {
          const mine = distinct(all.filter((r) => r.townshipId === t.id));
          const count = (f: (r: PowerItemRow) => boolean) => mine.filter(f).length;
          return {
            townshipId: t.id,
            name: t.name,
            code: t.code ?? null,
            power: count((r) => r.list === 'power'),
            responsibility: count((r) => r.list === 'responsibility'),
            access: count((r) => r.list === 'access'),
            approvals: count((r) => r.category !== null && APPROVAL_CATEGORIES.has(r.category)),
            enforcement: count((r) => r.category !== null && ENFORCEMENT_CATEGORIES.has(r.category)),
          };
        });
    },
    /** Per devolving department: the catalogue items it listed and the townships holding them. */
    byDepartment: (state: PowersState, input: { countyCode?: string; within?: Within } | undefined) => {
      const by = new Map<
        string,
        { department: string; codes: Set<string>; townships: Set<string>; items: number }
      >();
      for (const r of rows(state, input)) {
        const d = by.get(r.department) ?? {
          department: r.department,
          codes: new Set(),
          townships: new Set(),
          items: 0,
        };
        d.codes.add(`${r.list}:${r.code}`);
        d.townships.add(r.townshipId);
        d.items += 1;
        by.set(r.department, d);
      }
      return [...by.values()]
        .map((d) => ({
          department: d.department,
          catalogueItems: d.codes.size,
          townships: d.townships.size,
          items: d.items,
        }))
        .sort((a, b) => b.items - a.items || a.department.localeCompare(b.department, 'zh'));
    },
    /** One item (live or withdrawn), with the township holding it on the date. */
    item: (state: PowersState, input: { itemId: string }) => {
      const item = state.items.get(input.itemId);
      if (!item) return null;
      const holder = townshipOf(state.divisions, item.townshipId);
      return {
        ...row(state, item, holder?.id ?? item.townshipId, holder?.name ?? item.townshipId),
        withdrawnAt: item.withdrawnAt ?? null,
      };
    },
  },
});
