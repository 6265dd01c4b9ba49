/**
 * The core modules as the server runs them — written exactly as plugins are: each module's
 * definition (events, commands, read models, demo), deciders and procedures.
 */
import { divisionsModule } from './divisions/server';
import { institutionsModule } from './institutions/server';
import { personnelModule } from './personnel/server';
import { reformModule } from './reform/server';
import { servicesModule } from './services/server';
import { zonesModule } from './zones/server';
import { partyModule } from './party/server';
import { powersModule } from './powers/server';
import { cadresModule } from './cadres/server';

export * from './divisions/server';
export * from './personnel/server';
export * from './services/server';
export * from './institutions/server';
export * from './reform/server';
export * from './zones/server';
export * from './party/server';
export * from './powers/server';
export * from './cadres/server';

/** Every core module, in registration order (a typed list: the app router's type is built from it). */
export const coreModules = [
  divisionsModule,
  personnelModule,
  servicesModule,
  institutionsModule,
  reformModule,
  zonesModule,
  partyModule,
  powersModule,
  cadresModule,
] as const;
