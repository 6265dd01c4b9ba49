export * from './trpc';
export * from './procedures';
export { TOKENS_STREAM, tokenIssued, tokenRevoked } from './access/events';
export { accessModule, hasAdminToken, issueToken, issueTokenInput, revokeToken, tokensProjection, verifyToken, type TokenRecord } from './access/tokens';
export { accessRouter } from './access/router';
export { eventsRouter, systemRouter, eventFilter, type EventRow } from './events-router';
export { integrityRouter } from './integrity-router';
export { AsyncQueue } from './queue';
