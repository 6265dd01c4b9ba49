export { naiveAsOf, naiveQuery } from './naive';
export { deciderSpec, type DeciderThen } from './decider-spec';
export { givenHistory, HistoryQuery, type HistoryItem, type GivenHistoryOptions } from './given-history';
export { toRecorded } from './recorded';
