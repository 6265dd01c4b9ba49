/**
 * The cadre pay and training commands and their decider (a timeline decider: rebuilt as of the
 * date, each event checked as emitted, later events checked again on top).
 *
 * They are recorded on the county's personnel stream: "a payment is for the month's holder of the
 * post" and "attendance is by a registered person" are rules across the personnel records and pay,
 * and a decider sees only its own stream — so the check and the append are atomic. Payrolls are
 * monthly, courses a few a year: the stream grows little.
 */
import { countyDate, defineCommand, timelineDecider, type Timeline } from '@xianzhi/kernel';
import { personnelStream } from '../personnel/decision';
import { eachChange } from '../command-kit';
import {
  attendanceRecorded,
  cadresEvent,
  courseHeld,
  paymentCorrected,
  payrollRecorded,
  payScaleSet,
} from './events';
import {
  correctPaymentInput,
  holdCourseInput,
  recordAttendanceInput,
  recordPayrollInput,
  setPayScalesInput,
  type CorrectPayment,
  type HoldCourse,
  type RecordAttendance,
  type RecordPayroll,
  type SetPayScales,
} from './inputs';
import { applyCadresEvent, emptyCadresState, paymentKey, type CadresState } from './model';

const model = { initialState: emptyCadresState, apply: applyCadresEvent };
/** Later cadres events are checked again; personnel's own rules are the personnel decider's. */
const options = { noun: 'cadre pay or training record', recheck: 'new-conflicts' } as const;

export const setPayScales = defineCommand({
  name: 'setPayScales',
  input: setPayScalesInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: SetPayScales, { emit }: Timeline<CadresState>) => {
      eachChange('scales', c.scales, (s) => emit(payScaleSet.create({ countyCode: c.countyCode, ...s })));
    },
    options,
  ),
});

export const recordPayroll = defineCommand({
  name: 'recordPayroll',
  input: recordPayrollInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: RecordPayroll, { emit }: Timeline<CadresState>) =>
      emit(payrollRecorded.create({ countyCode: c.countyCode, month: c.month, payments: c.payments })),
    options,
  ),
});

export const correctPayment = defineCommand({
  name: 'correctPayment',
  input: correctPaymentInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: CorrectPayment, { state, emit }: Timeline<CadresState>) => {
      const previousFen = state.payrolls.get(c.month)?.get(paymentKey(c.postId, c.personId))?.amountFen ?? 0;
      emit(
        paymentCorrected.create({
          countyCode: c.countyCode,
          month: c.month,
          postId: c.postId,
          personId: c.personId,
          amountFen: c.amountFen,
          previousFen,
          reason: c.reason,
        }),
      );
    },
    options,
  ),
});

export const holdCourse = defineCommand({
  name: 'holdCourse',
  input: holdCourseInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: HoldCourse, { history, atMs, emit }: Timeline<CadresState>) => {
      let courseId = c.courseId;
      if (courseId === undefined) {
        const used = new Set(
          history.flatMap((e) =>
            cadresEvent.is(e) && e.type === 'cadres.course-held' ? [e.data.courseId] : [],
          ),
        );
        let n = used.size;
        do courseId = `course-${c.countyCode}-${++n}`;
        while (used.has(courseId));
      }
      emit(
        courseHeld.create({
          courseId,
          countyCode: c.countyCode,
          title: c.title,
          organiser: c.organiser,
          startsOn: countyDate(atMs),
          endsOn: c.endsOn,
          hours: c.hours,
        }),
      );
    },
    options,
  ),
});

export const recordAttendance = defineCommand({
  name: 'recordAttendance',
  input: recordAttendanceInput,
  stream: (input) => personnelStream(input.countyCode),
  decider: timelineDecider(
    model,
    (c: RecordAttendance, { emit }: Timeline<CadresState>) =>
      emit(attendanceRecorded.create({ courseId: c.courseId, personIds: c.personIds })),
    options,
  ),
});

export const cadresCommands = { setPayScales, recordPayroll, correctPayment, holdCourse, recordAttendance };
