/**
 * The institutions state (stations and offices per township) and the one function that applies an
 * event to it, with or without the rules — shared by the decider and the read model.
 */
import { InvariantViolation, type RecordedEvent } from '@xianzhi/kernel';
import { institutionsEvent } from './events';
import { OFFICE_KIND_LABEL, ONE_PER_TOWNSHIP, type OfficeKind } from './vocabulary';

export interface Station {
  id: string;
  countyCode: string;
  department: string;
  name: string;
  townshipId: string;
  quotas: number;
  staff: number;
  devolvedAt: string;
  documentNo?: string;
  withdrawnAt?: string;
}

export interface Office {
  id: string;
  countyCode: string;
  townshipId: string;
  kind: OfficeKind;
  name: string;
  quotas?: number;
  establishedAt: string;
  documentNo?: string;
  abolishedAt?: string;
}

export interface InstitutionsState {
  stations: Map<string, Station>;
  offices: Map<string, Office>;
}

export const emptyInstitutions = (): InstitutionsState => ({ stations: new Map(), offices: new Map() });

export const describeStation = (s: Pick<Station, 'id' | 'department' | 'name'>): string =>
  `station ${s.department}${s.name}（${s.id}）`;
export const describeOffice = (o: Pick<Office, 'id' | 'kind' | 'name'>): string =>
  `${OFFICE_KIND_LABEL[o.kind]} ${o.name}（${o.id}）`;

function activeStation(state: InstitutionsState, id: string, at: string): Station {
  const s = state.stations.get(id);
  if (!s) throw new InvariantViolation(`no station ${id} exists as of ${at}`, { stationId: id });
  if (s.withdrawnAt !== undefined)
    throw new InvariantViolation(
      `${describeStation(s)} was withdrawn to its department on ${s.withdrawnAt}`,
      { stationId: id },
    );
  return s;
}

function checkStaffing(name: string, quotas: number, staff: number): void {
  if (staff > quotas) {
    throw new InvariantViolation(
      `${name} would have ${staff} staff for ${quotas} staffing quotas; staff cannot exceed the quotas (不得超编) — raise the quotas first`,
      { quotas, staff },
    );
  }
}

function checkNoTwin(
  state: InstitutionsState,
  s: Pick<Station, 'id' | 'department' | 'name'>,
  townshipId: string,
): void {
  for (const other of state.stations.values()) {
    if (
      other.id !== s.id &&
      other.withdrawnAt === undefined &&
      other.townshipId === townshipId &&
      other.department === s.department &&
      other.name === s.name
    ) {
      throw new InvariantViolation(
        `township ${townshipId} already has ${describeStation(other)}, devolved on ${other.devolvedAt}`,
        { stationId: s.id, existing: other.id },
      );
    }
  }
}

export function applyInstitutionsEvent(state: InstitutionsState, event: RecordedEvent, check: boolean): void {
  if (!institutionsEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  const doc = event.metadata.authority?.documentNo;
  switch (event.type) {
    case 'institutions.station-devolved': {
      const { stationId, ...d } = event.data;
      if (check) {
        const existing = state.stations.get(stationId);
        if (existing)
          throw new InvariantViolation(
            `${describeStation(existing)} already exists (devolved on ${existing.devolvedAt}); a station id is never reused`,
            { stationId },
          );
        checkStaffing(`${d.department}${d.name}`, d.quotas, d.staff);
        checkNoTwin(state, { id: stationId, ...d }, d.townshipId);
      }
      state.stations.set(stationId, {
        id: stationId,
        ...d,
        devolvedAt: at,
        ...(doc ? { documentNo: doc } : {}),
      });
      return;
    }
    case 'institutions.station-staffing-changed': {
      const d = event.data;
      const s = check ? activeStation(state, d.stationId, at) : state.stations.get(d.stationId);
      if (!s) return;
      if (check) checkStaffing(describeStation(s), d.quotas, d.staff);
      s.quotas = d.quotas;
      s.staff = d.staff;
      return;
    }
    case 'institutions.station-reassigned': {
      const d = event.data;
      const s = check ? activeStation(state, d.stationId, at) : state.stations.get(d.stationId);
      if (!s) return;
      if (check) {
        if (s.townshipId === d.townshipId)
          throw new InvariantViolation(`${describeStation(s)} already belongs to township ${d.townshipId}`, {
            stationId: s.id,
          });
        checkNoTwin(state, s, d.townshipId);
      }
      s.townshipId = d.townshipId;
      return;
    }
    case 'institutions.station-withdrawn': {
      const d = event.data;
      const s = check ? activeStation(state, d.stationId, at) : state.stations.get(d.stationId);
      if (s) s.withdrawnAt = at;
      return;
    }
    case 'institutions.office-established': {
      const { officeId, ...d } = event.data;
      if (check) {
        const existing = state.offices.get(officeId);
        if (existing)
          throw new InvariantViolation(
            `${describeOffice(existing)} already exists (established on ${existing.establishedAt}); an office id is never reused`,
            { officeId },
          );
        if (ONE_PER_TOWNSHIP.has(d.kind)) {
          const twin = [...state.offices.values()].find(
            (o) => o.townshipId === d.townshipId && o.kind === d.kind && o.abolishedAt === undefined,
          );
          if (twin) {
            throw new InvariantViolation(
              `township ${d.townshipId} already has a ${OFFICE_KIND_LABEL[d.kind]}, ${describeOffice(twin)}, since ${twin.establishedAt}; a township has one at most`,
              {
                officeId,
                existing: twin.id,
              },
            );
          }
        }
      }
      state.offices.set(officeId, {
        id: officeId,
        ...d,
        establishedAt: at,
        ...(doc ? { documentNo: doc } : {}),
      });
      return;
    }
    case 'institutions.office-abolished': {
      const d = event.data;
      const o = state.offices.get(d.officeId);
      if (check) {
        if (!o)
          throw new InvariantViolation(`no office ${d.officeId} exists as of ${at}`, {
            officeId: d.officeId,
          });
        if (o.abolishedAt !== undefined)
          throw new InvariantViolation(`${describeOffice(o)} was already abolished on ${o.abolishedAt}`, {
            officeId: o.id,
          });
      }
      if (o) o.abolishedAt = at;
      return;
    }
  }
}
