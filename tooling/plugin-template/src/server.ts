/** The __name__ plugin as the server loads it (events, commands, read models, router, demo). */
import { definePlugin, type DemoContext } from '@xianzhi/kernel';
import { __name__Events } from './index';
import { recordItem } from './decide';
import { itemsProjection } from './items';
import { __name__Router } from './router';

export { __name__Router };

async function demo(context: DemoContext): Promise<void> {
  const townships = await context.query<{ id: string }[]>('divisions.tree', 'list', { level: 'township', rootId: context.countyCode }, { asOf: '2019-06-01' });
  for (const [i, t] of townships.slice(0, 3).entries()) {
    await context.execute(recordItem, { itemId: `demo-${i}`, townshipId: t.id, title: `示例 ${i + 1}`, effectiveAt: '2019-03-01' }, { idempotencyKey: `__name__-demo-${i}` });
  }
}

export default definePlugin({
  name: '__name__',
  title: { zh: '__title_zh__', en: '__title_en__' },
  events: __name__Events,
  commands: { recordItem },
  projections: [itemsProjection],
  router: __name__Router,
  demo,
});
