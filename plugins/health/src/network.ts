/**
 * Query `network`: the open facilities by tier and service zone as of the date, with the county's
 * targets for the health centres (4 medical sub-centres, 15 central and 17 general health centres):
 * current, target, gap (= target − current).
 */
import {
  CENTRE_TIERS,
  NETWORK_TARGETS,
  TIERS,
  TIER_LABEL,
  ZONES,
  isCentre,
  type Tier,
  type Zone,
} from './index';
import { placedFacilities, type HealthState, type Scope } from './state';

export interface NetworkRow extends Record<Zone, number> {
  tier: Tier;
  label: string;
  total: number;
  /** null for village clinics (no target). */
  target: number | null;
  gap: number | null;
}

export function network(state: HealthState, scope: Scope | undefined): NetworkRow[] {
  const rows = new Map<Tier, NetworkRow>(
    TIERS.map((tier) => {
      const target = isCentre(tier) ? NETWORK_TARGETS[tier] : null;
      const zones = Object.fromEntries(ZONES.map((z) => [z, 0])) as Record<Zone, number>;
      return [tier, { tier, label: TIER_LABEL[tier].zh, ...zones, total: 0, target, gap: target }];
    }),
  );
  for (const { facility } of placedFacilities(state, scope)) {
    const r = rows.get(facility.tier)!;
    r[facility.zone] += 1;
    r.total += 1;
    if (r.target !== null) r.gap = r.target - r.total;
  }
  return [...rows.values()];
}

export interface NetworkSummary {
  /** Health centres of all three tiers. */
  centres: number;
  clinics: number;
  /** The centre tiers whose count equals the target. */
  tiersOnTarget: number;
  tiers: number;
}

export function networkSummary(state: HealthState, scope: Scope | undefined): NetworkSummary {
  const rows = network(state, scope);
  const centres = rows.filter((r) => r.target !== null);
  return {
    centres: centres.reduce((n, r) => n + r.total, 0),
    clinics: rows.find((r) => r.tier === 'village-clinic')!.total,
    tiersOnTarget: centres.filter((r) => r.gap === 0).length,
    tiers: CENTRE_TIERS.length,
  };
}
