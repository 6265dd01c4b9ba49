/**
 * How a query's input travels in a URL (GET /api/v1/<module>/<query>?…), read with the input's own
 * JSON Schema (from its zod schema):
 *
 * - a scalar field is one parameter: `asOf=2019-06-01`, `limit=20`, `includeClosed=true`;
 * - an array field repeats its parameter: `ids=a&ids=b` (or is one JSON array: `ids=[]`, `ids=["a","b"]`);
 * - an object field (or anything else) is JSON: `authority={"documentNo":"…"}`.
 *
 * A text is turned into a number or a boolean only where the field takes no text; whatever does not
 * fit is passed on as text, so the procedure's own validation names the field and the reason.
 * A parameter the input does not take is passed on as text, so the procedure refuses it by name
 * (400) exactly as over tRPC — after the token's check; a procedure without input refuses any here.
 */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  $ref?: string;
  [k: string]: unknown;
};

/** The JSON types a schema admits (all of them when it says nothing). */
export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return new Set(['any']);
  const alts = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (Array.isArray(schema.type)) schema.type.forEach((t) => out.add(t));
  else if (schema.type) out.add(schema.type);
  else if (schema.const !== undefined) out.add(typeof schema.const);
  else if (schema.enum) schema.enum.forEach((v) => out.add(v === null ? 'null' : typeof v));
  for (const a of alts) typesOf(a).forEach((t) => out.add(t));
  if (out.size === 0) out.add('any');
  if (out.has('integer')) out.add('number');
  return out;
}

/** The item schema of an array field (through unions). */
function itemsOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.items) return schema.items;
  for (const a of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = itemsOf(a);
    if (found) return found;
  }
  return undefined;
}

/**
 * The fields of an input: its properties, or, for a union of objects (a discriminated input), every
 * branch's, a field in several branches admitting what any of them admits.
 */
export function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { ...(schema?.properties ?? {}) };
  for (const branch of [...(schema?.anyOf ?? []), ...(schema?.oneOf ?? []), ...(schema?.allOf ?? [])]) {
    for (const [name, field] of Object.entries(propertiesOf(branch))) {
      const seen = out[name];
      out[name] = seen ? { anyOf: [seen, field] } : field;
    }
  }
  return out;
}

/** The fields every branch of an input requires. */
export function requiredOf(schema: JsonSchema | undefined): string[] {
  const branches = [...(schema?.anyOf ?? []), ...(schema?.oneOf ?? [])];
  const own = schema?.required ?? [];
  if (branches.length === 0) return own;
  const each = branches.map((b) => new Set(requiredOf(b)));
  return [...new Set([...own, ...[...each[0]!].filter((n) => each.every((e) => e.has(n)))])];
}

/** How a field travels: one text, repeated texts, or JSON. */
export function styleOf(schema: JsonSchema | undefined): 'scalar' | 'array' | 'json' {
  const types = typesOf(schema);
  if (types.has('object') || types.has('any')) return 'json';
  if (types.has('array')) return 'array';
  return 'scalar';
}

const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/;

function scalar(text: string, schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.has('null') && text === 'null') return null;
  if (types.has('string')) return text;
  if (types.has('number') && NUMBER.test(text)) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function jsonArray(text: string): unknown[] | undefined {
  const v = parseOr(text);
  return Array.isArray(v) ? v : undefined;
}

export class UnknownParameter extends Error {
  constructor(readonly names: string[]) {
    super(
      `unknown parameter${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}: this query does not take ${names.length > 1 ? 'them' : 'it'} — remove ${names.length > 1 ? 'them' : 'it'}`,
    );
  }
}

/**
 * The input of a query from its URL parameters. `reserved` names parameters REST itself reads
 * (the cursor); they are not part of the input. Throws UnknownParameter when the procedure takes no
 * input at all.
 */
export function decodeQuery(
  params: URLSearchParams,
  schema: JsonSchema | undefined,
  reserved: readonly string[] = [],
): Record<string, unknown> | undefined {
  const properties = propertiesOf(schema);
  const input: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const name of new Set(params.keys())) {
    if (reserved.includes(name)) continue;
    if (!Object.hasOwn(properties, name)) {
      // passed on as given: the procedure refuses it by name (after the access check, as over tRPC)
      if (!schema) unknown.push(name);
      else input[name] = params.getAll(name).length > 1 ? params.getAll(name) : params.get(name);
      continue;
    }
    const field = properties[name];
    const values = params.getAll(name);
    switch (styleOf(field)) {
      case 'array': {
        // `ids=[]` (or any JSON array) is the array itself: an empty array has no other spelling
        const whole = values.length === 1 && values[0]!.startsWith('[') ? jsonArray(values[0]!) : undefined;
        input[name] =
          whole ??
          values.map((v) => (styleOf(itemsOf(field)) === 'scalar' ? scalar(v, itemsOf(field)) : parseOr(v)));
        break;
      }
      case 'json': {
        const text = values[values.length - 1]!;
        try {
          input[name] = JSON.parse(text);
        } catch {
          // a plain text where text is allowed; otherwise the procedure names the field
          input[name] = text;
        }
        break;
      }
      case 'scalar':
        input[name] = values.length > 1 ? values.map((v) => scalar(v, field)) : scalar(values[0]!, field);
    }
  }
  if (unknown.length) throw new UnknownParameter(unknown);
  return Object.keys(input).length || schema ? input : undefined;
}

const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/** The URL parameters of an input (the inverse of decodeQuery: for clients, tests and benches). */
export function encodeQuery(
  input: Record<string, unknown> | undefined,
  schema: JsonSchema | undefined,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue;
    const style = styleOf(propertiesOf(schema)[name]);
    if (style === 'json') params.append(name, JSON.stringify(value));
    else if (Array.isArray(value)) {
      if (value.length === 0 || value.some((v) => typeof v === 'string' && v.startsWith('[')))
        params.append(name, JSON.stringify(value));
      else value.forEach((v: unknown) => params.append(name, textOf(v)));
    } else params.append(name, textOf(value));
  }
  return params;
}
