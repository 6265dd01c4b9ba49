/**
 * Webhooks end to end: a real server (demo county) delivering to local receivers over HTTP.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startHarness, type Harness } from '../../test/harness';
import { startReceiver, type Receiver } from './receiver.testkit';
import { systemResolver, type Resolver } from './targets';
import { verifySignature } from './signature';

let h: Harness;
const receivers: Receiver[] = [];
let townships: { id: string; code: string; name: string }[];

// receiver.test is the loopback receiver by name; evil.test is a listed name that resolves to another loopback address
const resolve: Resolver = async (host) =>
  host === 'receiver.test'
    ? [{ address: '127.0.0.1', family: 4 }]
    : host === 'evil.test'
      ? [{ address: '127.0.0.2', family: 4 }]
      : systemResolver(host);

beforeAll(async () => {
  h = await startHarness('webhooks', {
    webhooks: {
      allowSpec: '127.0.0.1/32,receiver.test,evil.test',
      resolve,
      maxAttempts: 4,
      retryBaseMs: 30,
      retryMaxMs: 200,
    },
  });
  townships = await h.client(h.admin).divisions.list.query({ level: 'township', rootId: DEMO.code });
  const [county] = (await h.client(h.admin).divisions.list.query({ level: 'county' })) as { id: string }[];
  // the county's service centre: every test opens township centres under it
  await m(h.admin, 'services.openServicePoints', {
    countyCode: DEMO.code,
    effectiveAt: '2021-01-01',
    points: [{ pointId: 'centre', level: 'county-centre', divisionId: county!.id, name: '政务服务中心' }],
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h?.close();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return { code: (error.data as { code: string }).code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

function expectRefusal(failure: { code: string; message: string }, code: string, text: string): void {
  expect(failure.code).toBe(code);
  expect(failure.message).toContain(text);
}

const m = (token: string, path: string, input: unknown) => h.untyped(token).mutation(path, input);
const q = (token: string, path: string, input: unknown) => h.untyped(token).query(path, input);

async function subscribe(token: string, r: Receiver, input: Record<string, unknown> = {}) {
  const out = (await m(token, 'webhooks.subscribe', {
    name: '测试订阅',
    target: r.url,
    topics: ['services'],
    ...input,
  })) as { subscriptionId: string; secret: string };
  r.secrets.set(out.subscriptionId, out.secret);
  return out;
}

let opened = 0;
/** Opens a township's service centre (one event). */
async function openCentre(township: { id: string }) {
  opened += 1;
  return (await m(h.admin, 'services.openServicePoints', {
    countyCode: DEMO.code,
    effectiveAt: '2021-01-01',
    points: [
      {
        pointId: `t-${township.id}`,
        level: 'township-centre',
        divisionId: township.id,
        name: `便民服务中心${opened}`,
        parentPointId: 'centre',
      },
    ],
  })) as { events: { position: number }[] };
}

interface Deliveries {
  recent: { deliveryId: string; outcome: string; attempt: number | null }[];
  deadLetters: { deliveryId: string; attempts: number; resendRequested: boolean }[];
  subscription: { cursor: number; delivered: number; paused: boolean };
}
const deliveries = (token: string, subscriptionId: string) =>
  q(token, 'webhooks.deliveries', { subscriptionId }) as Promise<Deliveries>;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`not reached in ${ms} ms: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks', { timeout: 90_000 }, () => {
  it('a receiver that fails 3 times then succeeds gets the delivery: same id, attempts 1–4, each signed', async () => {
    const r = await receiver();
    r.answer = (_d, seen) => (seen < 3 ? 500 : 200);
    const { subscriptionId } = await subscribe(h.admin, r);
    await openCentre(townships[0]!);
    await r.until((all) => all.length >= 4);
    expect(r.received.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
    expect(new Set(r.received.map((d) => d.id)).size).toBe(1);
    expect(r.received.every((d) => d.verified)).toBe(true);
    expect(r.received[0]!.body).toMatchObject({
      kind: 'event',
      subscriptionId,
      type: 'services.point-opened',
      event: { data: { level: 'township-centre' } },
    });
    const after = await eventually(
      () => deliveries(h.admin, subscriptionId),
      (d) => d.subscription.delivered === 1,
    );
    expect(after.recent.map((x) => x.outcome)).toEqual(['delivered', 'failed', 'failed', 'failed']);
    expect(after.deadLetters).toEqual([]);
  });

  it('after N failures a delivery is dead-lettered, the next events still flow, and a re-send delivers it', async () => {
    const r = await receiver();
    let up = false;
    // the first township's centre fails until `up` (decided on the body: the delivery may come before the command's answer)
    const failing = townships[1]!.id;
    r.answer = (d) =>
      up || (d.body.event as { data: { divisionId: string } }).data.divisionId !== failing ? 200 : 503;
    const { subscriptionId } = await subscribe(h.admin, r);
    const first = await openCentre(townships[1]!);
    const firstPosition = first.events[0]!.position;
    const dead = await eventually(
      () => deliveries(h.admin, subscriptionId),
      (d) => d.deadLetters.length === 1,
    );
    expect(dead.deadLetters[0]).toMatchObject({
      deliveryId: `${subscriptionId}.${firstPosition}`,
      attempts: 4,
    });
    // the cursor moved on: the next event is delivered while the first waits in the dead-letter list
    const second = await openCentre(townships[2]!);
    await r.until((all) => all.some((d) => d.body.position === second.events[0]!.position));
    up = true;
    await m(h.admin, 'webhooks.resend', { subscriptionId, deliveryId: `${subscriptionId}.${firstPosition}` });
    const resent = await eventually(
      () => deliveries(h.admin, subscriptionId),
      (d) => d.deadLetters.length === 0,
    );
    expect(resent.recent[0]).toMatchObject({
      deliveryId: `${subscriptionId}.${firstPosition}`,
      outcome: 'resent',
    });
    expect(r.received.filter((d) => d.body.position === firstPosition).map((d) => d.attempt)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('a paused subscription delivers nothing until resumed, then what was recorded meanwhile', async () => {
    const r = await receiver();
    const { subscriptionId } = await subscribe(h.admin, r);
    await m(h.admin, 'webhooks.pause', { subscriptionId, reason: '接收方维护' });
    const during = await openCentre(townships[3]!);
    // a second subscription, not paused, receives it: by then the paused one had its chance
    const witness = await receiver();
    await subscribe(h.admin, witness, {});
    const next = await openCentre(townships[4]!);
    await witness.until((all) => all.some((d) => d.body.position === next.events[0]!.position));
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received).toEqual([]);
    await m(h.admin, 'webhooks.resume', { subscriptionId });
    await r.until((all) => all.length >= 2);
    expect(r.received.map((d) => d.body.position)).toEqual([
      during.events[0]!.position,
      next.events[0]!.position,
    ]);
  });

  it('a township token subscribes only within its subtree, receives only its township’s events, and stops when revoked', async () => {
    const [mine, other] = [townships[5]!, townships[6]!];
    const limited = await h.token(['services:read'], mine.id, '镇便民看板');
    const r = await receiver();
    expectRefusal(
      await refusal(subscribe(limited, r, { subtree: other.code })),
      'FORBIDDEN',
      'outside its own',
    );
    const reader = await h.token(['divisions:read'], undefined, '区划看板');
    expectRefusal(await refusal(subscribe(reader, r)), 'FORBIDDEN', 'lacks services:read');
    const { subscriptionId } = await subscribe(limited, r);
    const own = (await q(limited, 'webhooks.list', undefined)) as {
      subscriptionId: string;
      subtree: string;
    }[];
    expect(own).toEqual([expect.objectContaining({ subscriptionId, subtree: mine.id })]);
    const [village] = (await h
      .client(h.admin)
      .divisions.list.query({ level: 'village', rootId: mine.code })) as { id: string }[];
    const a = (await m(h.admin, 'services.openServicePoints', {
      countyCode: DEMO.code,
      effectiveAt: '2021-01-01',
      points: [
        {
          pointId: 'mine',
          level: 'township-centre',
          divisionId: mine.id,
          name: '甲镇便民服务中心',
          parentPointId: 'centre',
        },
        {
          pointId: 'other',
          level: 'township-centre',
          divisionId: other.id,
          name: '乙镇便民服务中心',
          parentPointId: 'centre',
        },
        {
          pointId: 'mine-room',
          level: 'village-room',
          divisionId: village!.id,
          name: '甲镇某村便民服务室',
          parentPointId: 'mine',
        },
      ],
    })) as { events: { position: number }[] };
    const [inA, inB, inA2] = a.events.map((e) => e.position) as [number, number, number];
    await r.until((all) => all.some((d) => d.body.position === inA2));
    expect(r.received.map((d) => d.body.position)).toEqual([inA, inA2]);
    expect(r.received.map((d) => d.body.position)).not.toContain(inB);

    // revoked: the subscription stops (checked at delivery time)
    const witness = await receiver();
    await subscribe(h.admin, witness);
    await m(h.admin, 'access.revoke', { tokenId: /^xz_([a-z0-9]{12})_/.exec(limited)![1]! });
    const later = (await m(h.admin, 'services.openServicePoints', {
      countyCode: DEMO.code,
      effectiveAt: '2021-01-01',
      points: [
        {
          pointId: 'mine-room-2',
          level: 'village-room',
          divisionId: village!.id,
          name: '甲镇某村便民服务室二',
          parentPointId: 'mine',
        },
      ],
    })) as { events: { position: number }[] };
    await witness.until((all) => all.some((d) => d.body.position === later.events[0]!.position));
    await new Promise((res) => setTimeout(res, 300));
    expect(r.received.map((d) => d.body.position)).toEqual([inA, inA2]);
  });

  it('targets outside the allowed hosts are refused, and nothing is recorded', async () => {
    const count = async () =>
      ((await q(h.admin, 'webhooks.list', { includeRemoved: true })) as unknown[]).length;
    const before = await count();
    const refused = async (target: string) =>
      refusal(m(h.admin, 'webhooks.subscribe', { name: '越界', target, topics: ['services'] }));
    expectRefusal(await refused('http://10.9.9.9/hook'), 'BAD_REQUEST', 'not in a range');
    expectRefusal(
      await refused('http://intranet.example/hook'),
      'BAD_REQUEST',
      'not in XIANZHI_WEBHOOK_ALLOW',
    );
    // a listed name that resolves to a loopback address outside the listed range
    expectRefusal(
      await refused('http://evil.test:8080/hook'),
      'BAD_REQUEST',
      '127.0.0.2 is an internal address',
    );
    expect(await refused('http://localhost:8080/hook')).toMatchObject({ code: 'BAD_REQUEST' });
    // no subscription was recorded (the head may move: other subscriptions record their deliveries)
    expect(await count()).toBe(before);
    // a listed name resolving to the listed range is fine
    const r = await receiver();
    await subscribe(h.admin, r, { target: `http://receiver.test:${r.port}/hook` });
  });

  it('a wrong signature fails the check', async () => {
    const r = await receiver();
    const { secret } = await subscribe(h.admin, r);
    await openCentre(townships[7]!);
    await r.until((all) => all.length >= 1);
    const d = r.received[0]!;
    expect(verifySignature(secret, d.signature, d.raw)).toBe(true);
    expect(verifySignature(`${secret}x`, d.signature, d.raw)).toBe(false);
    expect(verifySignature(secret, d.signature, d.raw.replace('"kind":"event"', '"kind":"evnt"'))).toBe(
      false,
    );

    // the recipes of docs/webhooks.md, as written there
    const doc = readFileSync(join(import.meta.dirname, '../../../../docs/webhooks.md'), 'utf8');
    const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(doc)![1]!;
    const js = join(h.dir, 'recipe.mjs');
    writeFileSync(js, block('js'));
    const { verifyXianzhi } = (await import(pathToFileURL(js).href)) as {
      verifyXianzhi: (s: string, h: string | undefined, b: Buffer) => boolean;
    };
    expect(verifyXianzhi(secret, d.signature, Buffer.from(d.raw))).toBe(true);
    expect(verifyXianzhi(`${secret}x`, d.signature, Buffer.from(d.raw))).toBe(false);
    expect(
      verifyXianzhi(secret, d.signature, Buffer.from(d.raw.replace('"kind":"event"', '"kind":"evnt"'))),
    ).toBe(false);

    const py = join(h.dir, 'recipe.py');
    writeFileSync(
      py,
      `${block('python')}\nimport json, sys\nargs = json.load(sys.stdin)\nprint(json.dumps([verify_xianzhi(s, args['header'], args['body'].encode()) for s in args['secrets']] + [verify_xianzhi(args['secrets'][0], args['header'], args['body'].encode() + b' ')]))\n`,
    );
    const out = execFileSync('python3', [py], {
      input: JSON.stringify({ header: d.signature, body: d.raw, secrets: [secret, `${secret}x`] }),
    }).toString();
    expect(JSON.parse(out)).toEqual([true, false, false]);
  });
});
