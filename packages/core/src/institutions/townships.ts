/**
 * Read model `institutions.townships`: per township, the devolved stations with their quotas and
 * staff and the offices established; county totals and totals per department — as of any date.
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only the
 * stations and offices of these townships count.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { institutionsEvent } from './events';
import {
  applyInstitutionsEvent,
  emptyInstitutions,
  type InstitutionsState,
  type Office,
  type Station,
} from './model';
import { OFFICE_KINDS, OFFICE_KIND_LABEL, type OfficeKind } from './vocabulary';

export interface Staffing {
  stations: number;
  quotas: number;
  staff: number;
  /** quotas − staff */
  vacancies: number;
}

export interface TownshipRow extends Staffing {
  townshipId: string;
  offices: Record<OfficeKind, number>;
  approvalOffice: boolean;
  enforcementTeam: boolean;
}

export interface InstitutionTotals extends Staffing {
  /** Townships with at least one station or office. */
  townships: number;
  offices: Record<OfficeKind, number>;
}

const evolve = on(institutionsEvent, (state: InstitutionsState, event) => {
  applyInstitutionsEvent(state, event, false);
  return state;
});

const zeroOffices = () => Object.fromEntries(OFFICE_KINDS.map((k) => [k, 0])) as Record<OfficeKind, number>;

type Within = readonly string[] | undefined;

function active(
  state: InstitutionsState,
  countyCode: string | undefined,
  within?: Within,
): { stations: Station[]; offices: Office[] } {
  const allowed = within === undefined ? undefined : new Set(within);
  const inCounty = (x: { countyCode: string; townshipId: string }) =>
    (countyCode === undefined || x.countyCode === countyCode) &&
    (allowed === undefined || allowed.has(x.townshipId));
  return {
    stations: [...state.stations.values()].filter((s) => s.withdrawnAt === undefined && inCounty(s)),
    offices: [...state.offices.values()].filter((o) => o.abolishedAt === undefined && inCounty(o)),
  };
}

function townshipRows(state: InstitutionsState, countyCode?: string, within?: Within): TownshipRow[] {
  const rows = new Map<string, TownshipRow>();
  const rowOf = (townshipId: string) => {
    let r = rows.get(townshipId);
    if (!r)
      rows.set(
        townshipId,
        (r = {
          townshipId,
          stations: 0,
          quotas: 0,
          staff: 0,
          vacancies: 0,
          offices: zeroOffices(),
          approvalOffice: false,
          enforcementTeam: false,
        }),
      );
    return r;
  };
  const { stations, offices } = active(state, countyCode, within);
  for (const s of stations) {
    const r = rowOf(s.townshipId);
    r.stations += 1;
    r.quotas += s.quotas;
    r.staff += s.staff;
    r.vacancies += s.quotas - s.staff;
  }
  for (const o of offices) {
    const r = rowOf(o.townshipId);
    r.offices[o.kind] += 1;
    if (o.kind === 'approval-office') r.approvalOffice = true;
    if (o.kind === 'enforcement-team') r.enforcementTeam = true;
  }
  return [...rows.values()].sort((a, b) => a.townshipId.localeCompare(b.townshipId, 'en', { numeric: true }));
}

export const institutionsByTownship = defineProjection({
  name: 'institutions.townships',
  version: 1,
  initialState: emptyInstitutions,
  evolve,
  queries: {
    /** One row per township: stations, quotas, staff, vacancies, offices by kind. */
    townships: (state: InstitutionsState, input: { countyCode?: string; within?: Within } | undefined) =>
      townshipRows(state, input?.countyCode, input?.within),
    /** One township's stations and offices. */
    township: (state: InstitutionsState, input: { townshipId: string }) => {
      const { stations, offices } = active(state, undefined);
      const mine = stations.filter((s) => s.townshipId === input.townshipId);
      return {
        townshipId: input.townshipId,
        stations: mine,
        offices: offices
          .filter((o) => o.townshipId === input.townshipId)
          .map((o) => ({ ...o, kindLabel: OFFICE_KIND_LABEL[o.kind] })),
        totals: townshipRows(state).find((r) => r.townshipId === input.townshipId) ?? null,
      };
    },
    /** County totals (e.g. 67 stations, 354 quotas, 274 staff). */
    totals: (
      state: InstitutionsState,
      input: { countyCode?: string; within?: Within } | undefined,
    ): InstitutionTotals => {
      const rows = townshipRows(state, input?.countyCode, input?.within);
      const t: InstitutionTotals = {
        townships: rows.length,
        stations: 0,
        quotas: 0,
        staff: 0,
        vacancies: 0,
        offices: zeroOffices(),
      };
      for (const r of rows) {
        t.stations += r.stations;
        t.quotas += r.quotas;
        t.staff += r.staff;
        t.vacancies += r.vacancies;
        for (const k of OFFICE_KINDS) t.offices[k] += r.offices[k];
      }
      return t;
    },
    /** Stations, quotas and staff per county department. */
    byDepartment: (state: InstitutionsState, input: { countyCode?: string; within?: Within } | undefined) => {
      const rows = new Map<string, Staffing & { department: string }>();
      for (const s of active(state, input?.countyCode, input?.within).stations) {
        const r = rows.get(s.department) ?? {
          department: s.department,
          stations: 0,
          quotas: 0,
          staff: 0,
          vacancies: 0,
        };
        r.stations += 1;
        r.quotas += s.quotas;
        r.staff += s.staff;
        r.vacancies += s.quotas - s.staff;
        rows.set(s.department, r);
      }
      return [...rows.values()].sort(
        (a, b) => b.stations - a.stations || a.department.localeCompare(b.department),
      );
    },
  },
});
