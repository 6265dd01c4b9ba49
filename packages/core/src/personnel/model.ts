/**
 * The personnel state (persons, posts, who holds what since when) and the one function that
 * applies an event to it, with or without checking the rules. The decider checks (so commands are
 * refused with clear errors) and the read models do not (the log is already valid); both use the
 * same code, so they never disagree.
 */
import { InvariantViolation, countyDate, type RecordedEvent } from '@xianzhi/kernel';
import { personnelEvent } from './events';
import {
  MIN_AGE,
  ORGANISATION_LABEL,
  PARTY_ORGANISATIONS,
  SINGLE_HOLDER_ROLES,
  roleLabel,
  type EducationLevel,
  type Gender,
  type Organisation,
  type PersonSource,
  type Role,
} from './vocabulary';

export interface Tenure {
  postId: string;
  from: string;
  to: string | null;
  documentNo?: string;
  endDocumentNo?: string;
}

export interface Person {
  id: string;
  countyCode: string;
  name: string;
  gender: Gender;
  birthDate: string;
  education: EducationLevel;
  partyMember: boolean;
  source: PersonSource;
  registeredAt: string;
  /** Ids of the posts held now. */
  posts: string[];
  /** Every tenure, in the order they began. */
  career: Tenure[];
}

export interface Holding {
  personId: string;
  since: string;
  documentNo?: string;
}

export interface Post {
  id: string;
  countyCode: string;
  divisionId: string;
  organisation: Organisation;
  role: Role;
  title?: string;
  establishedAt: string;
  abolishedAt?: string;
  holders: Holding[];
}

export interface PersonnelState {
  persons: Map<string, Person>;
  posts: Map<string, Post>;
  /** Division id → ids of its posts (abolished ones included), in the order they were established. */
  postsByDivision: Map<string, string[]>;
}

export function emptyPersonnel(): PersonnelState {
  return { persons: new Map(), posts: new Map(), postsByDivision: new Map() };
}

/** 周岁: completed years of age on `on` (both `YYYY-MM-DD`); NaN when the birth date is not a date (erased). */
export function ageOn(birthDate: string, on: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return Number.NaN;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const describePerson = (p: Pick<Person, 'name' | 'id'>): string => `${p.name}（${p.id}）`;

export function describePost(p: Pick<Post, 'id' | 'organisation' | 'role' | 'title'>): string {
  return `post ${p.id} (${ORGANISATION_LABEL[p.organisation]}${p.title ?? roleLabel(p.organisation, p.role)})`;
}

/** A post as officials name it (e.g. 党委书记), for the UI's messages. */
const postLabel = (p: Pick<Post, 'organisation' | 'role' | 'title'>) =>
  `${ORGANISATION_LABEL[p.organisation]}${p.title ?? roleLabel(p.organisation, p.role)}`;

const withDoc = (date: string, doc?: string) => (doc ? `${date} (${doc})` : date);

function requirePerson(state: PersonnelState, id: string, at: string): Person {
  const p = state.persons.get(id);
  if (!p)
    throw new InvariantViolation(`no person ${id} is registered as of ${at}; register them first`, {
      personId: id,
    });
  return p;
}

function requireActivePost(state: PersonnelState, id: string, at: string): Post {
  const p = state.posts.get(id);
  if (!p)
    throw new InvariantViolation(`no post ${id} exists as of ${at}; establish it first`, { postId: id });
  if (p.abolishedAt !== undefined) {
    throw new InvariantViolation(
      `${describePost(p)} was abolished on ${p.abolishedAt}; it has no holders after that`,
      { postId: id },
    );
  }
  return p;
}

/** The checks of taking a post: vacancy of a single-holder post, party membership, age. */
function checkCanHold(state: PersonnelState, person: Person, post: Post, at: string, day: string): void {
  if (person.posts.includes(post.id)) {
    const h = post.holders.find((x) => x.personId === person.id)!;
    throw new InvariantViolation(
      `${describePerson(person)} already holds ${describePost(post)} since ${withDoc(h.since, h.documentNo)}`,
      { personId: person.id, postId: post.id },
      {
        reason: {
          code: 'personnel.alreadyHolds',
          params: {
            person: person.name,
            post: postLabel(post),
            since: h.since,
            documentNo: h.documentNo ?? '',
          },
        },
      },
    );
  }
  const holder = post.holders[0];
  if (SINGLE_HOLDER_ROLES.has(post.role) && holder) {
    const other = state.persons.get(holder.personId);
    throw new InvariantViolation(
      `${describePost(post)} is held by ${other ? describePerson(other) : holder.personId} since ${withDoc(holder.since, holder.documentNo)} ` +
        `and holds one person at a time; dismiss or transfer ${other?.name ?? holder.personId} first (as of ${at})`,
      { postId: post.id, heldBy: holder.personId, since: holder.since },
      {
        reason: {
          code: 'personnel.postHeld',
          params: {
            post: postLabel(post),
            holder: other?.name ?? holder.personId,
            since: holder.since,
            documentNo: holder.documentNo ?? '',
            at,
          },
        },
      },
    );
  }
  if (PARTY_ORGANISATIONS.has(post.organisation) && !person.partyMember) {
    throw new InvariantViolation(
      `${describePerson(person)} is not a party member as of ${at}; posts of the ${ORGANISATION_LABEL[post.organisation]} are held by party members only`,
      { personId: person.id, postId: post.id },
      {
        reason: {
          code: 'personnel.notPartyMember',
          params: { person: person.name, organisation: ORGANISATION_LABEL[post.organisation], at },
        },
      },
    );
  }
  const age = ageOn(person.birthDate, day);
  // An erased person's age is unknown (NaN): the rule cannot be checked and does not refuse.
  if (age < MIN_AGE) {
    throw new InvariantViolation(
      `${describePerson(person)} is ${age} on ${day}; a post needs someone at least ${MIN_AGE} years old`,
      { personId: person.id },
    );
  }
}

function take(person: Person, post: Post, since: string, doc: string | undefined): void {
  post.holders.push(
    doc === undefined ? { personId: person.id, since } : { personId: person.id, since, documentNo: doc },
  );
  person.posts.push(post.id);
  person.career.push(
    doc === undefined
      ? { postId: post.id, from: since, to: null }
      : { postId: post.id, from: since, to: null, documentNo: doc },
  );
}

function leave(
  state: PersonnelState,
  personId: string,
  postId: string,
  at: string,
  doc: string | undefined,
  check: boolean,
): void {
  const person = state.persons.get(personId);
  const post = state.posts.get(postId);
  if (!person || !post || !person.posts.includes(postId)) {
    if (!check) return;
    const who = person ? describePerson(person) : `person ${personId}`;
    const holds = person?.posts.length ? `; they hold ${person.posts.join(', ')}` : '';
    throw new InvariantViolation(
      `${who} does not hold ${post ? describePost(post) : `post ${postId}`} on ${at}${holds}`,
      { personId, postId },
    );
  }
  post.holders = post.holders.filter((h) => h.personId !== personId);
  person.posts = person.posts.filter((p) => p !== postId);
  for (let i = person.career.length - 1; i >= 0; i--) {
    const t = person.career[i]!;
    if (t.postId === postId && t.to === null) {
      t.to = at;
      if (doc !== undefined) t.endDocumentNo = doc;
      break;
    }
  }
}

/**
 * Applies one personnel event. With `check`, throws an InvariantViolation when it breaks a rule as
 * of its effective date (the state must be the personnel state as of that date).
 */
export function applyEvent(state: PersonnelState, event: RecordedEvent, check: boolean): void {
  const at = event.metadata.effectiveAt;
  const day = countyDate(event.effectiveMs);
  const doc = event.metadata.authority?.documentNo;
  if (!personnelEvent.is(event)) return;
  switch (event.type) {
    case 'personnel.person-registered': {
      const data = event.data;
      const existing = state.persons.get(data.personId);
      if (check && existing)
        throw new InvariantViolation(
          `person ${data.personId} is already registered (${existing.name}, since ${existing.registeredAt})`,
          { personId: data.personId },
        );
      if (check && data.birthDate >= day)
        throw new InvariantViolation(
          `the birth date ${data.birthDate} of ${data.name} is not before ${day}`,
          { personId: data.personId },
        );
      const { personId, ...rest } = data;
      state.persons.set(personId, { id: personId, ...rest, registeredAt: at, posts: [], career: [] });
      return;
    }
    case 'personnel.person-updated': {
      const data = event.data;
      const p = check ? requirePerson(state, data.personId, at) : state.persons.get(data.personId);
      if (!p) return;
      if (data.name !== undefined) p.name = data.name;
      if (data.education !== undefined) p.education = data.education;
      if (data.partyMember !== undefined) {
        if (check && !data.partyMember) {
          const partyPost = p.posts
            .map((id) => state.posts.get(id)!)
            .find((post) => PARTY_ORGANISATIONS.has(post.organisation));
          if (partyPost)
            throw new InvariantViolation(
              `${describePerson(p)} holds ${describePost(partyPost)}, which needs a party member; dismiss them from it first`,
              { personId: p.id },
            );
        }
        p.partyMember = data.partyMember;
      }
      return;
    }
    case 'personnel.post-established': {
      const data = event.data;
      const existing = state.posts.get(data.postId);
      if (check && existing) {
        throw new InvariantViolation(
          existing.abolishedAt === undefined
            ? `${describePost(existing)} already exists (established on ${existing.establishedAt})`
            : `${describePost(existing)} was abolished on ${existing.abolishedAt}; an abolished post's id is never reused — give another postId`,
          { postId: data.postId },
        );
      }
      const { postId, ...rest } = data;
      state.posts.set(postId, { id: postId, ...rest, establishedAt: at, holders: [] });
      const list = state.postsByDivision.get(data.divisionId);
      if (list) list.push(postId);
      else state.postsByDivision.set(data.divisionId, [postId]);
      return;
    }
    case 'personnel.post-abolished': {
      const d = event.data;
      const post = check ? requireActivePost(state, d.postId, at) : state.posts.get(d.postId);
      if (!post) return;
      if (check && post.holders.length > 0) {
        const names = post.holders
          .map((h) => `${state.persons.get(h.personId)?.name ?? h.personId} (since ${h.since})`)
          .join(', ');
        throw new InvariantViolation(
          `${describePost(post)} is still held by ${names}; dismiss or transfer them before abolishing it`,
          { postId: post.id },
        );
      }
      post.abolishedAt = at;
      return;
    }
    case 'personnel.appointed': {
      const d = event.data;
      const person = check ? requirePerson(state, d.personId, at) : state.persons.get(d.personId);
      const post = check ? requireActivePost(state, d.postId, at) : state.posts.get(d.postId);
      if (!person || !post) return;
      if (check) checkCanHold(state, person, post, at, day);
      take(person, post, at, doc);
      return;
    }
    case 'personnel.dismissed':
      leave(state, event.data.personId, event.data.postId, at, doc, check);
      return;
    case 'personnel.transferred': {
      const d = event.data;
      if (check && d.fromPostId === d.toPostId)
        throw new InvariantViolation(`a transfer needs two different posts; both are ${d.fromPostId}`, {
          postId: d.toPostId,
        });
      const person = check ? requirePerson(state, d.personId, at) : state.persons.get(d.personId);
      const to = check ? requireActivePost(state, d.toPostId, at) : state.posts.get(d.toPostId);
      leave(state, d.personId, d.fromPostId, at, doc, check);
      if (!person || !to) return;
      if (check) checkCanHold(state, person, to, at, day);
      take(person, to, at, doc);
      return;
    }
  }
}
