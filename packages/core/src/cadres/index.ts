/**
 * The village cadre pay and training module, isomorphic: vocabulary, events, inputs, and the read
 * model's answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type {
  CourseRow,
  PaidWithoutPostRow,
  PayScaleRow,
  PaySummary,
  SecretaryPayRow,
  TrainingRow,
} from './overview';
