/**
 * The zones decider: the county's divisions and zones are rebuilt as of the decision's date, each
 * change becomes events applied with the rules checked, and every later event is applied again on
 * top — a backdated change that contradicts a later one is refused, naming it and its document.
 *
 * Zones are recorded on the county's division registry stream: "a township that joins is live on
 * the date" is a rule across the registry and the zones, and a decider sees only its own stream —
 * so the check and the append are atomic (a merger enacted meanwhile fails the append, and the
 * retry sees it). Zone decisions are rare, like division changes.
 */
import { InvariantViolation, defineCommand, timelineDecider, type Timeline } from '@xianzhi/kernel';
import {
  findPlace,
  townshipJoinedZone,
  townshipLeftZone,
  zoneDissolved,
  zoneEstablished,
  zoneEvent,
  zoneRenamed,
  zoneRoleChanged,
} from '@xianzhi/divisions-contract';
import { registryStream } from '../divisions/adjustment';
import { eachChange } from '../command-kit';
import { recordZoneChangesInput, type ZoneChange, type ZoneChanges } from './inputs';
import { applyZonesEvent, emptyZonesState, type ZonesState } from './model';

function decide(decision: ZoneChanges, { state, at, history, emit }: Timeline<ZonesState>): void {
  const used = new Set(
    history.flatMap((e) => (zoneEvent.is(e) && e.type === 'zones.established' ? [e.data.zoneId] : [])),
  );
  let n = used.size;
  const nextId = () => {
    let id: string;
    do id = `zone-${decision.countyCode}-${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  /** The township's id (a code names its holder as of the date); unknown refs are left for the rules to refuse. */
  const township = (ref: string) => findPlace(state.divisions, ref)?.id ?? ref;
  const zoneName = (zoneId: string) => state.zones.zones.get(zoneId)?.name;

  const apply = (c: ZoneChange): void => {
    switch (c.op) {
      case 'establish': {
        const zoneId = c.zoneId ?? nextId();
        emit(
          zoneEstablished.create({
            zoneId,
            countyCode: decision.countyCode,
            name: c.name,
            ...(c.direction ? { direction: c.direction } : {}),
            ...(c.description ? { description: c.description } : {}),
          }),
        );
        for (const t of c.townships)
          emit(townshipJoinedZone.create({ zoneId, townshipId: township(t.townshipId), role: t.role }));
        return;
      }
      case 'join':
        emit(
          townshipJoinedZone.create({ zoneId: c.zoneId, townshipId: township(c.townshipId), role: c.role }),
        );
        return;
      case 'leave':
        emit(townshipLeftZone.create({ zoneId: c.zoneId, townshipId: township(c.townshipId) }));
        return;
      case 'move': {
        const id = township(c.townshipId);
        const from = state.zones.members.get(id);
        if (!from)
          throw new InvariantViolation(
            `township ${c.townshipId} is in no zone as of ${at}; join it to a zone instead`,
            { townshipId: id, path: ['townshipId'] },
          );
        if (from.zoneId === c.toZoneId)
          throw new InvariantViolation(
            `township ${c.townshipId} is already in zone ${zoneName(from.zoneId) ?? from.zoneId}`,
            { townshipId: id, path: ['toZoneId'] },
          );
        emit(townshipLeftZone.create({ zoneId: from.zoneId, townshipId: id }));
        emit(townshipJoinedZone.create({ zoneId: c.toZoneId, townshipId: id, role: c.role }));
        return;
      }
      case 'change-role': {
        const id = township(c.townshipId);
        const previousRole = state.zones.members.get(id)?.role ?? c.role;
        emit(zoneRoleChanged.create({ zoneId: c.zoneId, townshipId: id, role: c.role, previousRole }));
        return;
      }
      case 'rename':
        emit(
          zoneRenamed.create({ zoneId: c.zoneId, name: c.name, previousName: zoneName(c.zoneId) ?? c.name }),
        );
        return;
      case 'dissolve':
        emit(zoneDissolved.create({ zoneId: c.zoneId, ...(c.reason ? { reason: c.reason } : {}) }));
        return;
    }
  };
  eachChange('changes', decision.changes, apply);
}

/** A backdated division merger may leave later zone events inconsistent: that blocks no unrelated decision. */
export const zonesDecider = timelineDecider(
  { initialState: emptyZonesState, apply: applyZonesEvent },
  decide,
  { noun: 'zone decision', recheck: 'new-conflicts' },
);

export const recordZoneChanges = defineCommand({
  name: 'recordZoneChanges',
  input: recordZoneChangesInput,
  stream: (input) => registryStream(input.countyCode),
  decider: zonesDecider,
});

export const zonesCommands = { recordZoneChanges };
