/**
 * The collective assets plugin as the server loads it (events, commands, read model, router, admin
 * entry, demo).
 *
 * A plugin, not a core module: the work is one department's (县农业农村局, with the townships'
 * agricultural service centres), nothing else depends on it, and it needs only the divisions
 * contract to follow the village mergers.
 */
import { assetsChronicle } from './chronicle';
import { definePlugin } from '@xianzhi/kernel';
import { assetsCommands } from './decide';
import { assetsDemo } from './demo';
import { assetsEvents } from './index';
import { ledgerProjection } from './ledger';
import { assetsRouter } from './router';

export { assetsRouter };
export {
  assetsCommands,
  recordInventory,
  recordHandover,
  recordDiscrepancy,
  resolveDiscrepancy,
} from './decide';
export { ledgerProjection, type HoldingRow, type HandoverRow, type KindTotalRow } from './ledger';
export { assetsDemo, ASSETS_DEMO, type AssetsDemoTotals } from './demo';

export default definePlugin({
  name: 'assets',
  title: { zh: '农村集体三资', en: 'Collective assets' },
  events: assetsEvents,
  commands: assetsCommands,
  projections: [ledgerProjection],
  router: assetsRouter,
  demo: async (context) => {
    await assetsDemo(context);
  },
  chronicle: assetsChronicle,
});
