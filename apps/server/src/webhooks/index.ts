export { webhooksModule } from './module';
export { startWebhooks, type WebhookOptions } from './mount';
export { WebhookDispatcher, backoffMs, deliveryBody, type WebhookSettings } from './dispatcher';
export { signatureHeader, verifySignature, SIGNATURE_HEADER } from './signature';
export { checkTarget, parseAllowList, TargetRefused, type AllowList, type Resolver } from './targets';
