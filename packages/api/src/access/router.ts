/** The access router: tokens (admin only), and who am I. */
import { z } from 'zod';
import type { TRPCRouterRecord } from '../trpc';
import { asOfShape, atOf, defineProcedure, noInput } from '../procedures';
import { issueToken, issueTokenInput, revokeToken, tokensProjection, type TokenPolicy } from './tokens';

const tokenId = z.string().regex(/^[a-z0-9]{12}$/, { error: 'a token id has 12 letters or digits' });

export function accessRouter(policy: () => TokenPolicy) {
  return {
    /** Tokens as of a date (hashes never leave the server). */
    list: defineProcedure(
      {
        module: 'access',
        access: 'admin',
        summary: '令牌列表',
        columns: {
          tokenId: '令牌编号',
          name: '名称',
          scopes: '权限',
          subtree: '区划范围',
          issuedAt: '签发时间',
          revokedAt: '吊销时间',
        },
      },
      z.object(asOfShape).optional(),
    ).query(({ ctx, input }) => ctx.runtime.query(tokensProjection, 'list', undefined, atOf(input))),
    create: defineProcedure(
      { module: 'access', access: 'admin', summary: '签发令牌（密钥只显示一次）' },
      issueTokenInput,
    ).mutation(({ ctx, input }) =>
      issueToken({ store: ctx.store, runtime: ctx.runtime, ...policy() }, input, `token:${ctx.caller!.name}`),
    ),
    revoke: defineProcedure(
      { module: 'access', access: 'admin', summary: '吊销令牌' },
      z.object({ tokenId, reason: z.string().max(500).optional() }),
    ).mutation(async ({ ctx, input }) => {
      await revokeToken(
        { store: ctx.store, runtime: ctx.runtime },
        input.tokenId,
        `token:${ctx.caller!.name}`,
        input.reason,
      );
      return { revoked: input.tokenId };
    }),
    /** Who am I (any caller; null without a token). */
    whoami: defineProcedure({ module: 'access', access: 'public', summary: '当前令牌' }, noInput).query(
      ({ ctx }) =>
        ctx.caller
          ? { name: ctx.caller.name, scopes: ctx.caller.scopes, subtree: ctx.caller.subtree ?? null }
          : null,
    ),
  } satisfies TRPCRouterRecord;
}
