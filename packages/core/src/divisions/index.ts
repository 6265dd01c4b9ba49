/**
 * The divisions module, isomorphic: the adjustment's input, and the divisions contract (events,
 * kinds, the follow fold), with the read models' answer types. The server side is `./server`.
 */
export * from './adjustment';
export * from '@xianzhi/divisions-contract';
export type { ApplyMode, Division, RegistryState } from './model';
export type { CodeAssignment } from './assignments';
export type { TreeNode, Counts, ListRow } from './tree';
export type { LineageEdge, LineageNode, HistoryChange, Period } from './history';
export type { AdjustmentSummary } from './adjustments';
export type { StatisticsRow } from './statistics';
export type { PreviewNode, PreviewResult } from './preview';
