/** The enforcement plugin (server side): events, commands, read models, router, admin entry, demo. */
import { enforcementChronicle } from './chronicle';
import { definePlugin } from '@xianzhi/kernel';
import { casesProjection } from './cases';
import { teamsProjection } from './coverage';
import { enforcementCommands } from './decide';
import { enforcementDemo } from './demo';
import { enforcementEvents } from './index';
import { enforcementRouter } from './router';

export { enforcementRouter } from './router';
export {
  enforcementCommands,
  formTeam,
  disbandTeam,
  assignOfficer,
  removeOfficer,
  openCase,
  closeCase,
} from './decide';
export { teamsProjection, type TeamRow } from './coverage';
export { casesProjection, median, type CasesState, type CaseFilter } from './cases';
export { enforcementDemo, type EnforcementDemoTotals } from './demo';

export default definePlugin({
  name: 'enforcement',
  title: { zh: '综合行政执法', en: 'Enforcement' },
  events: enforcementEvents,
  commands: enforcementCommands,
  projections: [teamsProjection, casesProjection],
  router: enforcementRouter,
  demo: async (context) => {
    await enforcementDemo(context);
  },
  chronicle: enforcementChronicle,
});
