/**
 * The county's health facilities as of a date, and how each health event changes them. The same
 * `applyHealthEvent` serves the decider (strict: a rule broken throws InvariantViolation) and the
 * read model (lenient: an event that no longer fits — e.g. after a retraction — is skipped).
 */
import { InvariantViolation, eventFamily, type RecordedEvent } from '@xianzhi/kernel';
import { TIER_LABEL, healthEvents, isCentre, rankOf, type Tier, type Zone } from './index';

export interface Facility {
  id: string;
  countyCode: string;
  name: string;
  tier: Tier;
  zone: Zone;
  /** The township (health centre) or village (village clinic) it was established in. */
  divisionId: string;
  establishedAt: string;
  /** Every tier it has had, from its establishment. */
  tiers: { tier: Tier; from: string }[];
  closed?: { on: string; reason?: string };
}

export interface FacilitiesState {
  facilities: Map<string, Facility>;
}

export const emptyFacilities = (): FacilitiesState => ({ facilities: new Map() });

export const describeFacility = (f: Pick<Facility, 'id' | 'name' | 'tier'>): string =>
  `${TIER_LABEL[f.tier].zh} ${f.name}（${f.id}）`;

/** Every health event, as one family (`healthEvent.is(event)` narrows a stored event). */
export const healthEvent = eventFamily(healthEvents);

/** The facility an event concerns (for the decider's check of later events). */
export const facilityOf = (event: RecordedEvent): string[] =>
  healthEvent.is(event) ? [event.data.facilityId] : [];

class Skip extends Error {}

/** The facility, open as of `at`; throws InvariantViolation (strict) or skips (lenient) otherwise. */
export function openFacility(
  state: FacilitiesState,
  id: string,
  action: string,
  at: string,
  strict = true,
): Facility {
  const f = state.facilities.get(id);
  if (!f) {
    if (!strict) throw new Skip();
    throw new InvariantViolation(
      `no facility ${id} exists as of ${at}; it cannot be ${action}. Establish it first, or check the id`,
      { facilityId: id },
    );
  }
  if (f.closed) {
    if (!strict) throw new Skip();
    throw new InvariantViolation(
      `${describeFacility(f)} was closed on ${f.closed.on}; it cannot be ${action} on ${at}`,
      { facilityId: id, closedOn: f.closed.on },
    );
  }
  return f;
}

function changeTier(
  f: Facility,
  tier: Tier,
  direction: 'upgraded' | 'downgraded',
  at: string,
  strict: boolean,
): void {
  if (!isCentre(f.tier) || !isCentre(tier)) {
    if (!strict) throw new Skip();
    throw new InvariantViolation(
      `${describeFacility(f)} is a village clinic, not on the ladder of health centres (sub-centre > central > general); ` +
        'close it and establish a health centre instead',
      { facilityId: f.id },
    );
  }
  const from = rankOf(f.tier);
  const to = rankOf(tier);
  const ok = direction === 'upgraded' ? to < from : to > from;
  if (!ok) {
    if (!strict) throw new Skip();
    const way = direction === 'upgraded' ? 'up' : 'down';
    throw new InvariantViolation(
      `${describeFacility(f)} cannot be ${direction} to ${TIER_LABEL[tier].zh} (${tier}) on ${at}: that is not ${way} the ladder ` +
        `医疗分中心 > 中心卫生院 > 一般卫生院 from ${TIER_LABEL[f.tier].zh}`,
      { facilityId: f.id, tier, currentTier: f.tier },
    );
  }
  f.tier = tier;
  f.tiers.push({ tier, from: at });
}

/**
 * Applies one health event. With `strict`, a broken rule throws InvariantViolation naming the
 * facility and the date; without, the event is skipped. Returns the state (mutated).
 */
export function applyHealthEvent(
  state: FacilitiesState,
  event: RecordedEvent,
  strict: boolean,
): FacilitiesState {
  if (!healthEvent.is(event)) return state;
  const at = event.metadata.effectiveAt;
  try {
    switch (event.type) {
      case 'health.facility-established': {
        const d = event.data;
        const existing = state.facilities.get(d.facilityId);
        if (existing) {
          if (!strict) throw new Skip();
          throw new InvariantViolation(
            `the id ${d.facilityId} is already used by ${describeFacility(existing)}, established on ${existing.establishedAt}; give the new facility another id`,
            { facilityId: d.facilityId },
          );
        }
        state.facilities.set(d.facilityId, {
          id: d.facilityId,
          countyCode: d.countyCode,
          name: d.name ?? d.facilityId,
          tier: d.tier,
          zone: d.zone,
          divisionId: d.divisionId,
          establishedAt: at,
          tiers: [{ tier: d.tier, from: at }],
        });
        break;
      }
      case 'health.facility-upgraded':
      case 'health.facility-downgraded': {
        const d = event.data;
        const direction = event.type === 'health.facility-upgraded' ? 'upgraded' : 'downgraded';
        const f = openFacility(state, d.facilityId, direction, at, strict);
        changeTier(f, d.tier, direction, at, strict);
        if (d.name) f.name = d.name;
        break;
      }
      case 'health.facility-closed': {
        const d = event.data;
        const f = openFacility(state, d.facilityId, 'closed', at, strict);
        f.closed = { on: at, ...(d.reason ? { reason: d.reason } : {}) };
        break;
      }
    }
  } catch (error) {
    if (error instanceof Skip) return state;
    throw error;
  }
  return state;
}
