export { ProjectionRuntime, createProjectionRuntime } from './runtime';
export type { AsOf, ChangeNotice, ProjectionHealth, ProjectionRuntimeOptions, Reaction, RuntimeProgress } from './runtime';
export { ManualClock, systemClock, type Clock } from './clock';
export { ProjectionFailed } from './errors';
export { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy, type ProjectionStatus } from './instance';
export { retractEvent, retractEventInput, type RetractEventInput } from './retract';
export { executeCommand, type CommandResult, type ExecuteOptions } from './execute';
