/**
 * The API's types, from the server's own router (type-only: nothing of the server reaches the
 * bundle): every procedure's input and output, core or plugin, is inferred from it; the names here
 * are shorthands for the pages.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type {
  AdjustmentSummary,
  Counts,
  DivisionKind,
  HistoryChange,
  Level,
  LineageEdge,
  LineageNode,
  Period,
  TreeNode,
} from '@xianzhi/core';
import type {
  ActivityRow,
  CadreLevel,
  DivisionRoster,
  InstitutionTotals,
  Office,
  OfficeKind,
  OpenRequest,
  PersonView,
  PlanView,
  PointLevel,
  PointRow,
  PostRow,
  ReformScope,
  ReformStep,
  RequestStatus,
  ServiceKind,
  Staffing,
  Station,
  StepRecord,
} from '@xianzhi/core';
import type { AppRouter } from '@xianzhi/server/router';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type {
  AdjustmentSummary,
  Counts,
  DivisionKind,
  HistoryChange,
  Level,
  LineageEdge,
  LineageNode,
  Period,
  TreeNode,
};
export type { Change, EnactAdjustmentInput, StatisticsRow } from '@xianzhi/core';
export type {
  ActivityRow,
  CadreLevel,
  DivisionRoster,
  InstitutionTotals,
  Office,
  OfficeKind,
  OpenRequest,
  PersonView,
  PlanView,
  PointLevel,
  PointRow,
  PostRow,
  ReformScope,
  ReformStep,
  RequestStatus,
  ServiceKind,
  Staffing,
  Station,
  StepRecord,
};

/** `institutions.township`: one township's stations and offices. */
export type TownshipInstitutions = NonNullable<RouterOutputs['institutions']['township']>;

export type CadreStatistics = RouterOutputs['personnel']['statistics'];
export type CadreComparison = RouterOutputs['personnel']['compareStatistics'];
export type CadreStatisticsRow = RouterOutputs['personnel']['statisticsByLevel'][number];
export type SourceRow = RouterOutputs['personnel']['sources'][number];
export type TownshipInstitutionsRow = RouterOutputs['institutions']['townships'][number];
export type CommandOutput = RouterOutputs['personnel']['appointToPost'];

/** `divisions.get`: one division as of the date, with its parent chain. */
export type DivisionDetail = NonNullable<RouterOutputs['divisions']['get']>;

/** `divisions.history`: a division's attributes over time and every change. */
export type DivisionHistory = NonNullable<RouterOutputs['divisions']['history']>;
export type HistoryAttr = keyof DivisionHistory['periods'];

/** `divisions.lineage`: predecessors and successors as a graph. */
export type Lineage = NonNullable<RouterOutputs['divisions']['lineage']>;

export type PreviewResult = RouterOutputs['divisions']['preview'];
export type PreviewNode = PreviewResult['tree'][number];
export type EventRow = RouterOutputs['events']['list']['rows'][number];
export type ModuleSummary = RouterOutputs['system']['modules'][number];
export type Whoami = NonNullable<RouterOutputs['access']['whoami']>;
