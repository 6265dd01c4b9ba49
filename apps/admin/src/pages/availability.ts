/**
 * Which core modules have an API the UI can use, checked against the server's router when the UI
 * is built. While the server has no `personnel.*` (or `services.*`) procedures these are `false`
 * and the pages say "not available yet". The day the server gains them, TypeScript refuses the
 * `false` below on purpose: build the page, then set it to `true`.
 */
import type { HasNamespace } from '../api/types';

export const personnelApi: HasNamespace<'personnel'> = true;
export const servicesApi: HasNamespace<'services'> = true;
