/**
 * Read model `talent.progress`: progress against the five-year targets as of a date — for each
 * programme (and practical-talent level) the records made in the plan period up to the date and
 * not revoked, the target and the share reached (percent, one decimal); the same counts per
 * township; and the records of one division.
 *
 * A record counts under the township that holds the division it names *as of the date asked*:
 * on or after a township or village merger, the sources' records count under the survivor.
 */
import { defineProjection, on, parseEffectiveAt, type RecordedEvent } from '@xianzhi/kernel';
import {
  currentPlace,
  emptyDivisionIndex,
  followDivisions,
  livePlaces,
  townshipOf,
  type DivisionIndex,
} from '@xianzhi/divisions-contract';
import {
  PLAN,
  PROGRESS_LABEL,
  RECORD_EVENT,
  progressKey,
  recordRevoked,
  type Programme,
  type Progress,
  type ProgressKey,
  type TalentLevel,
  type TownshipProgressRow,
} from './index';

interface RecordEntry {
  recordId: string;
  key: ProgressKey;
  countyCode: string;
  divisionId: string;
  name: string;
  effectiveAt: string;
  effectiveMs: number;
  revoked: boolean;
}

export interface ProgressState {
  divisions: DivisionIndex;
  records: Map<string, RecordEntry>;
}

const PLAN_FROM = parseEffectiveAt(PLAN.from)!.ms;
const PLAN_UNTIL = parseEffectiveAt(PLAN.to)!.ms + 86_400_000; // the end of the last day
const percent = (part: number, whole: number | null): number | null =>
  !whole ? null : Math.round((part * 1000) / whole) / 10;
const zeroCounts = () =>
  Object.fromEntries(PLAN.targets.map((t) => [t.key, 0])) as Record<ProgressKey, number>;

/** The handler of one programme's records (the certification of a practical talent carries its level). */
const recorded =
  (programme: Programme) =>
  (
    state: ProgressState,
    event: RecordedEvent<
      string,
      { recordId: string; countyCode: string; divisionId: string; name: string; level?: TalentLevel }
    >,
  ): ProgressState => {
    const e = event.data;
    state.records.set(e.recordId, {
      recordId: e.recordId,
      key: progressKey(programme, e.level),
      countyCode: e.countyCode,
      divisionId: e.divisionId,
      name: e.name,
      effectiveAt: event.metadata.effectiveAt,
      effectiveMs: event.effectiveMs,
      revoked: false,
    });
    return state;
  };

/** The records not revoked, made in [from, until) (epoch ms), of a county or of all. */
function counted(
  state: ProgressState,
  countyCode: string | undefined,
  from = PLAN_FROM,
  until = PLAN_UNTIL,
): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const r of state.records.values()) {
    if (
      !r.revoked &&
      r.effectiveMs >= from &&
      r.effectiveMs < until &&
      (countyCode === undefined || r.countyCode === countyCode)
    )
      out.push(r);
  }
  return out;
}

const dayStart = (date: string | undefined, fallback: number) =>
  date === undefined ? fallback : (parseEffectiveAt(date)?.ms ?? fallback);

export const progressProjection = defineProjection({
  name: 'talent.progress',
  // 2: follows the divisions with the shared fold (@xianzhi/divisions-contract)
  version: 2,
  initialState: (): ProgressState => ({ divisions: emptyDivisionIndex(), records: new Map() }),
  evolve: {
    ...followDivisions((state: ProgressState) => state.divisions),
    ...on(RECORD_EVENT['returning-worker'], recorded('returning-worker')),
    ...on(RECORD_EVENT['party-member'], recorded('party-member')),
    ...on(RECORD_EVENT['reserve-cadre'], recorded('reserve-cadre')),
    ...on(RECORD_EVENT['practical-talent'], recorded('practical-talent')),
    ...on(RECORD_EVENT['cadre-training'], recorded('cadre-training')),
    ...on(recordRevoked, (state: ProgressState, event) => {
      const r = state.records.get(event.data.recordId);
      if (r) r.revoked = true;
      return state;
    }),
  },
  queries: {
    /** Progress against the five-year targets (of a county, or of all). */
    progress: (state: ProgressState, input: { countyCode?: string } | undefined): Progress => {
      const counts = zeroCounts();
      for (const r of counted(state, input?.countyCode)) counts[r.key] += 1;
      return {
        countyCode: input?.countyCode ?? null,
        from: PLAN.from,
        to: PLAN.to,
        rows: PLAN.targets.map((t) => ({
          key: t.key,
          label: PROGRESS_LABEL[t.key].zh,
          programme: t.programme,
          level: 'level' in t ? t.level : null,
          count: counts[t.key],
          target: t.target,
          share: percent(counts[t.key], t.target),
          remaining: t.target === null ? null : Math.max(0, t.target - counts[t.key]),
        })),
      };
    },
    /**
     * The counts per live township, of the plan period or of the dates `from`–`to` (inclusive);
     * records naming a division this read model does not know are reported under its id.
     */
    byTownship: (
      state: ProgressState,
      input: { countyCode?: string; from?: string; to?: string; within?: readonly string[] } | undefined,
    ): TownshipProgressRow[] => {
      const rows = new Map<string, TownshipProgressRow>();
      const within = input?.within === undefined ? undefined : new Set(input.within);
      for (const t of livePlaces(state.divisions, 'township', input?.countyCode)) {
        if (within !== undefined && !within.has(t.id)) continue;
        rows.set(t.id, { townshipId: t.id, code: t.code ?? '', township: t.name, ...zeroCounts() });
      }
      const from = dayStart(input?.from, PLAN_FROM);
      const until =
        input?.to === undefined ? PLAN_UNTIL : dayStart(input.to, PLAN_UNTIL - 86_400_000) + 86_400_000;
      for (const r of counted(state, input?.countyCode, from, until)) {
        const t = townshipOf(state.divisions, r.divisionId);
        const id = t?.id ?? r.divisionId;
        if (within !== undefined && !within.has(id)) continue;
        let row = rows.get(id);
        if (!row)
          rows.set(
            id,
            (row = {
              townshipId: id,
              code: t?.code ?? '',
              township: t?.name ?? r.divisionId,
              ...zeroCounts(),
            }),
          );
        row[r.key] += 1;
      }
      return [...rows.values()].sort(
        (a, b) =>
          a.code.localeCompare(b.code, 'en', { numeric: true }) || a.townshipId.localeCompare(b.townshipId),
      );
    },
    /**
     * The records (of any date, not revoked) of a division: of a township, every record whose
     * division lies in it now; of a village, every record of it or of a village merged into it.
     */
    /** One record (revoked too): its division as of the date, or null. */
    record: (state: ProgressState, input: { recordId: string }) => {
      const r = state.records.get(input.recordId);
      return r
        ? {
            recordId: r.recordId,
            divisionId: currentPlace(state.divisions, r.divisionId)?.id ?? r.divisionId,
            revoked: r.revoked,
          }
        : null;
    },
    records: (
      state: ProgressState,
      input: { divisionId: string; programme?: Programme; limit?: number; within?: readonly string[] },
    ) => {
      const target = currentPlace(state.divisions, input.divisionId);
      const out: {
        recordId: string;
        key: ProgressKey;
        label: string;
        name: string;
        divisionId: string;
        division: string;
        effectiveAt: string;
      }[] = [];
      for (const r of state.records.values()) {
        if (r.revoked || (input.programme !== undefined && !r.key.startsWith(input.programme))) continue;
        const place = currentPlace(state.divisions, r.divisionId);
        const matches =
          target === undefined
            ? r.divisionId === input.divisionId
            : target.level === 'township'
              ? townshipOf(state.divisions, r.divisionId)?.id === target.id
              : place?.id === target.id;
        if (!matches) continue;
        const divisionId = place?.id ?? r.divisionId;
        if (input.within !== undefined && !input.within.includes(divisionId)) continue;
        out.push({
          recordId: r.recordId,
          key: r.key,
          label: PROGRESS_LABEL[r.key].zh,
          name: r.name,
          divisionId,
          division: place?.name ?? r.divisionId,
          effectiveAt: r.effectiveAt,
        });
      }
      out.sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt) || a.recordId.localeCompare(b.recordId));
      return out.slice(0, input.limit ?? 500);
    },
  },
});
