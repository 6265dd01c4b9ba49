/**
 * Names as people read them. A name (of a division, a person, a token, a school…) is stored
 * NFC-normalised, and refused when it carries what a reader cannot see or that changes what they
 * see: control characters, bidirectional overrides and isolates (which can make "镇A" display as
 * "A镇" or hide a suffix), zero-width characters, and lone surrogates (not text at all). The zod
 * issue's path names the field; the message names the character and what to do.
 */
import { z } from 'zod';

/** What is refused in a name, each with how to say it. */
const REFUSED: { test: RegExp; what: string }[] = [
  // eslint-disable-next-line no-control-regex
  { test: /[\u0000-\u001f\u007f-\u009f]/u, what: 'a control character' },
  { test: /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u, what: 'a bidirectional control character' },
  { test: /[\u200b-\u200d\u2060\ufeff\u180e]/u, what: 'a zero-width character' },
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not a readable name, or undefined when it is. */
export function unreadableIn(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (broken text) — type the name again';
  for (const r of REFUSED) {
    const m = r.test.exec(value);
    if (m) return `contains ${r.what} (${codePoint(m[0])} at character ${m.index + 1}) — remove it`;
  }
  return undefined;
}

/**
 * A name: trimmed, NFC-normalised, `min`–`max` characters, no control, bidi or zero-width characters
 * and no lone surrogates.
 *
 * @example
 * const input = z.strictObject({ name: nameText({ max: 40 }) });
 * input.parse({ name: 'Cafe\u0301' }); // { name: 'Café' } (NFC)
 * input.safeParse({ name: '金水\u202e镇' }); // fails at ['name']: contains a bidirectional control character (U+202E at character 3)
 */
export function nameText(options: { min?: number; max: number; required?: string }) {
  const min = options.min ?? 1;
  return z
    .string()
    .superRefine((value, ctx) => {
      const why = unreadableIn(value);
      if (why) ctx.addIssue({ code: 'custom', message: why, abort: true });
    })
    .transform((value) => value.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min, {
          error: options.required ?? (min === 1 ? 'a name is required' : `at least ${min} characters`),
        })
        .max(options.max, { error: `at most ${options.max} characters` }),
    );
}
