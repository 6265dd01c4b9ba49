/**
 * The zones state as a decision sees it (the county's divisions and zones, folded from the registry
 * stream) and the one function that applies an event to it, with or without the rules: a zone's id
 * is never reused and its name is unique among the county's zones; a township that joins exists and
 * is live on the date, lies in the zone's county, and is in no other zone.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import {
  ZONE_ROLE_LABEL,
  applyZoneEvent,
  countyCodeOf,
  describePlace,
  emptyDivisionIndex,
  emptyZoneIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  zoneEvent,
  type DivisionIndex,
  type Zone,
  type ZoneIndex,
} from '@xianzhi/divisions-contract';

export interface ZonesState {
  divisions: DivisionIndex;
  zones: ZoneIndex;
}

export const emptyZonesState = (): ZonesState => ({
  divisions: emptyDivisionIndex(),
  zones: emptyZoneIndex(),
});

export const describeZone = (z: Pick<Zone, 'id' | 'name'>): string => `zone ${z.name}（${z.id}）`;

function liveZone(state: ZonesState, zoneId: string, at: string): Zone {
  const zone = state.zones.zones.get(zoneId);
  if (!zone)
    throw new InvariantViolation(`no zone ${zoneId} exists as of ${at}`, { zoneId, path: ['zoneId'] });
  if (zone.dissolvedAt !== undefined)
    throw new InvariantViolation(`${describeZone(zone)} was dissolved on ${zone.dissolvedAt}`, {
      zoneId,
      path: ['zoneId'],
    });
  return zone;
}

function checkName(state: ZonesState, zoneId: string, countyCode: string, name: string): void {
  for (const z of state.zones.zones.values()) {
    if (z.id !== zoneId && z.dissolvedAt === undefined && z.countyCode === countyCode && z.name === name) {
      throw new InvariantViolation(
        `county ${countyCode} already has ${describeZone(z)}, established on ${z.establishedAt}; zone names are unique`,
        { zoneId, path: ['name'] },
      );
    }
  }
}

function checkTownship(state: ZonesState, zone: Zone, townshipId: string, at: string): void {
  const place = findPlace(state.divisions, townshipId);
  if (!place)
    throw new InvariantViolation(`no township ${townshipId} exists as of ${at}`, {
      townshipId,
      path: ['townshipId'],
    });
  if (place.level !== 'township')
    throw new InvariantViolation(`${describePlace(place)} is a ${place.level}; a zone groups townships`, {
      townshipId,
      path: ['townshipId'],
    });
  const ended = endedReason(state.divisions, place);
  if (ended)
    throw new InvariantViolation(`${ended}; it cannot join ${describeZone(zone)} on ${at}`, {
      townshipId,
      path: ['townshipId'],
    });
  if (countyCodeOf(state.divisions, place) !== zone.countyCode) {
    throw new InvariantViolation(
      `${describePlace(place)} is not in county ${zone.countyCode}, the county of ${describeZone(zone)}`,
      { townshipId, path: ['townshipId'] },
    );
  }
  const member = state.zones.members.get(place.id);
  const other = member ? state.zones.zones.get(member.zoneId) : undefined;
  if (member && other) {
    throw new InvariantViolation(
      `${describePlace(place)} is already in ${describeZone(other)} (as ${ZONE_ROLE_LABEL[member.role].zh}) since ${member.since}${member.documentNo ? ` (${member.documentNo})` : ''}; a township is in one zone at a time — move it instead`,
      { townshipId: place.id, path: ['townshipId'] },
      {
        reason: {
          code: 'zones.alreadyInZone',
          params: {
            township: place.name,
            zone: other.name,
            role: ZONE_ROLE_LABEL[member.role].zh,
            since: member.since,
            documentNo: member.documentNo ?? '',
          },
        },
      },
    );
  }
}

function membership(state: ZonesState, zone: Zone, townshipId: string, at: string) {
  const m = state.zones.members.get(townshipId);
  if (m?.zoneId !== zone.id) {
    const place = state.divisions.places.get(townshipId);
    throw new InvariantViolation(
      `${place ? describePlace(place) : `township ${townshipId}`} is not in ${describeZone(zone)} as of ${at}`,
      { townshipId, path: ['townshipId'] },
      {
        reason: {
          code: 'zones.notInZone',
          params: { township: place?.name ?? townshipId, zone: zone.name, at },
        },
      },
    );
  }
  return m;
}

/** Applies one event of the registry stream (divisions and zones; others are skipped). With `check`, refuses before any change. */
export function applyZonesEvent(state: ZonesState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !zoneEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  if (check) {
    switch (event.type) {
      case 'zones.established': {
        const existing = state.zones.zones.get(event.data.zoneId);
        if (existing)
          throw new InvariantViolation(
            `${describeZone(existing)} already exists (established on ${existing.establishedAt}); a zone id is never reused`,
            { zoneId: existing.id, path: ['zoneId'] },
          );
        checkName(state, event.data.zoneId, event.data.countyCode, event.data.name);
        break;
      }
      case 'zones.renamed': {
        const zone = liveZone(state, event.data.zoneId, at);
        if (zone.name === event.data.name)
          throw new InvariantViolation(`${describeZone(zone)} is already named ${zone.name}`, {
            zoneId: zone.id,
            path: ['name'],
          });
        checkName(state, zone.id, zone.countyCode, event.data.name);
        break;
      }
      case 'zones.dissolved':
        liveZone(state, event.data.zoneId, at);
        break;
      case 'zones.township-joined':
        checkTownship(state, liveZone(state, event.data.zoneId, at), event.data.townshipId, at);
        break;
      case 'zones.township-left':
        membership(state, liveZone(state, event.data.zoneId, at), event.data.townshipId, at);
        break;
      case 'zones.role-changed': {
        const zone = liveZone(state, event.data.zoneId, at);
        const m = membership(state, zone, event.data.townshipId, at);
        if (m.role === event.data.role)
          throw new InvariantViolation(
            `township ${event.data.townshipId} is already ${ZONE_ROLE_LABEL[m.role].zh} of ${describeZone(zone)}`,
            { townshipId: m.townshipId, path: ['role'] },
          );
        break;
      }
    }
  }
  applyZoneEvent(state.zones, event);
}
