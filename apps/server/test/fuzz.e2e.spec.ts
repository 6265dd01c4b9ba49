/**
 * Malformed input against every mutation of the app router, over HTTP with an admin token that also holds personnel:erase (so the
 * input reaches validation and the deciders, not just the access check). Every answer must be a 4xx
 * tRPC error — never a 5xx, a dropped connection or a success — and nothing may be written.
 *
 * Five kinds of body, all seeded (FUZZ_SEED, FUZZ_RUNS to change):
 *   json      any JSON value (unicode, lone surrogates, huge numbers, NaN → null, nesting)
 *   object    objects of the mutations' field names and hostile keys (__proto__, constructor…)
 *   shaped    objects shaped like the mutation's own input schema (its keys, nested objects and
 *             arrays, read from the zod schema), with hostile values at the leaves
 *   broken    a valid input broken 1–3 times: a field of the wrong type (numbers as strings, arrays
 *             for objects…), a required field removed, a huge string, deep nesting
 *   semantic  a schema-valid input naming divisions, scopes, tokens or events that do not exist
 *   raw       bodies that are not JSON at all (truncated, binary, 1 MB, 100,000-deep nesting)
 * A body over the server's 1 MiB limit must be answered 413 before it is read, whatever it holds.
 * Each body is also checked against the procedure's own input schema here: a body the schema
 * rejects must be answered 400 BAD_REQUEST with field issues; a schema-valid one (semantic) with
 * some other 4xx. Schema-valid bodies that could succeed are discarded before sending.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRouter } from '../src/router';
import { DEMO, startHarness, type Harness, type ListRow } from './harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20191220);
const IN_FLIGHT = 8;
/** The server's default body limit (XIANZHI_BODY_LIMIT). */
const BODY_LIMIT = 1_048_576;

type Parser = { safeParse?: (v: unknown) => { success: boolean } };
interface Mutation {
  path: string;
  /** The procedure's input parsers (zod), to know whether the server must answer BAD_REQUEST. */
  inputs: Parser[];
}
type Kind = 'json' | 'object' | 'shaped' | 'broken' | 'semantic' | 'raw';
interface Case {
  kind: Kind;
  path: string;
  body: string;
  idempotencyKey?: string;
}

let h: Harness;
/** Admin, plus the dedicated scope admin does not imply (personnel:erase): every mutation is reachable. */
let caller: string;
let mutations: Mutation[];
let refs: { townships: string[]; villages: string[] };

beforeAll(async () => {
  h = await startHarness('fuzz');
  caller = await h.token(['admin', 'personnel:erase'], undefined, 'fuzz');
  const c = h.client(h.admin);
  refs = {
    townships: ((await c.divisions.list.query({ level: 'township', rootId: DEMO.code })) as ListRow[]).map(
      (r) => r.code,
    ),
    villages: ((await c.divisions.list.query({ level: 'village', rootId: DEMO.code })) as ListRow[]).map(
      (r) => r.code,
    ),
  };
  const record = createAppRouter({ scopes: () => h.platform.scopes, modules: h.platform.modules })._def
    .procedures as unknown as Record<string, { _def: { type: string; inputs: Parser[] } }>;
  mutations = Object.entries(record)
    .filter(([, p]) => p._def.type === 'mutation')
    .map(([path, p]) => ({ path, inputs: p._def.inputs }));
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await h?.close();
});

// ---------------------------------------------------------------------------------------------
// Values. An object is kept as its entries so hostile keys (__proto__) and duplicates survive into
// the JSON text exactly as written.

class Obj {
  constructor(readonly entries: [string, unknown][]) {}
}

function toJson(v: unknown): string {
  if (v instanceof Obj)
    return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v instanceof Raw) return v.text;
  return JSON.stringify(v) ?? 'null';
}

/** Literal JSON text spliced into a value (deep nesting without building deep objects). */
class Raw {
  constructor(readonly text: string) {}
}

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  '',
  ' ',
  '0',
  'length',
];
const FIELD_NAMES = [
  'countyCode',
  'authority',
  'documentNo',
  'issuedBy',
  'approvedOn',
  'effectiveAt',
  'description',
  'changes',
  'op',
  'division',
  'name',
  'kind',
  'parent',
  'code',
  'classification',
  'seat',
  'sources',
  'into',
  'source',
  'parts',
  'children',
  'sourceEnds',
  'absorbedBy',
  'from',
  'to',
  'divisions',
  'idempotencyKey',
  'scopes',
  'subtree',
  'tokenId',
  'reason',
  'eventId',
  'asOf',
  'knownAt',
];

const hugeString = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 1_000, max: 30_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 30_000, max: 300_000 }) },
    ),
    fc.constantFrom('x', '县', '🏯', '\\', '"', '\u0000', '\u202e'),
  )
  .map(([n, c]) => c.repeat(n));
const deep = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 20, max: 2_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }) },
    ),
    fc.constantFrom('array', 'object'),
  )
  .map(
    ([n, k]) =>
      new Raw(k === 'array' ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  );

const weirdString = fc.oneof(
  { weight: 12, arbitrary: fc.string() },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 6, arbitrary: fc.string({ unit: 'binary' }) }, // lone surrogates, control characters
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\t\n',
      '__proto__',
      'constructor',
      DEMO.code,
      '510799101',
      'div-510799-1',
      'admin',
      'divisions:write',
      'NaN',
      'Infinity',
      '-1',
      '1e309',
      '0x1F',
      '2019-12-20',
      '2019-02-30',
      '9999-99-99',
      '2019-12-20T25:61:00Z',
      'null',
      'true',
      '{}',
      '[]',
      '\u202e县',
      '🏯县',
      '<script>alert(1)</script>',
      "'; DROP TABLE events; --",
      '%00',
      '../../etc/passwd',
      '${7*7}',
      '{{7*7}}',
      'ｘｚ',
      '\uFEFF510799',
      '510799\n',
      ' 510799 ',
      '５１０７９９',
    ),
  },
  { weight: 1, arbitrary: hugeString },
);
const weirdNumber = fc.oneof(
  fc.integer(),
  fc.double(), // NaN and ±Infinity become null in JSON
  fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 510799, 510799101, 20191220),
  fc.bigInt().map((b) => new Raw(b.toString())), // integers past 2^53, written as JSON numbers
);
const key = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS),
  fc.constantFrom(...FIELD_NAMES),
  fc.string({ maxLength: 8 }),
);

const { value: weird } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: weirdString },
    { weight: 3, arbitrary: weirdNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 5 }) },
    {
      weight: 3,
      arbitrary: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((es) => new Obj(es)),
    },
    { weight: 1, arbitrary: deep },
  ),
}));

// ---------------------------------------------------------------------------------------------
// Valid inputs, to break (and, with everything they name replaced, the semantic cases).

const authority = { documentNo: '川府民政〔2024〕9号', issuedBy: '四川省人民政府', approvedOn: '2024-02-01' };

function changeFor(op: string, t: string[], v: string[]): Record<string, unknown> {
  switch (op) {
    case 'establish':
      return { op, name: '新设镇', kind: 'town', parent: DEMO.code };
    case 'merge':
      return { op, sources: [t[1]], into: t[0] };
    case 'split':
      return {
        op,
        source: t[0],
        parts: [
          { name: '甲镇', children: [] },
          { name: '乙镇', kind: 'xiang', children: [v[0]] },
        ],
      };
    case 'abolish':
      return { op, division: t[1], absorbedBy: t[0] };
    case 'rename':
      return { op, division: t[0], name: '改名镇' };
    case 'change-kind':
      return { op, division: t[0], kind: 'xiang' };
    case 'reclassify':
      return { op, division: t[0], classification: null };
    case 'transfer':
      return { op, division: v[0], parent: t[1] };
    case 'move-seat':
      return { op, division: t[0], seat: '新街1号' };
    default:
      return { op, from: t[0], to: t[1], divisions: [v[0]], description: '勘界' };
  }
}
const OPS = [
  'establish',
  'merge',
  'split',
  'abolish',
  'rename',
  'change-kind',
  'reclassify',
  'transfer',
  'move-seat',
  'boundary',
];

/** A valid input for a known mutation (with `t`/`v` the divisions it names), or undefined. */
function validInput(
  path: string,
  ops: string[],
  t: string[],
  v: string[],
  scopes: string[],
): Record<string, unknown> | undefined {
  switch (path) {
    case 'divisions.enactAdjustment':
      return {
        countyCode: DEMO.code,
        authority,
        effectiveAt: '2024-03-01',
        description: '模糊测试',
        changes: ops.map((op) => changeFor(op, t, v)),
      };
    case 'access.create':
      return { name: '模糊', scopes, subtree: t[0] };
    case 'access.revoke':
      return { tokenId: 'abcdefghijkl', reason: 'fuzz' };
    case 'events.retract':
      return { eventId: '00000000-0000-4000-8000-000000000000', reason: 'fuzz', authority };
    default:
      return undefined;
  }
}

const toObj = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw) && !(v instanceof Obj)
    ? new Obj(Object.entries(v).map(([k, x]) => [k, toObj(x)]))
    : Array.isArray(v)
      ? v.map(toObj)
      : v;

/** Every path to a value inside an Obj/array tree. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (v instanceof Obj) v.entries.forEach(([k, x]) => out.push([...at, k], ...paths(x, [...at, k])));
  else if (Array.isArray(v)) v.forEach((x, i) => out.push([...at, i], ...paths(x, [...at, i])));
  return out;
}

function update(v: unknown, path: (string | number)[], fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) return fn(v);
  const [head, ...rest] = path;
  if (v instanceof Obj) {
    const entries = v.entries.flatMap(([k, x]): [string, unknown][] => {
      if (k !== head) return [[k, x]];
      const next = update(x, rest, fn);
      return next === REMOVE ? [] : [[k, next]];
    });
    return new Obj(entries);
  }
  if (Array.isArray(v)) {
    return (v as unknown[]).flatMap((x, i) => {
      if (i !== head) return [x];
      const next = update(x, rest, fn);
      return next === REMOVE ? [] : [next];
    });
  }
  return v;
}
const REMOVE = Symbol('remove');

/** A value of another JSON type than `old` (a number for a string, a string for a number…). */
function wrongType(old: unknown, pick: number, w: unknown): unknown {
  const choices: unknown[] = [];
  if (typeof old !== 'string') choices.push(typeof old === 'number' ? String(old) : 'x', '');
  if (typeof old !== 'number')
    choices.push(typeof old === 'string' && /^\d+$/.test(old) ? Number(old) : 1, -1);
  if (typeof old !== 'boolean') choices.push(true, false);
  if (old !== null) choices.push(null);
  if (!Array.isArray(old)) choices.push([old], []);
  if (!(old instanceof Obj)) choices.push(new Obj([['value', old]]), new Obj([]));
  if (typeof w !== typeof old || w === null) choices.push(w);
  return choices[pick % choices.length];
}

type Break = {
  kind: 'wrong-type' | 'remove' | 'huge' | 'deep' | 'hostile-key';
  at: number;
  pick: number;
  w: unknown;
};
const breakArb: fc.Arbitrary<Break> = fc.record({
  kind: fc.constantFrom('wrong-type', 'wrong-type', 'remove', 'huge', 'deep', 'hostile-key'),
  at: fc.nat(),
  pick: fc.nat(),
  w: weird,
});

function applyBreak(v: unknown, b: Break): unknown {
  const all = paths(v);
  if (all.length === 0) return v;
  const at = all[b.at % all.length]!;
  switch (b.kind) {
    case 'wrong-type':
      return update(v, at, (old) => wrongType(old, b.pick, b.w));
    case 'remove':
      return update(v, at, () => REMOVE);
    case 'huge':
      return update(v, at, () => '县'.repeat(100 + (b.pick % 50_000)));
    case 'deep':
      return update(
        v,
        at,
        () => new Raw(`${'['.repeat(100 + (b.pick % 5_000))}"x"${']'.repeat(100 + (b.pick % 5_000))}`),
      );
    case 'hostile-key': {
      const parent = at.slice(0, -1);
      return update(v, parent, (o) =>
        o instanceof Obj
          ? new Obj([
              [HOSTILE_KEYS[b.pick % HOSTILE_KEYS.length]!, b.w],
              ...o.entries.filter(([k]) => k !== at[at.length - 1]),
            ])
          : o,
      );
    }
  }
}

/** The keys of a zod input schema, nested: an object is a record of its fields, an array `{ '[]': element }`, a leaf null. */
type Shape = { [key: string]: Shape | null };
type ZodDef = {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  in?: unknown;
  options?: unknown[];
  getter?: () => unknown;
};

function shapeOf(schema: unknown, depth = 0): Shape | null {
  const def = (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
  if (!def || depth > 8) return null;
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, shapeOf(v, depth + 1)]));
    case 'array':
      return { '[]': shapeOf(def.element, depth + 1) };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return shapeOf(def.innerType, depth);
    case 'pipe':
      return shapeOf(def.in, depth);
    case 'lazy':
      return depth > 4 ? null : shapeOf(def.getter?.(), depth + 1);
    case 'union': {
      const merged: Shape = {};
      for (const option of def.options ?? []) Object.assign(merged, shapeOf(option, depth) ?? {});
      return Object.keys(merged).length ? merged : null;
    }
    case undefined:
    default:
      return null;
  }
}

function shapedArb(shape: Shape | null, depth = 0): fc.Arbitrary<unknown> {
  if (shape === null || depth > 6) return weird;
  if ('[]' in shape && Object.keys(shape).length === 1) {
    return fc.oneof(
      { weight: 3, arbitrary: fc.array(shapedArb(shape['[]'], depth + 1), { maxLength: 4 }) },
      { weight: 1, arbitrary: weird },
    );
  }
  const fields = Object.entries(shape).map(([k, child]) =>
    fc.option(
      fc.tuple(
        fc.constant(k),
        fc.oneof({ weight: 2, arbitrary: shapedArb(child, depth + 1) }, { weight: 1, arbitrary: weird }),
      ),
      { freq: 5 },
    ),
  );
  return fc
    .tuple(fc.tuple(...fields), fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), weird), { maxLength: 2 }))
    .map(([own, hostile]) => new Obj([...own.filter((e): e is [string, unknown] => e !== null), ...hostile]));
}

/** Names that exist nowhere: not an id (div-…), not a code (digits), not a token id, not a scope. */
const missing = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `无此${s.replace(/\s/g, '')}`);

function caseArb(m: Mutation): fc.Arbitrary<Case> {
  const t = refs.townships;
  const v = refs.villages;
  const body = (kind: Kind) => (arb: fc.Arbitrary<unknown>) =>
    arb.map((x) => ({ kind, path: m.path, body: toJson(x) }));
  const ops = fc.array(fc.constantFrom(...OPS), { minLength: 1, maxLength: 3 });
  const valid = fc
    .tuple(ops, fc.shuffledSubarray(t, { minLength: 2, maxLength: 2 }), fc.constantFrom(...v))
    .map(([o, tt, vv]) => toObj(validInput(m.path, o, tt, [vv], ['divisions:read'])));
  const known = validInput(m.path, ['rename'], t, v, ['divisions:read']) !== undefined;
  const shape = m.inputs.length === 1 ? shapeOf(m.inputs[0]) : null;
  const kinds: { weight: number; arbitrary: fc.Arbitrary<Case> }[] = [
    { weight: 3, arbitrary: body('json')(weird) },
    {
      weight: 3,
      arbitrary: body('object')(
        fc
          .array(
            fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...HOSTILE_KEYS)), weird),
            { maxLength: 8 },
          )
          .map((es) => new Obj(es)),
      ),
    },
    ...(shape ? [{ weight: 4, arbitrary: body('shaped')(shapedArb(shape)) }] : []),
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom(
            '',
            '{',
            '{"countyCode":',
            '[1,2',
            'null,',
            '\uFEFF{}',
            "{'a':1}",
            '{"a":1}}',
            'undefined',
            'NaN',
            '1e999999',
            '\u0000',
          ),
          fc.integer({ min: 1_000, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
          fc.constant(`{"a":"${'y'.repeat(1_000_000)}"`), // 1 MB, unterminated
        )
        .map((text) => ({ kind: 'raw' as const, path: m.path, body: text })),
    },
  ];
  if (known) {
    kinds.push({
      weight: 5,
      arbitrary: fc.tuple(valid, fc.array(breakArb, { minLength: 1, maxLength: 3 })).map(([x, bs]) => ({
        kind: 'broken' as const,
        path: m.path,
        body: toJson(bs.reduce(applyBreak, x)),
      })),
    });
    kinds.push({ weight: 2, arbitrary: semanticArb(m.path, ops, missing) });
  }
  return fc
    .tuple(fc.oneof(...kinds), fc.option(fc.stringMatching(/^[\x21-\x7e]{1,60}$/), { freq: 5 }))
    .map(([c, k]) => (k === null ? c : { ...c, idempotencyKey: k }));
}

/** Schema-valid inputs that must still be refused: everything they name does not exist. */
function semanticArb(
  path: string,
  ops: fc.Arbitrary<string[]>,
  missing: fc.Arbitrary<string>,
): fc.Arbitrary<Case> {
  const wrap = (arb: fc.Arbitrary<unknown>) =>
    arb.map((x) => ({ kind: 'semantic' as const, path, body: JSON.stringify(x) }));
  switch (path) {
    case 'divisions.enactAdjustment':
      return wrap(
        fc
          .tuple(ops, missing, missing, missing, fc.string({ minLength: 1, maxLength: 20 }))
          .map(([o, a, b, c, name]) => {
            const input = validInput(path, o, [a, b], [c], [])!;
            (input.changes as Record<string, unknown>[]).forEach((ch) => {
              if ('name' in ch && name.trim()) ch.name = name;
              if (ch.op === 'establish') ch.parent = c; // under a division that does not exist
            });
            return input;
          }),
      );
    case 'access.create':
      return wrap(
        fc.tuple(missing, fc.boolean()).map(([s, sub]) => ({
          name: '模糊',
          scopes: sub ? ['divisions:read', `${s}:read`] : [`${s}`],
          ...(sub ? {} : { subtree: 'div-510799-99999' }),
        })),
      );
    case 'access.revoke':
      return wrap(fc.stringMatching(/^[a-z0-9]{12}$/).map((tokenId) => ({ tokenId })));
    case 'events.retract':
      return wrap(fc.uuid().map((eventId) => ({ eventId, reason: '模糊', authority })));
    default:
      return wrap(fc.constant({}));
  }
}

// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  code: string;
  issues: number;
  error?: string;
}

/** Raw HTTP (node:http with keep-alive: cheaper than fetch, so the 10,000 fit the time budget). */
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function post(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${h.url}/trpc/${path}`,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function send(c: Case): Promise<Answer> {
  try {
    const res = await post(
      c.path,
      {
        authorization: `Bearer ${caller}`,
        'content-type': 'application/json',
        ...(c.idempotencyKey === undefined ? {} : { 'idempotency-key': c.idempotencyKey }),
      },
      c.body,
    );
    let code = '(not a tRPC error)';
    let issues = 0;
    try {
      const json = JSON.parse(res.text) as { error?: { data?: { code?: string; issues?: unknown[] } } };
      code = json.error?.data?.code ?? (json.error ? '(no code)' : 'SUCCESS');
      issues = json.error?.data?.issues?.length ?? 0;
    } catch {
      /* keep the default */
    }
    return { status: res.status, code, issues };
  } catch (error) {
    return {
      status: 0,
      code: 'NETWORK',
      issues: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Whether the procedure's own schema accepts the body (undefined when it cannot tell). 'throws': zod
 * itself throws — zod 4.6.7's length checks run on a value that failed the string/array check and
 * compare its `length` (`{"length":{"toString":"","valueOf":[]}}` → "Cannot convert object to
 * primitive value"); tRPC answers such a body 400 BAD_REQUEST, without field issues.
 */
function schemaAccepts(m: Mutation, body: string): boolean | 'throws' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return false;
  }
  if (m.inputs.length === 0) return value === undefined;
  if (!m.inputs.every((p) => typeof p.safeParse === 'function')) return undefined;
  try {
    return m.inputs.every((p) => p.safeParse!(value).success);
  } catch {
    return 'throws';
  }
}

describe('fuzz', () => {
  it(`${RUNS} malformed inputs across every mutation: always 4xx, never 5xx, nothing written`, async () => {
    expect(mutations.map((m) => m.path)).toEqual(
      expect.arrayContaining([
        'divisions.enactAdjustment',
        'access.create',
        'access.revoke',
        'events.retract',
      ]),
    );
    const head = await h.head();
    const started = performance.now();
    const arb = fc.oneof(
      ...mutations.map((m) => ({
        weight: m.path === 'divisions.enactAdjustment' ? 4 : 1,
        arbitrary: caseArb(m),
      })),
    );
    const byPath = new Map(mutations.map((m) => [m.path, m]));

    const failures: string[] = [];
    const tally = new Map<string, number>();
    const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
    let sent = 0;
    let discarded = 0;
    let bytes = 0;
    let batch = 0;
    let queue: Case[] = [];
    const next = (): { c: Case; accepts: ReturnType<typeof schemaAccepts> } | undefined => {
      for (;;) {
        if (sent >= RUNS) return undefined;
        if (queue.length === 0) queue = fc.sample(arb, { numRuns: 500, seed: SEED + batch++ });
        const c = queue.shift()!;
        const accepts = schemaAccepts(byPath.get(c.path)!, c.body);
        // A schema-valid body that is not built to be refused might succeed: not a malformed input.
        if (accepts === true && c.kind !== 'semantic') {
          discarded++;
          continue;
        }
        sent++;
        bytes += c.body.length;
        return { c, accepts };
      }
    };
    const worker = async () => {
      for (let n = next(); n; n = next()) {
        const { c, accepts } = n;
        const a = await send(c);
        count(`${c.kind}${accepts === 'throws' ? ' (zod throws)' : ''} → ${a.status} ${a.code}`);
        // a body over the server's limit (1 MiB) is refused before it is read: 413, whatever it holds
        const tooLarge = Buffer.byteLength(c.body) > BODY_LIMIT;
        const problem = tooLarge
          ? a.status === 413
            ? undefined
            : `a body of ${Buffer.byteLength(c.body)} bytes answered ${a.status} ${a.code}${a.error ? ` (${a.error})` : ''}, not 413`
          : a.status < 400 || a.status > 499
            ? `answered ${a.status} ${a.code}${a.error ? ` (${a.error})` : ''}`
            : (accepts === false || accepts === 'throws') && (a.status !== 400 || a.code !== 'BAD_REQUEST')
              ? `schema rejects it, but answered ${a.status} ${a.code}`
              : accepts === false && c.kind !== 'raw' && a.issues === 0
                ? `BAD_REQUEST without field issues`
                : undefined;
        if (problem && failures.length < 20) {
          const shown = c.body.length > 600 ? `${c.body.slice(0, 600)}… (${c.body.length} chars)` : c.body;
          failures.push(
            `${c.path} [${c.kind}] ${problem}: ${shown}${c.idempotencyKey ? ` (Idempotency-Key ${c.idempotencyKey})` : ''}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (performance.now() - started) / 1000;

    const lines = [...tally.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`);
    console.log(
      `fuzz: ${sent} requests (seed ${SEED}) over ${mutations.length} mutations [${mutations.map((m) => m.path).join(', ')}] in ${seconds.toFixed(1)} s` +
        ` (${Math.round(sent / seconds)}/s, ${IN_FLIGHT} in flight, ${(bytes / sent / 1024).toFixed(1)} KiB a body on average); ${discarded} generated bodies were schema-valid and not sent\n${lines.join('\n')}`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBe(RUNS);
    expect(await h.head()).toBe(head);
    expect(h.errors).toEqual([]);
    // still serving
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  }, 180_000);
});
