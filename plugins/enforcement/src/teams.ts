/**
 * Teams and officers: the state folded from the county's registry stream (core division events and
 * this plugin's team and officer events) and the one function applying an event to it, with or
 * without the rules. The decider checks (commands are refused with clear errors); the read model
 * does not (the log is already valid). Both use the same code, so they never disagree.
 *
 * A team keeps the township it was formed in; which township it serves *now* follows that township's
 * mergers (a source's team serves the surviving township from the merger's effective date on).
 */
import { InvariantViolation, eventFamily, type RecordedEvent } from '@xianzhi/kernel';
import {
  describePlace,
  emptyDivisionIndex,
  endedReason,
  findPlace,
  followIfDivisionEvent,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { officerAssigned, officerRemoved, teamDisbanded, teamFormed } from './index';

export interface Team {
  teamId: string;
  name: string;
  countyCode: string;
  /** The township it was formed in. */
  townshipId: string;
  key: boolean;
  formedAt: string;
  disbandedAt?: string;
}

export interface Assignment {
  officerId: string;
  name: string;
  teamId: string;
  since: string;
}

export interface TeamsState {
  divisions: DivisionIndex;
  teams: Map<string, Team>;
  /** Officers in post, by certificate number. */
  assignments: Map<string, Assignment>;
}

export function emptyTeams(): TeamsState {
  return { divisions: emptyDivisionIndex(), teams: new Map(), assignments: new Map() };
}

/** The team and officer events (recorded on the registry stream, beside the divisions events). */
export const teamEvent = eventFamily([teamFormed, teamDisbanded, officerAssigned, officerRemoved]);

/** The teams not disbanded whose township is (now, as of the fold) `townshipId`. */
export function teamsServing(state: TeamsState, townshipId: string): Team[] {
  const out: Team[] = [];
  for (const t of state.teams.values()) {
    if (t.disbandedAt === undefined && townshipOf(state.divisions, t.townshipId)?.id === townshipId)
      out.push(t);
  }
  return out.sort((a, b) => a.formedAt.localeCompare(b.formedAt) || a.teamId.localeCompare(b.teamId));
}

export function officersOf(state: TeamsState, teamId: string): Assignment[] {
  return [...state.assignments.values()]
    .filter((a) => a.teamId === teamId)
    .sort((a, b) => a.officerId.localeCompare(b.officerId));
}

function describeTeam(state: TeamsState, team: Team): string {
  const township = townshipOf(state.divisions, team.townshipId);
  return `team ${team.name} (${team.teamId}${township ? `, ${describePlace(township)}` : ''})`;
}

/** The team `teamId`, active as of `at`, or an InvariantViolation saying why it cannot `action`. */
export function activeTeam(state: TeamsState, teamId: string, action: string, at: string): Team {
  const team = state.teams.get(teamId);
  if (!team)
    throw new InvariantViolation(`no enforcement team ${teamId} exists as of ${at}; it cannot ${action}`, {
      teamId,
    });
  if (team.disbandedAt !== undefined) {
    throw new InvariantViolation(
      `${describeTeam(state, team)} was disbanded on ${team.disbandedAt}; it cannot ${action} on ${at}`,
      { teamId },
    );
  }
  return team;
}

/** Checks that `team` serves the township named by `townshipRef` (when one is named). */
export function requireTeamIn(
  state: TeamsState,
  team: Team,
  townshipRef: string | undefined,
  at: string,
): void {
  if (townshipRef === undefined) return;
  const named = townshipOf(state.divisions, townshipRef);
  const serves = townshipOf(state.divisions, team.townshipId);
  if (!named || named.id !== serves?.id) {
    throw new InvariantViolation(
      `${describeTeam(state, team)} does not serve ${named ? describePlace(named) : townshipRef} as of ${at}`,
      { teamId: team.teamId, townshipId: townshipRef, path: ['townshipId'] },
    );
  }
}

/** Applies one event of the registry stream. With `check`, the rules are checked before any change. */
export function applyTeamsEvent(state: TeamsState, event: RecordedEvent, check: boolean): void {
  if (followIfDivisionEvent(state.divisions, event) || !teamEvent.is(event)) return;
  const at = event.metadata.effectiveAt;
  switch (event.type) {
    case 'enforcement.team-formed': {
      const e = event.data;
      if (check) {
        if (state.teams.has(e.teamId))
          throw new InvariantViolation(`the team id ${e.teamId} is already used; choose another`, {
            teamId: e.teamId,
            path: ['teamId'],
          });
        const township = findPlace(state.divisions, e.townshipId);
        if (!township) {
          throw new InvariantViolation(
            `no township ${e.townshipId} exists as of ${at}; a team is formed in an existing township`,
            { townshipId: e.townshipId, path: ['townshipId'] },
          );
        }
        if (township.level !== 'township') {
          throw new InvariantViolation(
            `${describePlace(township)} is a ${township.level}, not a township: teams are formed per township`,
            { townshipId: township.id, path: ['townshipId'] },
          );
        }
        const ended = endedReason(state.divisions, township);
        if (ended) {
          const successor = townshipOf(state.divisions, township.id);
          throw new InvariantViolation(
            `${ended}; no team can be formed there on ${at}${successor ? ` — form it in ${describePlace(successor)}` : ''}`,
            { townshipId: township.id, path: ['townshipId'] },
          );
        }
        const existing = teamsServing(state, township.id)[0];
        if (existing) {
          throw new InvariantViolation(
            `${describePlace(township)} already has ${describeTeam(state, existing)}, formed on ${existing.formedAt}; one team per township — disband it first`,
            { townshipId: township.id, teamId: existing.teamId, path: ['townshipId'] },
          );
        }
      }
      state.teams.set(e.teamId, {
        teamId: e.teamId,
        name: e.name,
        countyCode: e.countyCode,
        townshipId: e.townshipId,
        key: e.key,
        formedAt: at,
      });
      return;
    }
    case 'enforcement.team-disbanded': {
      const e = event.data;
      if (check) activeTeam(state, e.teamId, 'be disbanded', at);
      const team = state.teams.get(e.teamId);
      if (!team) return;
      team.disbandedAt = at;
      for (const a of officersOf(state, e.teamId)) state.assignments.delete(a.officerId);
      return;
    }
    case 'enforcement.officer-assigned': {
      const e = event.data;
      if (check) {
        const team = activeTeam(state, e.teamId, 'take officers', at);
        const current = state.assignments.get(e.officerId);
        if (current) {
          const on = state.teams.get(current.teamId);
          throw new InvariantViolation(
            `officer ${current.name} (${e.officerId}) is already on ${on ? describeTeam(state, on) : current.teamId} since ${current.since}; ` +
              `an officer serves on one team at a time — remove them from it before assigning them to ${team.name}`,
            { officerId: e.officerId, teamId: current.teamId, path: ['officerId'] },
          );
        }
      }
      state.assignments.set(e.officerId, {
        officerId: e.officerId,
        name: e.name,
        teamId: e.teamId,
        since: at,
      });
      return;
    }
    case 'enforcement.officer-removed': {
      const e = event.data;
      if (check) {
        const team = activeTeam(state, e.teamId, 'release officers', at);
        const current = state.assignments.get(e.officerId);
        if (current?.teamId !== e.teamId) {
          throw new InvariantViolation(
            `officer ${e.officerId} is not on ${describeTeam(state, team)} as of ${at}; nothing to remove`,
            {
              officerId: e.officerId,
              teamId: e.teamId,
              path: ['officerId'],
            },
          );
        }
      }
      if (state.assignments.get(e.officerId)?.teamId === e.teamId) state.assignments.delete(e.officerId);
      return;
    }
  }
}
