/** The access router: tokens (admin only). */
import { z } from 'zod';
import { procedure, type TRPCRouterRecord } from '../trpc';
import { asOfShape } from '../procedures';
import { issueToken, issueTokenInput, revokeToken } from './tokens';

export function accessRouter(knownScopes: () => readonly string[]) {
  return {
    /** Tokens as of a date (hashes never leave the server). */
    list: procedure
      .meta({ module: 'access', access: 'admin', summary: '令牌列表', columns: { tokenId: '令牌编号', name: '名称', scopes: '权限', subtree: '区划范围', issuedAt: '签发时间', revokedAt: '吊销时间' } })
      .input(z.object(asOfShape).optional())
      .query(({ ctx, input }) => ctx.runtime.query('access.tokens', 'list', undefined, { ...(input?.asOf ? { asOf: input.asOf } : {}), ...(input?.knownAt ? { knownAt: input.knownAt } : {}) })),
    create: procedure
      .meta({ module: 'access', access: 'admin', summary: '签发令牌（密钥只显示一次）' })
      .input(issueTokenInput)
      .mutation(({ ctx, input }) => issueToken({ store: ctx.store, runtime: ctx.runtime, knownScopes: knownScopes() }, input, `token:${ctx.caller!.name}`)),
    revoke: procedure
      .meta({ module: 'access', access: 'admin', summary: '吊销令牌' })
      .input(z.object({ tokenId: z.string().regex(/^[a-z0-9]{12}$/, { error: 'a token id has 12 letters or digits' }), reason: z.string().max(500).optional() }))
      .mutation(async ({ ctx, input }) => {
        await revokeToken({ store: ctx.store, runtime: ctx.runtime }, input.tokenId, `token:${ctx.caller!.name}`, input.reason);
        return { revoked: input.tokenId };
      }),
    /** Who am I (any signed-in caller). */
    whoami: procedure
      .meta({ module: 'access', access: 'public', summary: '当前令牌' })
      .query(({ ctx }) => (ctx.caller ? { name: ctx.caller.name, scopes: ctx.caller.scopes, subtree: ctx.caller.subtree ?? null } : null)),
  } satisfies TRPCRouterRecord;
}
