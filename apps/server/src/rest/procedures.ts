/**
 * The REST face of the app router, read from the router itself: every query and command of every
 * module (core, plugins, platform) with its metadata and its input's JSON Schema (from the zod
 * schema the procedure validates with). Nothing here is written per procedure, so a new module or
 * procedure appears in REST and in the OpenAPI document the moment it is in the router.
 */
import { z } from 'zod';
import type { ProcedureMeta } from '@xianzhi/api';
import { propertiesOf, type JsonSchema } from './query';

export interface RestProcedure {
  /** The tRPC path (`divisions.list`). */
  path: string;
  module: string;
  name: string;
  type: 'query' | 'mutation';
  /** GET for queries, POST for commands. */
  method: 'get' | 'post';
  /** `/api/v1/divisions/list`. */
  url: string;
  meta: ProcedureMeta;
  /** The input's JSON Schema (the input side of the zod schema); undefined when it takes none. */
  input: JsonSchema | undefined;
  /** Named sub-schemas of the input (recursive types), to go into the document's components. */
  defs: Record<string, JsonSchema>;
  /** How long answers are cut into pages: `native` (the event log's own position cursor), `rows` (by offset), or none. */
  paging: 'native' | 'rows' | undefined;
}

type ProcedureRecord = Record<string, { _def: { type: string; meta?: ProcedureMeta; inputs?: z.ZodType[] } }>;

export const REST_PREFIX = '/api/v1';

/** Renames `#/$defs/X` to the document's `#/components/schemas/<prefix>X`. */
function relink(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => relink(v, prefix));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/'))
      out[k] = `#/components/schemas/${prefix}${v.slice('#/$defs/'.length)}`;
    else if (k === '$ref' && v === '#') out[k] = `#/components/schemas/${prefix}Input`;
    else out[k] = relink(v, prefix);
  }
  return out;
}

/** The JSON Schema of a procedure's input, ready to sit in an OpenAPI 3.1 document. */
export function inputSchemaOf(
  schema: z.ZodType | undefined,
  prefix: string,
): { input: JsonSchema | undefined; defs: Record<string, JsonSchema> } {
  if (!schema) return { input: undefined, defs: {} };
  const raw = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const { $schema: _s, $defs, ...rest } = raw;
  const defs: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries($defs ?? {})) defs[`${prefix}${k}`] = relink(v, prefix) as JsonSchema;
  const input = relink(rest, prefix) as JsonSchema;
  return { input, defs };
}

/** Every query and command of the router (subscriptions stay on tRPC's SSE). */
export function restProcedures(procedures: unknown): RestProcedure[] {
  const record = procedures as ProcedureRecord;
  const out: RestProcedure[] = [];
  for (const [path, p] of Object.entries(record)) {
    const type = p._def.type;
    if (type !== 'query' && type !== 'mutation') continue;
    const meta = p._def.meta;
    if (!meta) throw new Error(`procedure ${path} has no metadata`);
    const dot = path.lastIndexOf('.');
    const [module, name] = [path.slice(0, dot), path.slice(dot + 1)];
    const prefix = path
      .replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
      .replace(/^./, (c) => c.toUpperCase());
    const { input, defs } = inputSchemaOf(p._def.inputs?.[0], prefix);
    const props = propertiesOf(input);
    const paging =
      type !== 'query' || !meta.columns
        ? undefined
        : 'beforePosition' in props && 'limit' in props
          ? 'native'
          : 'rows';
    out.push({
      path,
      module,
      name,
      type,
      method: type === 'query' ? 'get' : 'post',
      url: `${REST_PREFIX}/${module.split('.').join('/')}/${name}`,
      meta,
      input,
      defs,
      paging,
    });
  }
  return out;
}
