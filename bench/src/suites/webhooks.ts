/**
 * Suite `webhooks`: deliveries per second to a local receiver (loopback HTTP).
 *
 * - webhook-deliveries: a platform (temp files, every bundled module) holding N `services.point-opened`
 *   events; one subscription to `services` created after them, from the start of the log; timed from
 *   the dispatcher's start until the receiver has every delivery and the last acknowledgement is
 *   recorded (each delivery: the scope decided again, the target checked, the body signed, one POST,
 *   the acknowledgements recorded in batches). Limit: the same number of signed POSTs of bodies of the
 *   same size to the same receiver by a bare loop (no log, no scope, no records) — the ceiling of
 *   one-at-a-time delivery over a new connection each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import type { BenchContext, BenchLine, Suite } from '../types';
import { now, rate } from '../util';
import { openPlatform } from '../../../apps/server/src/platform';
import { BUNDLED_PLUGINS } from '../../../apps/server/src/modules';
import { startWebhooks, signatureHeader } from '../../../apps/server/src/webhooks';
import { subscriptionCreated, subscriptionStream } from '../../../apps/server/src/webhooks/events';
import {
  subscriptionsProjection,
  type SubscriptionsState,
} from '../../../apps/server/src/webhooks/subscriptions';
import { startReceiver } from '../../../apps/server/src/webhooks/receiver.testkit';

async function deliveries(ctx: BenchContext): Promise<BenchLine> {
  const n = ctx.quick ? 500 : 5_000;
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-bench-webhooks-'));
  const receiver = await startReceiver();
  const platform = await openPlatform({
    eventStore: join(dir, 'xianzhi.db'),
    cachePath: join(dir, 'projections.db'),
    plugins: BUNDLED_PLUGINS,
  });
  try {
    const batch = 500;
    for (let i = 0; i < n; i += batch) {
      const events = Array.from({ length: Math.min(batch, n - i) }, (_, k) => ({
        type: 'services.point-opened',
        data: {
          pointId: `p${i + k}`,
          countyCode: '510799',
          level: 'village-room',
          divisionId: `div-${i + k}`,
          name: `便民服务室${i + k}`,
        },
        metadata: { effectiveAt: '2021-01-01' },
      }));
      await platform.store.append('services-bench', events);
    }
    const sample = JSON.stringify({
      id: 'wh_000000000000.1',
      kind: 'event',
      event: {
        data: {
          pointId: 'p1',
          countyCode: '510799',
          level: 'village-room',
          divisionId: 'div-1',
          name: '便民服务室1',
        },
      },
    }).padEnd(520);
    // the limit: a bare loop of signed POSTs
    const limitStart = now();
    for (let i = 0; i < n; i++) {
      await new Promise<void>((done, fail) => {
        const req = http.request(
          receiver.url,
          {
            method: 'POST',
            agent: false,
            headers: {
              'content-type': 'application/json',
              'x-xianzhi-signature': signatureHeader('s'.repeat(32), sample, 1),
              'x-xianzhi-delivery': `limit-${i}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => done());
          },
        );
        req.on('error', fail);
        req.end(sample);
      });
    }
    const limitMs = now() - limitStart;
    receiver.received.length = 0;

    const id = 'wh_bench0000001';
    const r = await platform.store.append(subscriptionStream(id), [
      subscriptionCreated.create({
        subscriptionId: id,
        name: '压测',
        tokenId: 'cli',
        tokenName: 'bench',
        target: receiver.url,
        secret: 's'.repeat(32),
        kind: 'events',
        topics: ['services'],
        fromPosition: 0,
      }),
    ]);
    await platform.runtime.waitForPosition(r.lastPosition);
    const start = now();
    const dispatcher = await startWebhooks(
      platform,
      { allowSpec: '127.0.0.1/32' },
      (level, message) => level === 'error' && ctx.log(message),
    );
    await receiver.until((all) => all.length >= n, 600_000);
    for (;;) {
      const sub = (await platform.runtime.state<SubscriptionsState>(subscriptionsProjection.name)).get(id)!;
      if (sub.delivered >= n) break;
      await new Promise((res) => setTimeout(res, 5));
    }
    const oursMs = now() - start;
    await dispatcher.stop();
    if (receiver.unique().size !== n)
      throw new Error(`webhooks: ${receiver.unique().size} distinct deliveries, expected ${n}`);
    return {
      bench: 'webhook-deliveries',
      unit: 'deliveries/s',
      ours: rate(n, oursMs),
      peer: null,
      limit: rate(n, limitMs),
      note: `${n} events to one subscription on loopback; limit = a bare loop of signed POSTs (new connection each), no log read, scope check or records`,
    };
  } finally {
    await platform.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const webhooksSuite: Suite = {
  name: 'webhooks',
  run: async (ctx) => [await deliveries(ctx)],
};
