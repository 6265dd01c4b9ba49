/** The services commands. */
import { defineCommand } from '@xianzhi/kernel';
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

export const requestService = defineCommand({
  name: 'requestService',
  input: requestServiceInput,
  stream: onRequest,
  decider: requestDecider,
});
export const acceptService = defineCommand({
  name: 'acceptService',
  input: acceptServiceInput,
  stream: onRequest,
  decider: acceptDecider,
});
export const proxyService = defineCommand({
  name: 'proxyService',
  input: proxyServiceInput,
  stream: onRequest,
  decider: proxyDecider,
});
export const completeService = defineCommand({
  name: 'completeService',
  input: completeServiceInput,
  stream: onRequest,
  decider: completeDecider,
});
export const rejectService = defineCommand({
  name: 'rejectService',
  input: rejectServiceInput,
  stream: onRequest,
  decider: rejectDecider,
});

/** Every services command, by name. */
export const servicesCommands = {
  openServicePoints,
  closeServicePoint,
  requestService,
  acceptService,
  proxyService,
  completeService,
  rejectService,
};
