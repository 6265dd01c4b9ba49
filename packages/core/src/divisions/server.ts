/**
 * The divisions module as the server runs it: the registry of a county's divisions, adjustments,
 * tree, history, lineage — its command, decider, read models and procedures.
 */
import { defineModule } from '@xianzhi/kernel';
import { divisionsRouter } from './router';
import { divisionEvents } from '@xianzhi/divisions-contract';
import { enactAdjustment } from './commands';
import { divisionAdjustments } from './adjustments';
import { divisionHistory } from './history';
import { divisionTree } from './tree';
import { divisionsChronicle } from './chronicle';

export const divisionsModule = defineModule({
  name: 'divisions',
  title: { zh: '行政区划', en: 'Divisions' },
  events: divisionEvents,
  commands: { enactAdjustment },
  projections: [divisionTree, divisionHistory, divisionAdjustments],
  router: divisionsRouter,
  chronicle: divisionsChronicle,
});

export * from './index';
export { enactAdjustment } from './commands';
export {
  applyEvent,
  checkAdjustmentCodes,
  emptyRegistry,
  isSuperseded,
  describe as describeDivision,
} from './model';
export { givenCodes, registryDecider, registryModel, type RegistryHistory } from './decide';
export { assignedCodes } from './assignments';
export { divisionTree } from './tree';
export { divisionHistory } from './history';
export { divisionAdjustments } from './adjustments';
export { reformStatistics, percentChange } from './statistics';
export { previewAdjustment } from './preview';
export { divisionsRouter } from './router';
export { divisionsChronicle } from './chronicle';
