/**
 * What the routers of personnel, services, institutions and reform share: input pieces, and a
 * command mutation whose divisions are checked twice for tokens limited to one division — first
 * by the shared guard from the ids in the input (`divisions`), then against the read models
 * (`resolve`), because an id in the input (a post, a point, a request) only suggests its division.
 */
import { z } from 'zod';
import { procedure, type ApiContext, type CommandOutput, type ProcedureMeta } from '@xianzhi/api';
import { ForbiddenError, type AnyCommand } from '@xianzhi/kernel';
import { executeCommand } from '@xianzhi/projections';

/** A reference to a division, post, point… (ids or codes), as the read models take it. */
export const ref = z.string().trim().min(1).max(120);
export const refList = z.array(ref).min(1).max(2_000);
export const countyCodeInput = z.string().regex(/^\d{6}$/, { error: 'a county code has 6 digits' });
export const limitInput = z.number().int().min(1).max(1_000);
/** A calendar date for a custom procedure's `from`/`to` (the same check as asOf). */
export const dateInput = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, { error: 'expected a date (2019-12-20) or an instant with an offset' });

/** The first segment of an id built as `<divisionId>:…` (posts, points), else the id itself. */
export const prefixOf = (id: string | undefined): string | undefined => (typeof id === 'string' ? id.split(':')[0] : undefined);

/** The caller's subtree when the caller is a token limited to one division (admins never are). */
export function limitedTo(ctx: ApiContext): string | undefined {
  const caller = ctx.caller;
  if (!caller || caller.subtree === undefined || caller.scopes.includes('admin')) return undefined;
  return caller.subtree;
}

/** Throws ForbiddenError unless every named division lies in the caller's subtree (no-op for others). */
export async function requireInSubtree(ctx: ApiContext, ids: readonly (string | null | undefined)[], what: string): Promise<void> {
  const subtree = limitedTo(ctx);
  if (subtree === undefined) return;
  for (const id of ids) {
    if (typeof id !== 'string' || id.length === 0) continue;
    if (!(await ctx.inSubtree(id, subtree))) {
      throw new ForbiddenError(`token "${ctx.caller!.name}" may not act on ${what} in division ${id}: outside its division`);
    }
  }
}

type Options = Pick<ProcedureMeta, 'divisions' | 'summary'> & {
  /** Extra input fields for the guard only (stripped before the command runs). */
  extra?: z.ZodRawShape;
  /** The divisions the command really touches, from the read models (checked for limited tokens). */
  resolve?: (ctx: ApiContext, input: Record<string, unknown>) => Promise<(string | null | undefined)[]>;
  /** What `resolve` names, for the message (e.g. "post"). */
  what?: string;
};

/**
 * Like `commandMutation`, plus the read-model check of `resolve` for tokens limited to a division.
 *
 * @example
 * appointToPost: scopedCommand('personnel', appointToPost, { divisions: (i) => [prefixOf(i.postId)], resolve: (ctx, i) => postDivisions(ctx, [i.postId]) }),
 */
export function scopedCommand(module: string, command: AnyCommand, options: Options) {
  const { extra, resolve, what, ...meta } = options;
  const base = command.input as z.ZodObject<z.ZodRawShape>;
  const schema = base.extend({ idempotencyKey: z.string().min(1).max(200).optional(), ...(extra ?? {}) });
  const extraKeys = Object.keys(extra ?? {});
  return procedure
    .meta({ module, access: 'write', ...meta })
    .input(schema)
    .mutation(async ({ ctx, input }): Promise<CommandOutput> => {
      const all = input as Record<string, unknown>;
      if (resolve && limitedTo(ctx) !== undefined) await requireInSubtree(ctx, await resolve(ctx, all), what ?? 'this');
      const { idempotencyKey, ...rest } = all as { idempotencyKey?: string } & Record<string, unknown>;
      for (const k of extraKeys) delete rest[k];
      const key = idempotencyKey ?? ctx.idempotencyKey;
      const result = await executeCommand({ store: ctx.store, runtime: ctx.runtime }, command, rest, {
        actor: ctx.caller ? `token:${ctx.caller.name}` : 'anonymous',
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      return {
        stream: result.stream,
        replayed: result.replayed,
        noop: result.noop,
        lastPosition: result.lastPosition,
        events: result.events.map((e) => ({ id: e.id, type: e.type, position: e.position, revision: e.revision, effectiveAt: e.metadata.effectiveAt })),
      };
    });
}

/** `{ asOf, knownAt }` with only the given ones (for runtime queries in custom procedures). */
export function atOf(input: { asOf?: string | undefined; knownAt?: string | undefined }): { asOf?: string; knownAt?: string } {
  return { ...(input.asOf === undefined ? {} : { asOf: input.asOf }), ...(input.knownAt === undefined ? {} : { knownAt: input.knownAt }) };
}

/** The far future: read models as of it know every post, point or plan ever recorded. */
export const EVER = { asOf: '9999-12-31' } as const;
