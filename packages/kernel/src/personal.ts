/**
 * Personal data in events (PIPL, docs/integrity.md). A module marks the fields of an event that
 * are personal and the field that names whose they are:
 *
 *   defineEvent('personnel.person-registered', 1, schema, { personal: { subject: 'personId', fields: ['name', 'birthDate'] } })
 *
 * Before such an event reaches the store, each personal field is **sealed**: encrypted with the
 * subject's own key (AES-256-GCM; `withPersonalData` in `@xianzhi/personal-data`) and stored as a
 * string `pd1:<base64url>`. Readers get the clear value back while the key exists. Erasing the
 * person destroys the key: from then on every reader gets `ERASED_TEXT` instead, while the facts
 * (ids, dates, posts) stay and the hash chain, which covers the sealed text, still verifies.
 *
 * Isomorphic: the markers and the placeholder are shared with the admin UI.
 */

/** What a personal field reads as once its person has been erased. */
export const ERASED_TEXT = '已删除的个人信息';

/** Every sealed value starts with this (the format's version). */
export const SEALED_PREFIX = 'pd1:';

/** A sealed personal value: the prefix and base64url of iv (12 bytes) ‖ tag (16) ‖ ciphertext. */
export const SEALED_RE = /^pd1:[A-Za-z0-9_-]{38,}$/;

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX) && SEALED_RE.test(value);
}

/** Which fields of an event are personal, and whose. Top-level fields of the event's data. */
export interface PersonalFields {
  /** The field whose value identifies the person (personId, officerId, recordId…): their key. */
  subject: string;
  /** The fields holding their personal data (names, birth dates, licence numbers…). */
  fields: readonly string[];
}
