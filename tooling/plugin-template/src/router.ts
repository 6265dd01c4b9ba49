/** The __name__ plugin's procedures, built on the shared procedures of @xianzhi/api (typed in the admin). */
import { z } from 'zod';
import { commandMutation, keepRows, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { recordItem } from './decide';
import { itemsProjection } from './items';

export const __name__Router = {
  byTownship: projectionQuery('__name__', itemsProjection, 'byTownship', z.object({}), {
    // a token limited to one division gets the rows of its own townships only (see docs/access.md)
    scoped: { filter: keepRows((r: { townshipId: string }) => r.townshipId) },
    summary: '按乡镇统计',
    columns: { township: '乡镇', count: '数量' },
  }),
  recordItem: commandMutation('__name__', recordItem, {
    summary: '登记',
    scoped: { names: (i) => [i.townshipId] },
  }),
} satisfies TRPCRouterRecord;
