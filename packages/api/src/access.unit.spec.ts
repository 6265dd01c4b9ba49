import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvariantViolation, ValidationError } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import {
  createCallerFactory,
  hasScope,
  procedure,
  requiredScope,
  router,
  type ApiContext,
  type Caller,
} from './trpc';
import { defineProcedure } from './procedures';
import { procedureProblems, scopeOpener } from './router-check';
import type { DivisionDirectory } from './access/scope';

/**
 * A small county over time: county C with townships A and B. Village m lay in A and moved to B on
 * 2020-01-01; township Z (with village z1) merged into B on 2019-12-20. "Today" is 2026-01-01.
 */
const TODAY = '2026-01-01';
interface Place {
  parent: string | null;
  from: string;
  to?: string;
  /** For ended divisions: what they became. */
  successors?: string[];
}
const HISTORY: Record<string, Place[]> = {
  C: [{ parent: null, from: '1990-01-01' }],
  A: [{ parent: 'C', from: '1990-01-01' }],
  B: [{ parent: 'C', from: '1990-01-01' }],
  a1: [{ parent: 'A', from: '1990-01-01' }],
  m: [
    { parent: 'A', from: '1990-01-01', to: '2020-01-01' },
    { parent: 'B', from: '2020-01-01' },
  ],
  b1: [{ parent: 'B', from: '1990-01-01' }],
  Z: [{ parent: 'C', from: '1990-01-01', to: '2019-12-20', successors: ['B'] }],
  z1: [
    { parent: 'Z', from: '1990-01-01', to: '2019-12-20' },
    { parent: 'B', from: '2019-12-20' },
  ],
};
const CODES: Record<string, string> = { '510799103': 'A', '510799104': 'B' };

const dayOf = (at: AsOf) => (at.asOf === undefined ? TODAY : String(at.asOf));
const placeOn = (id: string, day: string) =>
  HISTORY[id]?.find((p) => p.from <= day && (p.to === undefined || day < p.to));
const isUnder = (id: string, root: string, day: string): boolean => {
  for (let x: string | null | undefined = id; x; x = placeOn(x, day)?.parent)
    if (x === root && placeOn(x, day)) return true;
  return false;
};
const endedBy = (id: string, day: string) => {
  const last = HISTORY[id]?.at(-1);
  return last?.to !== undefined && last.to <= day ? last : undefined;
};
const leadsInto = (id: string, root: string, day: string): boolean => {
  const ended = endedBy(id, day);
  return ended ? (ended.successors ?? []).some((s) => leadsInto(s, root, day)) : isUnder(id, root, day);
};

const lookups: string[] = [];
const directory: DivisionDirectory = {
  within: async (root, at) => {
    lookups.push(`within ${root} ${dayOf(at)}`);
    return Object.keys(HISTORY).filter((id) => leadsInto(id, root, dayOf(at)));
  },
  under: async (root, at) => Object.keys(HISTORY).filter((id) => isUnder(id, root, dayOf(at))),
  resolve: async (ref) => (HISTORY[ref] ? ref : CODES[ref]),
};

const logged: { message: string; extra?: Record<string, unknown> }[] = [];
const ctx = (caller: Caller | null): ApiContext => ({
  store: {} as EventStore,
  runtime: {} as ProjectionRuntime,
  caller,
  requestId: 'r',
  divisions: directory,
  log: (_level, message, extra) => logged.push(extra === undefined ? { message } : { message, extra }),
});

const ROWS = [{ divisionId: 'a1' }, { divisionId: 'm' }, { divisionId: 'b1' }, { divisionId: 'z1' }];
let written: string[] = [];

const testRouter = router({
  /** Names a division; its answer names it back. */
  read: defineProcedure(
    { module: 'demo', access: 'read', scoped: { names: (i) => [i.id] } },
    z.object({ id: z.string(), asOf: z.string().optional() }),
  ).query(({ input }) => ({ divisionId: CODES[input.id] ?? input.id })),
  /** Defaults to the token's own division. */
  tree: defineProcedure(
    {
      module: 'demo',
      access: 'read',
      scoped: { names: (i) => [i.rootId], narrow: (i, rootId) => ({ ...i, rootId }) },
    },
    z.object({ rootId: z.string().optional() }),
  ).query(({ input }) => input.rootId ?? '(county)'),
  /** Rows trimmed to the scope. */
  rows: defineProcedure(
    {
      module: 'demo',
      access: 'read',
      scoped: { filter: (rows: { divisionId: string }[], keep) => rows.filter((r) => keep(r.divisionId)) },
    },
    z.object({ asOf: z.string().optional() }),
  ).query(() => ROWS),
  /** Computed from the scope's divisions (as a read model does with `within`). */
  within: defineProcedure(
    { module: 'demo', access: 'read', scoped: { within: true } },
    z.object({ asOf: z.string().optional() }),
  ).query(async ({ ctx: c, input }) => {
    const within =
      c.scope?.kind === 'subtree'
        ? new Set(await c.scope.within(input.asOf ? { asOf: input.asOf } : {}))
        : undefined;
    return ROWS.filter((r) => within === undefined || within.has(r.divisionId));
  }),
  /** Claims to keep to a division, but its answer does not. */
  leaky: defineProcedure({ module: 'demo', access: 'read', scoped: { within: true } }, z.object({})).query(
    () => ROWS,
  ),
  /** Declares `scoped` but was built without the gate. */
  ungated: procedure
    .meta({ module: 'demo', access: 'read', scoped: { within: true } })
    .input(z.strictObject({}))
    .query(() => []),
  closed: defineProcedure({ module: 'demo', access: 'read' }, z.object({})).query(() => 'ok'),
  write: defineProcedure(
    {
      module: 'demo',
      access: 'write',
      scoped: { names: (i) => [i.division], touches: async (_c, i) => (i.parentOf ? ['A'] : []) },
    },
    z.object({
      division: z.string(),
      effectiveAt: z.string(),
      parentOf: z.boolean().optional(),
      nested: z.object({ note: z.string() }).optional(),
    }),
  ).mutation(({ input }) => {
    written.push(input.division);
    return 'written';
  }),
  invariant: defineProcedure({ module: 'demo', access: 'write' }, z.object({})).mutation(() => {
    throw new InvariantViolation(
      'township 510722104 was abolished on 2019-12-20; it cannot be merged on 2020-03-01',
    );
  }),
  invalid: defineProcedure({ module: 'demo', access: 'write' }, z.object({})).mutation(() => {
    throw new ValidationError([{ path: ['effectiveAt'], message: 'not a date' }]);
  }),
  broken: defineProcedure({ module: 'demo', access: 'public' }, z.object({})).query(() => {
    throw new Error('secret detail');
  }),
  adminOnly: defineProcedure({ module: 'demo', access: 'admin' }, z.object({})).query(() => 'ok'),
});
const call = createCallerFactory(testRouter);
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  );
const token = (scopes: string[], subtree?: string): Caller => ({
  tokenId: 't',
  name: subtree ? `limited ${subtree}` : 'x',
  scopes,
  ...(subtree ? { subtree } : {}),
});

describe('scopes', () => {
  it('derives the scope from the procedure and lets write imply read', () => {
    expect(requiredScope({ module: 'demo', access: 'read' })).toBe('demo:read');
    expect(requiredScope({ module: 'demo', access: 'admin' })).toBe('admin');
    expect(requiredScope({ module: 'demo', access: 'metrics' })).toBe('metrics');
    expect(requiredScope({ module: 'demo', access: 'public' })).toBeUndefined();
    const writer = token(['demo:write']);
    expect([
      hasScope(writer, 'demo:read'),
      hasScope(writer, 'other:read'),
      hasScope(token(['admin']), 'x:write'),
    ]).toEqual([true, false, true]);
  });

  it('refuses no token, a wrong scope, and closes undeclared procedures to limited tokens', async () => {
    expect(await codeOf(call(ctx(null)).read({ id: 'a1' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(call(ctx(token(['other:read']))).read({ id: 'a1' }))).toBe('FORBIDDEN');
    expect(await codeOf(call(ctx(token(['demo:read']))).read({ id: 'a1' }))).toBe('ok');
    expect(await codeOf(call(ctx(token(['demo:read'], 'A'))).closed({}))).toBe('FORBIDDEN');
  });

  it('never lets admin widen a token limited to a division', async () => {
    const limitedAdmin = token(['admin'], 'A');
    expect(await codeOf(call(ctx(limitedAdmin)).adminOnly({}))).toBe('FORBIDDEN');
    expect(await codeOf(call(ctx(limitedAdmin)).read({ id: 'a1' }))).toBe('FORBIDDEN'); // admin grants no module scope here
    expect(await codeOf(call(ctx(token(['admin']))).adminOnly({}))).toBe('ok');
  });
});

describe('a division-scoped read', () => {
  const A = () => call(ctx(token(['demo:read'], 'A')));
  const B = () => call(ctx(token(['demo:read'], 'B')));

  it('checks the divisions the validated input names, on its date (ids or codes)', async () => {
    expect(await codeOf(A().read({ id: 'a1' }))).toBe('ok');
    expect(await codeOf(A().read({ id: 'b1' }))).toBe('FORBIDDEN');
    expect(await codeOf(A().read({ id: '510799103' }))).toBe('ok'); // its own code
    expect(await codeOf(B().read({ id: '510799103' }))).toBe('FORBIDDEN');
    expect(await codeOf(A().read({ id: 'C' }))).toBe('FORBIDDEN');
    expect(await codeOf(A().read({ id: 'nowhere' }))).toBe('FORBIDDEN');
  });

  it('archives follow the division: a village that moved in is its new township’s for every date, its old one’s only for its dates', async () => {
    expect(await codeOf(B().read({ id: 'm', asOf: '2019-06-01' }))).toBe('ok');
    expect(await codeOf(B().read({ id: 'm' }))).toBe('ok');
    expect(await codeOf(A().read({ id: 'm', asOf: '2019-06-01' }))).toBe('ok');
    expect(await codeOf(A().read({ id: 'm' }))).toBe('FORBIDDEN');
    expect(await codeOf(A().read({ id: 'm', asOf: '2020-01-01' }))).toBe('FORBIDDEN');
    // a township merged away: its successor answers for it
    expect(await codeOf(B().read({ id: 'Z', asOf: '2019-06-01' }))).toBe('ok');
    expect(await codeOf(A().read({ id: 'Z', asOf: '2019-06-01' }))).toBe('FORBIDDEN');
  });

  it('narrows an input that names no division to the token’s own', async () => {
    expect(await A().tree({})).toBe('A');
    expect(await call(ctx(token(['demo:read']))).tree({})).toBe('(county)');
  });

  it('trims the answer to the scope, as of the date asked', async () => {
    expect(await A().rows({ asOf: '2019-06-01' })).toEqual([{ divisionId: 'a1' }, { divisionId: 'm' }]);
    expect(await A().rows({})).toEqual([{ divisionId: 'a1' }]);
    expect(await B().rows({})).toEqual([{ divisionId: 'm' }, { divisionId: 'b1' }, { divisionId: 'z1' }]);
    expect(await call(ctx(token(['demo:read']))).rows({})).toEqual(ROWS);
  });

  it('hands the scope’s divisions to a resolver that computes from them', async () => {
    expect(await A().within({ asOf: '2019-06-01' })).toEqual([{ divisionId: 'a1' }, { divisionId: 'm' }]);
    expect(await B().within({ asOf: '2019-06-01' })).toEqual([
      { divisionId: 'm' },
      { divisionId: 'b1' },
      { divisionId: 'z1' },
    ]);
    expect(await call(ctx(token(['demo:read']))).within({})).toEqual(ROWS);
  });

  it('fails closed: an answer naming a division outside the scope is a 500 with an error id, logged', async () => {
    logged.length = 0;
    const error = (await A()
      .leaky({})
      .catch((e: unknown) => e)) as { code?: string; message: string };
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    // (the random error id, a UUID, may itself contain "b1": leave it out of the check)
    expect(JSON.stringify({ ...error, errorId: undefined })).not.toContain('b1');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toMatch(/^internal error [0-9a-f-]{36} in leaky: the answer names 3 division/);
    expect(logged[0]!.extra?.outside).toContainEqual({ where: '[2].divisionId', id: 'b1' });
    // an unrestricted caller gets the rows
    expect(await call(ctx(token(['demo:read']))).leaky({})).toEqual(ROWS);
  });

  it('fails closed: a procedure declaring `scoped` without the gate answers limited tokens with a 500', async () => {
    expect(await codeOf(A().ungated({}))).toBe('INTERNAL_SERVER_ERROR');
    expect(await codeOf(call(ctx(token(['demo:read']))).ungated({}))).toBe('ok');
    expect(procedureProblems(testRouter._def.procedures)).toEqual([
      expect.stringMatching(/^ungated: declares `scoped` but has no scope gate/),
    ]);
  });

  it('caches the scope’s divisions for the call', async () => {
    lookups.length = 0;
    await A().rows({ asOf: '2019-06-01' });
    expect(lookups.sort()).toEqual([`within A 2019-06-01`, `within A ${TODAY}`]);
  });
});

describe('a division-scoped write', () => {
  const B = () => call(ctx(token(['demo:write'], 'B')));
  it('touches only divisions inside the subtree on the effective date and today', async () => {
    written = [];
    expect(await codeOf(B().write({ division: 'b1', effectiveAt: '2021-01-01' }))).toBe('ok');
    expect(await codeOf(B().write({ division: 'm', effectiveAt: '2021-01-01' }))).toBe('ok');
    expect(await codeOf(B().write({ division: 'm', effectiveAt: '2019-06-01' }))).toBe('FORBIDDEN'); // m was A's then: no rewriting another township's past
    expect(
      await codeOf(call(ctx(token(['demo:write'], 'A'))).write({ division: 'm', effectiveAt: '2019-06-01' })),
    ).toBe('FORBIDDEN'); // nor its own former village's
    expect(await codeOf(B().write({ division: 'b1', effectiveAt: '2021-01-01', parentOf: true }))).toBe(
      'FORBIDDEN',
    ); // what it touches, from the read models
    expect(written).toEqual(['b1', 'm']);
  });
});

describe('strict inputs and error mapping', () => {
  it('refuses an unknown field, top-level or nested, naming it', async () => {
    const admin = call(ctx(token(['admin'])));
    for (const [input, path] of [
      [{ division: 'b1', effectiveAt: '2021-01-01', villageIds: ['b1'] }, ['villageIds']],
      [{ division: 'b1', effectiveAt: '2021-01-01', nested: { note: 'x', extra: 1 } }, ['nested', 'extra']],
    ] as const) {
      const error = (await admin.write(input as never).catch((e: unknown) => e)) as {
        code: string;
        message: string;
        shape?: unknown;
      };
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(`"${path.at(-1)}"`);
    }
  });

  it('maps domain errors to HTTP-like codes and hides internal details', async () => {
    const admin = call(ctx(token(['admin'])));
    expect(await codeOf(admin.invariant({}))).toBe('UNPROCESSABLE_CONTENT');
    expect(await codeOf(admin.invalid({}))).toBe('BAD_REQUEST');
    const error = await admin.broken({}).catch((e: Error) => e);
    expect((error as { code?: string }).code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).not.toContain('secret detail');
  });
});

describe('the router check', () => {
  it('refuses the old raw-input `divisions` declaration, loose inputs and ungated scoped procedures', () => {
    const bad = router({
      old: procedure
        .meta({ module: 'demo', access: 'read', divisions: () => [] } as never)
        .input(z.strictObject({}))
        .query(() => 1),
      loose: procedure
        .meta({ module: 'demo', access: 'read' })
        .input(z.object({ a: z.strictObject({ b: z.object({}) }) }))
        .query(() => 1),
      fine: defineProcedure(
        { module: 'demo', access: 'read' },
        z.object({ a: z.object({ b: z.string() }) }),
      ).query(() => 1),
    });
    const problems = procedureProblems(bad._def.procedures);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^old: declares `divisions`/);
    expect(problems[1]).toBe(
      'loose: input objects accept unknown fields ((input), (input).a.b); use z.strictObject or a builder',
    );
  });

  it('knows which scopes open something, to a limited token or not', () => {
    const opens = scopeOpener(testRouter._def.procedures);
    expect([
      opens('demo:read', false),
      opens('demo:read', true),
      opens('demo:write', true),
      opens('admin', true),
      opens('admin', false),
      opens('nothing:read', false),
    ]).toEqual([true, true, true, false, true, false]);
  });
});
