/**
 * The reform module as the server runs it: reform plans through the five steps, linked to the
 * adjustment they lead to — commands, deciders, read model, procedures.
 */
import { reformChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { reformRouter } from './router';
import { reformCommands } from './commands';
import { reformEvents } from './events';
import { reformPlans } from './plans';

export const reformModule = defineModule({
  name: 'reform',
  title: { zh: '改革方案', en: 'Reform plans' },
  events: reformEvents,
  commands: reformCommands,
  projections: [reformPlans],
  router: reformRouter,
  /** The demo county's reform story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordReformDemo(context),
  chronicle: reformChronicle,
});

export * from './index';
export * from './commands';
export { evolvePlan, startPlanDecider, completeStepDecider, linkAdjustmentDecider } from './decide';
export { reformPlans } from './plans';
export { reformRouter } from './router';
