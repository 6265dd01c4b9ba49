/**
 * A local webhook receiver for tests and the bench: records every delivery it is sent (its id,
 * attempt, body, and whether the signature verified with the secret it was given), and answers with
 * the status `answer` chooses (200 by default).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifySignature } from './signature';

export interface Received {
  id: string;
  attempt: number;
  body: Record<string, unknown>;
  raw: string;
  signature: string | undefined;
  verified: boolean | undefined;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Delivery ids seen, each once. */
  unique(): Set<string>;
  /** The secrets to verify with, by subscription id. */
  secrets: Map<string, string>;
  /** Decides the answer's status for each delivery (default: 200). */
  answer: (r: Received, seen: number) => number | Promise<number>;
  /** Resolves when `predicate` holds (checked on every delivery), or rejects after `ms`. */
  until(predicate: (received: Received[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startReceiver(): Promise<Receiver> {
  const waiters: (() => void)[] = [];
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    secrets: new Map(),
    answer: () => 200,
    unique: () => new Set(receiver.received.filter((r) => r.verified !== false).map((r) => r.id)),
    until(predicate, ms = 30_000) {
      return new Promise((resolve, reject) => {
        if (predicate(receiver.received)) return resolve();
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `the receiver waited ${ms} ms; it has ${receiver.received.length} deliveries (${receiver.unique().size} distinct)`,
              ),
            ),
          ms,
        );
        const check = () => {
          if (predicate(receiver.received)) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        waiters.push(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await read(req);
      const id = String(req.headers['x-xianzhi-delivery'] ?? '');
      const signature = req.headers['x-xianzhi-signature'] as string | undefined;
      const secret = receiver.secrets.get(String(req.headers['x-xianzhi-subscription'] ?? ''));
      const r: Received = {
        id,
        attempt: Number(req.headers['x-xianzhi-attempt'] ?? 0),
        body: JSON.parse(raw) as Record<string, unknown>,
        raw,
        signature,
        verified: secret === undefined ? undefined : verifySignature(secret, signature, raw),
      };
      const status = await receiver.answer(r, receiver.received.filter((x) => x.id === id).length);
      // recorded once answered: a delivery the receiver did not acknowledge still counts as seen
      receiver.received.push(r);
      res.writeHead(status).end();
      for (const w of waiters.splice(0)) w();
    })();
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  receiver.port = port;
  receiver.url = `http://127.0.0.1:${port}/hook`;
  return receiver;
}
