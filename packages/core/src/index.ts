/** The core modules, written exactly as plugins are. */
import type { ModuleDefinition } from '@xianzhi/kernel';
import { divisionsModule } from './divisions';

export * from './divisions';
export { divisionsRouter } from './divisions/router';
export { previewAdjustment } from './divisions/preview';

/** Every core module, in registration order. */
export const coreModules: ModuleDefinition[] = [divisionsModule];
