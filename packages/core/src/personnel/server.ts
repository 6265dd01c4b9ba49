/**
 * The personnel module as the server runs it: persons, posts in the organisations of each division,
 * appointments, dismissals and transfers (single-holder posts checked atomically per county), the
 * roster as of any date and cadre statistics — commands, decider, read model, procedures.
 */
import { defineModule } from '@xianzhi/kernel';
import { personnelRouter } from './router';
import { personnelCommands } from './commands';
import { personnelEvents } from './events';
import { personnelRoster } from './roster';
import { personnelChronicle } from './chronicle';

export const personnelModule = defineModule({
  name: 'personnel',
  title: { zh: '干部人事', en: 'Personnel' },
  events: personnelEvents,
  commands: personnelCommands,
  projections: [personnelRoster],
  /** `personnel:erase` is dedicated: erasing personal data (erasePerson) needs it by name; admin does not imply it. */
  scopes: ['personnel:read', 'personnel:write', 'personnel:erase'],
  router: personnelRouter,
  chronicle: personnelChronicle,
  /** The demo county's personnel story (./demo): loaded only when the demo is recorded. */
  demo: async (context) => (await import('./demo')).recordPersonnelDemo(context),
});

export * from './index';
export * from './commands';
export { personnelDecider, type PersonnelHistory } from './decide';
export { ageOn, applyEvent as applyPersonnelEvent, emptyPersonnel } from './model';
export { personnelRoster } from './roster';
export {
  cadreStatistics,
  compareCadreStatistics,
  cadreComparison,
  computeStatistics,
  dualRoleCoverage,
} from './statistics';
export { personnelRouter } from './router';
