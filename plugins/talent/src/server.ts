/** The talent plugin (server side): events, commands, read models, router, admin entry, demo. */
import { talentChronicle } from './chronicle';
import { definePlugin } from '@xianzhi/kernel';
import { secretariesProjection } from './coverage';
import { talentCommands } from './decide';
import { talentDemo } from './demo';
import { talentEvents } from './index';
import { progressProjection } from './progress';
import { talentRouter } from './router';

export { talentRouter } from './router';
export {
  talentCommands,
  recruitReturningWorker,
  developPartyMember,
  registerReserveCadre,
  certifyPracticalTalent,
  completeCadreTraining,
  revokeRecord,
  dispatchFirstSecretaries,
  recallFirstSecretaries,
} from './decide';
export { progressProjection, type ProgressState } from './progress';
export { secretariesProjection, type VillageKind } from './coverage';
export { talentDemo, type TalentDemoTotals } from './demo';

export default definePlugin({
  name: 'talent',
  title: { zh: '人才振兴', en: 'Talent' },
  events: talentEvents,
  commands: talentCommands,
  projections: [progressProjection, secretariesProjection],
  router: talentRouter,
  demo: async (context) => {
    await talentDemo(context);
  },
  chronicle: talentChronicle,
});
