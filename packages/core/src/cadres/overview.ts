/**
 * Read model `cadres.overview`: village cadre pay and training as of any date — the pay scales in
 * force, each village party secretary's pay for a month against the county's target (≥ 3,500 元),
 * the courses of a year, and the training coverage (the share of village cadres — the holders of
 * the village “two committees” posts on the date — who attended a course that year), per township
 * following the mergers (a merged village's cadres count with the township that holds it now).
 *
 * `within` (set by the access layer for a token limited to a division, never by a client): only the
 * posts of these divisions count.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import {
  currentPlace,
  emptyDivisionIndex,
  followDivisions,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import { personnelEvent } from '../personnel/events';
import type { Post } from '../personnel/model';
import { ORGANISATION_LABEL, roleLabel } from '../personnel/vocabulary';
import { cadresEvent } from './events';
import { applyCadresEvent, emptyCadresState, heldDuring, paymentKey, type CadresState } from './model';
import { CADRE_ORGANISATIONS, SECRETARY_PAY_TARGET_FEN, isSecretaryPost, scaleKey } from './vocabulary';

type Within = readonly string[] | undefined;

export interface CadresReadState extends CadresState {
  divisions: DivisionIndex;
}

export interface PayScaleRow {
  organisation: string;
  role: string;
  label: string;
  monthlyFen: number;
  since: string;
  documentNo: string | null;
}

export interface SecretaryPayRow {
  postId: string;
  divisionId: string;
  division: string;
  townshipId: string | null;
  township: string;
  personId: string | null;
  name: string;
  /** The scale of the post on the date, in fen (null when none is set). */
  scaleFen: number | null;
  /** What was paid for the month (after corrections), in fen; null when nothing is recorded. */
  paidFen: number | null;
  atTarget: boolean;
}

export interface PaySummary {
  month: string;
  targetFen: number;
  scaleFen: number | null;
  secretaries: number;
  paid: number;
  atTarget: number;
  belowTarget: number;
  unpaid: number;
}

export interface TrainingRow {
  townshipId: string;
  township: string;
  cadres: number;
  trained: number;
  /** Trained per hundred cadres, one decimal (e.g. 87.5). */
  coverage: number;
}

/**
 * A payment recorded for a month in which its person did not hold the post — as the history stands
 * now: a dismissal (or transfer) recorded later, effective before the month, ended the tenure. The
 * payroll stays a true record of what was paid; the row says it is to be recovered (a correction to
 * 0 元, a new event, takes it off the list).
 */
export interface PaidWithoutPostRow {
  month: string;
  postId: string;
  post: string;
  divisionId: string;
  division: string;
  townshipId: string | null;
  township: string;
  personId: string;
  name: string;
  amountFen: number;
  /** The payroll's effective date and document. */
  paidOn: string;
  paidDocumentNo: string | null;
  /** When the person's last tenure of the post before the month ended, and under which document (null: never held it). */
  leftOn: string | null;
  leftDocumentNo: string | null;
}

export interface CourseRow {
  courseId: string;
  title: string;
  organiser: string;
  startsOn: string;
  endsOn: string;
  hours: number;
  attendees: number;
  documentNo: string | null;
}

const emptyState = (): CadresReadState => ({
  ...emptyCadresState(),
  divisions: emptyDivisionIndex({ groups: true }),
});

const keepOf = (within: Within) => {
  const allowed = within === undefined ? undefined : new Set(within);
  return (divisionId: string, liveId: string | undefined) =>
    !allowed || allowed.has(divisionId) || (liveId !== undefined && allowed.has(liveId));
};

/** Live posts of the county's villages (and groups), with the division and township holding them on the date. */
function livePosts(
  state: CadresReadState,
  filter: (p: Post) => boolean,
  f: { countyCode?: string; townshipId?: string; within?: Within },
) {
  const keep = keepOf(f.within);
  const township = f.townshipId === undefined ? undefined : currentPlace(state.divisions, f.townshipId);
  if (f.townshipId !== undefined && !township) return [];
  const out: {
    post: Post;
    divisionId: string;
    division: string;
    townshipId: string | null;
    township: string;
  }[] = [];
  for (const post of state.personnel.posts.values()) {
    if (
      post.abolishedAt !== undefined ||
      !filter(post) ||
      (f.countyCode !== undefined && post.countyCode !== f.countyCode)
    )
      continue;
    const live =
      currentPlace(state.divisions, post.divisionId) ?? state.divisions.groups?.get(post.divisionId);
    const t = townshipOf(state.divisions, post.divisionId);
    if ((township && t?.id !== township.id) || !keep(post.divisionId, live?.id)) continue;
    out.push({
      post,
      divisionId: live?.id ?? post.divisionId,
      division: live?.name ?? post.divisionId,
      townshipId: t?.id ?? null,
      township: t?.name ?? '',
    });
  }
  return out.sort(
    (a, b) =>
      (a.townshipId ?? '').localeCompare(b.townshipId ?? '', 'en', { numeric: true }) ||
      a.divisionId.localeCompare(b.divisionId, 'en', { numeric: true }),
  );
}

function secretaryPay(
  state: CadresReadState,
  input: { month: string; countyCode?: string; townshipId?: string; within?: Within },
): SecretaryPayRow[] {
  const payroll = state.payrolls.get(input.month);
  return livePosts(state, isSecretaryPost, input).map(({ post, ...where }) => {
    const holder = post.holders[0];
    const paid = holder ? payroll?.get(paymentKey(post.id, holder.personId))?.amountFen : undefined;
    return {
      postId: post.id,
      ...where,
      personId: holder?.personId ?? null,
      name: holder ? (state.personnel.persons.get(holder.personId)?.name ?? holder.personId) : '（空缺）',
      scaleFen: state.scales.get(scaleKey(post.organisation, post.role))?.monthlyFen ?? null,
      paidFen: paid ?? null,
      atTarget: paid !== undefined && paid >= SECRETARY_PAY_TARGET_FEN,
    };
  });
}

/** Payments of months up to the date's month to someone not holding the post that month (see PaidWithoutPostRow). */
function paidWithoutPost(
  state: CadresReadState,
  input: { countyCode?: string; townshipId?: string; within?: Within },
): PaidWithoutPostRow[] {
  const keep = keepOf(input.within);
  const township =
    input.townshipId === undefined ? undefined : currentPlace(state.divisions, input.townshipId);
  if (input.townshipId !== undefined && !township) return [];
  const out: PaidWithoutPostRow[] = [];
  for (const [month, payroll] of state.payrolls) {
    for (const payment of payroll.values()) {
      if (payment.amountFen === 0) continue;
      const post = state.personnel.posts.get(payment.postId);
      const person = state.personnel.persons.get(payment.personId);
      if (!post || !person || heldDuring(person, post.id, month)) continue;
      if (input.countyCode !== undefined && post.countyCode !== input.countyCode) continue;
      const live =
        currentPlace(state.divisions, post.divisionId) ?? state.divisions.groups?.get(post.divisionId);
      const t = townshipOf(state.divisions, post.divisionId);
      if ((township && t?.id !== township.id) || !keep(post.divisionId, live?.id)) continue;
      const ended = person.career
        .filter((c) => c.postId === post.id && c.to !== null && c.to.slice(0, 10) <= `${month}-01`)
        .at(-1);
      out.push({
        month,
        postId: post.id,
        post: `${ORGANISATION_LABEL[post.organisation]}${post.title ?? roleLabel(post.organisation, post.role)}`,
        divisionId: live?.id ?? post.divisionId,
        division: live?.name ?? post.divisionId,
        townshipId: t?.id ?? null,
        township: t?.name ?? '',
        personId: person.id,
        name: person.name,
        amountFen: payment.amountFen,
        paidOn: payment.recordedAt,
        paidDocumentNo: payment.documentNo ?? null,
        leftOn: ended?.to ?? null,
        leftDocumentNo: ended?.endDocumentNo ?? null,
      });
    }
  }
  return out.sort(
    (a, b) => a.month.localeCompare(b.month) || a.postId.localeCompare(b.postId, 'en', { numeric: true }),
  );
}

export const cadresOverview = defineProjection({
  name: 'cadres.overview',
  version: 1,
  initialState: emptyState,
  evolve: {
    ...followDivisions((s: CadresReadState) => s.divisions),
    ...on(personnelEvent, (state: CadresReadState, event) => {
      applyCadresEvent(state, event, false);
      return state;
    }),
    ...on(cadresEvent, (state: CadresReadState, event) => {
      applyCadresEvent(state, event, false);
      return state;
    }),
  },
  queries: {
    /** The pay scales in force on the date. */
    scales: (state: CadresReadState): PayScaleRow[] =>
      [...state.scales.values()].map((s) => ({
        organisation: s.organisation,
        role: s.role,
        label: `${ORGANISATION_LABEL[s.organisation]}${roleLabel(s.organisation, s.role)}`,
        monthlyFen: s.monthlyFen,
        since: s.since,
        documentNo: s.documentNo ?? null,
      })),
    /** Each village party secretary post on the date: its holder, scale and the month's pay against the target. */
    secretaryPay: (
      state: CadresReadState,
      input: { month: string; countyCode?: string; townshipId?: string; within?: Within },
    ): SecretaryPayRow[] => secretaryPay(state, input),
    /** The month's village party secretary pay against the target, counted. */
    payAgainstTarget: (
      state: CadresReadState,
      input: { month: string; countyCode?: string; within?: Within },
    ): PaySummary => {
      const rows = secretaryPay(state, input).filter((r) => r.personId !== null);
      const scale = state.scales.get(scaleKey('village-party-organisation', 'party-secretary'));
      return {
        month: input.month,
        targetFen: SECRETARY_PAY_TARGET_FEN,
        scaleFen: scale?.monthlyFen ?? null,
        secretaries: rows.length,
        paid: rows.filter((r) => r.paidFen !== null).length,
        atTarget: rows.filter((r) => r.atTarget).length,
        belowTarget: rows.filter((r) => r.paidFen !== null && !r.atTarget).length,
        unpaid: rows.filter((r) => r.paidFen === null).length,
      };
    },
    /**
     * Payments (of the payrolls recorded by the date) to someone who did not hold the post that
     * month, as the history stands: a backdated dismissal wins, and its overpayments show here.
     */
    paidWithoutPost: (
      state: CadresReadState,
      input: { countyCode?: string; townshipId?: string; within?: Within } | undefined,
    ): PaidWithoutPostRow[] => paidWithoutPost(state, input ?? {}),
    /** The courses that began in the year (up to the date), with their attendance. */
    courses: (
      state: CadresReadState,
      input: { year: number; countyCode?: string; within?: Within },
    ): CourseRow[] => {
      // a limited caller counts the attendees holding a post (on the date) in its divisions
      const keep = keepOf(input.within);
      const counts = (personId: string) =>
        input.within === undefined ||
        (state.personnel.persons.get(personId)?.posts ?? []).some((postId) => {
          const post = state.personnel.posts.get(postId);
          return (
            post !== undefined && keep(post.divisionId, currentPlace(state.divisions, post.divisionId)?.id)
          );
        });
      return [...state.courses.values()]
        .filter(
          (c) =>
            c.startsOn.startsWith(`${input.year}-`) &&
            (input.countyCode === undefined || c.countyCode === input.countyCode),
        )
        .sort(
          (a, b) => a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id, 'en', { numeric: true }),
        )
        .map((c) => ({
          courseId: c.id,
          title: c.title,
          organiser: c.organiser,
          startsOn: c.startsOn,
          endsOn: c.endsOn,
          hours: c.hours,
          attendees: [...c.attendees.keys()].filter(counts).length,
          documentNo: c.documentNo ?? null,
        }));
    },
    /**
     * Training coverage of the year, per township: the village cadres on the date (each person once,
     * by the township of their first post) and how many attended a course that began in the year.
     */
    training: (
      state: CadresReadState,
      input: { year: number; countyCode?: string; within?: Within },
    ): TrainingRow[] => {
      const trained = new Set<string>();
      for (const c of state.courses.values())
        if (c.startsOn.startsWith(`${input.year}-`)) for (const p of c.attendees.keys()) trained.add(p);
      const seen = new Set<string>();
      const by = new Map<string, TrainingRow>();
      for (const { post, townshipId, township } of livePosts(
        state,
        (p) => CADRE_ORGANISATIONS.has(p.organisation),
        input,
      )) {
        for (const h of post.holders) {
          if (seen.has(h.personId) || townshipId === null) continue;
          seen.add(h.personId);
          const row = by.get(townshipId) ?? { townshipId, township, cadres: 0, trained: 0, coverage: 0 };
          row.cadres += 1;
          if (trained.has(h.personId)) row.trained += 1;
          by.set(townshipId, row);
        }
      }
      return [...by.values()].map((r) => ({
        ...r,
        coverage: r.cadres === 0 ? 0 : Math.round((r.trained * 1000) / r.cadres) / 10,
      }));
    },
  },
});
