/**
 * The zones module, isomorphic: the decision's inputs and the read model's answer types. The zones
 * events and their fold are in the divisions contract (plugins group by zone too); the server side
 * is `./server`.
 */
export * from './inputs';
export type { ZoneRow, ZoneTownship, TownshipZoneRow } from './map';
