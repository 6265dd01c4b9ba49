/**
 * The chronicle entry of the module contract: how a module's events read in the county chronicle
 * (大事记, 建置沿革). A module declares, per event type, which template of its own wording an
 * event is told with and with which values; its wording lives in templates per language (zh-CN
 * first, English second), never in the code that picks them. `@xianzhi/chronicle` folds every
 * enabled module's entries into one read model, so a plugin that declares an entry appears in the
 * 大事记 without anyone editing the chronicle.
 */
import type { z } from 'zod';
import type { EventDefinition } from './define-event';
import type { RecordedEvent } from './envelope';

export type ChronicleLanguage = 'zh' | 'en';

/** A value of a template's placeholder. */
export type ChronicleValue =
  string | number | readonly string[] | { readonly zh: string; readonly en: string };

/** A module's wording: template key → text with `{placeholders}`, per language. */
export type ChronicleTemplates = Record<ChronicleLanguage, Record<string, string>>;

/** Names as they stood when the event took effect (divisions by id or code; anything a module registered). */
export interface ChronicleNames {
  /** A division's name on the event's date (its id when unknown). */
  division(id: string | undefined): string;
  /** A division's kind on the event's date (`town`, `village`…), undefined when unknown. */
  kind(id: string | undefined): string | undefined;
  /** A name registered by a module's `names` hook (a person, a station, a school…), or `fallback`. */
  name(id: string | undefined, fallback?: string): string;
}

/** One sentence of the chronicle: a template of the module's wording and its values. */
export interface ChronicleSentence {
  /** Key into the module's templates. */
  template: string;
  /**
   * Values for the template's placeholders: text as is, numbers written the language's way, a list
   * joined with the language's separator (、), a `{ zh, en }` pair (a label) in the reader's language.
   */
  params?: Record<string, ChronicleValue>;
  /** The divisions the sentence is about (for the history of a division and for limited tokens). */
  divisions?: string[];
  /**
   * Sentences of one act (one correlation) with the same tally key are told as one when there are
   * more than a few: template `<tally>` of the module's wording with `{count}` (the sum of `count`s).
   */
  tally?: { key: string; count: number };
}

/** How one event type reads. */
export interface ChronicleRule {
  /** The sentences an event tells (none: the event is not told). */
  describe: (
    event: RecordedEvent,
    names: ChronicleNames,
  ) => ChronicleSentence | ChronicleSentence[] | undefined;
  /** Whether the event belongs in the 大事记 (default false: kept for the full record only). */
  notable?: boolean | ((event: RecordedEvent) => boolean);
  /**
   * Names this event makes known (id → name), for later sentences of any module (its own sentence
   * is told with the names before it); given the names known so far.
   */
  names?: (event: RecordedEvent, names: ChronicleNames) => Record<string, string>;
}

/** A module's chronicle entry: its wording and how each of its event types reads. */
export interface ChronicleEntry {
  templates: ChronicleTemplates;
  events: Record<string, ChronicleRule>;
}

/**
 * Declares a chronicle entry, each rule typed by its event definition's data.
 *
 * @example
 * chronicle: defineChronicle(templates, {
 *   ...tell(schoolOpened, { notable: true, describe: (e, names) => ({ template: 'schoolOpened', params: { township: names.division(e.data.townshipId), name: e.data.name }, divisions: [e.data.townshipId] }) }),
 * })
 */
export function defineChronicle(
  templates: ChronicleTemplates,
  events: Record<string, ChronicleRule>,
): ChronicleEntry {
  for (const [type, rule] of Object.entries(events)) {
    if (typeof rule.describe !== 'function') throw new Error(`chronicle rule for ${type} has no describe()`);
  }
  return Object.freeze({ templates, events });
}

/** A rule for one event definition, its handlers given the event with typed data. */
export function tell<Type extends string, Schema extends z.ZodType>(
  definition: EventDefinition<Type, Schema>,
  rule: {
    describe: (
      event: RecordedEvent<Type, z.output<Schema>>,
      names: ChronicleNames,
    ) => ChronicleSentence | ChronicleSentence[] | undefined;
    notable?: boolean | ((event: RecordedEvent<Type, z.output<Schema>>) => boolean);
    names?: (event: RecordedEvent<Type, z.output<Schema>>, names: ChronicleNames) => Record<string, string>;
  },
): Record<Type, ChronicleRule> {
  // Safe: the chronicle calls a rule only with events of its type, whose data the store validated.
  return { [definition.type]: rule as unknown as ChronicleRule } as Record<Type, ChronicleRule>;
}
