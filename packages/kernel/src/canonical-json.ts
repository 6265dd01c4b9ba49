/**
 * Canonical JSON: one text for one JSON value, whatever the order its keys were written in, the
 * way its numbers were spelled, or the Unicode form its strings arrived in. The hash chain hashes
 * this text, so two stores (or two implementations) that hold the same event compute the same hash.
 *
 * The rules are RFC 8785 (JSON Canonicalization Scheme) with one addition, Unicode NFC:
 * - `null`, `true`, `false` as in JSON;
 * - numbers: finite only, written as ECMAScript writes them (shortest round-trip form: `1`, `0.1`,
 *   `1e+21`); `-0` is `0`; NaN and ±Infinity are refused;
 * - strings (and object keys): normalised to NFC, then escaped as `JSON.stringify` does (`"`, `\`,
 *   control characters; everything else as the character itself);
 * - arrays in their order; `undefined` in an array is `null` (as in JSON.stringify);
 * - objects: members sorted by key in UTF-16 code unit order, no whitespace; members whose value
 *   is `undefined` are left out; `toJSON()` is honoured (a Date becomes its ISO text);
 * - bigint, symbol and function values, and cycles, are refused.
 *
 * Isomorphic (no `node:*`): the admin UI or an auditor's script can compute the same text.
 *
 * @example
 * canonicalJson({ b: 1, a: ['é', 2.50, -0] }) // '{"a":["é",2.5,0],"b":1}'
 */

/**
 * Text NFC cannot change and JSON writes as it is: printable ASCII without `"` and `\`, CJK
 * unified ideographs (and extension A), CJK punctuation without the combining tone marks
 * (U+302A–302F), fullwidth forms. Almost every string of a county record is such text, and
 * testing for it is much cheaper than normalising and escaping.
 */
const PLAIN =
  /^[\x20\x21\x23-\x5b\x5d-\x7e\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*$/;
const MAX_DEPTH = 200;

/** Set while writing when NFC changed a string: the canonical text then differs from the value's own. */
let nfcChanged = false;

function str(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  const n = s.normalize('NFC');
  if (n !== s) nfcChanged = true;
  return JSON.stringify(n);
}

// String concatenation (V8 ropes) beats collecting parts and joining them, for these small values.
function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
  if (value === null) return 'null';
  if (depth > MAX_DEPTH)
    throw new TypeError(`canonical JSON: nested more than ${MAX_DEPTH} levels (a cycle?)`);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), depth + 1);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += write(typeof item === 'function' || typeof item === 'symbol' ? undefined : item, depth + 1);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let keys = Object.keys(obj);
  let plain = true;
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    if (plain && !PLAIN.test(keys[i]!)) plain = false;
    if (sorted && i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
  }
  let names = keys;
  if (!plain) {
    // Normalise the keys, then sort by the normalised text; a clash is two keys that read alike.
    const pairs = keys
      .map((k) => [k.normalize('NFC'), k] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 1; i < pairs.length; i++) {
      if (pairs[i]![0] === pairs[i - 1]![0])
        throw new TypeError(`canonical JSON: two keys are the same text after NFC ("${pairs[i]![0]}")`);
    }
    if (pairs.some(([n, k]) => n !== k)) nfcChanged = true;
    keys = pairs.map((p) => p[1]);
    names = pairs.map((p) => p[0]);
  } else if (!sorted) {
    // Default sort compares UTF-16 code units: RFC 8785's order.
    keys = [...keys].sort();
    names = keys;
  }
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += (plain ? `"${names[i]!}"` : JSON.stringify(names[i]!)) + ':' + write(v, depth + 1);
  }
  return out + '}';
}

/** The canonical JSON text of a string (what `canonicalJson(s)` gives, without the dispatch). */
export function canonicalString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s.normalize('NFC'));
}

/**
 * The canonical JSON text of a value (see the rules above). Throws a TypeError for values JSON
 * cannot hold exactly (NaN, Infinity, bigint, functions at the top, cycles).
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/**
 * The canonical text, and whether NFC changed any string or key in it. When it did not, the text
 * is also a faithful JSON text of the value (the same value once parsed), so a store may keep it
 * as the value's stored form and serialise once.
 */
export function canonicalJsonOf(value: unknown): { text: string; nfcChanged: boolean } {
  nfcChanged = false;
  const text = write(value, 0);
  return { text, nfcChanged };
}
