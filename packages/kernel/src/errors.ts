/**
 * The error family of Xianzhi. Deep code throws these domain errors; only the edge (the tRPC
 * error formatter, the CLI) maps them to HTTP statuses or exit codes. Every error keeps its
 * `cause` and carries a typed `code`, so callers switch on the code, never on the message.
 */
import type { z } from 'zod';

export type ErrorCode = 'VALIDATION' | 'CONCURRENCY' | 'NOT_FOUND' | 'INVARIANT' | 'FORBIDDEN';

export abstract class XianzhiError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem in the input: the path to the field (e.g. `events.0.data.name`) and the reason. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
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
  constructor(issues: FieldIssue[], options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? ValidationError.describe(issues), options);
    this.issues = issues;
  }

  /** Builds a ValidationError from a zod error, prefixing every path with `prefix`. */
  static fromZod(error: z.ZodError, prefix: (string | number)[] = []): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: issue.message,
    }));
    return new ValidationError(issues, { cause: error });
  }

  static describe(issues: FieldIssue[]): string {
    const parts = issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
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
    super([{ path: ['idempotencyKey'], message: `the key "${key}" was already used for a different command; use a new key for a new command` }], options);
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
      options,
    );
  }
}

/** Something named by the caller does not exist (an event id, a stream, a division). */
export class NotFoundError extends XianzhiError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly what: string,
    readonly id: string,
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? `${what} "${id}" does not exist`, options);
  }
}

/** A domain rule refused the command; the message says which rule and what to do. */
export class InvariantViolation extends XianzhiError {
  readonly code = 'INVARIANT' as const;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
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
