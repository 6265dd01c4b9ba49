/**
 * `defineEvent`: an event type with a zod schema, a version, and upcasters from older versions.
 */
import type { z } from 'zod';
import type { NewEvent, NewEventMetadata, RecordedEvent } from './envelope';

/** Turns data stored under version `n` into data of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  /** The current schema version (1 for a new event type). */
  readonly version: number;
  readonly schema: Schema;
  /** `upcasters[n]` upgrades data of version n to n + 1, for every n below `version`. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /** Builds a NewEvent of this type (typed data; validated by the store on append). */
  create(data: z.input<Schema>, metadata?: NewEventMetadata): NewEvent<Type, z.input<Schema>>;
  /** Narrows a stored event to this type. */
  is(event: RecordedEvent): event is RecordedEvent<Type, z.output<Schema>>;
}

/** The data type of an event definition. */
export type EventData<D> = D extends EventDefinition<string, infer S> ? z.output<S> : never;

const TYPE_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Defines an event type. Names are `module.past-tense-verb` (`division.merged`).
 *
 * @example
 * const townshipRenamed = defineEvent('division.renamed', 2, z.object({ divisionId: z.string(), name: z.string() }), {
 *   1: (v1) => ({ divisionId: (v1 as { id: string }).id, name: (v1 as { name: string }).name }),
 * });
 * await store.append('county-510722', [townshipRenamed.create({ divisionId: 'd1', name: '䢺江镇' }, { effectiveAt: '2019-12-20' })]);
 */
export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  version: number,
  schema: Schema,
  upcasters: Record<number, Upcaster> = {},
): EventDefinition<Type, Schema> {
  if (!TYPE_RE.test(type)) {
    throw new Error(`event type "${type}" must look like "module.past-tense-verb" (lower case, dot separated)`);
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`event type "${type}": version must be an integer ≥ 1, got ${version}`);
  }
  for (let v = 1; v < version; v++) {
    if (typeof upcasters[v] !== 'function') {
      throw new Error(`event type "${type}" is at version ${version} but has no upcaster from version ${v} to ${v + 1}`);
    }
  }
  return Object.freeze({
    type,
    version,
    schema,
    upcasters: Object.freeze({ ...upcasters }),
    create(data: z.input<Schema>, metadata?: NewEventMetadata): NewEvent<Type, z.input<Schema>> {
      return metadata ? { type, data, metadata } : { type, data };
    },
    is(event: RecordedEvent): event is RecordedEvent<Type, z.output<Schema>> {
      return event.type === type;
    },
  });
}
