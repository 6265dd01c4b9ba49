/**
 * The education commands and their decider.
 *
 * Stream: one per county, `education-<countyCode>`. A merger touches several schools at once (the
 * sources close, the target takes their pupils and places) and an enrolment report needs the
 * school's whole life (opened, closed, merged, terms reported) — one aggregate per county keeps all
 * of that atomic. A county has a few hundred schools and two reports a year for each, so the stream
 * stays small (thousands of events) and writers of one county education bureau rarely contend.
 *
 * Deciding follows the time model: the schools are rebuilt as of the command's effective date, the
 * new events are applied with the rules checked, and every later event about the same schools is
 * applied again on top — so a backdated command that contradicts what was recorded after its date
 * (closing a school that has a later report, say) is refused, naming that event.
 *
 * Townships live in another aggregate (the division registry): that a school's township exists and
 * has not ended on the opening date is checked through the read model before the command runs
 * (guard.ts), not here.
 */
import {
  InvariantViolation,
  defineCommand,
  timelineDecider,
  type NewEvent,
  type RecordedEvent,
  type Timeline,
} from '@xianzhi/kernel';
import {
  TERM_LABEL,
  changeSchoolInput,
  closeSchoolInput,
  educationStream,
  enrolmentReported,
  mergeSchoolsInput,
  openSchoolInput,
  reportEnrolmentInput,
  schoolChanged,
  schoolClosed,
  schoolOpened,
  schoolsMerged,
  termOf,
  type ChangeSchool,
  type CloseSchool,
  type MergeSchools,
  type OpenSchool,
  type ReportEnrolment,
} from './index';
import { applyEducationEvent, emptySchools, schoolsOf, type SchoolsState } from './model';

interface Common {
  countyCode: string;
  effectiveAt: string;
  authority?: { documentNo: string; issuedBy: string; approvedOn?: string } | undefined;
}

type Build<C> = (command: C, state: SchoolsState, history: readonly RecordedEvent[]) => NewEvent[];

/** Explains a school that is missing as of the date but opened later in the stream. */
function explain(
  error: InvariantViolation,
  history: readonly RecordedEvent[],
  at: string,
): InvariantViolation {
  const id = error.details?.schoolId;
  if (typeof id !== 'string' || !/^no school /.test(error.message)) return error;
  for (const later of history) {
    if (!schoolOpened.is(later) || later.data.schoolId !== id) continue;
    return new InvariantViolation(
      `${later.data.name}（${id}）is only opened on ${later.metadata.effectiveAt}; nothing can be recorded for it on ${at}`,
      { ...error.details, openedBy: later.id },
      { cause: error },
    );
  }
  return error;
}

/** Emits a command's events one by one; a refusal names the item (of several) and explains a school opened only later. */
function emitAll(events: readonly NewEvent[], { emit, history, at }: Timeline<SchoolsState>): void {
  events.forEach((event, index) => {
    try {
      emit(event);
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      const explained = explain(error, history, at);
      if (events.length === 1) throw explained;
      throw new InvariantViolation(
        `item ${index + 1} of ${events.length}: ${explained.message}`,
        { ...explained.details, index },
        { cause: error },
      );
    }
  });
}

/**
 * A decider that decides as of the command's date (see the header): later events about the schools
 * the command touches are checked again; the others are folded as they are.
 */
const asOfDecider = <C extends Common>(build: Build<C>) =>
  timelineDecider(
    {
      initialState: emptySchools,
      apply: (state: SchoolsState, event, check) => void applyEducationEvent(state, event, check),
    },
    (command: C, timeline) => emitAll(build(command, timeline.state, timeline.history), timeline),
    {
      recheck: { concerning: schoolsOf },
      advice: 'Retract or correct the later event first, or choose another date.',
    },
  );

/** The next free `school-<county>-<n>`, after every id ever used in the stream. */
function nextSchoolId(countyCode: string, history: readonly RecordedEvent[]): string {
  const used = new Set(history.filter((e) => schoolOpened.is(e)).map((e) => e.data.schoolId));
  let n = used.size;
  let id: string;
  do id = `school-${countyCode}-${String(++n).padStart(3, '0')}`;
  while (used.has(id));
  return id;
}

export const openSchoolDecider = asOfDecider<OpenSchool>((c, _state, history) => [
  schoolOpened.create({
    schoolId: c.schoolId ?? nextSchoolId(c.countyCode, history),
    countyCode: c.countyCode,
    name: c.name,
    kind: c.kind,
    townshipId: c.townshipId,
    capacity: c.capacity,
    boarding: c.boarding,
    public: c.public,
  }),
]);

export const changeSchoolDecider = asOfDecider<ChangeSchool>((c) => {
  const { countyCode: _c, effectiveAt: _e, authority: _a, ...change } = c;
  if (
    change.name === undefined &&
    change.capacity === undefined &&
    change.boarding === undefined &&
    change.public === undefined
  ) {
    throw new InvariantViolation(
      `nothing to change for school ${c.schoolId}: give a new name, capacity, boarding or public`,
      { schoolId: c.schoolId },
    );
  }
  return [schoolChanged.create(change)];
});

export const reportEnrolmentDecider = asOfDecider<ReportEnrolment>((c) => {
  const term = termOf(c.effectiveAt);
  if (c.term !== undefined && c.term !== term) {
    throw new InvariantViolation(
      `a report dated ${c.effectiveAt} lies in ${TERM_LABEL(term)}, not ${TERM_LABEL(c.term)}; ` +
        'date a report within its term (autumn: 08-01 to 01-31, spring: 02-01 to 07-31) or leave the term out',
      { term: c.term, expected: term },
    );
  }
  return c.reports.map((r) => enrolmentReported.create({ schoolId: r.schoolId, term, enrolled: r.enrolled }));
});

export const closeSchoolDecider = asOfDecider<CloseSchool>((c) => [
  schoolClosed.create({ schoolId: c.schoolId, ...(c.reason ? { reason: c.reason } : {}) }),
]);

export const mergeSchoolsDecider = asOfDecider<MergeSchools>((c) => [
  schoolsMerged.create({ sourceIds: c.sourceIds, targetId: c.targetId }),
]);

const stream = (input: { countyCode: string }) => educationStream(input.countyCode);

export const openSchool = defineCommand({
  name: 'openSchool',
  input: openSchoolInput,
  stream,
  decider: openSchoolDecider,
});
export const changeSchool = defineCommand({
  name: 'changeSchool',
  input: changeSchoolInput,
  stream,
  decider: changeSchoolDecider,
});
export const reportEnrolment = defineCommand({
  name: 'reportEnrolment',
  input: reportEnrolmentInput,
  stream,
  decider: reportEnrolmentDecider,
});
export const closeSchool = defineCommand({
  name: 'closeSchool',
  input: closeSchoolInput,
  stream,
  decider: closeSchoolDecider,
});
export const mergeSchools = defineCommand({
  name: 'mergeSchools',
  input: mergeSchoolsInput,
  stream,
  decider: mergeSchoolsDecider,
});

export const educationCommands = { openSchool, changeSchool, reportEnrolment, closeSchool, mergeSchools };
