/**
 * The services module, isomorphic: vocabulary, events, inputs and streams, and the read models'
 * answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type { ServicePoint, PointsState } from './points';
export type { RequestState } from './lifecycle';
export type { PointRow } from './directory';
export {
  GROUP_BY,
  type ActivityRow,
  type ActivityFilter,
  type ActivityState,
  type GroupBy,
  type OpenRequest,
} from './activity';
