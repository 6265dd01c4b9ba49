/**
 * The command-form kit: what every page that sends a command (appoint a cadre, record an
 * adjustment, retract an event, issue a token) needs around its own fields — one idempotency key per
 * attempt, the call's pending state and result, the server's problems placed next to the fields
 * they name (`Field`), and the rest shown once at the top (`Refusal`).
 *
 * @example
 * const form = useCommandForm<CommandOutput>({ prefix: 'personnel', fields: ['personId', 'postId'] });
 * <form onSubmit={(e) => { e.preventDefault(); form.run(input, (withKey) => client.personnel.appointToPost.mutate(withKey)); }}>
 *   <Refusal error={form.error} general={form.placed.general} title="不予受理" />
 *   <Field label="人员" path="personId" errors={form.errorsOf('personId')} required>…</Field>
 * </form>
 */
import { useMemo, useState, type ReactNode } from 'react';
import { newIdempotencyKey } from './api';
import { assignProblems, errorInfo, type ErrorInfo } from './errors';

/** The server's messages for one field, shown right under it. */
export function FieldErrors({ messages, path }: { messages: string[] | undefined; path: string }) {
  if (!messages?.length) return null;
  return (
    <ul className="field-errors" role="alert" data-testid={`error-${path}`}>
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/** A labelled input with its hint and the server's messages for its path. */
export function Field({
  label,
  hint,
  errors,
  path,
  children,
  required,
}: {
  label: string;
  hint?: string;
  errors?: string[];
  path: string;
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <div className={`field${errors?.length ? ' invalid' : ''}`} data-field={path}>
      <span className="field-label">
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </span>
      {children}
      {hint && <span className="hint">{hint}</span>}
      <FieldErrors messages={errors} path={path} />
    </div>
  );
}

/**
 * What a refusal says outside the fields: the problems no field claims, or the error's own message
 * when the server named no problem at all; empty when there is nothing to show.
 */
export function refusalMessages(error: ErrorInfo | null, general: readonly string[]): string[] {
  if (general.length > 0) return [...general];
  if (error && error.problems.length === 0) return [error.message];
  return [];
}

/**
 * The refusal at the top of a form. `compact`: one line (a small inline form), else a titled list.
 */
export function Refusal({
  error,
  general,
  title,
  testId,
  compact,
}: {
  error: ErrorInfo | null;
  general: readonly string[];
  title?: string;
  testId?: string;
  compact?: boolean;
}) {
  const messages = refusalMessages(error, general);
  if (messages.length === 0) return null;
  if (compact) {
    return (
      <p className="error" role="alert" data-testid={testId}>
        {messages.join('; ')}
      </p>
    );
  }
  return (
    <div className="alert" role="alert" data-testid={testId}>
      {title && <strong>{title}</strong>}
      <ul>
        {messages.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

export interface CommandForm<Output> {
  /** The idempotency key of this attempt (a retry after a network error sends the same one). */
  key: string;
  error: ErrorInfo | null;
  /** The server's problems: by field path (of `fields`), and the rest. */
  placed: { byField: Map<string, string[]>; general: string[] };
  errorsOf: (path: string) => string[] | undefined;
  pending: boolean;
  /** The result of the last successful call; null before and after `reset`. */
  done: Output | null;
  /** Calls `send` with the input and the attempt's key; keeps the result, or the refusal placed against `input`. */
  run: (
    input: object,
    send: (inputWithKey: { idempotencyKey: string }) => Promise<Output>,
  ) => Promise<Output | undefined>;
  /** Places an error raised elsewhere (e.g. by a useMutation) against `input`. */
  fail: (error: unknown, input?: unknown) => void;
  /** Clears the error (e.g. when the user changes the kind of command). */
  clear: () => void;
  /** A new attempt: a fresh key, no result, no error. */
  reset: () => void;
}

/**
 * State for one command form. `fields`: the input paths that have a field on the page (problems at
 * other paths go to the refusal). `anyDetail`: a problem's details may name the field (see errorInfo).
 */
export function useCommandForm<Output = unknown>({
  prefix,
  fields,
  anyDetail = false,
}: {
  prefix: string;
  fields: readonly string[];
  anyDetail?: boolean;
}): CommandForm<Output> {
  const [key, setKey] = useState(() => newIdempotencyKey(prefix));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<Output | null>(null);
  const fieldList = fields.join('\n');
  const placed = useMemo(
    () => assignProblems(error?.problems ?? [], fieldList ? fieldList.split('\n') : []),
    [error, fieldList],
  );
  const fail = (err: unknown, input?: unknown) => setError(errorInfo(err, input, { anyDetail }));
  return {
    key,
    error,
    placed,
    errorsOf: (path) => placed.byField.get(path),
    pending,
    done,
    run: async (input, send) => {
      setPending(true);
      setError(null);
      try {
        const out = await send({ ...input, idempotencyKey: key });
        setDone(out);
        return out;
      } catch (err) {
        fail(err, input);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    fail,
    clear: () => setError(null),
    reset: () => {
      setKey(newIdempotencyKey(prefix));
      setDone(null);
      setError(null);
    },
  };
}
