/**
 * The core modules as the server runs them — written exactly as plugins are: each module's
 * definition (events, commands, read models, demo), deciders and procedures.
 */
import type { ModuleDefinition } from '@xianzhi/kernel';
import { divisionsModule } from './divisions/server';
import { institutionsModule } from './institutions/server';
import { personnelModule } from './personnel/server';
import { reformModule } from './reform/server';
import { servicesModule } from './services/server';

export * from './divisions/server';
export * from './personnel/server';
export * from './services/server';
export * from './institutions/server';
export * from './reform/server';

/** Every core module, in registration order. */
export const coreModules: ModuleDefinition[] = [
  divisionsModule,
  personnelModule,
  servicesModule,
  institutionsModule,
  reformModule,
];
