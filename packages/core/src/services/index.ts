/**
 * The services module: the four-level convenience-service system (county centre → township centre
 * → village service room → grid worker) and the lifecycle of each service request, including proxy
 * services (民事代办). Streams: see inputs.ts.
 */
import { defineCommand, defineModule } from '@xianzhi/kernel';
import { serviceActivity } from './activity';
import { servicePoints } from './directory';
import { servicesEvents } from './events';
import {
  acceptServiceInput,
  closeServicePointInput,
  completeServiceInput,
  openServicePointsInput,
  proxyServiceInput,
  rejectServiceInput,
  requestServiceInput,
  servicePointsStream,
  serviceRequestStream,
} from './inputs';
import { acceptDecider, completeDecider, proxyDecider, rejectDecider, requestDecider } from './lifecycle';
import { closePointDecider, openPointsDecider } from './points';

export const openServicePoints = defineCommand({
  name: 'openServicePoints',
  input: openServicePointsInput,
  stream: (input) => servicePointsStream(input.countyCode),
  decider: openPointsDecider,
});

export const closeServicePoint = defineCommand({
  name: 'closeServicePoint',
  input: closeServicePointInput,
  stream: (input) => servicePointsStream(input.countyCode),
  decider: closePointDecider,
});

const onRequest = (input: { requestId: string }) => serviceRequestStream(input.requestId);

export const requestService = defineCommand({ name: 'requestService', input: requestServiceInput, stream: onRequest, decider: requestDecider });
export const acceptService = defineCommand({ name: 'acceptService', input: acceptServiceInput, stream: onRequest, decider: acceptDecider });
export const proxyService = defineCommand({ name: 'proxyService', input: proxyServiceInput, stream: onRequest, decider: proxyDecider });
export const completeService = defineCommand({ name: 'completeService', input: completeServiceInput, stream: onRequest, decider: completeDecider });
export const rejectService = defineCommand({ name: 'rejectService', input: rejectServiceInput, stream: onRequest, decider: rejectDecider });

export const servicesModule = defineModule({
  name: 'services',
  title: { zh: '便民服务', en: 'Services' },
  events: servicesEvents,
  commands: { openServicePoints, closeServicePoint, requestService, acceptService, proxyService, completeService, rejectService },
  projections: [servicePoints, serviceActivity],
  /** The demo county's services story (see demo/services.ts); loaded only when the demo is recorded. */
  demo: async (context) => (await import('../demo/hooks')).recordStory(context, 'services'),
});

export * from './vocabulary';
export * from './events';
export * from './inputs';
export { applyPointEvent, emptyPoints, describePoint, type ServicePoint, type PointsState } from './points';
export { evolveRequest, requestDecider, acceptDecider, proxyDecider, completeDecider, rejectDecider, type RequestState } from './lifecycle';
export { servicePoints, type PointRow } from './directory';
export { serviceActivity, medianHours, GROUP_BY, type ActivityRow, type ActivityFilter, type ActivityState, type GroupBy, type OpenRequest } from './activity';
