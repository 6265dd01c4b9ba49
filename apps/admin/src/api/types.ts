/**
 * The API's types, from the server's own router (type-only: nothing of the server reaches the
 * bundle). The divisions read models answer through the generic projection runtime, so their
 * results are typed here with the read models' exported shapes.
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
import type { AppRouter } from '../../../server/src/router';

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
export interface TownshipInstitutions {
  townshipId: string;
  stations: Station[];
  offices: (Office & { kindLabel: string })[];
  totals: Staffing | null;
}

export type CadreStatistics = RouterOutputs['personnel']['statistics'];
export type CadreComparison = RouterOutputs['personnel']['compareStatistics'];
export type CadreStatisticsRow = RouterOutputs['personnel']['statisticsByLevel'][number];
export type SourceRow = RouterOutputs['personnel']['sources'][number];
export type TownshipInstitutionsRow = RouterOutputs['institutions']['townships'][number];
export type CommandOutput = RouterOutputs['personnel']['appointToPost'];

/** `divisions.get`: one division as of the date, with its parent chain. */
export type DivisionDetail = TreeNode & {
  ended: {
    eventId: string;
    effectiveAt: string;
    documentNo?: string;
    how: 'merged' | 'split' | 'abolished';
    successorIds: string[];
  } | null;
  path: { id: string; name: string; code?: string }[];
};

export type HistoryAttr = 'name' | 'fullName' | 'code' | 'parentId' | 'kind' | 'classification' | 'seat';

/** `divisions.history`: a division's attributes over time and every change. */
export type DivisionHistory = LineageNode & {
  periods: Record<HistoryAttr, Period[]>;
  changes: HistoryChange[];
};

/** `divisions.lineage`: predecessors and successors as a graph. */
export interface Lineage {
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

export type PreviewResult = RouterOutputs['divisions']['preview'];
export type PreviewNode = PreviewResult['tree'][number];
export type EventRow = RouterOutputs['events']['list']['rows'][number];
export type ModuleSummary = RouterOutputs['system']['modules'][number];
export type Whoami = NonNullable<RouterOutputs['access']['whoami']>;

/** Narrows an `unknown` query result to the read model's shape (TanStack `select`). */
export const as =
  <T>() =>
  (data: unknown): T =>
    data as T;
