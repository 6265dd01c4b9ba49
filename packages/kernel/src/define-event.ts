/**
 * `defineEvent`: an event type with a zod schema, a version, and upcasters from older versions.
 */
import { z } from 'zod';
import type { NewEvent, NewEventMetadata, RecordedEvent } from './envelope';
import { SEALED_RE, type PersonalFields } from './personal';

/** Turns data stored under version `n` into data of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  /** The current schema version (1 for a new event type). */
  readonly version: number;
  readonly schema: Schema;
  /** `upcasters[n]` upgrades data of version n to n + 1, for every n below `version`. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /** The personal fields of this event and whose they are (see personal.ts); absent when none. */
  readonly personal?: PersonalFields;
  /**
   * The schema of the data as the store holds it: `schema`, except that personal fields may hold a
   * sealed value instead. What the store validates on append and `verify` checks.
   */
  readonly storedSchema: z.ZodType;
  /** Builds a NewEvent of this type (typed data; validated by the store on append). */
  create(data: z.input<Schema>, metadata?: NewEventMetadata): NewEvent<Type, z.input<Schema>>;
  /** Narrows a stored event to this type. */
  is(event: RecordedEvent): event is RecordedEvent<Type, z.output<Schema>>;
}

/** The optional fourth argument of `defineEvent`. */
export interface EventOptions {
  /** `upcasters[n]` upgrades data of version n to n + 1, for every n below `version`. */
  upcasters?: Record<number, Upcaster>;
  /** Marks personal fields: sealed with the subject's key before they reach the store. */
  personal?: PersonalFields;
}

/** The data type of an event definition. */
export type EventData<D> = D extends EventDefinition<string, infer S> ? z.output<S> : never;

const TYPE_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

const sealed = z.string().regex(SEALED_RE);

/** `schema` with each personal field also accepting a sealed value. */
function storedSchemaOf(type: string, schema: z.ZodType, personal: PersonalFields | undefined): z.ZodType {
  if (!personal) return schema;
  if (!(schema instanceof z.ZodObject))
    throw new Error(`event type "${type}": personal fields need an object schema (z.object)`);
  const shape = schema.shape as Record<string, z.ZodType>;
  if (!(personal.subject in shape))
    throw new Error(
      `event type "${type}": the personal subject field "${personal.subject}" is not in its schema`,
    );
  if (personal.fields.length === 0) throw new Error(`event type "${type}": name at least one personal field`);
  const widened: Record<string, z.ZodType> = {};
  for (const field of personal.fields) {
    const original = shape[field];
    if (original === undefined)
      throw new Error(`event type "${type}": the personal field "${field}" is not in its schema`);
    if (field === personal.subject)
      throw new Error(`event type "${type}": "${field}" cannot be both the subject and a personal field`);
    widened[field] =
      original instanceof z.ZodOptional
        ? z.union([original.unwrap() as z.ZodType, sealed]).optional()
        : z.union([original, sealed]);
  }
  return schema.safeExtend(widened);
}

function isEventOptions(value: Record<number, Upcaster> | EventOptions): value is EventOptions {
  return 'upcasters' in value || 'personal' in value;
}

/**
 * Defines an event type. Names are `module.past-tense-verb` (`division.merged`). The fourth
 * argument is the upcasters, or `{ upcasters?, personal? }`.
 *
 * @example
 * const townshipRenamed = defineEvent('division.renamed', 2, z.object({ divisionId: z.string(), name: z.string() }), {
 *   1: (v1) => ({ divisionId: (v1 as { id: string }).id, name: (v1 as { name: string }).name }),
 * });
 * await store.append('county-510722', [townshipRenamed.create({ divisionId: 'd1', name: '䢺江镇' }, { effectiveAt: '2019-12-20' })]);
 *
 * // Personal fields: sealed with the person's key, erasable (docs/integrity.md).
 * const personRegistered = defineEvent('personnel.person-registered', 1, z.object({ personId: z.string(), name: z.string(), birthDate: z.string() }), {
 *   personal: { subject: 'personId', fields: ['name', 'birthDate'] },
 * });
 */
export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  version: number,
  schema: Schema,
  upcastersOrOptions: Record<number, Upcaster> | EventOptions = {},
): EventDefinition<Type, Schema> {
  const options: EventOptions = isEventOptions(upcastersOrOptions)
    ? upcastersOrOptions
    : { upcasters: upcastersOrOptions };
  const upcasters = options.upcasters ?? {};
  if (!TYPE_RE.test(type)) {
    throw new Error(
      `event type "${type}" must look like "module.past-tense-verb" (lower case, dot separated)`,
    );
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`event type "${type}": version must be an integer ≥ 1, got ${version}`);
  }
  for (let v = 1; v < version; v++) {
    if (typeof upcasters[v] !== 'function') {
      throw new Error(
        `event type "${type}" is at version ${version} but has no upcaster from version ${v} to ${v + 1}`,
      );
    }
  }
  return Object.freeze({
    type,
    version,
    schema,
    upcasters: Object.freeze({ ...upcasters }),
    ...(options.personal
      ? {
          personal: Object.freeze({
            subject: options.personal.subject,
            fields: Object.freeze([...options.personal.fields]),
          }),
        }
      : {}),
    storedSchema: storedSchemaOf(type, schema, options.personal),
    create(data: z.input<Schema>, metadata?: NewEventMetadata): NewEvent<Type, z.input<Schema>> {
      return metadata ? { type, data, metadata } : { type, data };
    },
    is(event: RecordedEvent): event is RecordedEvent<Type, z.output<Schema>> {
      return event.type === type;
    },
  });
}
