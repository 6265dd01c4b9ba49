/**
 * The one `initTRPC` of Xianzhi. Every module router (core and plugin) is built on the procedures
 * exported here, so the server can merge them, and so access and error mapping happen in exactly one
 * place:
 *
 * - `guarded` (every procedure, before its input is read): the token's scopes, and the caller's
 *   scope value (`ctx.scope`: unrestricted, or one division's subtree). A procedure that does not
 *   declare how its rows keep to a division (`meta.scoped`) is closed to tokens limited to one.
 * - `scopeGate` (division-scoped procedures, after their input is validated): the divisions the
 *   validated input names must lie in the scope; the answer is trimmed to it (`filter`); then every
 *   row that names a division is checked again — one outside is an internal error (500 with an error
 *   id, logged), never data. For commands, every division the command touches is resolved from the
 *   read models and must lie in the subtree on the effective date and today.
 *
 * The raw request input is never consulted for access.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError, initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import {
  IdempotencyKeyReused,
  isXianzhiError,
  zodIssueReason,
  type ErrorReason,
  type FieldIssue,
} from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { AsOf, ProjectionRuntime } from '@xianzhi/projections';
import { SubtreeScope, UNRESTRICTED, type AccessScope, type DivisionDirectory } from './access/scope';

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
  /** Where scopes look divisions up (the divisions read models). */
  divisions: DivisionDirectory;
  /** The caller's scope; set by `guarded` for every procedure. */
  scope?: AccessScope;
  /**
   * Verifies the call's token again (streams re-check it on every event): the caller it stands for
   * now, or null when it was revoked. Absent for in-process callers (the CLI).
   */
  reverify?: () => Promise<Caller | null>;
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
    options: {
      reason: string;
      authority: { documentNo: string; issuedBy: string; approvedOn?: string };
      actor?: string;
      idempotencyKey?: string;
    },
  ): Promise<{ subject: string; eventId: string; position: number; erasedAt: string }>;
}

export interface ModuleSummary {
  name: string;
  kind: 'core' | 'plugin';
  title: { zh: string; en: string };
  scopes: readonly string[];
}

/**
 * Who may call: anyone (`public`), any valid token (`signed-in`), `<module>:read` / `<module>:write`,
 * the `metrics` scope (internals: health, lag, positions), or `admin`.
 */
export type Access = 'public' | 'signed-in' | 'read' | 'write' | 'metrics' | 'admin';

type Ref = string | null | undefined;

/**
 * How a division-scoped procedure keeps to a token limited to one division. Without it, the
 * procedure is closed to such tokens. Every function receives the *validated* input.
 */
// The rule is stored type-erased in the procedure's meta; the builders type it from the input schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ScopeRule<Input = any, Output = any> {
  /** Divisions the input names (ids or codes): each must lie in the scope on every date of the call. */
  names?: (input: Input) => readonly Ref[];
  /**
   * When the input names none: the input for the limited token (e.g. its own division as `rootId`).
   * Without `narrow`, `within` or `filter`, a limited token must name a division.
   */
  narrow?: (input: Input, rootId: string) => Input;
  /** The resolver computes the answer from `ctx.scope`'s divisions (a read model's `within`). */
  within?: true;
  /** Keeps the part of the answer inside the scope (`keep` says whether a division id is). */
  filter?: (answer: Output, keep: (divisionId: Ref) => boolean) => Output;
  /** For commands: every division the command touches, resolved from the read models. */
  touches?: (ctx: ApiContext, input: Input) => Promise<readonly Ref[]>;
  /** The dates the call concerns (default: `asOf`, or `effectiveAt` for commands; now when absent). */
  dates?: (input: Input) => readonly (string | undefined)[];
}

export interface ProcedureMeta {
  /** The module the procedure belongs to: scopes are `<module>:read` / `<module>:write`. */
  module: string;
  access: Access;
  /** Open to tokens limited to one division, and how (see ScopeRule). */
  scoped?: ScopeRule;
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
  /**
   * The domain error's class code and details (InvariantViolation…), and its stable reason when it
   * has one (`{ code: 'division.notYetEstablished', params: {…} }`) for UIs to render in their language.
   */
  domain?: { code: string; details?: Record<string, unknown>; reason?: ErrorReason };
  /** For internal errors: the id to quote; details are only in the server log. */
  errorId?: string;
}

/** Zod issues as field issues; an unknown key becomes one issue naming it. */
function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({
        path: [...path, k],
        message: `unknown field "${k}": this procedure does not take it — remove it`,
        code: 'unrecognized_keys',
        params: { keys: k },
      }));
    return [{ path, message: i.message, ...zodIssueReason(i) }];
  });
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const data: ErrorData = {};
      const cause = error.cause;
      if (cause instanceof ZodError) {
        data.issues = fieldIssues(cause);
      } else if (isXianzhiError(cause)) {
        if (cause.code === 'VALIDATION') data.issues = (cause as unknown as { issues: FieldIssue[] }).issues;
        const details = (cause as { details?: Record<string, unknown> }).details;
        data.domain = details ? { code: cause.code, details } : { code: cause.code };
        if (cause.reason) data.domain.reason = cause.reason;
      }
      let message = shape.message;
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        data.errorId = (error as TRPCError & { errorId?: string }).errorId ?? randomUUID();
        message = `internal error — quote id ${data.errorId} to the administrator`;
      } else if (cause instanceof ZodError) {
        message = `invalid input — ${data
          .issues!.slice(0, 3)
          .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
          .join('; ')}`;
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

/**
 * Scope needed for a procedure, or undefined for public ones (and '' for any signed-in caller). A
 * procedure with a dedicated scope (`meta.scope`) needs exactly that scope.
 */
export function requiredScope(meta: Pick<ProcedureMeta, 'module' | 'access' | 'scope'>): string | undefined {
  if (meta.scope !== undefined) return meta.scope;
  switch (meta.access) {
    case 'public':
      return undefined;
    case 'signed-in':
      return '';
    case 'admin':
      return 'admin';
    case 'metrics':
      return 'metrics';
    case 'read':
    case 'write':
      return `${meta.module}:${meta.access}`;
  }
}

/** True when the caller's scopes grant `scope`. A token limited to a division never counts as admin. */
export function hasScope(caller: Caller, scope: string): boolean {
  if (scope === '') return true;
  const admin = caller.subtree === undefined && caller.scopes.includes('admin');
  if (admin || scope === 'admin') return admin;
  if (caller.scopes.includes(scope)) return true;
  // write implies read within a module
  return scope.endsWith(':read') && caller.scopes.includes(scope.replace(/:read$/, ':write'));
}

/** An internal error with an id, logged with the details (the caller sees only the id). */
export function internalError(
  ctx: Pick<ApiContext, 'log' | 'requestId'>,
  path: string,
  detail: string,
  extra: Record<string, unknown> = {},
): TRPCError {
  const errorId = randomUUID();
  ctx.log('error', `internal error ${errorId} in ${path}: ${detail}`, { requestId: ctx.requestId, ...extra });
  const error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
  (error as TRPCError & { errorId?: string }).errorId = errorId;
  return error;
}

const guarded = t.middleware(async ({ ctx, meta, next, path }) => {
  if (!meta)
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: `procedure ${path} has no access metadata`,
    });
  const needed = requiredScope(meta);
  let scope: AccessScope = UNRESTRICTED;
  if (needed !== undefined) {
    const caller = ctx.caller;
    if (!caller)
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: `sign in with a token to use ${path}${needed ? ` (needs ${needed})` : ''}`,
      });
    // A dedicated scope is granted by naming it, never implied by admin (erasure is a separate duty).
    if (meta.scope !== undefined ? !caller.scopes.includes(meta.scope) : !hasScope(caller, needed)) {
      const limitedAdmin = needed === 'admin' && caller.subtree !== undefined;
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: limitedAdmin
          ? `${path} is not open to tokens limited to one division`
          : `token "${caller.name}" lacks the scope ${needed} needed by ${path}`,
      });
    }
    if (caller.subtree !== undefined && (meta.access === 'read' || meta.access === 'write')) {
      if (!meta.scoped)
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `${path} is not open to tokens limited to one division`,
        });
      scope = new SubtreeScope(caller.subtree, caller.name, ctx.divisions);
    }
  }
  const result = await next({ ctx: { scope } });
  if (result.ok && scope.kind === 'subtree' && !scope.gated) {
    // Declared division-scoped but built without the gate: fail closed.
    throw internalError(ctx, path, 'a division-scoped procedure answered without its scope gate', { path });
  }
  if (!result.ok) {
    const error = result.error;
    const cause = error.cause;
    if (isXianzhiError(cause)) {
      // a key reused for a different command is a conflict with what was recorded, not bad input
      throw new TRPCError({
        code: cause instanceof IdempotencyKeyReused ? 'CONFLICT' : CODE_MAP[cause.code],
        message: cause.message,
        cause,
      });
    }
    if (
      error.code === 'INTERNAL_SERVER_ERROR' &&
      (error as TRPCError & { errorId?: string }).errorId === undefined
    ) {
      const errorId = randomUUID();
      ctx.log('error', `internal error ${errorId} in ${path}`, {
        requestId: ctx.requestId,
        error: cause ?? error,
      });
      const wrapped = new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'internal error',
        cause: error,
      });
      (wrapped as TRPCError & { errorId?: string }).errorId = errorId;
      throw wrapped;
    }
  }
  return result;
});

/** The row keys that name a division: every one in an answer to a limited token is checked. */
export const DIVISION_KEYS = ['divisionId', 'townshipId', 'villageId'] as const;

/** Every division id an answer names under DIVISION_KEYS, with where. */
export function divisionsNamedIn(answer: unknown): { where: string; id: string }[] {
  const out: { where: string; id: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, at: string) => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}[${i}]`));
    const o = v as Record<string, unknown>;
    for (const k of DIVISION_KEYS) if (typeof o[k] === 'string') out.push({ where: `${at}.${k}`, id: o[k] });
    for (const [k, x] of Object.entries(o)) visit(x, `${at}.${k}`);
  };
  visit(answer, '');
  return out;
}

const asOfOf = (
  input: unknown,
  key: 'asOf' | 'effectiveAt',
): { date: string | undefined; knownAt: string | undefined } => {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  return {
    date: typeof i[key] === 'string' ? i[key] : undefined,
    knownAt: typeof i.knownAt === 'string' ? i.knownAt : undefined,
  };
};

/** The dates (as-ofs) of a query call. */
export function datesOf(rule: ScopeRule, input: unknown): AsOf[] {
  const { date, knownAt } = asOfOf(input, 'asOf');
  const dates = rule.dates ? rule.dates(input) : [date];
  return (dates.length ? dates : [undefined]).map((d) => ({
    ...(d === undefined ? {} : { asOf: d }),
    ...(knownAt === undefined ? {} : { knownAt }),
  }));
}

const named = (refs: readonly Ref[]): string[] =>
  refs.filter((r): r is string => typeof r === 'string' && r.length > 0);

/**
 * The gate of a division-scoped procedure, after its input is validated (the builders add it).
 * A no-op for unrestricted callers.
 */
export const scopeGate = t.middleware(async ({ ctx, meta, input, next, path, type }) => {
  const scope = ctx.scope;
  const rule = meta?.scoped;
  if (!scope || scope.kind !== 'subtree' || !rule) return next();
  const who = `token "${scope.tokenName}" (limited to division ${scope.rootId})`;
  scope.gated = true;

  if (type === 'mutation' || meta.access === 'write') {
    const { date } = asOfOf(input, 'effectiveAt');
    const touched = named([...(rule.names?.(input) ?? []), ...((await rule.touches?.(ctx, input)) ?? [])]);
    if (touched.length === 0)
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `${who} may not use ${path}: it touches no division inside its own`,
      });
    for (const ref of touched) {
      if (!(await scope.containsForWrite(ref, date))) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `${who} may not act on division ${ref}: outside its division${date ? ` on ${date} or today` : ''}`,
        });
      }
    }
    return next();
  }

  const dates = datesOf(rule, input);
  const refs = named(rule.names?.(input) ?? []);
  for (const ref of refs) {
    for (const at of dates) {
      if (!(await scope.contains(ref, at))) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `${who} may not read division ${ref}${at.asOf ? ` as of ${at.asOf}` : ''}: outside its division, or no such division then`,
        });
      }
    }
  }
  let nextInput = input;
  if (refs.length === 0) {
    if (rule.narrow) nextInput = rule.narrow(input, scope.rootId);
    else if (!rule.within && !rule.filter)
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `${who} must name a division inside its own to use ${path}`,
      });
  }
  const result = await next({ input: nextInput });
  if (!result.ok) return result;

  // Defence in depth: trim, then check every division the answer names.
  const sets = await Promise.all(dates.map((at) => scope.visible(at)));
  const keep = (id: Ref) => typeof id === 'string' && sets.some((s) => s.has(id));
  const data: unknown = rule.filter ? rule.filter(result.data, keep) : result.data;
  const outside = divisionsNamedIn(data).filter((n) => !keep(n.id));
  if (outside.length > 0) {
    throw internalError(
      ctx,
      path,
      `the answer names ${outside.length} division(s) outside the caller's scope`,
      {
        path,
        token: scope.tokenName,
        root: scope.rootId,
        outside: outside.slice(0, 5),
      },
    );
  }
  return { ...result, data };
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
/** Every procedure starts here: access and error mapping are applied once, for all. */
export const procedure = t.procedure.use(guarded);
export type { TRPCRouterRecord } from '@trpc/server';
