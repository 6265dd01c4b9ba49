/** The divisions module: the registry of a county's divisions, adjustments, tree, history, lineage. */
import { defineCommand, defineModule } from '@xianzhi/kernel';
import { enactAdjustmentInput, registryStream } from './adjustment';
import { registryDecider } from './decide';
import { divisionEvents } from './events';
import { divisionAdjustments } from './adjustments';
import { divisionHistory } from './history';
import { divisionTree } from './tree';

export const enactAdjustment = defineCommand({
  name: 'enactAdjustment',
  input: enactAdjustmentInput,
  stream: (input) => registryStream(input.countyCode),
  decider: registryDecider,
});

export const divisionsModule = defineModule({
  name: 'divisions',
  title: { zh: '行政区划', en: 'Divisions' },
  events: divisionEvents,
  commands: { enactAdjustment },
  projections: [divisionTree, divisionHistory, divisionAdjustments],
});

export * from './adjustment';
export * from './events';
export * from './kinds';
export { applyEvent, checkAdjustmentCodes, emptyRegistry, isSuperseded, touchedBy, describe as describeDivision, type ApplyMode, type Division, type RegistryState } from './model';
export { givenCodes, registryDecider } from './decide';
export { assignedCodes, type CodeAssignment } from './assignments';
export { divisionTree, type TreeNode, type Counts, type ListRow } from './tree';
export { divisionHistory, type LineageEdge, type LineageNode, type HistoryChange, type Period } from './history';
export { divisionAdjustments, type AdjustmentSummary } from './adjustments';
export { reformStatistics, percentChange, type StatisticsRow } from './statistics';
