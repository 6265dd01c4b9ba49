/**
 * The reference fold — the definitions of docs/time-model.md written as plainly as possible. The optimised runtime must
 * always agree with it; property tests and benchmarks compare the two.
 */
import {
  RETRACTION_TYPE,
  asOfBound,
  eventRetracted,
  knownAtBound,
  type ProjectionDefinition,
  type RecordedEvent,
} from '@xianzhi/kernel';

/**
 * State as of D, as known at T: keep events recorded at or before T and effective at or before D,
 * drop those retracted by a retraction recorded at or before T, sort by (effectiveAt, position), fold.
 *
 * @example
 * const state = naiveAsOf(await store.readAll(), countsByTownship, '2019-12-31', '2020-03-01T00:00:00+08:00');
 */
export function naiveAsOf<S>(
  events: readonly RecordedEvent[],
  projection: ProjectionDefinition<S>,
  asOf?: string | number,
  knownAt?: string | number,
  now: () => number = Date.now,
): S {
  const D = typeof asOf === 'number' ? asOf : asOfBound(asOf, now);
  const T = typeof knownAt === 'number' ? knownAt : knownAtBound(knownAt, now);
  const known = events.filter((e) => e.recordedMs <= T);
  const retracted = new Set(known.flatMap((e) => (eventRetracted.is(e) ? [e.data.eventId] : [])));
  const visible = known.filter(
    (e) => e.type !== RETRACTION_TYPE && e.effectiveMs <= D && !retracted.has(e.id),
  );
  visible.sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position);
  let state = projection.initialState();
  for (const e of visible) {
    const evolve = projection.evolve[e.type];
    if (evolve) state = evolve(state, e);
  }
  return state;
}

/** Runs a projection query on the naive state. */
export function naiveQuery<S, R>(
  events: readonly RecordedEvent[],
  projection: ProjectionDefinition<S>,
  queryName: string,
  input: unknown,
  asOf?: string | number,
  knownAt?: string | number,
  now: () => number = Date.now,
): R {
  const fn = projection.queries[queryName] as ((s: S, i: unknown) => R) | undefined;
  if (!fn) throw new Error(`projection ${projection.name} has no query "${queryName}"`);
  return fn(naiveAsOf(events, projection, asOf, knownAt, now), input);
}
