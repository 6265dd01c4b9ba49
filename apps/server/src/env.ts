/**
 * The only place that reads process.env: configuration parsed once, with one clear error.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  /** Where the embedded store lives (a file path). Default: ./data/xianzhi.db */
  XIANZHI_EVENTSTORE: z.string().min(1).optional(),
});

export interface Env {
  /** Absolute path of the embedded SQLite store. */
  storePath: string;
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { storePath: resolve(cwd, parsed.data.XIANZHI_EVENTSTORE ?? 'data/xianzhi.db') };
}
