/**
 * The institutions decider: the county's institutions are rebuilt as of the decision's date, each
 * change becomes an event applied with the rules checked, and every later event is applied again on
 * top — a backdated change contradicting a later one is refused, naming it and its document.
 */
import {
  InvariantViolation,
  timelineDecider,
  type Decider,
  type RecordedEvent,
  type Timeline,
  type TimelineHistory,
} from '@xianzhi/kernel';
import { institutionsEvent } from './events';
import type { InstitutionalChange, InstitutionalChanges } from './inputs';
import { applyInstitutionsEvent, emptyInstitutions, type InstitutionsState } from './model';

export type InstitutionsHistory = TimelineHistory;

/** Ids of the next station and office: after the count ever devolved / established in the stream. */
function nextIds(history: readonly RecordedEvent[], countyCode: string) {
  // every id any event names (a station's or an office's), so no id is ever given twice
  const used = new Set(
    history.flatMap((e) =>
      !institutionsEvent.is(e) ? [] : 'stationId' in e.data ? [e.data.stationId] : [e.data.officeId],
    ),
  );
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

function decide(
  decision: InstitutionalChanges,
  { state, at, history, emit }: Timeline<InstitutionsState>,
): void {
  const ids = nextIds(history, decision.countyCode);
  const many = decision.changes.length > 1;

  const toEvent = (c: InstitutionalChange): { type: string; data: Record<string, unknown> } => {
    const { countyCode } = decision;
    switch (c.op) {
      case 'devolve-station': {
        const { op: _op, stationId, ...s } = c;
        return {
          type: 'institutions.station-devolved',
          data: { stationId: stationId ?? ids.station(), countyCode, ...s },
        };
      }
      case 'change-staffing': {
        const s = state.stations.get(c.stationId);
        if (!s)
          throw new InvariantViolation(`no station ${c.stationId} exists as of ${at}`, {
            stationId: c.stationId,
          });
        return {
          type: 'institutions.station-staffing-changed',
          data: { stationId: c.stationId, quotas: c.quotas ?? s.quotas, staff: c.staff ?? s.staff },
        };
      }
      case 'reassign-station':
        return {
          type: 'institutions.station-reassigned',
          data: { stationId: c.stationId, townshipId: c.townshipId },
        };
      case 'withdraw-station':
        return {
          type: 'institutions.station-withdrawn',
          data: { stationId: c.stationId, ...(c.reason ? { reason: c.reason } : {}) },
        };
      case 'establish-office': {
        const { op: _op, officeId, ...o } = c;
        return {
          type: 'institutions.office-established',
          data: { officeId: officeId ?? ids.office(), countyCode, ...o },
        };
      }
      case 'abolish-office':
        return {
          type: 'institutions.office-abolished',
          data: { officeId: c.officeId, ...(c.reason ? { reason: c.reason } : {}) },
        };
    }
  };

  decision.changes.forEach((change, index) => {
    try {
      emit(toEvent(change));
    } catch (error) {
      if (many && error instanceof InvariantViolation) {
        throw new InvariantViolation(
          `changes[${index}] (${change.op}): ${error.message}`,
          { ...error.details, path: ['changes', index] },
          { cause: error },
        );
      }
      throw error;
    }
  });
}

const changesDecider = timelineDecider(
  { initialState: emptyInstitutions, apply: applyInstitutionsEvent },
  decide,
  { noun: 'change' },
);

/** A decider for one institutions command: `toChanges` turns its input into a decision. */
export function institutionsDecider<Command>(
  toChanges: (command: Command) => InstitutionalChanges,
): Decider<InstitutionsHistory, Command> {
  return {
    ...changesDecider,
    decide: (command, history) => changesDecider.decide(toChanges(command), history),
  };
}
