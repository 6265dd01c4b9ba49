/** The __name__ plugin's procedures, built on the shared procedures of @xianzhi/api. */
import { z } from 'zod';
import { commandMutation, projectionQuery, type TRPCRouterRecord } from '@xianzhi/api';
import { recordItem } from './decide';

export const __name__Router = {
  byTownship: projectionQuery('__name__', '__name__.items', 'byTownship', z.object({}), {
    summary: '按乡镇统计',
    columns: { township: '乡镇', items: '数量' },
  }),
  recordItem: commandMutation('__name__', recordItem, { summary: '登记', divisions: (i) => [(i as { townshipId?: string }).townshipId] }),
} satisfies TRPCRouterRecord;
