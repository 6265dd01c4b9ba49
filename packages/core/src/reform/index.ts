/**
 * The reform module, isomorphic: vocabulary, events, inputs and streams, and the read model's
 * answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type { PlanState } from './decide';
export type { PlanView, StepRecord, AdjustmentLink } from './plans';
