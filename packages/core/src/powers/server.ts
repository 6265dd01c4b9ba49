/**
 * The township power lists module as the server runs it (权力清单、责任清单、准入清单): items devolved
 * to or required of each township with the department, legal basis and effective date; "what may
 * this township approve on date D"; the approval offices and enforcement teams that handle them —
 * commands, decider, read model, procedures.
 *
 * A core module (not a plugin): its items are handled by the institutions module's approval offices
 * and enforcement teams, and the lists are the county government's, across departments.
 */
import { powersChronicle } from './chronicle';
import { defineModule } from '@xianzhi/kernel';
import { powersRouter } from './router';
import { powersCommands } from './decide';
import { powersEvents } from './events';
import { powerLists } from './lists';

export const powersModule = defineModule({
  name: 'powers',
  title: { zh: '乡镇清单', en: 'Township power lists' },
  events: powersEvents,
  commands: powersCommands,
  projections: [powerLists],
  router: powersRouter,
  /** The demo county's power lists (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordPowersDemo(context),
  chronicle: powersChronicle,
});

export * from './index';
export * from './decide';
export { applyPowersEvent, emptyPowersState } from './model';
export { powerLists } from './lists';
export { powersRouter } from './router';
