/**
 * Read model `talent.first-secretaries`: first-secretary coverage of villages as of a date —
 * villages with a first secretary in post / all live villages, listing those without — and the
 * secretaries in post.
 *
 * How a merger counts: from a village merger's effective date, a merged village's secretary serves
 * the surviving village. A survivor that so holds two secretaries is covered once (the share
 * counts villages, not secretaries); its row lists both and `doubled` counts such villages, until
 * one is recalled. Before the merger, each village is counted on its own.
 */
import { defineProjection, on } from '@xianzhi/kernel';
import { currentPlace, divisionEvent, livePlaces, townshipOf, type Place } from '@xianzhi/divisions-contract';
import type { SecretaryCoverage, SecretaryCoverageRow } from './index';
import {
  applySecretaryEvent,
  emptySecretaries,
  secretariesIn,
  secretaryEvent,
  type SecretariesState,
} from './secretaries';

const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part * 1000) / whole) / 10;

/** Which village-level units count: administrative villages (default), communities, or both. */
export type VillageKind = 'village' | 'community' | 'all';

/** The same fold as the decider's (secretaries.ts), without the rules: the log is already valid. */
const fold = (
  state: SecretariesState,
  event: Parameters<typeof applySecretaryEvent>[1],
): SecretariesState => {
  applySecretaryEvent(state, event, false);
  return state;
};
const evolve = { ...on(divisionEvent, fold), ...on(secretaryEvent, fold) };

function row(state: SecretariesState, village: Place): SecretaryCoverageRow {
  const postings = secretariesIn(state, village.id);
  return {
    villageId: village.id,
    code: village.code ?? '',
    village: village.name,
    township: townshipOf(state.divisions, village.id)?.name ?? '',
    covered: postings.length > 0,
    coveredLabel: postings.length > 0 ? '是' : '否',
    secretaries: postings.length,
    names: postings.map((p) => p.name),
    since: postings[0]?.dispatchedAt ?? null,
  };
}

/** Set by the access layer for a token limited to a division: only these villages (ids). */
type Within = readonly string[] | undefined;

function villages(
  state: SecretariesState,
  countyCode: string | undefined,
  kind: VillageKind,
  townshipId: string | undefined,
  within: Within,
): Place[] {
  const township = townshipId === undefined ? undefined : townshipOf(state.divisions, townshipId);
  if (townshipId !== undefined && !township) return [];
  return livePlaces(state.divisions, 'village', countyCode).filter(
    (v) =>
      (kind === 'all' || v.kind === kind) &&
      (township === undefined || townshipOf(state.divisions, v.id)?.id === township.id) &&
      (within === undefined || within.includes(v.id)),
  );
}

export const secretariesProjection = defineProjection({
  name: 'talent.first-secretaries',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: emptySecretaries,
  evolve,
  queries: {
    /** Villages with a first secretary in post / all live villages (of a county or township) as of the date. */
    coverage: (
      state: SecretariesState,
      input: { countyCode?: string; townshipId?: string; kind?: VillageKind; within?: Within } | undefined,
    ): SecretaryCoverage => {
      const rows = villages(
        state,
        input?.countyCode,
        input?.kind ?? 'village',
        input?.townshipId,
        input?.within,
      ).map((v) => row(state, v));
      const covered = rows.filter((r) => r.covered).length;
      return {
        countyCode: input?.countyCode ?? null,
        villages: rows.length,
        covered,
        share: percent(covered, rows.length),
        doubled: rows.filter((r) => r.secretaries > 1).length,
        uncovered: rows
          .filter((r) => !r.covered)
          .map((r) => ({ villageId: r.villageId, code: r.code, village: r.village, township: r.township })),
        rows,
      };
    },
    /** One posting (recalled too) and the village it is in as of the date, or null. */
    posting: (state: SecretariesState, input: { postingId: string }) => {
      const p = state.postings.get(input.postingId);
      return p
        ? {
            postingId: p.postingId,
            villageId: currentPlace(state.divisions, p.villageId)?.id ?? p.villageId,
            recalledAt: p.recalledAt ?? null,
          }
        : null;
    },
    /** The first secretaries in post as of the date (of a county, a township or a village). */
    secretaries: (
      state: SecretariesState,
      input: { countyCode?: string; townshipId?: string; villageId?: string; within?: Within } | undefined,
    ) => {
      const township =
        input?.townshipId === undefined ? undefined : townshipOf(state.divisions, input.townshipId)?.id;
      const village =
        input?.villageId === undefined ? undefined : currentPlace(state.divisions, input.villageId)?.id;
      const out: {
        postingId: string;
        name: string;
        personId: string;
        unit: string;
        village: string;
        villageId: string;
        township: string;
        dispatchedTo: string | null;
        since: string;
      }[] = [];
      for (const p of state.postings.values()) {
        if (
          p.recalledAt !== undefined ||
          (input?.countyCode !== undefined && p.countyCode !== input.countyCode)
        )
          continue;
        const now = currentPlace(state.divisions, p.villageId);
        const t = townshipOf(state.divisions, p.villageId);
        if (input?.townshipId !== undefined && t?.id !== township) continue;
        if (input?.villageId !== undefined && now?.id !== village) continue;
        if (input?.within !== undefined && !input.within.includes(now?.id ?? p.villageId)) continue;
        const origin = state.divisions.places.get(p.villageId);
        out.push({
          postingId: p.postingId,
          name: p.name,
          personId: p.personId,
          unit: p.unit,
          village: now?.name ?? p.villageId,
          villageId: now?.id ?? p.villageId,
          township: t?.name ?? '',
          dispatchedTo: origin && origin.id !== now?.id ? origin.name : null,
          since: p.dispatchedAt,
        });
      }
      return out.sort(
        (a, b) =>
          a.township.localeCompare(b.township) ||
          a.village.localeCompare(b.village) ||
          a.since.localeCompare(b.since),
      );
    },
  },
});
