/**
 * Read model `party.organisations`: the party organisation tree as of any date, counts by kind per
 * township, the villages without a party organisation (or without a party committee), the groups
 * with a branch — following the divisions: from a merger's date, an organisation of a merged
 * village counts in the surviving village and its township.
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only the
 * organisations serving these divisions, the villages and groups among them, count.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import {
  countyCodeOf,
  currentPlace,
  followDivisions,
  livePlaces,
  townshipOf,
  type Place,
} from '@xianzhi/divisions-contract';
import { partyEvent } from './events';
import {
  applyPartyEvent,
  emptyPartyState,
  isVillageTop,
  servedUnit,
  type PartyOrganisation,
  type PartyState,
  type ServedUnit,
} from './model';
import { PARTY_ORG_TYPES, PARTY_ORG_TYPE_LABEL, type PartyOrgType } from './vocabulary';

type Within = readonly string[] | undefined;

export interface OrgNode {
  orgId: string;
  name: string;
  type: PartyOrgType;
  typeLabel: string;
  /** What it serves now (a merged village's organisation serves the survivor until it is merged too). */
  divisionId: string;
  divisionName: string;
  level: ServedUnit['level'];
  townshipId: string | null;
  villageId: string | null;
  parentId: string | null;
  /** The village's own organisation (村党组织: under the township committee). */
  villageTop: boolean;
  establishedAt: string;
  documentNo: string | null;
  secretaryPostId: string | null;
  /** The division it was set up for has ended (merged) and the organisation has not been merged yet. */
  pending: string | null;
  children: OrgNode[];
}

export type TypeCounts = Record<PartyOrgType, number>;

export interface TownshipCountRow extends TypeCounts {
  townshipId: string;
  name: string;
  code: string | null;
  total: number;
}

/** The county's total (合计): a sum, naming no division (an empty id would read as one). */
export type CountyCountRow = Omit<TownshipCountRow, 'townshipId' | 'code'>;

export interface VillagePartyRow {
  villageId: string;
  name: string;
  code: string | null;
  kind: string;
  townshipId: string | null;
  township: string;
  /** Its own party organisation (under the township committee), if any. */
  orgId: string | null;
  orgName: string;
  type: PartyOrgType | null;
  typeLabel: string;
  /** Organisations serving it or its groups (its own included). */
  organisations: number;
}

export interface GroupBranchRow {
  groupId: string;
  name: string;
  villageId: string;
  village: string;
  townshipId: string | null;
  branches: string;
  hasBranch: boolean;
}

export interface PartySummary {
  byType: TypeCounts;
  total: number;
  villages: number;
  villagesWithoutOrganisation: number;
  villagesWithoutCommittee: number;
  groups: number;
  groupsWithBranch: number;
  /** Organisations still serving a division that has ended (waiting for their own merger). */
  pending: number;
}

const zero = (): TypeCounts => Object.fromEntries(PARTY_ORG_TYPES.map((t) => [t, 0])) as TypeCounts;

const allowedBy = (within: Within) => {
  const set = within === undefined ? undefined : new Set(within);
  return (id: string | undefined) => set === undefined || (id !== undefined && set.has(id));
};

interface Live {
  org: PartyOrganisation;
  unit: ServedUnit;
}

/** The live organisations (of a county), each with what it serves now, kept to `within`. */
function liveOrganisations(state: PartyState, countyCode: string | undefined, within: Within): Live[] {
  const allowed = allowedBy(within);
  const out: Live[] = [];
  for (const org of state.organisations.values()) {
    if (org.ended || (countyCode !== undefined && org.countyCode !== countyCode)) continue;
    const unit = servedUnit(state.divisions, org.divisionId);
    if (unit && allowed(unit.id)) out.push({ org, unit });
  }
  return out;
}

function node(state: PartyState, { org, unit }: Live, children: OrgNode[]): OrgNode {
  return {
    orgId: org.id,
    name: org.name,
    type: org.type,
    typeLabel: PARTY_ORG_TYPE_LABEL[org.type].zh,
    divisionId: unit.id,
    divisionName: unit.name,
    level: unit.level,
    townshipId: unit.townshipId ?? null,
    villageId: unit.villageId ?? null,
    parentId: org.parentId ?? null,
    villageTop: isVillageTop(state, org),
    establishedAt: org.establishedAt,
    documentNo: org.documentNo ?? null,
    secretaryPostId: org.secretaryPostId ?? null,
    pending: unit.ended ?? null,
    children,
  };
}

const byName = (a: OrgNode, b: OrgNode) =>
  b.type.localeCompare(a.type) || a.name.localeCompare(b.name, 'zh') || a.orgId.localeCompare(b.orgId);

function tree(
  state: PartyState,
  input: { countyCode?: string; rootOrgId?: string; within?: Within } | undefined,
): OrgNode[] {
  const list = liveOrganisations(state, input?.countyCode, input?.within);
  const kept = new Map(list.map((l) => [l.org.id, l]));
  const children = new Map<string, Live[]>();
  const roots: Live[] = [];
  for (const l of list) {
    const parent = l.org.parentId;
    if (parent !== undefined && kept.has(parent)) children.set(parent, [...(children.get(parent) ?? []), l]);
    else roots.push(l);
  }
  const build = (l: Live, depth: number): OrgNode =>
    node(
      state,
      l,
      depth > 16 ? [] : (children.get(l.org.id) ?? []).map((c) => build(c, depth + 1)).sort(byName),
    );
  const start =
    input?.rootOrgId === undefined
      ? roots
      : [kept.get(input.rootOrgId)].filter((l): l is Live => l !== undefined);
  return start.map((l) => build(l, 0)).sort((a, b) => (a.divisionId < b.divisionId ? -1 : 1));
}

function townshipCounts(
  state: PartyState,
  countyCode: string | undefined,
  within: Within,
): { rows: TownshipCountRow[]; total: CountyCountRow } {
  const allowed = allowedBy(within);
  const rows = new Map<string, TownshipCountRow>();
  const rowOf = (t: Place) => {
    let r = rows.get(t.id);
    if (!r)
      rows.set(t.id, (r = { townshipId: t.id, name: t.name, code: t.code ?? null, ...zero(), total: 0 }));
    return r;
  };
  for (const t of livePlaces(state.divisions, 'township', countyCode)) if (allowed(t.id)) rowOf(t);
  for (const { org, unit } of liveOrganisations(state, countyCode, within)) {
    const township = unit.townshipId === undefined ? undefined : state.divisions.places.get(unit.townshipId);
    if (!township) continue;
    const r = rowOf(township);
    r[org.type] += 1;
    r.total += 1;
  }
  const sorted = [...rows.values()].sort((a, b) =>
    (a.code ?? a.townshipId).localeCompare(b.code ?? b.townshipId, 'en', { numeric: true }),
  );
  const total: CountyCountRow = { name: '合计', ...zero(), total: 0 };
  for (const r of sorted) {
    for (const t of PARTY_ORG_TYPES) total[t] += r[t];
    total.total += r.total;
  }
  return { rows: sorted, total };
}

function villageRows(
  state: PartyState,
  input:
    | { countyCode?: string; townshipId?: string; without?: 'organisation' | 'committee'; within?: Within }
    | undefined,
): VillagePartyRow[] {
  const allowed = allowedBy(input?.within);
  const orgs = liveOrganisations(state, input?.countyCode, input?.within);
  const township =
    input?.townshipId === undefined ? undefined : currentPlace(state.divisions, input.townshipId);
  const rows: VillagePartyRow[] = [];
  for (const v of livePlaces(state.divisions, 'village', input?.countyCode)) {
    if (!allowed(v.id)) continue;
    const t = townshipOf(state.divisions, v.id);
    if (input?.townshipId !== undefined && t?.id !== township?.id) continue;
    const serving = orgs.filter((l) => l.unit.villageId === v.id);
    const top = serving.find((l) => isVillageTop(state, l.org))?.org;
    rows.push({
      villageId: v.id,
      name: v.name,
      code: v.code ?? null,
      kind: v.kind,
      townshipId: t?.id ?? null,
      township: t?.name ?? '',
      orgId: top?.id ?? null,
      orgName: top?.name ?? '',
      type: top?.type ?? null,
      typeLabel: top ? PARTY_ORG_TYPE_LABEL[top.type].zh : '无',
      organisations: serving.length,
    });
  }
  if (input?.without === 'organisation') return rows.filter((r) => r.orgId === null);
  if (input?.without === 'committee') return rows.filter((r) => r.type !== 'village-committee');
  return rows;
}

function groupRows(
  state: PartyState,
  input: { countyCode?: string; villageId?: string; withBranch?: boolean; within?: Within } | undefined,
): GroupBranchRow[] {
  const allowed = allowedBy(input?.within);
  const branches = new Map<string, string[]>();
  for (const { org, unit } of liveOrganisations(state, input?.countyCode, input?.within)) {
    if (unit.level === 'group') branches.set(unit.id, [...(branches.get(unit.id) ?? []), org.name]);
  }
  const village = input?.villageId === undefined ? undefined : currentPlace(state.divisions, input.villageId);
  const rows: GroupBranchRow[] = [];
  for (const g of state.divisions.groups?.values() ?? []) {
    if (g.ended || g.kind !== 'villager-group' || !allowed(g.id)) continue;
    const v = currentPlace(state.divisions, g.parentId);
    if (!v || (village !== undefined && v.id !== village.id)) continue;
    const t = townshipOf(state.divisions, v.id);
    if (input?.countyCode !== undefined && (!t || countyCodeOf(state.divisions, t) !== input.countyCode))
      continue;
    const names = branches.get(g.id) ?? [];
    rows.push({
      groupId: g.id,
      name: `${v.name}${g.name}`,
      villageId: v.id,
      village: v.name,
      townshipId: t?.id ?? null,
      branches: names.join('、'),
      hasBranch: names.length > 0,
    });
  }
  const out = input?.withBranch === undefined ? rows : rows.filter((r) => r.hasBranch === input.withBranch);
  return out.sort(
    (a, b) =>
      a.villageId.localeCompare(b.villageId, 'en', { numeric: true }) ||
      a.groupId.localeCompare(b.groupId, 'en', { numeric: true }),
  );
}

export const partyOrganisations = defineProjection({
  name: 'party.organisations',
  version: 1,
  initialState: emptyPartyState,
  evolve: {
    ...followDivisions((s: PartyState) => s.divisions),
    ...on(partyEvent, (state: PartyState, event) => {
      applyPartyEvent(state, event, false);
      return state;
    }),
  },
  queries: {
    /** The organisation tree (township committees at the roots), or the subtree of one organisation. */
    tree: (
      state: PartyState,
      input: { countyCode?: string; rootOrgId?: string; within?: Within } | undefined,
    ): OrgNode[] => tree(state, input),
    /** Organisations by kind per township, and the county's totals. */
    counts: (state: PartyState, input: { countyCode?: string; within?: Within } | undefined) =>
      townshipCounts(state, input?.countyCode, input?.within),
    /** Every village (and community) with its own party organisation; `without` keeps those lacking one (or a committee). */
    villages: (
      state: PartyState,
      input:
        | {
            countyCode?: string;
            townshipId?: string;
            without?: 'organisation' | 'committee';
            within?: Within;
          }
        | undefined,
    ) => villageRows(state, input),
    /** Villager groups and the branches set up on them (支部建在小组上). */
    groups: (
      state: PartyState,
      input: { countyCode?: string; villageId?: string; withBranch?: boolean; within?: Within } | undefined,
    ) => groupRows(state, input),
    /** The figures at a glance. */
    summary: (
      state: PartyState,
      input: { countyCode?: string; within?: Within } | undefined,
    ): PartySummary => {
      const orgs = liveOrganisations(state, input?.countyCode, input?.within);
      const byType = zero();
      for (const { org } of orgs) byType[org.type] += 1;
      const villages = villageRows(state, input);
      const groups = groupRows(state, input);
      return {
        byType,
        total: orgs.length,
        villages: villages.length,
        villagesWithoutOrganisation: villages.filter((v) => v.orgId === null).length,
        villagesWithoutCommittee: villages.filter((v) => v.type !== 'village-committee').length,
        groups: groups.length,
        groupsWithBranch: groups.filter((g) => g.hasBranch).length,
        pending: orgs.filter((l) => l.unit.ended !== undefined).length,
      };
    },
    /** One organisation (live or ended) with its parent and live children. */
    organisation: (state: PartyState, input: { orgId: string }) => {
      const org = state.organisations.get(input.orgId);
      if (!org) return null;
      const unit = servedUnit(state.divisions, org.divisionId);
      const parent = org.parentId === undefined ? undefined : state.organisations.get(org.parentId);
      const children = [...state.organisations.values()].filter(
        (o) => o.parentId === org.id && o.ended === undefined,
      );
      return {
        orgId: org.id,
        name: org.name,
        type: org.type,
        typeLabel: PARTY_ORG_TYPE_LABEL[org.type].zh,
        divisionId: unit?.id ?? org.divisionId,
        divisionName: unit?.name ?? org.divisionId,
        townshipId: unit?.townshipId ?? null,
        parent: parent ? { orgId: parent.id, name: parent.name, type: parent.type } : null,
        children: children.map((c) => ({ orgId: c.id, name: c.name, type: c.type })),
        secretaryPostId: org.secretaryPostId ?? null,
        establishedAt: org.establishedAt,
        documentNo: org.documentNo ?? null,
        ended: org.ended ?? null,
      };
    },
  },
});
