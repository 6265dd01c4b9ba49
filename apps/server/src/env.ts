/**
 * The only place that reads process.env: configuration parsed once, with one clear error.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseAllowList } from './webhooks/targets';

const schema = z.object({
  /** The event store: a file path (the embedded SQLite store) or an esdb:// connection string. */
  XIANZHI_EVENTSTORE: z.string().min(1).optional(),
  /** Folder for the store file, the projection cache and exports (default ./data). */
  XIANZHI_DATA_DIR: z.string().min(1).optional(),
  XIANZHI_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  XIANZHI_HOST: z.string().min(1).optional(),
  /** A fixed admin token (xz_…); otherwise one is issued and printed at first start. */
  XIANZHI_ADMIN_TOKEN: z
    .string()
    .regex(/^xz_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/, {
      error: 'must look like xz_<12 letters/digits>_<43 characters>',
    })
    .optional(),
  /** Comma-separated plugin package names to enable (default: all bundled plugins). */
  XIANZHI_PLUGINS: z.string().optional(),
  XIANZHI_LOG: z.enum(['silent', 'info', 'debug']).optional(),
  /** The key store of personal data (per-person keys): a SQLite file, default <data dir>/personal-keys.db. Keep it apart from the store's backups. */
  XIANZHI_KEYSTORE: z.string().min(1).optional(),
  /**
   * The key file that authenticates the projection cache (HMAC-SHA256, 64 hex digits; made on first
   * start, mode 0600). Default <data dir>/projections.db.key; in production keep it off the data volume.
   */
  XIANZHI_CACHE_KEY: z.string().min(1).optional(),
  /** An Ed25519 private key (PEM, PKCS#8) that signs checkpoints (`xianzhi checkpoint keygen` makes one). */
  XIANZHI_CHECKPOINT_KEY: z.string().min(1).optional(),
  /** The public key (PEM) signed checkpoints must carry to be trusted by `verify --checkpoint`. */
  XIANZHI_CHECKPOINT_PUBLIC_KEY: z.string().min(1).optional(),
  /** `off`: the first `serve` does not record the demo county (start empty, then import a real one). */
  XIANZHI_DEMO: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  /** The largest request body in bytes (default 1 MiB); larger ones get 413 before they are read. */
  XIANZHI_BODY_LIMIT: z.coerce.number().int().min(1_024).max(1_073_741_824).optional(),
  /** The most calls in one tRPC batch (default 100). */
  XIANZHI_BATCH_LIMIT: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Where webhooks may go: comma-separated host names (`*.example.cn`), addresses and ranges (`10.20.0.0/16`). Empty: nowhere. */
  XIANZHI_WEBHOOK_ALLOW: z.string().optional(),
  /** Failed attempts before a delivery goes to the dead-letter list (default 8). */
  XIANZHI_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
  /** The first retry's wait in milliseconds; it doubles with each attempt (default 1000, at most 1 h). */
  XIANZHI_WEBHOOK_RETRY_MS: z.coerce.number().int().min(1).max(3_600_000).optional(),
});

export interface Env {
  dataDir: string;
  /** File path of the embedded store, or an esdb:// connection string. */
  eventStore: string;
  cachePath: string;
  /** The key file that authenticates the projection cache (docs/integrity.md §4). */
  cacheKeyPath: string;
  /** The personal-data key store file. */
  keyStorePath: string;
  port: number;
  host: string;
  adminToken?: string;
  plugins?: string[];
  log: 'silent' | 'info' | 'debug';
  /** File of the Ed25519 private key that signs checkpoints. */
  checkpointKeyFile?: string;
  /** File of the public key a checkpoint must be signed with. */
  checkpointPublicKeyFile?: string;
  /** Whether the first `serve` records the demo county (XIANZHI_DEMO, default on). */
  demo: boolean;
  bodyLimit: number;
  batchLimit: number;
  webhooks: { allowSpec: string; maxAttempts?: number; retryBaseMs?: number };
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  // a bad allow list stops the start, naming the entry
  parseAllowList(e.XIANZHI_WEBHOOK_ALLOW);
  const dataDir = resolve(cwd, e.XIANZHI_DATA_DIR ?? 'data');
  const store = e.XIANZHI_EVENTSTORE ?? resolve(dataDir, 'xianzhi.db');
  const env: Env = {
    dataDir,
    eventStore: /^esdb(\+discover)?:\/\//.test(store) ? store : resolve(cwd, store),
    cachePath: resolve(dataDir, 'projections.db'),
    cacheKeyPath: e.XIANZHI_CACHE_KEY
      ? resolve(cwd, e.XIANZHI_CACHE_KEY)
      : resolve(dataDir, 'projections.db.key'),
    keyStorePath: e.XIANZHI_KEYSTORE
      ? resolve(cwd, e.XIANZHI_KEYSTORE)
      : resolve(dataDir, 'personal-keys.db'),
    port: e.XIANZHI_PORT ?? 3000,
    host: e.XIANZHI_HOST ?? '127.0.0.1',
    log: e.XIANZHI_LOG ?? 'info',
    demo: e.XIANZHI_DEMO !== 'off',
    bodyLimit: e.XIANZHI_BODY_LIMIT ?? 1_048_576,
    batchLimit: e.XIANZHI_BATCH_LIMIT ?? 100,
    webhooks: {
      allowSpec: e.XIANZHI_WEBHOOK_ALLOW ?? '',
      ...(e.XIANZHI_WEBHOOK_MAX_ATTEMPTS === undefined
        ? {}
        : { maxAttempts: e.XIANZHI_WEBHOOK_MAX_ATTEMPTS }),
      ...(e.XIANZHI_WEBHOOK_RETRY_MS === undefined ? {} : { retryBaseMs: e.XIANZHI_WEBHOOK_RETRY_MS }),
    },
  };
  if (e.XIANZHI_ADMIN_TOKEN) env.adminToken = e.XIANZHI_ADMIN_TOKEN;
  if (e.XIANZHI_CHECKPOINT_KEY) env.checkpointKeyFile = resolve(cwd, e.XIANZHI_CHECKPOINT_KEY);
  if (e.XIANZHI_CHECKPOINT_PUBLIC_KEY)
    env.checkpointPublicKeyFile = resolve(cwd, e.XIANZHI_CHECKPOINT_PUBLIC_KEY);
  if (e.XIANZHI_PLUGINS !== undefined)
    env.plugins = e.XIANZHI_PLUGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return env;
}
