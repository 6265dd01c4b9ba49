/**
 * Strict inputs: an unknown field in any procedure input — at the top or in any nested object — is a
 * 400 naming the field, never silently dropped. (A dropped field is how a token limited to one
 * township once read the whole county: the guard saw a field the query never received.)
 *
 * `strictInput` makes every object of a schema strict (the procedure builders apply it);
 * `looseObjectsIn` finds the objects that are not (the router check refuses a procedure with any).
 */
import { z } from 'zod';

type AnyDef = Record<string, unknown> & { type: string };
const defOf = (schema: z.ZodType): AnyDef => (schema as unknown as { _zod: { def: AnyDef } })._zod.def;
/** A copy with another definition, keeping the schema's registered metadata (its `.describe()`). */
const rebuild = <T extends z.ZodType>(schema: T, def: AnyDef): T => {
  const copy = z.core.clone(schema, def as never);
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(copy, meta);
  return copy;
};

/** Wrappers whose `innerType` is the schema that parses the value. */
const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'catch',
  'nonoptional',
  'promise',
]);

/**
 * The same schema with every object strict (unknown keys refused), refinements and defaults kept.
 *
 * @example
 * strictInput(z.object({ rootId: z.string().optional() })).parse({ rootId: 'x', villageIds: [] }); // throws: unrecognized key "villageIds"
 */
export function strictInput<T extends z.ZodType>(schema: T): T {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const strictShape = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, strictInput(v)]));
      return rebuild(schema, { ...def, shape: strictShape, catchall: z.never() });
    }
    case 'array':
      return rebuild(schema, { ...def, element: strictInput(def.element as z.ZodType) });
    case 'union':
      return rebuild(schema, { ...def, options: (def.options as z.ZodType[]).map((o) => strictInput(o)) });
    case 'intersection':
      return rebuild(schema, {
        ...def,
        left: strictInput(def.left as z.ZodType),
        right: strictInput(def.right as z.ZodType),
      });
    case 'pipe':
      return rebuild(schema, { ...def, in: strictInput(def.in as z.ZodType) });
    case 'record':
      return rebuild(schema, { ...def, valueType: strictInput(def.valueType as z.ZodType) });
    case 'tuple':
      return rebuild(schema, { ...def, items: (def.items as z.ZodType[]).map((i) => strictInput(i)) });
    default:
      return WRAPPERS.has(def.type) && def.innerType
        ? rebuild(schema, { ...def, innerType: strictInput(def.innerType as z.ZodType) })
        : schema;
  }
}

/** Paths (e.g. `changes[].parts[]`) of the objects in `schema` that accept unknown keys; empty when strict. */
export function looseObjectsIn(schema: unknown, at = '(input)'): string[] {
  if (!schema || typeof schema !== 'object' || !('_zod' in schema)) return [];
  const def = defOf(schema as z.ZodType);
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as z.ZodType | undefined;
      const own = catchall && defOf(catchall).type === 'never' ? [] : [at];
      return [
        ...own,
        ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) =>
          looseObjectsIn(v, `${at}.${k}`),
        ),
      ];
    }
    case 'array':
      return looseObjectsIn(def.element, `${at}[]`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => looseObjectsIn(o, at));
    case 'intersection':
      return [...looseObjectsIn(def.left, at), ...looseObjectsIn(def.right, at)];
    case 'pipe':
      return looseObjectsIn(def.in, at);
    case 'record':
      return looseObjectsIn(def.valueType, `${at}{}`);
    case 'tuple':
      return (def.items as z.ZodType[]).flatMap((i, n) => looseObjectsIn(i, `${at}[${n}]`));
    default:
      return WRAPPERS.has(def.type) ? looseObjectsIn(def.innerType, at) : [];
  }
}
