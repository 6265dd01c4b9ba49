/**
 * The cadre pay and training state (folded from the county's personnel stream: persons and posts,
 * and the pay scales, payrolls and courses) and the one function that applies an event to it, with
 * or without the rules:
 *
 * - a pay scale is set only for the posts whose pay is recorded (village organisations, groups);
 * - a payment is for a post of those, held by that person during that month, recorded once per month
 *   (a later change is a correction), for a month that has begun by the payroll's date;
 * - a correction names a payment that was recorded, and what it was;
 * - a course is held once (by id); attendance is for a course that was held, by registered persons,
 *   recorded once per person.
 */
import { InvariantViolation, countyDate, formatFen, type RecordedEvent } from '@xianzhi/kernel';
import {
  applyEvent as applyPersonnelEvent,
  describePerson,
  describePost,
  emptyPersonnel,
  type Person,
  type PersonnelState,
  type Post,
} from '../personnel/model';
import { ORGANISATION_LABEL, roleLabel, type Organisation, type Role } from '../personnel/vocabulary';
import { cadresEvent } from './events';
import { PAID_ORGANISATIONS, scaleKey } from './vocabulary';

export interface PayScale {
  organisation: Organisation;
  role: Role;
  monthlyFen: number;
  since: string;
  documentNo?: string;
}

export interface Payment {
  postId: string;
  personId: string;
  amountFen: number;
  recordedAt: string;
  documentNo?: string;
  corrected?: { previousFen: number; reason: string; at: string };
}

export interface Course {
  id: string;
  countyCode: string;
  title: string;
  organiser: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  documentNo?: string;
  /** Person id → the date the attendance was recorded. */
  attendees: Map<string, string>;
}

export interface CadresState {
  personnel: PersonnelState;
  /** `organisation:role` → the scale in force. */
  scales: Map<string, PayScale>;
  /** Month (`2021-03`) → `postId|personId` → the payment. */
  payrolls: Map<string, Map<string, Payment>>;
  courses: Map<string, Course>;
}

export const emptyCadresState = (): CadresState => ({
  personnel: emptyPersonnel(),
  scales: new Map(),
  payrolls: new Map(),
  courses: new Map(),
});

export const paymentKey = (postId: string, personId: string): string => `${postId}|${personId}`;

/** The last day of a month (`2021-02` → `2021-02-28`). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Whether the person held the post on some day of the month (their tenures, from the personnel state). */
export function heldDuring(person: Person, postId: string, month: string): boolean {
  const first = `${month}-01`;
  const last = monthEnd(month);
  return person.career.some(
    (t) => t.postId === postId && t.from.slice(0, 10) <= last && (t.to === null || t.to.slice(0, 10) > first),
  );
}

const postLabel = (p: Post) =>
  `${ORGANISATION_LABEL[p.organisation]}${p.title ?? roleLabel(p.organisation, p.role)}`;

function checkPayment(
  state: CadresState,
  month: string,
  postId: string,
  personId: string,
  day: string,
  path: (string | number)[],
): { post: Post; person: Person } {
  const post = state.personnel.posts.get(postId);
  if (!post)
    throw new InvariantViolation(
      `no post ${postId} exists as of ${day}; a payment is for an established post`,
      { postId, path },
    );
  if (!PAID_ORGANISATIONS.has(post.organisation)) {
    throw new InvariantViolation(
      `${describePost(post)} is not a village-level post; the pay of village cadres is recorded here (a township's is not)`,
      { postId, path },
    );
  }
  const person = state.personnel.persons.get(personId);
  if (!person)
    throw new InvariantViolation(`no person ${personId} is registered as of ${day}`, { personId, path });
  if (!heldDuring(person, postId, month)) {
    throw new InvariantViolation(
      `${describePerson(person)} did not hold ${describePost(post)} in ${month}; a payment is for the month's holder`,
      { personId, postId, month, path },
      { reason: { code: 'cadres.notHolder', params: { person: person.name, post: postLabel(post), month } } },
    );
  }
  return { post, person };
}

/** Applies one event of the personnel stream (personnel events fold without their rules: the personnel decider checks those). */
export function applyCadresEvent(state: CadresState, event: RecordedEvent, check: boolean): void {
  if (!cadresEvent.is(event)) {
    applyPersonnelEvent(state.personnel, event, false);
    return;
  }
  const at = event.metadata.effectiveAt;
  const day = countyDate(event.effectiveMs);
  const documentNo = event.metadata.authority?.documentNo;
  const doc = documentNo === undefined ? {} : { documentNo };
  switch (event.type) {
    case 'cadres.pay-scale-set': {
      const { organisation, role, monthlyFen } = event.data;
      if (check && !PAID_ORGANISATIONS.has(organisation)) {
        throw new InvariantViolation(
          `${ORGANISATION_LABEL[organisation]}${roleLabel(organisation, role)} is not a village-level post; pay scales are set for village cadres and group leaders`,
          {
            organisation,
            path: ['scales'],
          },
        );
      }
      state.scales.set(scaleKey(organisation, role), { organisation, role, monthlyFen, since: at, ...doc });
      return;
    }
    case 'cadres.payroll-recorded': {
      const { month, payments } = event.data;
      const payroll = state.payrolls.get(month) ?? new Map<string, Payment>();
      if (check && `${month}-01` > day)
        throw new InvariantViolation(
          `the payroll of ${month} is recorded on ${day}, before the month begins`,
          { month, path: ['month'] },
        );
      payments.forEach((p, i) => {
        const key = paymentKey(p.postId, p.personId);
        if (check) {
          const { post, person } = checkPayment(state, month, p.postId, p.personId, day, ['payments', i]);
          const existing = payroll.get(key);
          if (existing) {
            throw new InvariantViolation(
              `${person.name}'s pay as ${postLabel(post)} for ${month} was recorded on ${existing.recordedAt}${existing.documentNo ? ` (${existing.documentNo})` : ''} (${formatFen(existing.amountFen)} 元); correct it instead`,
              { postId: p.postId, personId: p.personId, month, path: ['payments', i] },
              {
                reason: {
                  code: 'cadres.alreadyPaid',
                  params: {
                    person: person.name,
                    post: postLabel(post),
                    month,
                    paidOn: existing.recordedAt,
                    documentNo: existing.documentNo ?? '',
                    amount: formatFen(existing.amountFen),
                  },
                },
              },
            );
          }
        }
        payroll.set(key, { ...p, recordedAt: at, ...doc });
      });
      state.payrolls.set(month, payroll);
      return;
    }
    case 'cadres.payment-corrected': {
      const { month, postId, personId, amountFen, previousFen, reason } = event.data;
      const payment = state.payrolls.get(month)?.get(paymentKey(postId, personId));
      if (check) {
        if (!payment)
          throw new InvariantViolation(
            `no payment of ${month} to ${personId} for post ${postId} is recorded as of ${day}; record the payroll first`,
            { postId, personId, month, path: ['postId'] },
          );
        if (payment.amountFen !== previousFen) {
          throw new InvariantViolation(
            `the payment of ${month} to ${personId} for post ${postId} is ${formatFen(payment.amountFen)} 元 as of ${day}, not ${formatFen(previousFen)} 元`,
            { path: ['amountFen'] },
          );
        }
        if (payment.amountFen === amountFen)
          throw new InvariantViolation(
            `the payment of ${month} to ${personId} for post ${postId} is already ${formatFen(amountFen)} 元`,
            { path: ['amountFen'] },
          );
      }
      if (payment) {
        payment.amountFen = amountFen;
        payment.corrected = { previousFen, reason, at };
      }
      return;
    }
    case 'cadres.course-held': {
      const { courseId, ...rest } = event.data;
      const existing = state.courses.get(courseId);
      if (check && existing)
        throw new InvariantViolation(
          `course ${courseId} (${existing.title}, ${existing.startsOn}) is already recorded; a course id is never reused`,
          { courseId, path: ['courseId'] },
        );
      state.courses.set(courseId, { id: courseId, ...rest, ...doc, attendees: new Map() });
      return;
    }
    case 'cadres.attendance-recorded': {
      const { courseId, personIds } = event.data;
      const course = state.courses.get(courseId);
      if (check) {
        if (!course)
          throw new InvariantViolation(
            `no course ${courseId} is recorded as of ${day}; record the course first`,
            { courseId, path: ['courseId'] },
          );
        personIds.forEach((personId, i) => {
          const person = state.personnel.persons.get(personId);
          if (!person)
            throw new InvariantViolation(`no person ${personId} is registered as of ${day}`, {
              personId,
              path: ['personIds', i],
            });
          const since = course.attendees.get(personId);
          if (since !== undefined || personIds.indexOf(personId) !== i) {
            throw new InvariantViolation(
              `${describePerson(person)}'s attendance of ${course.title}（${courseId}） is already recorded${since ? ` (on ${since})` : ''}`,
              { personId, path: ['personIds', i] },
              {
                reason: {
                  code: 'cadres.alreadyAttended',
                  params: { person: person.name, course: course.title, since: since ?? '' },
                },
              },
            );
          }
        });
      }
      if (course) for (const personId of personIds) course.attendees.set(personId, at);
      return;
    }
  }
}
