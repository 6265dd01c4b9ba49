/** The education plugin as the server loads it: events, commands, read model, router, demo. */
import { educationChronicle } from './chronicle';
import { definePlugin } from '@xianzhi/kernel';
import { educationCommands } from './decide';
import { educationDemo } from './demo';
import { educationEvents } from './index';
import { educationRouter } from './router';
import { educationSchools } from './schools';

export { educationRouter };
export {
  educationCommands,
  openSchool,
  changeSchool,
  reportEnrolment,
  closeSchool,
  mergeSchools,
} from './decide';
export { educationSchools } from './schools';
export { resolveTownship, type QueryAt } from './guard';

export default definePlugin({
  name: 'education',
  title: { zh: '教育', en: 'Education' },
  events: educationEvents,
  commands: educationCommands,
  projections: [educationSchools],
  router: educationRouter,
  demo: educationDemo,
  chronicle: educationChronicle,
});
