/**
 * The one `initTRPC` of Xianzhi. Every module router (core and plugin) is built on the procedures
 * exported here, so the server can merge them, and so access and error mapping happen in exactly one
 * place: the `guarded` middleware below runs for every procedure.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError, initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { isXianzhiError, type FieldIssue } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';

/** Who is calling: from a verified token. */
export interface Caller {
  tokenId: string;
  name: string;
  scopes: readonly string[];
  /** Limited to this division and everything under it (a division id). */
  subtree?: string;
}

export interface ApiContext {
  store: EventStore;
  runtime: ProjectionRuntime;
  caller: Caller | null;
  /** From the `Idempotency-Key` header, when given. */
  idempotencyKey?: string;
  requestId: string;
  /** True when division `id` is `root` or lies under it (as of now). */
  inSubtree: (id: string, root: string) => Promise<boolean>;
  log: (level: 'info' | 'error', message: string, extra?: Record<string, unknown>) => void;
  /** The enabled modules and plugins (for the UI's navigation). */
  modules?: readonly ModuleSummary[];
  /** The Ed25519 private key (PEM) that signs checkpoints, when configured. */
  checkpointKeyPem?: string;
  /** Erases a person's personal data (the platform's personal-data store); absent when not configured. */
  personalData?: PersonalDataEraser;
}

/** What `personnel.erasePerson` needs of the platform (see @xianzhi/personal-data). */
export interface PersonalDataEraser {
  erasePersonalData(
    subject: string,
    options: { reason: string; authority: { documentNo: string; issuedBy: string; approvedOn?: string }; actor?: string; idempotencyKey?: string },
  ): Promise<{ subject: string; eventId: string; position: number; erasedAt: string }>;
}

export interface ModuleSummary {
  name: string;
  kind: 'core' | 'plugin';
  title: { zh: string; en: string };
  scopes: readonly string[];
  /** The module specifier of its admin pages, if it has any. */
  admin: string | null;
}

export type Access = 'public' | 'read' | 'write' | 'admin';

export interface ProcedureMeta {
  /** The module the procedure belongs to: scopes are `<module>:read` / `<module>:write`. */
  module: string;
  access: Access;
  /**
   * The divisions a call touches (ids or codes), for tokens limited to a subtree. A procedure
   * without it is closed to such tokens.
   */
  divisions?: (input: unknown) => readonly (string | undefined | null)[];
  /** For exports: the columns of the rows this query returns, key → Chinese header. */
  columns?: Record<string, string>;
  /** Short description (shown in the access matrix and API docs). */
  summary?: string;
  /**
   * A dedicated scope this procedure needs instead of `<module>:<access>`. Only a token that names
   * it may call the procedure: `admin` does not imply it (e.g. `personnel:erase`).
   */
  scope?: string;
}

export interface ErrorData {
  /** Field problems of a validation error. */
  issues?: FieldIssue[];
  /** The domain error's code and details (InvariantViolation…). */
  domain?: { code: string; details?: Record<string, unknown> };
  /** For internal errors: the id to quote; details are only in the server log. */
  errorId?: string;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const data: ErrorData = {};
      const cause = error.cause;
      if (cause instanceof ZodError) {
        data.issues = cause.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
      } else if (isXianzhiError(cause)) {
        if (cause.code === 'VALIDATION') data.issues = (cause as unknown as { issues: FieldIssue[] }).issues;
        const details = (cause as { details?: Record<string, unknown> }).details;
        data.domain = details ? { code: cause.code, details } : { code: cause.code };
      }
      let message = shape.message;
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        data.errorId = (error as TRPCError & { errorId?: string }).errorId ?? randomUUID();
        message = `internal error — quote id ${data.errorId} to the administrator`;
      } else if (cause instanceof ZodError) {
        message = `invalid input — ${data.issues!.slice(0, 3).map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`;
      }
      const { stack: _stack, ...rest } = shape.data;
      return { ...shape, message, data: { ...rest, ...data } };
    },
  });

const CODE_MAP = {
  VALIDATION: 'BAD_REQUEST',
  CONCURRENCY: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  INVARIANT: 'UNPROCESSABLE_CONTENT',
  FORBIDDEN: 'FORBIDDEN',
} as const;

/** Scope needed for a procedure, or undefined for public ones. */
export function requiredScope(meta: ProcedureMeta): string | undefined {
  if (meta.scope !== undefined) return meta.scope;
  if (meta.access === 'public') return undefined;
  if (meta.access === 'admin') return 'admin';
  return `${meta.module}:${meta.access}`;
}

export function hasScope(caller: Caller, scope: string): boolean {
  if (caller.scopes.includes('admin')) return true;
  if (caller.scopes.includes(scope)) return true;
  // write implies read within a module
  return scope.endsWith(':read') && caller.scopes.includes(scope.replace(/:read$/, ':write'));
}

const guarded = t.middleware(async ({ ctx, meta, next, getRawInput, path }) => {
  if (!meta) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `procedure ${path} has no access metadata` });
  const scope = requiredScope(meta);
  if (scope !== undefined) {
    const caller = ctx.caller;
    if (!caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: `sign in with a token to use ${path} (needs ${scope})` });
    if (meta.scope !== undefined ? !caller.scopes.includes(meta.scope) : !hasScope(caller, scope)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `token "${caller.name}" lacks the scope ${scope} needed by ${path}` });
    }
    if (caller.subtree !== undefined && !caller.scopes.includes('admin')) {
      if (!meta.divisions) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `${path} is not open to tokens limited to one division` });
      }
      let named: string[];
      try {
        named = meta.divisions(await getRawInput()).filter((d): d is string => typeof d === 'string' && d.length > 0);
      } catch {
        named = [];
      }
      if (named.length === 0) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `token "${caller.name}" is limited to one division: name a division inside it` });
      }
      for (const id of named) {
        if (!(await ctx.inSubtree(id, caller.subtree))) {
          throw new TRPCError({ code: 'FORBIDDEN', message: `token "${caller.name}" may not act on division ${id}: outside its division` });
        }
      }
    }
  }
  const result = await next();
  if (!result.ok) {
    const error = result.error;
    const cause = error.cause;
    if (isXianzhiError(cause)) {
      throw new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
    }
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const errorId = randomUUID();
      ctx.log('error', `internal error ${errorId} in ${path}`, { requestId: ctx.requestId, error: cause ?? error });
      const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: error });
      (wrapped as TRPCError & { errorId?: string }).errorId = errorId;
      throw wrapped;
    }
  }
  return result;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
/** Every procedure starts here: access and error mapping are applied once, for all. */
export const procedure = t.procedure.use(guarded);
export type { TRPCRouterRecord } from '@trpc/server';
