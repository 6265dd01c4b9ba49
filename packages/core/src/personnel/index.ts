/**
 * The personnel module, isomorphic: vocabulary, events, the decisions' inputs, and the read models'
 * answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './decision';
export type { Person, Post, Holding, Tenure, PersonnelState } from './model';
export type { DivisionRoster, PostRow, HolderRow, PersonView } from './roster';
export {
  CADRE_LEVELS,
  type CadreLevel,
  type CadreStatistics,
  type CadreComparison,
  type DualRoleCoverage,
  type StatisticsInput,
} from './statistics';
export type { RosterRow, CadreStatisticsRow } from './router';
