/**
 * The service-request decider: one request's lifecycle on its own stream. The state is the current
 * status and when each step happened; a transition not allowed from the current status is refused,
 * naming that status, and a step may not happen before the previous one.
 */
import {
  InvariantViolation,
  parseEffectiveAt,
  type Decider,
  type NewEvent,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { serviceRequested } from './events';
import type { RequestService } from './inputs';
import { NEXT_STATUSES, STATUS_LABEL, type RequestStatus, type ServiceKind } from './vocabulary';

export interface RequestState {
  requestId?: string;
  pointId?: string;
  kind?: ServiceKind;
  status?: RequestStatus;
  /** Effective time of the last step. */
  lastAt?: string;
  lastMs?: number;
}

const STATUS_OF: Record<string, RequestStatus> = {
  'services.requested': 'requested',
  'services.accepted': 'accepted',
  'services.proxied': 'proxied',
  'services.completed': 'completed',
  'services.rejected': 'rejected',
};

export function evolveRequest(state: RequestState, event: RecordedEvent): RequestState {
  const status = STATUS_OF[event.type];
  if (!status) return state;
  if (serviceRequested.is(event)) {
    const d = event.data;
    Object.assign(state, { requestId: d.requestId, pointId: d.pointId, kind: d.kind });
  }
  state.status = status;
  state.lastAt = event.metadata.effectiveAt;
  state.lastMs = event.effectiveMs;
  return state;
}

/** County local time (UTC+8) for messages: 2021-03-01 12:00. */
const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const VERB: Record<RequestStatus, string> = {
  requested: 'requested',
  accepted: 'accepted',
  proxied: 'proxied',
  completed: 'completed',
  rejected: 'rejected',
};

/** The checks of moving `state` to `next` at `effectiveAt`; returns the event's metadata. */
function transition(
  state: RequestState,
  requestId: string,
  next: RequestStatus,
  effectiveAt: string,
): { effectiveAt: string } {
  const at = parseEffectiveAt(effectiveAt)!;
  if (state.status === undefined) {
    throw new InvariantViolation(
      `service request ${requestId} does not exist; it must be requested before it can be ${VERB[next]}`,
      { requestId },
    );
  }
  const allowed = NEXT_STATUSES[state.status];
  if (!allowed.includes(next)) {
    const then = allowed.length
      ? `a ${state.status} request can only be ${allowed.map((s) => VERB[s]).join(' or ')}`
      : 'it is closed';
    throw new InvariantViolation(
      `service request ${requestId} is ${state.status} (${STATUS_LABEL[state.status]}) since ${local(state.lastMs!)}; it cannot be ${VERB[next]} — ${then}`,
      { requestId, status: state.status },
    );
  }
  if (at.ms < state.lastMs!) {
    throw new InvariantViolation(
      `service request ${requestId} cannot be ${VERB[next]} at ${local(at.ms)}: it was ${state.status} later, at ${local(state.lastMs!)}`,
      {
        requestId,
        path: ['effectiveAt'],
      },
    );
  }
  return { effectiveAt: at.text };
}

type Decide<C> = (command: C, state: RequestState) => NewEvent[];

const lifecycle = <C>(decide: Decide<C>): Decider<RequestState, C> => ({
  initialState: () => ({}),
  evolve: evolveRequest,
  decide,
});

export const requestDecider = lifecycle((c: RequestService, state) => {
  if (state.status !== undefined) {
    throw new InvariantViolation(
      `service request ${c.requestId} was already made at ${state.pointId} (now ${state.status}, since ${local(state.lastMs!)}); use a new request id`,
      {
        requestId: c.requestId,
      },
    );
  }
  const effectiveAt = parseEffectiveAt(c.effectiveAt)!.text;
  return [
    {
      type: 'services.requested',
      data: {
        requestId: c.requestId,
        pointId: c.pointId,
        kind: c.kind,
        ...(c.subject ? { subject: c.subject } : {}),
      },
      metadata: { effectiveAt },
    },
  ];
});

export const acceptDecider = lifecycle((c: { requestId: string; effectiveAt: string }, state) => [
  {
    type: 'services.accepted',
    data: { requestId: c.requestId },
    metadata: transition(state, c.requestId, 'accepted', c.effectiveAt),
  },
]);

export const proxyDecider = lifecycle(
  (c: { requestId: string; effectiveAt: string; agent?: string | undefined }, state) => [
    {
      type: 'services.proxied',
      data: { requestId: c.requestId, ...(c.agent ? { agent: c.agent } : {}) },
      metadata: transition(state, c.requestId, 'proxied', c.effectiveAt),
    },
  ],
);

export const completeDecider = lifecycle((c: { requestId: string; effectiveAt: string }, state) => [
  {
    type: 'services.completed',
    data: { requestId: c.requestId },
    metadata: transition(state, c.requestId, 'completed', c.effectiveAt),
  },
]);

export const rejectDecider = lifecycle(
  (c: { requestId: string; effectiveAt: string; reason: string }, state) => [
    {
      type: 'services.rejected',
      data: { requestId: c.requestId, reason: c.reason },
      metadata: transition(state, c.requestId, 'rejected', c.effectiveAt),
    },
  ],
);
