/**
 * The institutions decider: the county's institutions are rebuilt as of the decision's date, each
 * change becomes an event applied with the rules checked, and every later event is applied again on
 * top — a backdated change contradicting a later one is refused, naming it and its document.
 */
import { InvariantViolation, parseEffectiveAt, type Decider, type NewEvent, type RecordedEvent } from '@xianzhi/kernel';
import type { InstitutionalChange, InstitutionalChanges } from './inputs';
import { applyInstitutionsEvent, emptyInstitutions } from './model';

export interface InstitutionsHistory {
  events: RecordedEvent[];
}

const byEffective = (a: RecordedEvent, b: RecordedEvent) => a.effectiveMs - b.effectiveMs || a.position - b.position;

/** Ids of the next station and office: after the count ever devolved / established in the stream. */
function nextIds(history: readonly RecordedEvent[], countyCode: string) {
  const used = new Set(history.map((e) => (e.data as { stationId?: string; officeId?: string }).stationId ?? (e.data as { officeId?: string }).officeId));
  let stations = history.filter((e) => e.type === 'institutions.station-devolved').length;
  let offices = history.filter((e) => e.type === 'institutions.office-established').length;
  const next = (prefix: string, n: () => number) => {
    let id: string;
    do id = `${prefix}-${countyCode}-${n()}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  return { station: () => next('station', () => ++stations), office: () => next('office', () => ++offices) };
}

function decide(decision: InstitutionalChanges, history: readonly RecordedEvent[]): NewEvent[] {
  const at = parseEffectiveAt(decision.effectiveAt)!;
  const sorted = [...history].sort(byEffective);
  const state = emptyInstitutions();
  for (const e of sorted) if (e.effectiveMs <= at.ms) applyInstitutionsEvent(state, e, false);
  const ids = nextIds(history, decision.countyCode);
  const metadata = { effectiveAt: at.text, ...(decision.authority ? { authority: decision.authority } : {}) };
  const events: NewEvent[] = [];
  const many = decision.changes.length > 1;

  const toEvent = (c: InstitutionalChange): { type: string; data: Record<string, unknown> } => {
    const { countyCode } = decision;
    switch (c.op) {
      case 'devolve-station': {
        const { op: _op, stationId, ...s } = c;
        return { type: 'institutions.station-devolved', data: { stationId: stationId ?? ids.station(), countyCode, ...s } };
      }
      case 'change-staffing': {
        const s = state.stations.get(c.stationId);
        if (!s) throw new InvariantViolation(`no station ${c.stationId} exists as of ${at.text}`, { stationId: c.stationId });
        return { type: 'institutions.station-staffing-changed', data: { stationId: c.stationId, quotas: c.quotas ?? s.quotas, staff: c.staff ?? s.staff } };
      }
      case 'reassign-station':
        return { type: 'institutions.station-reassigned', data: { stationId: c.stationId, townshipId: c.townshipId } };
      case 'withdraw-station':
        return { type: 'institutions.station-withdrawn', data: { stationId: c.stationId, ...(c.reason ? { reason: c.reason } : {}) } };
      case 'establish-office': {
        const { op: _op, officeId, ...o } = c;
        return { type: 'institutions.office-established', data: { officeId: officeId ?? ids.office(), countyCode, ...o } };
      }
      case 'abolish-office':
        return { type: 'institutions.office-abolished', data: { officeId: c.officeId, ...(c.reason ? { reason: c.reason } : {}) } };
    }
  };

  decision.changes.forEach((change, index) => {
    try {
      const { type, data } = toEvent(change);
      const recorded: RecordedEvent = {
        id: `pending-${index}`,
        type,
        stream: '',
        revision: 0,
        position: Number.MAX_SAFE_INTEGER - 100_000 + index,
        data,
        metadata: { ...metadata, recordedAt: '', schemaVersion: 1 },
        effectiveMs: at.ms,
        recordedMs: 0,
      };
      applyInstitutionsEvent(state, recorded, true);
      events.push({ type, data, metadata });
    } catch (error) {
      if (many && error instanceof InvariantViolation) {
        throw new InvariantViolation(`changes[${index}] (${change.op}): ${error.message}`, { ...error.details, path: ['changes', index] }, { cause: error });
      }
      throw error;
    }
  });
  for (const later of sorted) {
    if (later.effectiveMs <= at.ms) continue;
    try {
      applyInstitutionsEvent(state, later, true);
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      const doc = later.metadata.authority?.documentNo;
      throw new InvariantViolation(
        `this change, effective ${at.text}, contradicts ${later.type} effective ${later.metadata.effectiveAt}${doc ? ` (${doc})` : ''}, ` +
          `recorded as event ${later.id}: ${error.message}`,
        { conflictingEventId: later.id, conflictingDocument: doc, path: ['effectiveAt'] },
        { cause: error },
      );
    }
  }
  return events;
}

/** A decider for one institutions command: `toChanges` turns its input into a decision. */
export function institutionsDecider<Command>(toChanges: (command: Command) => InstitutionalChanges): Decider<InstitutionsHistory, Command> {
  return {
    initialState: () => ({ events: [] }),
    evolve: (state, event) => {
      state.events.push(event);
      return state;
    },
    decide: (command, history) => decide(toChanges(command), history.events),
  };
}
