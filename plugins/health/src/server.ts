/** The health plugin as the server loads it: events, commands, read model, router, demo. */
import { healthChronicle } from './chronicle';
import { definePlugin } from '@xianzhi/kernel';
import { healthCommands } from './decide';
import { healthDemo } from './demo';
import { healthFacilities } from './facilities';
import { healthEvents } from './index';
import { healthRouter } from './router';

export { healthRouter };
export {
  healthCommands,
  establishFacility,
  upgradeFacility,
  downgradeFacility,
  closeFacility,
} from './decide';
export { healthFacilities } from './facilities';
export { resolveFacilityDivision, type QueryAt } from './guard';

export default definePlugin({
  name: 'health',
  title: { zh: '卫生健康', en: 'Health' },
  events: healthEvents,
  commands: healthCommands,
  projections: [healthFacilities],
  router: healthRouter,
  demo: healthDemo,
  chronicle: healthChronicle,
});
