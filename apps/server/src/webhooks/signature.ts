/**
 * Webhook signatures: `X-Xianzhi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The receiver recomputes the HMAC over the raw body it received and compares in constant time, and
 * refuses a timestamp too far from its clock (a replayed old delivery). docs/webhooks.md has the
 * recipe in Node and Python.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-xianzhi-signature';

/** The header value signing `body` at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * The receiver's check: true when `header` signs `body` with `secret` and its timestamp is within
 * `toleranceSeconds` (default 300) of `now`.
 *
 * @example
 * if (!verifySignature(secret, req.headers['x-xianzhi-signature'], rawBody)) return res.writeHead(401).end();
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
