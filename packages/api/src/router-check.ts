/**
 * Checks a composed router before it serves anything (the server calls it when it builds the app
 * router): a procedure that could leak or silently drop input is refused at build time, with its
 * path and what to change.
 */
import { looseObjectsIn } from './strict';
import { requiredScope, scopeGate, type ProcedureMeta } from './trpc';

interface ProcedureDef {
  type: string;
  meta?: ProcedureMeta & { divisions?: unknown };
  inputs: unknown[];
  middlewares: unknown[];
}

/** Every problem of the router's procedures (empty when it may serve). */
export function procedureProblems(procedures: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const gate = (scopeGate as unknown as { _middlewares: unknown[] })._middlewares[0];
  for (const [path, p] of Object.entries(procedures)) {
    const def = (p as { _def: ProcedureDef })._def;
    const meta = def.meta;
    if (!meta) {
      problems.push(`${path}: no access metadata (module, access)`);
      continue;
    }
    if ('divisions' in meta) {
      problems.push(
        `${path}: declares \`divisions\` (a check on the raw input, which the query may not read); declare \`scoped\` — how its rows keep to a division — instead`,
      );
    }
    if (meta.scoped && !def.middlewares.includes(gate)) {
      problems.push(
        `${path}: declares \`scoped\` but has no scope gate; build it with defineProcedure, projectionQuery or commandMutation`,
      );
    }
    if (meta.scoped && Object.keys(meta.scoped).length === 0)
      problems.push(`${path}: an empty \`scoped\` rule says nothing about its rows`);
    for (const input of def.inputs) {
      const loose = looseObjectsIn(input);
      if (loose.length)
        problems.push(
          `${path}: input objects accept unknown fields (${loose.slice(0, 3).join(', ')}); use z.strictObject or a builder`,
        );
    }
  }
  return problems;
}

/** Throws, listing every problem, when a procedure of the router may not serve. */
export function assertProceduresSafe(procedures: Record<string, unknown>): void {
  const problems = procedureProblems(procedures);
  if (problems.length) throw new Error(`the router cannot serve:\n  ${problems.join('\n  ')}`);
}

/**
 * Whether a scope opens any procedure of the router — to a token limited to one division (only
 * procedures declaring `scoped`, and those open to any signed-in caller or to `metrics`), or not.
 */
export function scopeOpener(
  procedures: Record<string, unknown>,
): (scope: string, limited: boolean) => boolean {
  const open = new Map<string, { any: boolean; limited: boolean }>();
  for (const p of Object.values(procedures)) {
    const meta = (p as { _def: ProcedureDef })._def.meta;
    if (!meta) continue;
    const needed = requiredScope(meta);
    if (!needed) continue;
    const limited =
      meta.access === 'metrics' ||
      ((meta.access === 'read' || meta.access === 'write') && meta.scoped !== undefined);
    // a module's write scope opens its reads too
    const grants = meta.access === 'read' ? [needed, needed.replace(/:read$/, ':write')] : [needed];
    for (const g of grants) {
      const entry = open.get(g) ?? { any: false, limited: false };
      open.set(g, { any: true, limited: entry.limited || limited });
    }
  }
  return (scope, limited) => {
    const entry = open.get(scope);
    return entry !== undefined && (limited ? entry.limited : entry.any);
  };
}
