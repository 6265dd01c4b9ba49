/**
 * The log's proof of itself, for admins: the head of the hash chain as a checkpoint a county can
 * archive or publish (signed when the server has a checkpoint key). See docs/integrity.md.
 */
import { createCheckpoint } from '@xianzhi/event-store';
import { procedure, type TRPCRouterRecord } from './trpc';

export const integrityRouter = {
  /** The latest checkpoint: head position and log hash (null while no event is chained). */
  head: procedure
    .meta({ module: 'integrity', access: 'admin', summary: '日志哈希链头（检查点）' })
    .query(async ({ ctx }) => {
      const head = await ctx.store.chainHead();
      return head ? createCheckpoint(head, ctx.store.chainScope, ctx.checkpointKeyPem) : null;
    }),
} satisfies TRPCRouterRecord;
