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

const ASCII = /^[\x00-\x7f]*$/;
const MAX_DEPTH = 200;

function str(s: string): string {
  return JSON.stringify(ASCII.test(s) ? s : s.normalize('NFC'));
}

function write(value: unknown, depth: number, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(str(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
      out.push(Object.is(value, -0) ? '0' : String(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'undefined':
      out.push('null');
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (depth > MAX_DEPTH) throw new TypeError(`canonical JSON: nested more than ${MAX_DEPTH} levels (a cycle?)`);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') {
    write(withToJson.toJSON(), depth + 1, out);
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      write(typeof item === 'function' || typeof item === 'symbol' ? undefined : item, depth + 1, out);
    }
    out.push(']');
    return;
  }
  const obj = value as Record<string, unknown>;
  const members: [string, unknown][] = [];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined) continue;
    members.push([ASCII.test(key) ? key : key.normalize('NFC'), v]);
  }
  members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  out.push('{');
  for (let i = 0; i < members.length; i++) {
    const [key, v] = members[i]!;
    if (i > 0) out.push(',');
    if (i > 0 && key === members[i - 1]![0]) throw new TypeError(`canonical JSON: two keys are the same text after NFC ("${key}")`);
    out.push(JSON.stringify(key), ':');
    write(v, depth + 1, out);
  }
  out.push('}');
}

/**
 * The canonical JSON text of a value (see the rules above). Throws a TypeError for values JSON
 * cannot hold exactly (NaN, Infinity, bigint, functions at the top, cycles).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, 0, out);
  return out.join('');
}
