/**
 * The divisions module as the server runs it: the registry of a county's divisions, adjustments,
 * tree, history, lineage — its command, decider, read models and procedures.
 */
import { defineModule } from '@xianzhi/kernel';
import { divisionEvents } from '@xianzhi/divisions-contract';
import { enactAdjustment } from './commands';
import { divisionAdjustments } from './adjustments';
import { divisionHistory } from './history';
import { divisionTree } from './tree';

export const divisionsModule = defineModule({
  name: 'divisions',
  title: { zh: '行政区划', en: 'Divisions' },
  events: divisionEvents,
  commands: { enactAdjustment },
  projections: [divisionTree, divisionHistory, divisionAdjustments],
});

export * from './index';
export { enactAdjustment } from './commands';
export { applyEvent, emptyRegistry, describe as describeDivision } from './model';
export { registryDecider, type RegistryHistory } from './decide';
export { divisionTree } from './tree';
export { divisionHistory } from './history';
export { divisionAdjustments } from './adjustments';
export { reformStatistics, percentChange } from './statistics';
export { previewAdjustment } from './preview';
export { divisionsRouter } from './router';
