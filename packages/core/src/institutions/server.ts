/**
 * The institutions module as the server runs it: stations devolved to townships with their staffing
 * quotas and staff, offices and enforcement teams established — commands, decider, read model, procedures.
 */
import { institutionsChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { institutionsRouter } from './router';
import { institutionsCommands } from './commands';
import { institutionsEvents } from './events';
import { institutionsByTownship } from './townships';

export const institutionsModule = defineModule({
  name: 'institutions',
  title: { zh: '机构编制', en: 'Institutions' },
  events: institutionsEvents,
  commands: institutionsCommands,
  projections: [institutionsByTownship],
  router: institutionsRouter,
  /** The demo county's institutions story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordInstitutionsDemo(context),
  chronicle: institutionsChronicle,
});

export * from './index';
export * from './commands';
export { institutionsDecider, type InstitutionsHistory } from './decide';
export { applyInstitutionsEvent, emptyInstitutions } from './model';
export { institutionsByTownship } from './townships';
export { institutionsRouter } from './router';
