/**
 * Server errors next to the fields that caused them, in the user's language. Validation errors
 * carry `data.issues` ([{ path, message, code, params }]); domain errors carry `data.domain` with
 * their stable `reason` ({ code, params }) when they have one, and `details.path` (e.g.
 * ['changes', 0]) and sometimes the field or the division reference at fault, which narrows the path
 * further. Messages are rendered from ./error-text in the UI's language; a code it does not know
 * still reads in that language (see error-text), so no English sentence reaches a Chinese screen.
 */
import { issueText, reasonText, unknownIssueText } from './error-text';
import type { Lang } from './format';
import { storedLang, type Params } from './i18n';

export interface ServerProblem {
  /** Dotted path into the input, e.g. `changes.0.sources.1`; '' for the input as a whole. */
  path: string;
  /** In the UI's language. */
  message: string;
  /** The stable code (zod's issue code, or the domain reason's), when the server gave one. */
  code?: string;
}

export interface ErrorInfo {
  /** The tRPC code: BAD_REQUEST, UNPROCESSABLE_CONTENT, CONFLICT, UNAUTHORIZED…; NETWORK when unreachable. */
  code: string;
  /** In the UI's language. */
  message: string;
  problems: ServerProblem[];
  /** For internal errors: the id to quote. */
  errorId?: string;
  /** The server's own (English) message, for the logs and for a report to the administrator. */
  serverMessage: string;
}

interface ErrorData {
  code?: string;
  issues?: { path: (string | number)[]; message: string; code?: string; params?: Params }[];
  domain?: { code: string; details?: Record<string, unknown>; reason?: { code: string; params?: Params } };
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
 * The problems of a failed call, each at the most precise path the server gives, in the UI's
 * language (`options.lang`, default the language the user chose). With `anyDetail`, a domain error
 * without a path is placed at the input field holding any of its details' values (e.g. `{ postId }`
 * of "the post is held by …" → the `postId` field).
 */
export function errorInfo(
  error: unknown,
  input?: unknown,
  options: { anyDetail?: boolean; lang?: Lang } = {},
): ErrorInfo {
  const lang = options.lang ?? storedLang();
  const e = error as {
    name?: string;
    message?: string;
    data?: ErrorData | null;
    shape?: { data?: ErrorData };
  } | null;
  const data = e?.data ?? e?.shape?.data ?? {};
  const serverMessage = e?.message ?? String(error);
  // A tRPC call that got no answer at all (fetch failed, server down): the network, not the input.
  const unreachable = e?.name === 'TRPCClientError' && !e.data && !e.shape;
  const code = data.code ?? (unreachable ? 'NETWORK' : 'ERROR');
  const general =
    reasonText(lang, code, data.errorId ? { errorId: data.errorId } : {}) ?? reasonText(lang, 'ERROR')!;
  const problems: ServerProblem[] = [];
  for (const issue of data.issues ?? []) {
    const text =
      issueText(lang, issue.code, issue.params) ?? (lang === 'en' ? issue.message : unknownIssueText(lang));
    problems.push({ path: issue.path.join('.'), message: text, ...(issue.code ? { code: issue.code } : {}) });
  }
  let message = general;
  if (data.domain && problems.length === 0) {
    const reason = data.domain.reason;
    const text = reason ? reasonText(lang, reason.code, reason.params) : undefined;
    // English screens keep the server's detailed English message when the reason is unknown here.
    message = text ?? (lang === 'en' ? serverMessage : general);
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
    problems.push({ path: path.join('.'), message, ...(reason ? { code: reason.code } : {}) });
  }
  const info: ErrorInfo = { code, message, problems, serverMessage };
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
    // The path is the input's internal name (`changes.0`): not shown; the message says what is wrong.
    if (best === undefined) general.push(p.message);
    else byField.set(best, [...(byField.get(best) ?? []), p.message]);
  }
  return { byField, general };
}
