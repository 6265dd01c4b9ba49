/**
 * Inputs generated from a procedure's own zod schema (fast-check), for the tests that hold every
 * procedure of the router to a rule. Strings are drawn from pools chosen by the field's name (the
 * divisions and records of the test county, dates, months) and from the field's own pattern, and
 * mostly kept only when the field's schema accepts them — so most inputs pass validation and reach
 * the read models, where access is decided.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Candidate strings for a field, by its name (the last object key on the way to it). */
export type Pools = (field: string) => readonly string[];

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: z.ZodType;
  checks?: {
    _zod: {
      def: {
        check: string;
        pattern?: RegExp;
        minimum?: number;
        maximum?: number;
        value?: number;
        format?: string;
      };
    };
  }[];
  pattern?: RegExp;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checks = (schema: z.ZodType) => (defOf(schema).checks ?? []).map((c) => c._zod.def);

/** The object shape of a schema (through optional/default/pipe), or undefined. */
export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    const d = defOf(s);
    if (d.type === 'object') return d.shape;
    s = d.innerType ?? d.in;
  }
  return undefined;
}

function stringArbitrary(schema: z.ZodType, field: string, pools: Pools): fc.Arbitrary<string> {
  const own = defOf(schema);
  const pattern = own.pattern ?? checks(schema).find((c) => c.pattern)?.pattern;
  // Candidates the field accepts (most inputs should reach the read models), and now and then
  // anything — a random string or one of the field's own pattern (the answer is then often a 400).
  const valid = pools(field).filter((s) => schema.safeParse(s).success);
  const other: fc.Arbitrary<string>[] = [fc.string({ maxLength: 12 })];
  if (pattern) other.push(fc.stringMatching(pattern).filter((s) => s.length <= 120));
  const any = fc.oneof(...other);
  return valid.length > 0
    ? fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: any })
    : any;
}

function numberArbitrary(schema: z.ZodType): fc.Arbitrary<number> {
  let min = -1_000;
  let max = 1_000;
  let integer = false;
  for (const c of checks(schema)) {
    if (c.check === 'greater_than' && c.value !== undefined) min = Math.max(min, c.value);
    if (c.check === 'less_than' && c.value !== undefined) max = Math.min(max, c.value);
    if (c.check === 'number_format') integer = true;
  }
  max = Math.max(min, Math.min(max, min + 50));
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
}

/**
 * An arbitrary of values for `schema`, `field` naming the key it sits under.
 *
 * @example
 * fc.sample(arbitraryOf(procedure._def.inputs[0], '(input)', (field) => (field === 'rootId' ? ['510799'] : [])), 10);
 */
export function arbitraryOf(
  schema: z.ZodType | undefined,
  field: string,
  pools: Pools,
): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(undefined);
  const d = defOf(schema);
  switch (d.type) {
    case 'object': {
      const shape = d.shape ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        model[key] = arbitraryOf(value, key, pools);
        const t = defOf(value).type;
        if (t !== 'optional' && t !== 'default' && t !== 'prefault') required.push(key);
      }
      return fc.record(model, { requiredKeys: required });
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return arbitraryOf(d.innerType, field, pools);
    case 'nullable':
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 4, arbitrary: arbitraryOf(d.innerType, field, pools) },
      );
    case 'pipe':
      return arbitraryOf(d.in, field, pools);
    case 'string':
      return stringArbitrary(schema, field, pools);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries ?? { x: 'x' }));
    case 'literal':
      return fc.constantFrom(...(d.values ?? [undefined]));
    case 'array': {
      let min = 0;
      let max = 3;
      for (const c of checks(schema)) {
        if (c.check === 'min_length' && c.minimum !== undefined) min = c.minimum;
        if (c.check === 'max_length' && c.maximum !== undefined) max = Math.min(max, c.maximum);
      }
      return fc.array(arbitraryOf(d.element, field, pools), {
        minLength: Math.min(min, 3),
        maxLength: Math.max(Math.min(min, 3), max),
      });
    }
    case 'union':
      return fc.oneof(...(d.options ?? []).map((o) => arbitraryOf(o, field, pools)));
    default:
      return fc.constant(undefined);
  }
}
