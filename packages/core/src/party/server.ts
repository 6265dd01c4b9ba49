/**
 * The party organisations module as the server runs it (党组织体系): township and village party
 * committees, general branches and branches (also on villager groups), their parents and the
 * divisions they serve, established, upgraded or downgraded, merged and dissolved under documents,
 * their secretaries linked to personnel posts — commands, decider, read model, procedures.
 *
 * A core module (not a plugin): it follows the personnel module's posts (who the secretary is,
 * 一肩挑), and other modules count by it (cadre pay for party secretaries).
 */
import { partyChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { partyRouter } from './router';
import { partyCommands } from './decide';
import { partyEvents } from './events';
import { partyOrganisations } from './organisations';

export const partyModule = defineModule({
  name: 'party',
  title: { zh: '党组织体系', en: 'Party organisations' },
  events: partyEvents,
  commands: partyCommands,
  projections: [partyOrganisations],
  router: partyRouter,
  /** The demo county's party story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordPartyDemo(context),
  chronicle: partyChronicle,
});

export * from './index';
export * from './decide';
export { applyPartyEvent, emptyPartyState, servedUnit, describeOrganisation } from './model';
export { partyOrganisations } from './organisations';
export { partyRouter } from './router';
