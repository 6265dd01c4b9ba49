/**
 * The party organisations module, isomorphic: vocabulary, events, the decisions' inputs, and the
 * read models' answer types. The server side is `./server`.
 */
export * from './vocabulary';
export * from './events';
export * from './inputs';
export type { PartyOrganisation, PartyState, ServedUnit } from './model';
export type {
  OrgNode,
  TypeCounts,
  TownshipCountRow,
  CountyCountRow,
  VillagePartyRow,
  GroupBranchRow,
  PartySummary,
} from './organisations';
export type { SecretaryRow, SecretaryOverview } from './router';
