/**
 * Read model `personnel.roster`: persons, posts and who holds them, as of any date — the roster of
 * each division, a person's career, search by name, and cadre statistics (see statistics.ts).
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { personnelEvent } from './events';
import {
  applyEvent,
  emptyPersonnel,
  type Person,
  type PersonnelState,
  type Post,
  type Tenure,
} from './model';
import { computeStatistics, type StatisticsInput } from './statistics';
import {
  EDUCATION_LABEL,
  ORGANISATION_LABEL,
  SINGLE_HOLDER_ROLES,
  roleLabel,
  type Organisation,
  type Role,
} from './vocabulary';

export interface HolderRow {
  personId: string;
  name: string;
  since: string;
  documentNo?: string;
}

export interface PostRow {
  postId: string;
  organisation: Organisation;
  role: Role;
  /** e.g. 乡镇党委 党委书记 */
  label: string;
  singleHolder: boolean;
  establishedAt: string;
  holders: HolderRow[];
  vacant: boolean;
}

export interface DivisionRoster {
  divisionId: string;
  posts: PostRow[];
}

export interface PersonView extends Omit<Person, 'career'> {
  educationLabel: string;
  career: (Tenure & { divisionId: string; label: string })[];
}

const evolve = on(personnelEvent, (state: PersonnelState, event) => {
  applyEvent(state, event, false);
  return state;
});

const labelOf = (p: Post) =>
  `${ORGANISATION_LABEL[p.organisation]} ${p.title ?? roleLabel(p.organisation, p.role)}`;

function postRow(state: PersonnelState, p: Post): PostRow {
  return {
    postId: p.id,
    organisation: p.organisation,
    role: p.role,
    label: labelOf(p),
    singleHolder: SINGLE_HOLDER_ROLES.has(p.role),
    establishedAt: p.establishedAt,
    holders: p.holders.map((h) => ({ ...h, name: state.persons.get(h.personId)?.name ?? h.personId })),
    vacant: p.holders.length === 0,
  };
}

function personView(state: PersonnelState, p: Person): PersonView {
  return {
    ...p,
    educationLabel: EDUCATION_LABEL[p.education],
    career: p.career.map((t) => {
      const post = state.posts.get(t.postId);
      return { ...t, divisionId: post?.divisionId ?? '', label: post ? labelOf(post) : t.postId };
    }),
  };
}

export const personnelRoster = defineProjection({
  name: 'personnel.roster',
  version: 1,
  initialState: emptyPersonnel,
  evolve,
  queries: {
    /**
     * Posts (not abolished) and their holders, per division; all divisions when none are given.
     * `within` (set by the access layer for a limited token): only these divisions.
     */
    roster: (
      state: PersonnelState,
      input:
        | { divisionIds?: string[]; countyCode?: string; vacantOnly?: boolean; within?: readonly string[] }
        | undefined,
    ): DivisionRoster[] => {
      const within = input?.within === undefined ? undefined : new Set(input.within);
      const divisions = (input?.divisionIds ?? [...state.postsByDivision.keys()]).filter(
        (d) => within === undefined || within.has(d),
      );
      const out: DivisionRoster[] = [];
      for (const divisionId of divisions) {
        const posts = (state.postsByDivision.get(divisionId) ?? [])
          .map((id) => state.posts.get(id)!)
          .filter(
            (p) =>
              p.abolishedAt === undefined &&
              (input?.countyCode === undefined || p.countyCode === input.countyCode),
          )
          .map((p) => postRow(state, p))
          .filter((row) => !input?.vacantOnly || row.vacant);
        if (posts.length > 0 || input?.divisionIds) out.push({ divisionId, posts });
      }
      return out;
    },
    post: (state: PersonnelState, input: { postId: string }) => {
      const p = state.posts.get(input.postId);
      return p
        ? { ...postRow(state, p), divisionId: p.divisionId, abolishedAt: p.abolishedAt ?? null }
        : null;
    },
    /** One person with every tenure (post, division, from, to, documents). */
    person: (state: PersonnelState, input: { personId: string }) => {
      const p = state.persons.get(input.personId);
      return p ? personView(state, p) : null;
    },
    /** Persons whose name contains `q`. */
    search: (state: PersonnelState, input: { q: string; limit?: number }) => {
      const out: PersonView[] = [];
      for (const p of state.persons.values()) {
        if (p.name.includes(input.q.trim())) out.push(personView(state, p));
        if (out.length >= (input.limit ?? 50)) break;
      }
      return out;
    },
    /** Cadre statistics; `on` is the day ages are computed on — use `cadreStatistics()` to set it from asOf. */
    statistics: (state: PersonnelState, input: StatisticsInput) => computeStatistics(state, input),
  },
});
