/**
 * Read model `health.facilities`: the county's health facilities as of any date, under the township
 * each counts in on that date (following township mergers and village moves), with the network,
 * coverage and facility-list queries built on it. One state serves every query.
 */
import { defineProjection } from '@xianzhi/kernel';
import { coverage, withoutCentre } from './coverage';
import { divisionInfo } from '@xianzhi/divisions-contract';
import { TIER_LABEL, ZONE_LABEL, type Tier, type Zone } from './index';
import { network, networkSummary } from './network';
import { emptyHealth, evolve, placedFacilities, type HealthState, type Placed, type Scope } from './state';

export interface FacilityRow {
  facilityId: string;
  name: string;
  tier: Tier;
  tierLabel: string;
  zone: Zone;
  zoneLabel: string;
  /** The township the facility counts under as of the date. */
  townshipId: string;
  township: string;
  /** The township or village it was established in (a village for a clinic). */
  divisionId: string;
  division: string;
  establishedAt: string;
  /** Its tiers so far, e.g. 一般卫生院 → 中心卫生院 (2021-03-01) */
  tierHistory: string;
  status: 'open' | 'closed';
  closedAt: string | null;
}

function facilityRow(state: HealthState, { facility: f, township }: Placed): FacilityRow {
  return {
    facilityId: f.id,
    name: f.name,
    tier: f.tier,
    tierLabel: TIER_LABEL[f.tier].zh,
    zone: f.zone,
    zoneLabel: ZONE_LABEL[f.zone].zh,
    townshipId: township?.id ?? f.divisionId,
    township: township?.name ?? f.divisionId,
    divisionId: f.divisionId,
    division: state.divisions.places.get(f.divisionId)?.name ?? f.divisionId,
    establishedAt: f.establishedAt,
    tierHistory: f.tiers
      .map((t, i) => (i === 0 ? TIER_LABEL[t.tier].zh : `${TIER_LABEL[t.tier].zh}（${t.from}）`))
      .join(' → '),
    status: f.closed ? 'closed' : 'open',
    closedAt: f.closed?.on ?? null,
  };
}

export const healthFacilities = defineProjection({
  name: 'health.facilities',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: emptyHealth,
  evolve,
  queries: {
    /** The facilities (open ones unless `includeClosed`), optionally of one tier or zone. */
    facilities: (
      state: HealthState,
      input: (Scope & { tier?: Tier; zone?: Zone; includeClosed?: boolean }) | undefined,
    ) =>
      placedFacilities(state, input, input?.includeClosed ?? false)
        .filter(
          (p) =>
            (input?.tier === undefined || p.facility.tier === input.tier) &&
            (input?.zone === undefined || p.facility.zone === input.zone),
        )
        .map((p) => facilityRow(state, p)),
    /** One facility as of the date (open or closed), or null before it is established. */
    facility: (state: HealthState, input: { facilityId: string }) => {
      const p = placedFacilities(state, {}, true).find((x) => x.facility.id === input.facilityId);
      return p ? facilityRow(state, p) : null;
    },
    network: (state: HealthState, input: Scope | undefined) => network(state, input),
    networkSummary: (state: HealthState, input: Scope | undefined) => networkSummary(state, input),
    coverage: (state: HealthState, input: Scope | undefined) => coverage(state, input),
    withoutCentre: (state: HealthState, input: Scope | undefined) => withoutCentre(state, input),
    /** A division (township or village, id or code) as the plugin knows it on the date: for the guard. */
    division: (state: HealthState, input: { id: string }) => divisionInfo(state.divisions, input.id),
  },
});
