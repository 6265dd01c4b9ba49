export { ProjectionRuntime, createProjectionRuntime } from './runtime';
export type {
  AsOf,
  CacheOutcome,
  ChangeNotice,
  ProjectionHealth,
  ProjectionRuntimeOptions,
  Reaction,
  RuntimeProgress,
} from './runtime';
export { ManualClock, systemClock, type Clock } from './clock';
export { ProjectionFailed } from './errors';
export { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy, type ProjectionStatus } from './instance';
export { retractEvent, retractEventInput, type RetractEventInput } from './retract';
export { executeCommand, type CommandResult, type ExecuteOptions } from './execute';
export { readCacheFile, type StoredCheckpoint } from './cache';
export { loadCacheKey, type CacheKey } from './cache-key';
