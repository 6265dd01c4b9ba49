/**
 * The error family of Xianzhi. Deep code throws these domain errors; only the edge (the tRPC
 * error formatter, the CLI) maps them to HTTP statuses or exit codes. Every error keeps its
 * `cause` and carries a typed `code`, so callers switch on the code, never on the message.
 */
import type { z } from 'zod';

export type ErrorCode = 'VALIDATION' | 'CONCURRENCY' | 'NOT_FOUND' | 'INVARIANT' | 'FORBIDDEN';

/** The values a reason's message is made of (dates as ISO strings, names, codes, counts). */
export type ErrorParams = Record<string, string | number>;

/**
 * Why, in a form every UI can render in its own language: a stable code (e.g.
 * `division.notYetEstablished`, `too_small`) and its parameters. The English `message` stays for
 * logs and API users; the admin UI renders the reason from its dictionaries.
 */
export interface ErrorReason {
  code: string;
  params?: ErrorParams;
}

export interface ErrorOptions {
  cause?: unknown;
  /** The stable reason (code + params) for UIs; see ErrorReason. */
  reason?: ErrorReason;
}

export abstract class XianzhiError extends Error {
  abstract readonly code: ErrorCode;
  readonly reason?: ErrorReason;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.reason) this.reason = options.reason;
  }
}

/**
 * One problem in the input: the path to the field (e.g. `events.0.data.name`), the reason in
 * English, and — when known — its stable code and parameters (zod's issue codes such as
 * `too_small` with `{ origin, minimum }`, or a domain code).
 */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
  code?: string;
  params?: ErrorParams;
}

/** The stable code and parameters of a zod issue (zod's own code; its bounds, format, options). */
export function zodIssueReason(issue: z.core.$ZodIssue): ErrorReason {
  const params: ErrorParams = {};
  const i = issue as unknown as Record<string, unknown>;
  for (const key of ['origin', 'minimum', 'maximum', 'format', 'expected', 'divisor'] as const) {
    const v = i[key];
    if (typeof v === 'string' || typeof v === 'number') params[key] = v;
    else if (typeof v === 'bigint') params[key] = Number(v);
  }
  if (Array.isArray(i.values)) params.values = (i.values as unknown[]).map(String).join('、');
  if (Array.isArray(i.keys)) params.keys = (i.keys as unknown[]).map(String).join('、');
  // zod reports a missing field as invalid_type "received undefined": a code of its own for UIs.
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return { code: 'required', params };
  return { code: issue.code, params };
}

/**
 * Bad input. Lists every field at fault with the reason; nothing was written.
 *
 * @example
 * throw new ValidationError([{ path: ['effectiveAt'], message: 'not a date: "2019-13-01"' }]);
 */
export class ValidationError extends XianzhiError {
  readonly code = 'VALIDATION' as const;
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], options?: ErrorOptions & { message?: string }) {
    super(options?.message ?? ValidationError.describe(issues), options);
    this.issues = issues;
  }

  /** Builds a ValidationError from a zod error, prefixing every path with `prefix`. */
  static fromZod(error: z.ZodError, prefix: (string | number)[] = []): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: issue.message,
      ...zodIssueReason(issue),
    }));
    return new ValidationError(issues, { cause: error });
  }

  static describe(issues: FieldIssue[]): string {
    const parts = issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    return `invalid input — ${parts.join('; ')}${more}`;
  }
}

/**
 * An idempotency key already used for a different command (any difference: data, effective date,
 * document, actor, stream). Refused — never answered with the other command's result — and the
 * message names only the key: nothing about the other command's stream, positions or data.
 * The API answers 409 CONFLICT. (A ValidationError on the `idempotencyKey` field otherwise.)
 */
export class IdempotencyKeyReused extends ValidationError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      [
        {
          path: ['idempotencyKey'],
          message: `the key "${key}" was already used for a different command; use a new key for a new command`,
          code: 'idempotency.keyReused',
          params: { key },
        },
      ],
      options,
    );
  }
}

/**
 * Optimistic concurrency failed: the stream is not at the revision the caller expected.
 * Re-read the stream, decide again, and retry.
 */
export class ConcurrencyError extends XianzhiError {
  readonly code = 'CONCURRENCY' as const;
  constructor(
    readonly stream: string,
    readonly expected: string | number,
    readonly actual: number | 'no-stream',
    options?: { cause?: unknown },
  ) {
    super(
      `stream "${stream}" was expected at revision ${String(expected)} but is at ${String(actual)}; ` +
        'someone else changed it first — reload and try again',
      { ...options, reason: { code: 'concurrency' } },
    );
  }
}

/** Something named by the caller does not exist (an event id, a stream, a division). */
export class NotFoundError extends XianzhiError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly what: string,
    readonly id: string,
    options?: ErrorOptions & { message?: string },
  ) {
    super(options?.message ?? `${what} "${id}" does not exist`, {
      reason: { code: 'notFound', params: { what, id } },
      ...options,
    });
  }
}

/** A domain rule refused the command; the message says which rule and what to do. */
export class InvariantViolation extends XianzhiError {
  readonly code = 'INVARIANT' as const;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The caller's token lacks the scope or division subtree this operation needs. */
export class ForbiddenError extends XianzhiError {
  readonly code = 'FORBIDDEN' as const;
}

export function isXianzhiError(error: unknown): error is XianzhiError {
  return error instanceof XianzhiError;
}
