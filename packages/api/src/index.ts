export * from './trpc';
export * from './procedures';
export { strictInput, looseObjectsIn } from './strict';
export { keepOne, keepRows } from './scope-filters';
export { assertProceduresSafe, procedureProblems, scopeOpener } from './router-check';
export {
  SubtreeScope,
  UNRESTRICTED,
  type AccessScope,
  type DivisionDirectory,
  type UnrestrictedScope,
} from './access/scope';
export { runtimeDivisions } from './access/directory';
export { TOKENS_STREAM, tokenIssued, tokenRevoked } from './access/events';
export {
  accessModule,
  hasAdminToken,
  issueToken,
  issueTokenInput,
  revokeToken,
  tokensProjection,
  verifyToken,
  type TokenPolicy,
  type TokenRecord,
} from './access/tokens';
export { accessRouter } from './access/router';
export { eventsRouter, systemRouter, eventFilter, type EventRow } from './events-router';
export { integrityRouter } from './integrity-router';
export { AsyncQueue } from './queue';
export {
  mountModules,
  type ModuleRouter,
  type ModuleRouters,
  type RouterOf,
  type ServerModule,
} from './modules';
