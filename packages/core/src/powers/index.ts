/**
 * The township power lists module, isomorphic: vocabulary, events, inputs, and the read model's
 * answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type { PowerItem, PowersState } from './model';
export type { PowerItemRow, PowerTownshipRow, ItemFilter } from './lists';
export type { PowerOfficeRow } from './router';
