/** Starts the HTTP server on the platform; returns its URL and a close function. */
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from './app';
import { startWebhooks, type WebhookOptions } from './webhooks';

export interface Server {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * `webhooks`: where deliveries may go and how they are retried (XIANZHI_WEBHOOK_*); without it no
 * target is allowed. The dispatcher starts with the server and stops before it closes.
 */
export async function startServer(
  options: AppOptions & { port: number; host: string; webhooks?: WebhookOptions },
): Promise<Server> {
  const { app } = createApp(options);
  const log =
    options.log ??
    ((level: 'info' | 'error', message: string, extra?: Record<string, unknown>) =>
      level === 'error' && console.error(message, extra ?? ''));
  const webhooks = await startWebhooks(options.platform, options.webhooks ?? {}, log);
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: async () => {
            await webhooks.stop();
            await new Promise<void>((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            });
          },
        });
      });
      server.on('error', (error: NodeJS.ErrnoException) => {
        void webhooks.stop();
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `port ${options.port} on ${options.host} is in use (XIANZHI_PORT); stop the other process or choose another port`,
              )
            : error,
        );
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
