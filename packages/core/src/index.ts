/** The core modules, written exactly as plugins are. */
import type { ModuleDefinition } from '@xianzhi/kernel';
import { divisionsModule } from './divisions';
import { institutionsModule } from './institutions';
import { personnelModule } from './personnel';
import { reformModule } from './reform';
import { servicesModule } from './services';

export * from './divisions';
export { divisionsRouter } from './divisions/router';
export { previewAdjustment } from './divisions/preview';
export * from './personnel';
export * from './services';
export * from './institutions';
export * from './reform';
export { personnelRouter, type RosterRow, type CadreStatisticsRow } from './personnel/router';
export { servicesRouter } from './services/router';
export { institutionsRouter, type TownshipInstitutionsRow } from './institutions/router';
export { reformRouter } from './reform/router';

/** Every core module, in registration order. */
export const coreModules: ModuleDefinition[] = [divisionsModule, personnelModule, servicesModule, institutionsModule, reformModule];
