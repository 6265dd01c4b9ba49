/**
 * Server errors next to the fields that caused them. Validation errors carry `data.issues`
 * ([{ path, message }]); invariant violations carry `data.domain.details.path` (e.g. ['changes', 0])
 * and sometimes the field or the division reference at fault, which narrows the path further.
 */
export interface ServerProblem {
  /** Dotted path into the input, e.g. `changes.0.sources.1`; '' for the input as a whole. */
  path: string;
  message: string;
}

export interface ErrorInfo {
  /** The tRPC code: BAD_REQUEST, UNPROCESSABLE_CONTENT, CONFLICT, UNAUTHORIZED… */
  code: string;
  message: string;
  problems: ServerProblem[];
  /** For internal errors: the id to quote. */
  errorId?: string;
}

interface ErrorData {
  code?: string;
  issues?: { path: (string | number)[]; message: string }[];
  domain?: { code: string; details?: Record<string, unknown> };
  errorId?: string;
}

/** Finds, in `value` (an object of the input), the key whose value (or array element) is `ref`. */
function keyOfRef(value: unknown, ref: unknown): (string | number)[] | undefined {
  if (typeof ref !== 'string' || value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === ref) return [key];
    if (Array.isArray(v)) {
      const i = v.indexOf(ref);
      if (i >= 0) return [key, i];
    }
  }
  return undefined;
}

function at(input: unknown, path: readonly (string | number)[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/**
 * The problems of a failed call, each at the most precise path the server gives. With `anyDetail`,
 * a domain error without a path is placed at the input field holding any of its details' values
 * (e.g. `{ postId }` of "the post is held by …" → the `postId` field).
 */
export function errorInfo(error: unknown, input?: unknown, options: { anyDetail?: boolean } = {}): ErrorInfo {
  const e = error as { message?: string; data?: ErrorData | null; shape?: { data?: ErrorData } } | null;
  const data = e?.data ?? e?.shape?.data ?? {};
  const message = e?.message ?? String(error);
  const problems: ServerProblem[] = [];
  for (const issue of data.issues ?? [])
    problems.push({ path: issue.path.join('.'), message: issue.message });
  if (data.domain && problems.length === 0) {
    const details = data.domain.details ?? {};
    const base = Array.isArray(details.path) ? (details.path as (string | number)[]) : [];
    let path = base;
    if (typeof details.field === 'string') path = [...base, details.field];
    else {
      const target = at(input, base);
      let found = keyOfRef(target, details.ref) ?? keyOfRef(target, details.divisionId);
      if (!found && options.anyDetail) {
        for (const v of Object.values(details)) {
          found = keyOfRef(target, v);
          if (found) break;
        }
      }
      if (found) path = [...base, ...found];
    }
    problems.push({ path: path.join('.'), message });
  }
  const info: ErrorInfo = { code: data.code ?? 'ERROR', message, problems };
  if (data.errorId) info.errorId = data.errorId;
  return info;
}

/**
 * Assigns each problem to the most specific field that shows it (the field's path, or a prefix of
 * the problem's path); the rest are general.
 */
export function assignProblems(
  problems: readonly ServerProblem[],
  fields: readonly string[],
): { byField: Map<string, string[]>; general: string[] } {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const p of problems) {
    let best: string | undefined;
    for (const f of fields) {
      if (p.path === f || p.path.startsWith(`${f}.`)) {
        if (best === undefined || f.length > best.length) best = f;
      }
    }
    if (best === undefined) general.push(p.path ? `${p.path}: ${p.message}` : p.message);
    else byField.set(best, [...(byField.get(best) ?? []), p.message]);
  }
  return { byField, general };
}
