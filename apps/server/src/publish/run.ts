/**
 * `xianzhi publish postgres --url postgres://… [--schema s] [--models a,b] [--once]`: publishes the
 * chosen read models, then (without --once) keeps them current as the log grows.
 */
import { createCallerFactory, runtimeDivisions, type ApiContext, type ProcedureMeta } from '@xianzhi/api';
import type { Platform } from '../platform';
import { createAppRouter } from '../router';
import { resolveModels } from './models';
import { Publisher } from './publisher';
import { openSql } from './sql';

export interface PublishRun {
  url: string;
  schema?: string;
  models?: string[];
  /** Stop once caught up (default: keep following the log). */
  once?: boolean;
  log?: (message: string) => void;
  /** For tests: how long to wait between looks at the log when following (default 2 s). */
  pollMs?: number;
  signal?: AbortSignal;
}

export async function runPublish(platform: Platform, run: PublishRun): Promise<{ steps: number }> {
  const schema = run.schema ?? 'xianzhi';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(
      `--schema: "${schema}" must be lower-case letters, digits and _ (a PostgreSQL schema name)`,
    );
  const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  const procedures = router._def.procedures as unknown as Record<
    string,
    { _def: { type: string; meta?: ProcedureMeta } }
  >;
  const models = resolveModels(run.models ?? ['townships', 'villages'], procedures);
  const ctx: ApiContext = {
    store: platform.store,
    runtime: platform.runtime,
    caller: { tokenId: 'cli', name: 'publish', scopes: ['admin'] },
    requestId: 'publish',
    divisions: runtimeDivisions(platform.runtime),
    log: (_level, message) => run.log?.(message),
  };
  const caller = createCallerFactory(router)(ctx);
  const call = (path: string, input: Record<string, unknown>) =>
    (
      path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (
        i: unknown,
      ) => Promise<unknown>
    )(input);
  const sql = await openSql(run.url);
  try {
    const publisher = new Publisher(
      { runtime: platform.runtime, call, columnsOf: (p) => procedures[p]?._def.meta?.columns ?? {} },
      sql,
      {
        schema,
        models,
        onStep: (model, done, total) => {
          // every step of a short catch-up; every 25th of a long one
          if (done === total || total <= 500 || done % 25 === 0)
            run.log?.(`  ${model}: ${done}/${total} steps`);
        },
      },
    );
    await publisher.prepare();
    let steps = await publisher.catchUp();
    run.log?.(`published ${models.map((m) => m.table).join(', ')} into schema ${schema} (${steps} steps)`);
    while (!run.once && !run.signal?.aborted) {
      await new Promise((resolve) => setTimeout(resolve, run.pollMs ?? 2_000));
      steps += await publisher.catchUp();
    }
    return { steps };
  } finally {
    await sql.close();
  }
}
