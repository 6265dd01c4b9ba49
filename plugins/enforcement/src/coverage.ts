/**
 * Read model `enforcement.teams`: "one team enforces" — which townships have a comprehensive
 * enforcement team as of a date (townships with a team / all live townships, listing those
 * without), the teams with their officers in post.
 *
 * As of a date on or after a township merger, the sources' teams serve the surviving township (it
 * may then hold two teams: it is covered once, and its row counts both); before it, each source
 * is a township of its own.
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only
 * the townships with these ids, their teams and officers.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { divisionEvent, livePlaces, townshipOf, type Place } from '@xianzhi/divisions-contract';
import type { Coverage, CoverageRow } from './index';
import {
  applyTeamsEvent,
  emptyTeams,
  officersOf,
  teamEvent,
  teamsServing,
  type Team,
  type TeamsState,
} from './teams';

/** Set by the access layer for a token limited to a division: only these townships (ids). */
type Within = readonly string[] | undefined;

const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part * 1000) / whole) / 10;

/** The same fold as the decider's (teams.ts), without the rules: the log is already valid. */
const fold = (state: TeamsState, event: Parameters<typeof applyTeamsEvent>[1]): TeamsState => {
  applyTeamsEvent(state, event, false);
  return state;
};
const evolve = { ...on(divisionEvent, fold), ...on(teamEvent, fold) };

function coverageRow(state: TeamsState, township: Place): CoverageRow {
  const teams = teamsServing(state, township.id);
  const officers = teams.reduce((n, t) => n + officersOf(state, t.teamId).length, 0);
  return {
    townshipId: township.id,
    code: township.code ?? '',
    township: township.name,
    covered: teams.length > 0,
    coveredLabel: teams.length > 0 ? '是' : '否',
    teams: teams.length,
    teamNames: teams.map((t) => t.name),
    officers,
    key: teams.some((t) => t.key),
    since: teams[0]?.formedAt ?? null,
  };
}

export interface TeamRow {
  teamId: string;
  name: string;
  townshipId: string;
  code: string;
  township: string;
  /** The township it was formed in, when a merger has since moved it. */
  formedIn: string | null;
  key: boolean;
  formedAt: string;
  officers: number;
}

export const teamsProjection = defineProjection({
  name: 'enforcement.teams',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: emptyTeams,
  evolve,
  queries: {
    /** Townships with a team / all live townships of the county (or of every county) as of the date. */
    coverage: (state: TeamsState, input: { countyCode?: string; within?: Within } | undefined): Coverage => {
      const townships = livePlaces(state.divisions, 'township', input?.countyCode).filter(
        (t) => input?.within === undefined || input.within.includes(t.id),
      );
      const rows = townships.map((t) => coverageRow(state, t));
      const covered = rows.filter((r) => r.covered).length;
      return {
        countyCode: input?.countyCode ?? null,
        townships: rows.length,
        covered,
        share: percent(covered, rows.length),
        keyCovered: rows.filter((r) => r.key).length,
        uncovered: rows
          .filter((r) => !r.covered)
          .map((r) => ({ townshipId: r.townshipId, code: r.code, township: r.township })),
        rows,
      };
    },
    /** The teams in service as of the date (of a county, or serving one township). */
    teams: (
      state: TeamsState,
      input: { countyCode?: string; townshipId?: string; within?: Within } | undefined,
    ): TeamRow[] => {
      const rows: TeamRow[] = [];
      const only =
        input?.townshipId === undefined ? undefined : townshipOf(state.divisions, input.townshipId)?.id;
      if (input?.townshipId !== undefined && only === undefined) return [];
      for (const team of state.teams.values()) {
        if (team.disbandedAt !== undefined) continue;
        if (input?.countyCode !== undefined && team.countyCode !== input.countyCode) continue;
        const township = townshipOf(state.divisions, team.townshipId);
        if (only !== undefined && township?.id !== only) continue;
        if (input?.within !== undefined && (township === undefined || !input.within.includes(township.id)))
          continue;
        const origin = state.divisions.places.get(team.townshipId);
        rows.push({
          teamId: team.teamId,
          name: team.name,
          townshipId: township?.id ?? team.townshipId,
          code: township?.code ?? '',
          township: township?.name ?? team.townshipId,
          formedIn: origin && origin.id !== township?.id ? origin.name : null,
          key: team.key,
          formedAt: team.formedAt,
          officers: officersOf(state, team.teamId).length,
        });
      }
      return rows.sort(
        (a, b) =>
          a.code.localeCompare(b.code, 'en', { numeric: true }) || a.formedAt.localeCompare(b.formedAt),
      );
    },
    /** One team (disbanded too) and the township it serves as of the date, or null. */
    team: (state: TeamsState, input: { teamId: string }) => {
      const team = state.teams.get(input.teamId);
      if (!team) return null;
      return {
        teamId: team.teamId,
        name: team.name,
        townshipId: townshipOf(state.divisions, team.townshipId)?.id ?? team.townshipId,
        disbandedAt: team.disbandedAt ?? null,
      };
    },
    /**
     * The officers in post as of the date on the teams serving a township — or on one team of it
     * (`teamId`: a team serving another township gives none).
     */
    officers: (state: TeamsState, input: { townshipId?: string; teamId?: string; within?: Within }) => {
      const township =
        input.townshipId === undefined ? undefined : townshipOf(state.divisions, input.townshipId);
      let teams: Team[] = [];
      if (input.teamId !== undefined) {
        const team = state.teams.get(input.teamId);
        const serves = team && townshipOf(state.divisions, team.townshipId);
        if (
          team &&
          team.disbandedAt === undefined &&
          (input.townshipId === undefined || (township !== undefined && serves?.id === township.id))
        )
          teams = [team];
      } else if (township) teams = teamsServing(state, township.id);
      return teams.flatMap((t) => {
        const serves = townshipOf(state.divisions, t.townshipId)?.id ?? t.townshipId;
        if (input.within !== undefined && !input.within.includes(serves)) return [];
        return officersOf(state, t.teamId).map((a) => ({
          officerId: a.officerId,
          name: a.name,
          teamId: t.teamId,
          team: t.name,
          townshipId: serves,
          since: a.since,
        }));
      });
    },
  },
});
