/**
 * The institutions module, isomorphic: vocabulary, events, inputs and streams, and the read model's
 * answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type { Station, Office, InstitutionsState } from './model';
export type { TownshipRow, InstitutionTotals, Staffing } from './townships';
export type { TownshipInstitutionsRow } from './router';
