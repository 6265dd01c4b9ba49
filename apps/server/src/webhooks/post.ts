/**
 * One HTTP POST of a delivery: to the checked address only (the lookup is pinned), never following
 * a redirect, with a time limit; the receiver's answer body is read and dropped (at most 64 KiB).
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedTarget } from './targets';

export interface PostResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export function postDelivery(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<PostResult> {
  const lookup: LookupFunction = (_host, options, callback) => {
    // Node asks for all addresses (happy eyeballs) or one; answer with the checked one either way.
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: PostResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = client.request(
      target.url,
      {
        method: 'POST',
        lookup,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'xianzhi-webhooks/1',
          ...headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        const finish = () => {
          if (status >= 200 && status < 300) done({ ok: true, status });
          else if (status >= 300 && status < 400)
            done({
              ok: false,
              status,
              error: `the receiver answered ${status} (a redirect, which is never followed: give the final URL)`,
            });
          else done({ ok: false, status, error: `the receiver answered ${status}` });
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => done({ ok: false, error: error.message.slice(0, 400) }));
    req.end(body);
  });
}
