/**
 * The enforcement commands and their deciders.
 *
 * Streams, chosen for what each rule must see at once:
 * - Teams and officers go on the county's **division registry stream** (`divisions-<county>`).
 *   "No team in a township that has ended as of the date" and "one team per township, counting the
 *   teams a merger brought in" are rules across the registry and the teams, and a decider only sees
 *   its own stream: recording teams on the registry aggregate makes the check and the append atomic
 *   (a merger enacted meanwhile makes the append fail with a concurrency error, and the retry sees
 *   it). Team and officer changes are rare (tens a year per county), like division changes; the
 *   registry's own decider and read models skip event types they do not know.
 * - Cases go on one stream per county and year of opening (`enforcement-cases-<county>-<year>`):
 *   the rules of a case (opened once, closed once, not before it was opened) need only its own
 *   events, and a stream per year numbers the cases of the year without collisions while keeping
 *   each stream small (hundreds to a few thousand cases). The township a case names is not checked
 *   against the registry (another aggregate): the read models resolve it as of the date asked.
 */
import {
  InvariantViolation,
  defineCommand,
  parseEffectiveAt,
  timelineDecider,
  type Decider,
  type NewEvent,
  type RecordedEvent,
  type Timeline,
  type TimelineModel,
} from '@xianzhi/kernel';
import { findPlace } from '@xianzhi/divisions-contract';
import {
  CASE_ID_RE,
  assignOfficerInput,
  caseClosed,
  caseOpened,
  caseStream,
  caseStreamOf,
  closeCaseInput,
  disbandTeamInput,
  formTeamInput,
  officerAssigned,
  officerRemoved,
  openCaseInput,
  registryStream,
  removeOfficerInput,
  teamDisbanded,
  teamFormed,
  yearOf,
  type AssignOfficer,
  type CloseCase,
  type DisbandTeam,
  type FormTeam,
  type OpenCase,
  type RemoveOfficer,
} from './index';
import { activeTeam, applyTeamsEvent, emptyTeams, officersOf, requireTeamIn, type TeamsState } from './teams';

const teamsModel: TimelineModel<TeamsState> = { initialState: emptyTeams, apply: applyTeamsEvent };
/** A backdated division merger may leave later team records inconsistent: that blocks no unrelated command. */
const teamsDecider = <C extends FormTeam | DisbandTeam | AssignOfficer | RemoveOfficer>(
  decide: (command: C, timeline: Timeline<TeamsState>) => void,
) => timelineDecider(teamsModel, decide, { recheck: 'new-conflicts' });

/** The next team id after every one ever used in the stream. */
function nextTeamId(countyCode: string, history: readonly RecordedEvent[]): string {
  const used = new Set(history.filter((e) => teamFormed.is(e)).map((e) => e.data.teamId));
  let n = used.size;
  let id: string;
  do id = `enf-team-${countyCode}-${++n}`;
  while (used.has(id));
  return id;
}

export const formTeam = defineCommand({
  name: 'formTeam',
  input: formTeamInput,
  stream: (input) => registryStream(input.countyCode),
  decider: teamsDecider((c: FormTeam, { state, history, emit }) => {
    const township = findPlace(state.divisions, c.townshipId);
    const teamId = c.teamId ?? nextTeamId(c.countyCode, history);
    emit(
      teamFormed.create({
        teamId,
        countyCode: c.countyCode,
        townshipId: township?.id ?? c.townshipId,
        name: c.name ?? `${township?.name ?? c.townshipId}综合行政执法队`,
        key: c.key,
      }),
    );
    for (const o of c.officers)
      emit(officerAssigned.create({ officerId: o.officerId, name: o.name, teamId }));
  }),
});

export const disbandTeam = defineCommand({
  name: 'disbandTeam',
  input: disbandTeamInput,
  stream: (input) => registryStream(input.countyCode),
  decider: teamsDecider((c: DisbandTeam, { state, at, emit }) => {
    const team = activeTeam(state, c.teamId, 'be disbanded', at);
    requireTeamIn(state, team, c.townshipId, at);
    for (const a of officersOf(state, team.teamId))
      emit(
        officerRemoved.create({
          officerId: a.officerId,
          teamId: team.teamId,
          reason: `执法队撤销：${c.reason}`,
        }),
      );
    emit(teamDisbanded.create({ teamId: team.teamId, reason: c.reason }));
  }),
});

export const assignOfficer = defineCommand({
  name: 'assignOfficer',
  input: assignOfficerInput,
  stream: (input) => registryStream(input.countyCode),
  decider: teamsDecider((c: AssignOfficer, { state, at, emit }) => {
    requireTeamIn(state, activeTeam(state, c.teamId, 'take officers', at), c.townshipId, at);
    emit(officerAssigned.create({ officerId: c.officerId, name: c.name, teamId: c.teamId }));
  }),
});

export const removeOfficer = defineCommand({
  name: 'removeOfficer',
  input: removeOfficerInput,
  stream: (input) => registryStream(input.countyCode),
  decider: teamsDecider((c: RemoveOfficer, { state, at, emit }) => {
    requireTeamIn(state, activeTeam(state, c.teamId, 'release officers', at), c.townshipId, at);
    emit(
      officerRemoved.create({
        officerId: c.officerId,
        teamId: c.teamId,
        ...(c.reason ? { reason: c.reason } : {}),
      }),
    );
  }),
});

// ── cases ────────────────────────────────────────────────────────────────────────────────────

interface CaseRecord {
  townshipId: string;
  openedAt: string;
  openedMs: number;
  closedAt?: string;
}

/** The cases of one county-year stream. */
export interface CaseBook {
  cases: Map<string, CaseRecord>;
  /** The highest case number used in the stream. */
  highest: number;
}

const emptyBook = (): CaseBook => ({ cases: new Map(), highest: 0 });

function evolveBook(book: CaseBook, event: RecordedEvent): CaseBook {
  if (caseOpened.is(event)) {
    const e = event.data;
    book.cases.set(e.caseId, {
      townshipId: e.townshipId,
      openedAt: event.metadata.effectiveAt,
      openedMs: event.effectiveMs,
    });
    book.highest = Math.max(book.highest, Number(CASE_ID_RE.exec(e.caseId)?.[3] ?? 0));
  } else if (caseClosed.is(event)) {
    const c = book.cases.get(event.data.caseId);
    if (c) c.closedAt = event.metadata.effectiveAt;
  }
  return book;
}

const openDecider: Decider<CaseBook, OpenCase> = {
  initialState: emptyBook,
  evolve: evolveBook,
  decide: (c, book): NewEvent[] => {
    const at = parseEffectiveAt(c.effectiveAt)!;
    const caseId =
      c.caseId ?? `${c.countyCode}-${yearOf(c.effectiveAt)}-${String(book.highest + 1).padStart(4, '0')}`;
    const existing = book.cases.get(caseId);
    if (existing) {
      throw new InvariantViolation(
        `case ${caseId} was already opened on ${existing.openedAt}; a case is opened once — give another case id or leave it out`,
        {
          caseId,
          path: ['caseId'],
        },
      );
    }
    const data = {
      caseId,
      countyCode: c.countyCode,
      townshipId: c.townshipId,
      category: c.category,
      ...(c.caseNo ? { caseNo: c.caseNo } : {}),
      ...(c.summary ? { summary: c.summary } : {}),
    };
    return [caseOpened.create(data, { effectiveAt: at.text })];
  },
};

const closeDecider: Decider<CaseBook, CloseCase> = {
  initialState: emptyBook,
  evolve: evolveBook,
  decide: (c, book): NewEvent[] => {
    const at = parseEffectiveAt(c.effectiveAt)!;
    const record = book.cases.get(c.caseId);
    if (!record) {
      throw new InvariantViolation(
        `case ${c.caseId} has not been opened (or its opening was retracted); open it before closing it`,
        { caseId: c.caseId, path: ['caseId'] },
      );
    }
    if (record.closedAt !== undefined) {
      throw new InvariantViolation(
        `case ${c.caseId} was already closed on ${record.closedAt}; a case is closed once`,
        { caseId: c.caseId, path: ['caseId'] },
      );
    }
    if (at.ms < record.openedMs) {
      throw new InvariantViolation(
        `case ${c.caseId} was opened on ${record.openedAt}; it cannot be closed on ${at.text}, before it was opened`,
        {
          caseId: c.caseId,
          path: ['effectiveAt'],
        },
      );
    }
    if (c.townshipId !== undefined && c.townshipId !== record.townshipId) {
      throw new InvariantViolation(
        `case ${c.caseId} arose in township ${record.townshipId}, not in ${c.townshipId}`,
        { caseId: c.caseId, path: ['townshipId'] },
      );
    }
    return [
      caseClosed.create(
        { caseId: c.caseId, ...(c.outcome ? { outcome: c.outcome } : {}) },
        { effectiveAt: at.text },
      ),
    ];
  },
};

export const openCase = defineCommand({
  name: 'openCase',
  input: openCaseInput,
  stream: (input) => caseStream(input.countyCode, yearOf(input.effectiveAt)),
  decider: openDecider,
});

export const closeCase = defineCommand({
  name: 'closeCase',
  input: closeCaseInput,
  stream: (input) => caseStreamOf(input.caseId),
  decider: closeDecider,
});

export const enforcementCommands = {
  formTeam,
  disbandTeam,
  assignOfficer,
  removeOfficer,
  openCase,
  closeCase,
};
