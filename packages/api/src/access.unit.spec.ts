import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';
import { createCallerFactory, hasScope, procedure, requiredScope, router, type ApiContext, type Caller } from './trpc';

const ctx = (caller: Caller | null, inside = true): ApiContext => ({
  store: {} as EventStore,
  runtime: {} as ProjectionRuntime,
  caller,
  requestId: 'r',
  inSubtree: async () => inside,
  log: () => {},
});

const testRouter = router({
  read: procedure.meta({ module: 'demo', access: 'read', divisions: (i) => [(i as { id?: string }).id] }).input(z.object({ id: z.string() })).query(() => 'ok'),
  closed: procedure.meta({ module: 'demo', access: 'read' }).query(() => 'ok'),
  invariant: procedure.meta({ module: 'demo', access: 'write' }).mutation(() => {
    throw new InvariantViolation('township 510722104 was abolished on 2019-12-20; it cannot be merged on 2020-03-01');
  }),
  invalid: procedure.meta({ module: 'demo', access: 'write' }).mutation(() => {
    throw new ValidationError([{ path: ['effectiveAt'], message: 'not a date' }]);
  }),
  broken: procedure.meta({ module: 'demo', access: 'public' }).query(() => {
    throw new Error('secret detail');
  }),
});
const call = createCallerFactory(testRouter);
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('access and error mapping, in one place', () => {
  it('derives the scope from the procedure and lets write imply read', () => {
    expect(requiredScope({ module: 'demo', access: 'read' })).toBe('demo:read');
    expect(requiredScope({ module: 'demo', access: 'admin' })).toBe('admin');
    expect(requiredScope({ module: 'demo', access: 'public' })).toBeUndefined();
    const writer = { tokenId: 't', name: 'w', scopes: ['demo:write'] };
    expect([hasScope(writer, 'demo:read'), hasScope(writer, 'other:read'), hasScope({ ...writer, scopes: ['admin'] }, 'x:write')]).toEqual([true, false, true]);
  });

  it('refuses no token, a wrong scope and a wrong subtree; a subtree token needs a procedure that names its division', async () => {
    expect(await codeOf(call(ctx(null)).read({ id: 'd1' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(call(ctx({ tokenId: 't', name: 'x', scopes: ['other:read'] })).read({ id: 'd1' }))).toBe('FORBIDDEN');
    expect(await codeOf(call(ctx({ tokenId: 't', name: 'x', scopes: ['demo:read'] })).read({ id: 'd1' }))).toBe('ok');
    const limited = { tokenId: 't', name: 'x', scopes: ['demo:read'], subtree: 'town' };
    expect(await codeOf(call(ctx(limited, false)).read({ id: 'd1' }))).toBe('FORBIDDEN');
    expect(await codeOf(call(ctx(limited, true)).read({ id: 'd1' }))).toBe('ok');
    expect(await codeOf(call(ctx(limited, true)).closed())).toBe('FORBIDDEN');
  });

  it('maps domain errors to HTTP-like codes and hides internal details', async () => {
    const admin = ctx({ tokenId: 't', name: 'a', scopes: ['admin'] });
    expect(await codeOf(call(admin).invariant())).toBe('UNPROCESSABLE_CONTENT');
    expect(await codeOf(call(admin).invalid())).toBe('BAD_REQUEST');
    const error = await call(admin).broken().catch((e: Error) => e);
    expect((error as { code?: string }).code).toBe('INTERNAL_SERVER_ERROR');
    expect((error).message).not.toContain('secret detail');
  });
});
