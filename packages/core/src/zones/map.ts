/**
 * Read model `zones.map`: the county's development zones (五路) as of any date — each zone with its
 * live townships and their roles, the villages and communities they hold; every township with its
 * zone; which zone a division lies in — following township mergers through the contract's fold.
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only
 * these divisions count, and only the zones holding one of them are listed.
 */
import { defineProjection } from '@xianzhi/kernel';
import {
  ZONE_DIRECTION_LABEL,
  ZONE_ROLE_LABEL,
  followDivisions,
  followZones,
  livePlaces,
  liveZones,
  townshipOf,
  zoneMembers,
  zoneOf,
  type Place,
  type ZoneDirection,
  type ZoneRole,
} from '@xianzhi/divisions-contract';
import { emptyZonesState, type ZonesState } from './model';

type Within = readonly string[] | undefined;

export interface ZoneTownship {
  townshipId: string;
  name: string;
  code: string | null;
  role: ZoneRole;
  roleLabel: string;
  since: string;
}

export interface ZoneRow {
  zoneId: string;
  name: string;
  direction: ZoneDirection | null;
  directionLabel: string;
  description: string | null;
  establishedAt: string;
  documentNo: string | null;
  townships: ZoneTownship[];
  townshipCount: number;
  villages: number;
  communities: number;
  /** 乡镇名单 (for exports) */
  townshipNames: string;
}

export interface TownshipZoneRow {
  townshipId: string;
  name: string;
  code: string | null;
  zoneId: string | null;
  zone: string;
  role: ZoneRole | null;
  roleLabel: string;
}

const allowedBy = (within: Within) => {
  const set = within === undefined ? undefined : new Set(within);
  return (id: string) => set === undefined || set.has(id);
};

/** Villages and communities per township, live on the date (those in `within` only). */
function villageCounts(
  state: ZonesState,
  countyCode: string | undefined,
  allowed: (id: string) => boolean,
): Map<string, { villages: number; communities: number }> {
  const out = new Map<string, { villages: number; communities: number }>();
  for (const v of livePlaces(state.divisions, 'village', countyCode)) {
    if (!allowed(v.id)) continue;
    const t = townshipOf(state.divisions, v.id);
    if (!t) continue;
    const c = out.get(t.id) ?? { villages: 0, communities: 0 };
    if (v.kind === 'community') c.communities += 1;
    else c.villages += 1;
    out.set(t.id, c);
  }
  return out;
}

function zoneRows(state: ZonesState, countyCode: string | undefined, within: Within): ZoneRow[] {
  const allowed = allowedBy(within);
  const counts = villageCounts(state, countyCode, allowed);
  const rows: ZoneRow[] = [];
  for (const zone of liveZones(state.zones, countyCode)) {
    const members = zoneMembers(state.zones, state.divisions, zone.id).filter((m) => allowed(m.township.id));
    if (within !== undefined && members.length === 0) continue;
    const townships = members.map((m) => ({
      townshipId: m.township.id,
      name: m.township.name,
      code: m.township.code ?? null,
      role: m.role,
      roleLabel: ZONE_ROLE_LABEL[m.role].zh,
      since: m.since,
    }));
    rows.push({
      zoneId: zone.id,
      name: zone.name,
      direction: zone.direction ?? null,
      directionLabel: zone.direction ? ZONE_DIRECTION_LABEL[zone.direction].zh : '',
      description: zone.description ?? null,
      establishedAt: zone.establishedAt,
      documentNo: zone.documentNo ?? null,
      townships,
      townshipCount: townships.length,
      villages: townships.reduce((s, t) => s + (counts.get(t.townshipId)?.villages ?? 0), 0),
      communities: townships.reduce((s, t) => s + (counts.get(t.townshipId)?.communities ?? 0), 0),
      townshipNames: townships.map((t) => t.name).join('、'),
    });
  }
  return rows;
}

function townshipRow(state: ZonesState, t: Place): TownshipZoneRow {
  const z = zoneOf(state.zones, state.divisions, t.id);
  return {
    townshipId: t.id,
    name: t.name,
    code: t.code ?? null,
    zoneId: z?.zone.id ?? null,
    zone: z?.zone.name ?? '未划入',
    role: z?.role ?? null,
    roleLabel: z ? ZONE_ROLE_LABEL[z.role].zh : '',
  };
}

export const zonesMap = defineProjection({
  name: 'zones.map',
  version: 1,
  initialState: emptyZonesState,
  evolve: {
    ...followDivisions((s: ZonesState) => s.divisions),
    ...followZones((s: ZonesState) => s.zones),
  },
  queries: {
    /** The zones with their live townships (roles), villages and communities. */
    zones: (state: ZonesState, input: { countyCode?: string; within?: Within } | undefined): ZoneRow[] =>
      zoneRows(state, input?.countyCode, input?.within),
    /** Every live township with its zone and role (未划入: in none). */
    townships: (
      state: ZonesState,
      input: { countyCode?: string; zoneId?: string; within?: Within } | undefined,
    ): TownshipZoneRow[] => {
      const allowed = allowedBy(input?.within);
      return livePlaces(state.divisions, 'township', input?.countyCode)
        .filter((t) => allowed(t.id))
        .map((t) => townshipRow(state, t))
        .filter((r) => input?.zoneId === undefined || r.zoneId === input.zoneId);
    },
    /** The zone a division (township or village, by id or code) lies in on the date, through its township. */
    zoneOf: (state: ZonesState, input: { ref: string }) => {
      const z = zoneOf(state.zones, state.divisions, input.ref);
      return z
        ? {
            zoneId: z.zone.id,
            name: z.zone.name,
            townshipId: z.township.id,
            township: z.township.name,
            role: z.role,
            roleLabel: ZONE_ROLE_LABEL[z.role].zh,
          }
        : null;
    },
  },
});
