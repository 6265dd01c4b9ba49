/**
 * The village cadre pay and training module as the server runs it: pay scales and monthly payments
 * per post (village party secretaries against the ≥ 3,500 元 target), courses and attendance, the
 * yearly training coverage — commands, decider, read model, procedures.
 *
 * A core module (not a 组织部 plugin): its rules are across the personnel records (a payment is for
 * the month's holder of a post; attendance is by a registered person), recorded on the personnel
 * stream so they are checked atomically — and plugins never reach into a core module's stream.
 */
import { cadresChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { cadresRouter } from './router';
import { cadresCommands } from './decide';
import { cadresEvents } from './events';
import { cadresOverview } from './overview';

export const cadresModule = defineModule({
  name: 'cadres',
  title: { zh: '村干部报酬与培训', en: 'Village cadre pay and training' },
  events: cadresEvents,
  commands: cadresCommands,
  projections: [cadresOverview],
  router: cadresRouter,
  /** The demo county's pay and training (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordCadresDemo(context),
  chronicle: cadresChronicle,
});

export * from './index';
export * from './decide';
export { applyCadresEvent, emptyCadresState, heldDuring, monthEnd } from './model';
export { cadresOverview } from './overview';
export { cadresRouter } from './router';
