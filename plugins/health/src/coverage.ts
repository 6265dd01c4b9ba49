/**
 * Queries `coverage` and `withoutCentre`: per township as of the date, the health centres of its own
 * (sub-centre, central, general) and its village clinics — every facility remapped to the township
 * it counts under after mergers and village moves — and the townships that have no centre.
 */
import { KIND_LABEL, livePlaces, type Place } from '@xianzhi/divisions-contract';
import { placedFacilities, scopeTownship, type HealthState, type Scope } from './state';

export interface CoverageRow {
  townshipId: string;
  code: string;
  township: string;
  kind: string;
  subCentres: number;
  centralCentres: number;
  generalCentres: number;
  centres: number;
  clinics: number;
  hasCentre: boolean;
  /** The names of its centres, joined with 、 */
  centreNames: string;
}

const row = (t: Place): CoverageRow => ({
  townshipId: t.id,
  code: t.code ?? '',
  township: t.name,
  kind: KIND_LABEL[t.kind].zh,
  subCentres: 0,
  centralCentres: 0,
  generalCentres: 0,
  centres: 0,
  clinics: 0,
  hasCentre: false,
  centreNames: '',
});

export function coverage(state: HealthState, scope: Scope | undefined): CoverageRow[] {
  const only = scopeTownship(state, scope);
  if (only === null) return [];
  const townships = (only ? [only] : livePlaces(state.divisions, 'township', scope?.countyCode)).filter(
    (t) => scope?.within === undefined || scope.within.includes(t.id),
  );
  const rows = new Map(townships.map((t) => [t.id, row(t)]));
  const names = new Map<string, string[]>();
  for (const { facility, township } of placedFacilities(state, scope)) {
    const r = township && rows.get(township.id);
    if (!r) continue;
    switch (facility.tier) {
      case 'medical-sub-centre':
        r.subCentres += 1;
        break;
      case 'central-health-centre':
        r.centralCentres += 1;
        break;
      case 'general-health-centre':
        r.generalCentres += 1;
        break;
      case 'village-clinic':
        r.clinics += 1;
        continue;
    }
    r.centres += 1;
    names.set(r.townshipId, [...(names.get(r.townshipId) ?? []), facility.name]);
  }
  for (const r of rows.values()) {
    r.hasCentre = r.centres > 0;
    r.centreNames = (names.get(r.townshipId) ?? []).join('、');
  }
  return [...rows.values()];
}

export const withoutCentre = (state: HealthState, scope: Scope | undefined): CoverageRow[] =>
  coverage(state, scope).filter((r) => !r.hasCentre);
