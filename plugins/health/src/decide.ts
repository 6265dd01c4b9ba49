/**
 * The health commands and their decider.
 *
 * Stream: one per county, `health-<countyCode>`. The network is small (a few dozen health centres
 * and a hundred-odd village clinics, a handful of changes a year) and its rules span facilities:
 * ids are unique across the county and a facility's tier history must stay on the ladder — one
 * aggregate per county keeps that simple and atomic at no cost.
 *
 * Deciding follows the time model: the facilities are rebuilt as of the command's effective date,
 * the new event is applied with the rules checked, and every later event about the same facility is
 * applied again on top — so a backdated command that contradicts what was recorded after its date
 * (closing a centre before a later upgrade, say) is refused, naming that event.
 *
 * Townships and villages live in another aggregate (the division registry): that a facility's
 * division exists, is of the right level and has not ended on the date is checked through the read
 * model before the command runs (guard.ts), not here.
 */
import {
  InvariantViolation,
  defineCommand,
  timelineDecider,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import {
  changeTierInput,
  closeFacilityInput,
  establishFacilityInput,
  facilityClosed,
  facilityDowngraded,
  facilityEstablished,
  facilityUpgraded,
  healthStream,
  type ChangeTier,
  type CloseFacility,
  type EstablishFacility,
} from './index';
import { applyHealthEvent, emptyFacilities, facilityOf, openFacility, type FacilitiesState } from './model';

interface Common {
  countyCode: string;
  effectiveAt: string;
  authority?: { documentNo: string; issuedBy: string; approvedOn?: string } | undefined;
}

/** A missing facility that is only established later: say so. */
function explain(
  error: InvariantViolation,
  history: readonly RecordedEvent[],
  at: string,
): InvariantViolation {
  const id = error.details?.facilityId;
  if (typeof id !== 'string' || !/^no facility /.test(error.message)) return error;
  for (const later of history) {
    if (!facilityEstablished.is(later) || later.data.facilityId !== id) continue;
    return new InvariantViolation(
      `${later.data.name}（${id}）is only established on ${later.metadata.effectiveAt}; nothing can be recorded for it on ${at}`,
      { ...error.details, establishedBy: later.id },
      { cause: error },
    );
  }
  return error;
}

type Build<C> = (command: C, state: FacilitiesState, history: readonly RecordedEvent[]) => NewEvent;

/**
 * A decider that decides as of the command's date (see the header): later events about the same
 * facility are checked again; the others are folded as they are.
 */
const asOfDecider = <C extends Common>(build: Build<C>) =>
  timelineDecider(
    {
      initialState: emptyFacilities,
      apply: (state: FacilitiesState, event, check) => void applyHealthEvent(state, event, check),
    },
    (command: C, { state, history, at, emit }) => {
      try {
        emit(build(command, state, history));
      } catch (error) {
        if (error instanceof InvariantViolation) throw explain(error, history, at);
        throw error;
      }
    },
    {
      recheck: { concerning: facilityOf },
      advice: 'Retract or correct the later event first, or choose another date.',
    },
  );

/** The next free `facility-<county>-<n>`, after every id ever used in the stream. */
function nextFacilityId(countyCode: string, history: readonly RecordedEvent[]): string {
  const used = new Set(history.flatMap((e) => (facilityEstablished.is(e) ? [e.data.facilityId] : [])));
  let n = used.size;
  let id: string;
  do id = `facility-${countyCode}-${String(++n).padStart(3, '0')}`;
  while (used.has(id));
  return id;
}

export const establishFacilityDecider = asOfDecider<EstablishFacility>((c, _state, history) =>
  facilityEstablished.create({
    facilityId: c.facilityId ?? nextFacilityId(c.countyCode, history),
    countyCode: c.countyCode,
    name: c.name,
    tier: c.tier,
    zone: c.zone,
    divisionId: c.divisionId,
  }),
);

const tierChange = (direction: 'upgraded' | 'downgraded') =>
  asOfDecider<ChangeTier>((c, state) => {
    const f = openFacility(state, c.facilityId, direction, c.effectiveAt);
    const data = {
      facilityId: c.facilityId,
      tier: c.tier,
      previousTier: f.tier as ChangeTier['tier'],
      ...(c.name ? { name: c.name } : {}),
    };
    // a village clinic's tier is not a centre tier: the rules in model.ts refuse it with a clear message
    return direction === 'upgraded' ? facilityUpgraded.create(data) : facilityDowngraded.create(data);
  });

export const upgradeFacilityDecider = tierChange('upgraded');
export const downgradeFacilityDecider = tierChange('downgraded');

export const closeFacilityDecider = asOfDecider<CloseFacility>((c) =>
  facilityClosed.create({ facilityId: c.facilityId, ...(c.reason ? { reason: c.reason } : {}) }),
);

const stream = (input: { countyCode: string }) => healthStream(input.countyCode);

export const establishFacility = defineCommand({
  name: 'establishFacility',
  input: establishFacilityInput,
  stream,
  decider: establishFacilityDecider,
});
export const upgradeFacility = defineCommand({
  name: 'upgradeFacility',
  input: changeTierInput,
  stream,
  decider: upgradeFacilityDecider,
});
export const downgradeFacility = defineCommand({
  name: 'downgradeFacility',
  input: changeTierInput,
  stream,
  decider: downgradeFacilityDecider,
});
export const closeFacility = defineCommand({
  name: 'closeFacility',
  input: closeFacilityInput,
  stream,
  decider: closeFacilityDecider,
});

export const healthCommands = { establishFacility, upgradeFacility, downgradeFacility, closeFacility };
