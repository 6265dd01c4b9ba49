/**
 * The registry of known event types: validates data on append and upcasts old data on read.
 * A store is given one registry; an unknown type is refused on append (nothing is written).
 */
import { ValidationError } from './errors';
import type { EventDefinition } from './define-event';
import type { PersonalFields } from './personal';
import { eventRetracted } from './retraction';
import { personalDataErased } from './erasure';

export class EventRegistry {
  readonly #definitions = new Map<string, EventDefinition>();

  /** The kernel's own events (retraction, erasure of personal data) are always registered. */
  constructor(definitions: Iterable<EventDefinition> = []) {
    this.register(eventRetracted);
    this.register(personalDataErased);
    for (const d of definitions) this.register(d);
  }

  register(definition: EventDefinition): this {
    const existing = this.#definitions.get(definition.type);
    if (existing && existing !== definition) {
      throw new Error(`event type "${definition.type}" is registered twice (by two modules?)`);
    }
    this.#definitions.set(definition.type, definition);
    return this;
  }

  get(type: string): EventDefinition | undefined {
    return this.#definitions.get(type);
  }

  has(type: string): boolean {
    return this.#definitions.has(type);
  }

  /** The event types that carry personal fields, with their markers. */
  personalTypes(): Map<string, PersonalFields> {
    const out = new Map<string, PersonalFields>();
    for (const [type, d] of this.#definitions) if (d.personal) out.set(type, d.personal);
    return out;
  }

  types(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  /**
   * Validates one new event's data under its current schema. Returns the parsed data and the
   * schema version to store; throws ValidationError with paths under `path` (e.g. `events.3`).
   */
  validate(
    type: unknown,
    data: unknown,
    path: (string | number)[],
  ): { data: unknown; schemaVersion: number } {
    if (typeof type !== 'string' || type.length === 0) {
      throw new ValidationError([{ path: [...path, 'type'], message: 'event type is required' }]);
    }
    const definition = this.#definitions.get(type);
    if (!definition) {
      throw new ValidationError([
        {
          path: [...path, 'type'],
          message: `unknown event type "${type}"; register it with defineEvent in a module that is enabled`,
        },
      ]);
    }
    const result = definition.schema.safeParse(data);
    if (!result.success) throw ValidationError.fromZod(result.error, [...path, 'data']);
    return { data: result.data, schemaVersion: definition.version };
  }

  /**
   * Validates data as the store holds it (personal fields may be sealed): what the store checks on
   * append, and `verify` on every stored event. Throws ValidationError like `validate`.
   */
  validateStored(
    type: string,
    data: unknown,
    path: (string | number)[],
  ): { data: unknown; schemaVersion: number } {
    const definition = this.#definitions.get(type);
    if (!definition?.personal) return this.validate(type, data, path);
    const result = definition.storedSchema.safeParse(data);
    if (!result.success) throw ValidationError.fromZod(result.error, [...path, 'data']);
    return { data: result.data, schemaVersion: definition.version };
  }

  /** Brings data stored under `fromVersion` up to the type's current version (unknown types pass through). */
  upcast(type: string, fromVersion: number, data: unknown): unknown {
    const definition = this.#definitions.get(type);
    if (!definition || fromVersion >= definition.version) return data;
    let value = data;
    for (let v = fromVersion; v < definition.version; v++) {
      const up = definition.upcasters[v];
      if (!up) throw new Error(`event type "${type}": no upcaster from version ${v}`);
      value = up(value);
    }
    return value;
  }

  /** True when data stored under `version` needs upcasting. Cheap; used on every read. */
  needsUpcast(type: string, version: number): boolean {
    const definition = this.#definitions.get(type);
    return definition !== undefined && version < definition.version;
  }
}
