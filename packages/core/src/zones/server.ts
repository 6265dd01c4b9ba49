/**
 * The zones module as the server runs it: development zones (五路) as named groups of townships with
 * their roles, valid over time and following mergers — command, decider, read model, procedures.
 *
 * A core module (not a plugin): statistics and plugin read models group their figures by zone, so
 * its events and fold live in the divisions contract, which every module may import.
 */
import { zonesChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { zonesRouter } from './router';
import { zoneEvents } from '@xianzhi/divisions-contract';
import { zonesCommands } from './decide';
import { zonesMap } from './map';

export const zonesModule = defineModule({
  name: 'zones',
  title: { zh: '五路发展', en: 'Development zones' },
  events: zoneEvents,
  commands: zonesCommands,
  projections: [zonesMap],
  router: zonesRouter,
  /** The demo county's zones story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordZonesDemo(context),
  chronicle: zonesChronicle,
});

export * from './index';
export { recordZoneChanges, zonesCommands, zonesDecider } from './decide';
export { applyZonesEvent, emptyZonesState, type ZonesState } from './model';
export { zonesMap } from './map';
export { zonesRouter } from './router';
