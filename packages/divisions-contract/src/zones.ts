/**
 * Development zones (五路: 中路、北路、西路、东路、南路): named groups of townships, each township with
 * a role in its zone (主城区、副中心、中心镇、特色镇…), valid over time. They live in the contract —
 * beside the divisions — because statistics and plugin read models group their figures by zone, and
 * plugins import only the contract. The zones module (core) decides the events; every read model
 * follows them with `followZones` and asks `zoneOf`.
 *
 * A zone holds townships, not places: what a merged township held belongs, from the merger's
 * effective date, to its survivor — and so to the survivor's zone (`zoneOf` goes through
 * `townshipOf`). A township that ended leaves its zone's live members by itself.
 */
import { z } from 'zod';
import { defineEvent, eventFamily, on, type Evolver, type RecordedEventOf } from '@xianzhi/kernel';
import type { DivisionIndex, Place } from './follow';
import { livePlaces, townshipOf } from './where';

export const ZONE_DIRECTIONS = ['central', 'north', 'west', 'east', 'south'] as const;
export type ZoneDirection = (typeof ZONE_DIRECTIONS)[number];
export const zoneDirectionSchema = z.enum(ZONE_DIRECTIONS);

export const ZONE_DIRECTION_LABEL: Record<ZoneDirection, { zh: string; en: string }> = {
  central: { zh: '中路', en: 'central route' },
  north: { zh: '北路', en: 'north route' },
  west: { zh: '西路', en: 'west route' },
  east: { zh: '东路', en: 'east route' },
  south: { zh: '南路', en: 'south route' },
};

/** The role a township plays in its zone. */
export const ZONE_ROLES = [
  'main-urban',
  'sub-centre',
  'central-town',
  'characteristic-town',
  'ordinary',
] as const;
export type ZoneRole = (typeof ZONE_ROLES)[number];
export const zoneRoleSchema = z.enum(ZONE_ROLES);

export const ZONE_ROLE_LABEL: Record<ZoneRole, { zh: string; en: string }> = {
  'main-urban': { zh: '主城区', en: 'main urban area' },
  'sub-centre': { zh: '副中心', en: 'sub-centre' },
  'central-town': { zh: '中心镇', en: 'central town' },
  'characteristic-town': { zh: '特色镇', en: 'characteristic town' },
  ordinary: { zh: '一般乡镇', en: 'ordinary township' },
};

const id = z.string().min(1).max(80);
const name = z.string().trim().min(1).max(40);

export const zoneEstablished = defineEvent(
  'zones.established',
  1,
  z.object({
    zoneId: id,
    countyCode: z.string().regex(/^\d{6}$/),
    name,
    direction: zoneDirectionSchema.optional(),
    /** What the zone is for, e.g. 县城核心区、工业集中发展区. */
    description: z.string().trim().max(200).optional(),
  }),
);

export const zoneRenamed = defineEvent(
  'zones.renamed',
  1,
  z.object({ zoneId: id, name, previousName: name }),
);

export const zoneDissolved = defineEvent(
  'zones.dissolved',
  1,
  z.object({ zoneId: id, reason: z.string().trim().max(500).optional() }),
);

export const townshipJoinedZone = defineEvent(
  'zones.township-joined',
  1,
  z.object({ zoneId: id, townshipId: id, role: zoneRoleSchema }),
);

export const townshipLeftZone = defineEvent(
  'zones.township-left',
  1,
  z.object({ zoneId: id, townshipId: id }),
);

export const zoneRoleChanged = defineEvent(
  'zones.role-changed',
  1,
  z.object({ zoneId: id, townshipId: id, role: zoneRoleSchema, previousRole: zoneRoleSchema }),
);

export const zoneEvents = [
  zoneEstablished,
  zoneRenamed,
  zoneDissolved,
  townshipJoinedZone,
  townshipLeftZone,
  zoneRoleChanged,
];

/** Every zones event, as one family. */
export const zoneEvent = eventFamily(zoneEvents);
export type ZoneEvent = RecordedEventOf<(typeof zoneEvents)[number]>;

export interface Zone {
  id: string;
  countyCode: string;
  name: string;
  direction?: ZoneDirection;
  description?: string;
  establishedAt: string;
  documentNo?: string;
  dissolvedAt?: string;
}

/** A township's place in a zone (the latest; a township is in one zone at a time). */
export interface ZoneMembership {
  zoneId: string;
  townshipId: string;
  role: ZoneRole;
  since: string;
  documentNo?: string;
}

export interface ZoneIndex {
  zones: Map<string, Zone>;
  /** Township id → its membership (townships that left have none). */
  members: Map<string, ZoneMembership>;
}

export function emptyZoneIndex(): ZoneIndex {
  return { zones: new Map(), members: new Map() };
}

/** Applies one zones event (the log is valid: nothing is checked — the zones module's decider checks). */
export function applyZoneEvent(index: ZoneIndex, event: ZoneEvent): void {
  const at = event.metadata.effectiveAt;
  const documentNo = event.metadata.authority?.documentNo;
  const doc = documentNo === undefined ? {} : { documentNo };
  switch (event.type) {
    case 'zones.established': {
      const { zoneId, direction, description, ...rest } = event.data;
      index.zones.set(zoneId, {
        id: zoneId,
        ...rest,
        ...(direction === undefined ? {} : { direction }),
        ...(description === undefined ? {} : { description }),
        establishedAt: at,
        ...doc,
      });
      return;
    }
    case 'zones.renamed': {
      const zone = index.zones.get(event.data.zoneId);
      if (zone) zone.name = event.data.name;
      return;
    }
    case 'zones.dissolved': {
      const zone = index.zones.get(event.data.zoneId);
      if (zone) zone.dissolvedAt = at;
      for (const [townshipId, m] of index.members)
        if (m.zoneId === event.data.zoneId) index.members.delete(townshipId);
      return;
    }
    case 'zones.township-joined':
      index.members.set(event.data.townshipId, {
        zoneId: event.data.zoneId,
        townshipId: event.data.townshipId,
        role: event.data.role,
        since: at,
        ...doc,
      });
      return;
    case 'zones.township-left':
      if (index.members.get(event.data.townshipId)?.zoneId === event.data.zoneId)
        index.members.delete(event.data.townshipId);
      return;
    case 'zones.role-changed': {
      const m = index.members.get(event.data.townshipId);
      if (m?.zoneId === event.data.zoneId) m.role = event.data.role;
      return;
    }
  }
}

/**
 * Evolve handlers that keep a `ZoneIndex` inside a projection's state: spread them into its `evolve`
 * beside `followDivisions`.
 *
 * @example
 * evolve: { ...followDivisions((s: State) => s.divisions), ...followZones((s: State) => s.zones), … }
 */
export function followZones<State>(
  indexOf: (state: State) => ZoneIndex,
): Record<ZoneEvent['type'], Evolver<State>> {
  return on(zoneEvent, (state: State, event) => {
    applyZoneEvent(indexOf(state), event);
    return state;
  });
}

/** The zone a division (township, village, or group in an index that keeps groups) lies in on the date. */
export function zoneOf(
  zones: ZoneIndex,
  divisions: DivisionIndex,
  ref: string,
): { zone: Zone; township: Place; role: ZoneRole } | undefined {
  const township = townshipOf(divisions, ref);
  const membership = township ? zones.members.get(township.id) : undefined;
  const zone = membership ? zones.zones.get(membership.zoneId) : undefined;
  if (!township || !membership || !zone || zone.dissolvedAt !== undefined) return undefined;
  return { zone, township, role: membership.role };
}

/** The live townships of a zone on the date, by code, with their roles. */
export function zoneMembers(
  zones: ZoneIndex,
  divisions: DivisionIndex,
  zoneId: string,
): { township: Place; role: ZoneRole; since: string }[] {
  const out: { township: Place; role: ZoneRole; since: string }[] = [];
  for (const m of zones.members.values()) {
    if (m.zoneId !== zoneId) continue;
    const township = divisions.places.get(m.townshipId);
    if (township && !township.ended) out.push({ township, role: m.role, since: m.since });
  }
  return out.sort((a, b) =>
    (a.township.code ?? a.township.id).localeCompare(b.township.code ?? b.township.id, 'en', {
      numeric: true,
    }),
  );
}

/** The zones not dissolved on the date (of one county, when given), in the order they were established. */
export function liveZones(zones: ZoneIndex, countyCode?: string): Zone[] {
  return [...zones.zones.values()].filter(
    (z) => z.dissolvedAt === undefined && (countyCode === undefined || z.countyCode === countyCode),
  );
}

/** The live townships of a county in no zone on the date. */
export function townshipsWithoutZone(
  zones: ZoneIndex,
  divisions: DivisionIndex,
  countyCode?: string,
): Place[] {
  return livePlaces(divisions, 'township', countyCode).filter((t) => {
    const m = zones.members.get(t.id);
    return !m || zones.zones.get(m.zoneId)?.dissolvedAt !== undefined;
  });
}

/** Groups rows by the zone of the division each names (rows outside any zone under `null`). */
export function groupByZone<Row>(
  zones: ZoneIndex,
  divisions: DivisionIndex,
  rows: readonly Row[],
  divisionOf: (row: Row) => string,
): Map<string | null, Row[]> {
  const out = new Map<string | null, Row[]>();
  for (const row of rows) {
    const key = zoneOf(zones, divisions, divisionOf(row))?.zone.id ?? null;
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}
