/**
 * The talent commands and their deciders.
 *
 * Streams, chosen for what each rule must see at once:
 * - First secretaries go on the county's **division registry stream** (`divisions-<county>`).
 *   "Dispatched to a live village", "one first secretary per village at a time, counting the one a
 *   merged village passed on" are rules across the registry and the postings, and a decider only
 *   sees its own stream: recording postings on the registry aggregate makes the check and the
 *   append atomic (a village merger enacted meanwhile makes the append fail with a concurrency
 *   error, and the retry sees it). Dispatches and recalls are rare (a batch or two a year, each one
 *   command), like division changes; the registry's own decider and read models skip event types
 *   they do not know.
 * - Programme records go on one stream per county and year (`talent-<county>-<year>`): a record's
 *   rules (recorded once, revoked once and only if recorded, so no count goes below zero) need
 *   only its own events, and a stream per year numbers the records without collisions while keeping
 *   each stream to a few thousand events. The division a record names is not checked against the
 *   registry (another aggregate): the read models resolve it as of the date asked.
 */
import {
  InvariantViolation,
  defineCommand,
  eventFamily,
  parseEffectiveAt,
  timelineDecider,
  type Decider,
  type NewEvent,
  type Timeline,
  type TimelineModel,
} from '@xianzhi/kernel';
import type { z } from 'zod';
import { currentPlace, describePlace, findPlace } from '@xianzhi/divisions-contract';
import {
  RECORD_EVENT,
  RECORD_ID_RE,
  certifyInput,
  dispatchFirstSecretariesInput,
  firstSecretaryDispatched,
  firstSecretaryRecalled,
  recallFirstSecretariesInput,
  recordInput,
  recordStream,
  recordRevoked,
  recordStreamOf,
  registryStream,
  revokeRecordInput,
  trainingInput,
  yearOf,
  type DispatchFirstSecretaries,
  type Programme,
  type RecallFirstSecretaries,
  type RecordInput,
  type RevokeRecord,
} from './index';
import { applySecretaryEvent, emptySecretaries, type SecretariesState } from './secretaries';

const secretariesModel: TimelineModel<SecretariesState> = {
  initialState: emptySecretaries,
  apply: applySecretaryEvent,
};
/** A backdated village merger may leave later postings inconsistent: that blocks no unrelated command. */
const secretariesDecider = <C extends DispatchFirstSecretaries | RecallFirstSecretaries>(
  decide: (command: C, timeline: Timeline<SecretariesState>) => void,
) => timelineDecider(secretariesModel, decide, { recheck: 'new-conflicts' });

/** Runs `fn` for each item, prefixing a refusal with the item's place in the list. */
function each<T>(items: readonly T[], fn: (item: T, index: number) => void): void {
  items.forEach((item, index) => {
    try {
      fn(item, index);
    } catch (error) {
      if (!(error instanceof InvariantViolation) || items.length === 1) throw error;
      throw new InvariantViolation(
        `postings[${index}]: ${error.message}`,
        { ...error.details, path: ['postings', index] },
        { cause: error },
      );
    }
  });
}

export const dispatchFirstSecretaries = defineCommand({
  name: 'dispatchFirstSecretaries',
  input: dispatchFirstSecretariesInput,
  stream: (input) => registryStream(input.countyCode),
  decider: secretariesDecider((c: DispatchFirstSecretaries, { state, history, emit }) => {
    const used = new Set(history.filter((e) => firstSecretaryDispatched.is(e)).map((e) => e.data.postingId));
    let n = used.size;
    const nextId = () => {
      let id: string;
      do id = `fs-${c.countyCode}-${++n}`;
      while (used.has(id));
      used.add(id);
      return id;
    };
    each(c.postings, (p) => {
      const village = findPlace(state.divisions, p.villageId);
      emit(
        firstSecretaryDispatched.create({
          postingId: p.postingId ?? nextId(),
          countyCode: c.countyCode,
          villageId: village?.id ?? p.villageId,
          personId: p.personId ?? p.name,
          name: p.name,
          unit: p.unit,
        }),
      );
    });
  }),
});

export const recallFirstSecretaries = defineCommand({
  name: 'recallFirstSecretaries',
  input: recallFirstSecretariesInput,
  stream: (input) => registryStream(input.countyCode),
  decider: secretariesDecider((c: RecallFirstSecretaries, { state, at, emit }) => {
    each(c.postings, (p) => {
      const posting = state.postings.get(p.postingId);
      if (posting && p.villageId !== undefined) {
        const serves = currentPlace(state.divisions, posting.villageId);
        const named = currentPlace(state.divisions, p.villageId);
        if (!named || named.id !== serves?.id) {
          throw new InvariantViolation(
            `${posting.name} (posting ${posting.postingId}) serves ${serves ? describePlace(serves) : posting.villageId}, not ${named ? describePlace(named) : p.villageId}, as of ${at}`,
            { postingId: p.postingId, path: ['villageId'] },
          );
        }
      }
      emit(
        firstSecretaryRecalled.create({ postingId: p.postingId, ...(p.reason ? { reason: p.reason } : {}) }),
      );
    });
  }),
});

// ── programme records ────────────────────────────────────────────────────────────────────────

interface RecordEntry {
  divisionId: string;
  effectiveAt: string;
  effectiveMs: number;
  revokedAt?: string;
}

/** The records of one county-year stream. */
export interface RecordBook {
  records: Map<string, RecordEntry>;
  highest: number;
}

const recordEvent = eventFamily(Object.values(RECORD_EVENT));

const recordBookDecider = <C>(
  decide: (command: C, book: RecordBook) => NewEvent[],
): Decider<RecordBook, C> => ({
  initialState: () => ({ records: new Map(), highest: 0 }),
  evolve: (book, event) => {
    if (recordEvent.is(event)) {
      const d = event.data;
      book.records.set(d.recordId, {
        divisionId: d.divisionId,
        effectiveAt: event.metadata.effectiveAt,
        effectiveMs: event.effectiveMs,
      });
      book.highest = Math.max(book.highest, Number(RECORD_ID_RE.exec(d.recordId)?.[3] ?? 0));
    } else if (recordRevoked.is(event)) {
      const r = book.records.get(event.data.recordId);
      if (r) r.revokedAt = event.metadata.effectiveAt;
    }
    return book;
  },
  decide,
});

function recordCommand<Schema extends z.ZodType<RecordInput>>(
  name: string,
  programme: Programme,
  input: Schema,
  extra: (c: z.output<Schema>) => Record<string, unknown>,
) {
  return defineCommand({
    name,
    input,
    stream: (i: z.output<Schema>) => recordStream(i.countyCode, yearOf(i.effectiveAt)),
    decider: recordBookDecider<z.output<Schema>>((c, book) => {
      const at = parseEffectiveAt(c.effectiveAt)!;
      const recordId =
        c.recordId ?? `${c.countyCode}-${yearOf(c.effectiveAt)}-${String(book.highest + 1).padStart(5, '0')}`;
      const existing = book.records.get(recordId);
      if (existing) {
        throw new InvariantViolation(
          `record ${recordId} was already made on ${existing.effectiveAt}; give another record id or leave it out`,
          { recordId, path: ['recordId'] },
        );
      }
      const data = {
        recordId,
        countyCode: c.countyCode,
        divisionId: c.divisionId,
        name: c.name,
        ...(c.note ? { note: c.note } : {}),
        ...extra(c),
      };
      return [{ type: RECORD_EVENT[programme].type, data, metadata: { effectiveAt: at.text } }];
    }),
  });
}

export const recruitReturningWorker = recordCommand(
  'recruitReturningWorker',
  'returning-worker',
  recordInput,
  () => ({}),
);
export const developPartyMember = recordCommand(
  'developPartyMember',
  'party-member',
  recordInput,
  () => ({}),
);
export const registerReserveCadre = recordCommand(
  'registerReserveCadre',
  'reserve-cadre',
  recordInput,
  () => ({}),
);
export const certifyPracticalTalent = recordCommand(
  'certifyPracticalTalent',
  'practical-talent',
  certifyInput,
  (c) => ({ level: c.level }),
);
export const completeCadreTraining = recordCommand(
  'completeCadreTraining',
  'cadre-training',
  trainingInput,
  (c) => (c.course ? { course: c.course } : {}),
);

export const revokeRecord = defineCommand({
  name: 'revokeRecord',
  input: revokeRecordInput,
  stream: (input) => recordStreamOf(input.recordId),
  decider: recordBookDecider<RevokeRecord>((c, book) => {
    const at = parseEffectiveAt(c.effectiveAt)!;
    const r = book.records.get(c.recordId);
    if (!r)
      throw new InvariantViolation(
        `record ${c.recordId} does not exist (or was retracted); nothing to revoke — counts never go below zero`,
        { recordId: c.recordId, path: ['recordId'] },
      );
    if (r.revokedAt !== undefined) {
      throw new InvariantViolation(
        `record ${c.recordId} was already revoked on ${r.revokedAt}; it no longer counts — counts never go below zero`,
        { recordId: c.recordId, path: ['recordId'] },
      );
    }
    if (at.ms < r.effectiveMs) {
      throw new InvariantViolation(
        `record ${c.recordId} was made on ${r.effectiveAt}; it cannot be revoked on ${at.text}, before it existed`,
        { recordId: c.recordId, path: ['effectiveAt'] },
      );
    }
    if (c.divisionId !== undefined && c.divisionId !== r.divisionId) {
      throw new InvariantViolation(
        `record ${c.recordId} belongs to division ${r.divisionId}, not to ${c.divisionId}`,
        { recordId: c.recordId, path: ['divisionId'] },
      );
    }
    return [recordRevoked.create({ recordId: c.recordId, reason: c.reason }, { effectiveAt: at.text })];
  }),
});

export const talentCommands = {
  recruitReturningWorker,
  developPartyMember,
  registerReserveCadre,
  certifyPracticalTalent,
  completeCadreTraining,
  revokeRecord,
  dispatchFirstSecretaries,
  recallFirstSecretaries,
};
