/** The __name__ plugin as the server loads it (events, commands, read models, router, demo). */
import { definePlugin } from '@xianzhi/kernel';
import { demoTownships } from '@xianzhi/divisions-contract';
import { __name__Events } from './index';
import { recordItem } from './decide';
import { itemsProjection } from './items';
import { __name__Router } from './router';

export default definePlugin({
  name: '__name__',
  title: { zh: '__title_zh__', en: '__title_en__' },
  events: __name__Events,
  commands: { recordItem },
  projections: [itemsProjection],
  router: __name__Router,
  /** Three items in the demo county's first townships, recorded before the 2019 merger. */
  demo: async (context) => {
    const townships = await demoTownships(context, '2019-06-01');
    for (const [i, { id }] of townships.slice(0, 3).entries()) {
      const item = { itemId: `demo-${i}`, townshipId: id, title: `示例${i + 1}`, effectiveAt: '2019-03-01' };
      await context.execute(recordItem, item, { idempotencyKey: `__name__-demo-${i}` });
    }
  },
});
