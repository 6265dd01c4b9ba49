/**
 * Service points: the registry state, the function applying an event to it (with or without the
 * rules), and the registry decider. As in the other registries, the decider rebuilds the state as
 * of the command's date, applies the new events with the rules checked, then re-applies every
 * later event, so a backdated change that contradicts a later one is refused, naming it.
 */
import {
  InvariantViolation,
  timelineDecider,
  type Authority,
  type Decider,
  type NewEvent,
  type RecordedEvent,
  type TimelineHistory,
} from '@xianzhi/kernel';
import { pointClosed, pointOpened } from './events';
import { pointIdOf, type CloseServicePoint, type OpenServicePoints } from './inputs';
import { PARENT_POINT_LEVEL, POINT_LEVEL_LABEL, type PointLevel } from './vocabulary';

export interface ServicePoint {
  id: string;
  countyCode: string;
  level: PointLevel;
  divisionId: string;
  name: string;
  parentPointId?: string;
  openedAt: string;
  closedAt?: string;
  /** Ids of the open points one level down. */
  children: string[];
}

export interface PointsState {
  points: Map<string, ServicePoint>;
}

export const emptyPoints = (): PointsState => ({ points: new Map() });

export const describePoint = (p: Pick<ServicePoint, 'id' | 'name' | 'level'>): string =>
  `${POINT_LEVEL_LABEL[p.level]} ${p.name}（${p.id}）`;

export function applyPointEvent(state: PointsState, event: RecordedEvent, check: boolean): void {
  const at = event.metadata.effectiveAt;
  if (pointOpened.is(event)) {
    const { pointId, ...data } = event.data;
    const parent = data.parentPointId === undefined ? undefined : state.points.get(data.parentPointId);
    if (check) {
      const existing = state.points.get(pointId);
      if (existing) {
        const when =
          existing.closedAt === undefined
            ? `opened on ${existing.openedAt}`
            : `closed on ${existing.closedAt}; a point's id is never reused`;
        throw new InvariantViolation(`${describePoint(existing)} already exists (${when})`, { pointId });
      }
      if (data.level === 'county-centre') {
        const other = [...state.points.values()].find(
          (p) => p.level === 'county-centre' && p.countyCode === data.countyCode && p.closedAt === undefined,
        );
        if (other)
          throw new InvariantViolation(
            `county ${data.countyCode} already has a county service centre, ${describePoint(other)}, open since ${other.openedAt}`,
            { pointId },
          );
      }
      const parentLevel = PARENT_POINT_LEVEL[data.level];
      if (parentLevel && data.parentPointId !== undefined) {
        if (!parent)
          throw new InvariantViolation(
            `parent point ${data.parentPointId} does not exist as of ${at}; open it first`,
            { pointId, parentPointId: data.parentPointId },
          );
        if (parent.closedAt !== undefined)
          throw new InvariantViolation(`parent ${describePoint(parent)} was closed on ${parent.closedAt}`, {
            pointId,
            parentPointId: parent.id,
          });
        if (parent.level !== parentLevel) {
          throw new InvariantViolation(
            `a ${POINT_LEVEL_LABEL[data.level]} (${data.level}) belongs to a ${parentLevel}, not to ${describePoint(parent)}`,
            { pointId, parentPointId: parent.id },
          );
        }
      }
    }
    state.points.set(pointId, { id: pointId, ...data, openedAt: at, children: [] });
    parent?.children.push(pointId);
    return;
  }
  if (pointClosed.is(event)) {
    const { pointId } = event.data;
    const point = state.points.get(pointId);
    if (check) {
      if (!point) throw new InvariantViolation(`no service point ${pointId} exists as of ${at}`, { pointId });
      if (point.closedAt !== undefined)
        throw new InvariantViolation(`${describePoint(point)} was already closed on ${point.closedAt}`, {
          pointId,
        });
      if (point.children.length > 0) {
        const names = point.children
          .slice(0, 5)
          .map((c) => state.points.get(c)!.name)
          .join('、');
        throw new InvariantViolation(
          `${describePoint(point)} still has ${point.children.length} open points under it (${names}…); close them first`,
          { pointId },
        );
      }
    }
    if (!point) return;
    point.closedAt = at;
    const parent = point.parentPointId === undefined ? undefined : state.points.get(point.parentPointId);
    if (parent) parent.children = parent.children.filter((c) => c !== pointId);
  }
}

export type PointsHistory = TimelineHistory;

interface PointsCommand {
  effectiveAt: string;
  authority?: Authority | undefined;
}

/** A points decider: `toEvents` turns the command into events, emitted (and checked) in order. */
const pointsDecider = <C extends PointsCommand>(
  toEvents: (command: C) => NewEvent[],
): Decider<PointsHistory, C> =>
  timelineDecider(
    { initialState: emptyPoints, apply: applyPointEvent },
    (command: C, { emit }) => {
      const events = toEvents(command);
      events.forEach((event, index) => {
        try {
          emit(event);
        } catch (error) {
          if (events.length > 1 && error instanceof InvariantViolation) {
            throw new InvariantViolation(
              `points[${index}]: ${error.message}`,
              { ...error.details, path: ['points', index] },
              { cause: error },
            );
          }
          throw error;
        }
      });
    },
    { noun: 'change' },
  );

export const openPointsDecider = pointsDecider((c: OpenServicePoints) =>
  c.points.map(({ pointId, ...p }) => ({
    type: 'services.point-opened',
    data: { pointId: pointId ?? pointIdOf(p.divisionId, p.level), countyCode: c.countyCode, ...p },
  })),
);

export const closePointDecider = pointsDecider((c: CloseServicePoint) => [
  { type: 'services.point-closed', data: { pointId: c.pointId, ...(c.reason ? { reason: c.reason } : {}) } },
]);
