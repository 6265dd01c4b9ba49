/**
 * The services module as the server runs it: the four-level convenience-service system and the
 * lifecycle of each service request (proxy services included) — commands, deciders, read models, procedures.
 */
import { servicesChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { servicesRouter } from './router';
import { servicesCommands } from './commands';
import { servicesEvents } from './events';
import { serviceActivity } from './activity';
import { servicePoints } from './directory';

export const servicesModule = defineModule({
  name: 'services',
  title: { zh: '便民服务', en: 'Services' },
  events: servicesEvents,
  commands: servicesCommands,
  projections: [servicePoints, serviceActivity],
  router: servicesRouter,
  /** The demo county's services story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordServicesDemo(context),
  chronicle: servicesChronicle,
});

export * from './index';
export * from './commands';
export { applyPointEvent, emptyPoints, describePoint } from './points';
export {
  evolveRequest,
  requestDecider,
  acceptDecider,
  proxyDecider,
  completeDecider,
  rejectDecider,
} from './lifecycle';
export { servicePoints } from './directory';
export { serviceActivity, medianHours } from './activity';
export { servicesRouter } from './router';
