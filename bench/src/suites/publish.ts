/**
 * Suite `publish`: `xianzhi publish postgres` into PGlite (PostgreSQL in WebAssembly, in a temp folder).
 *
 * - publish-rows: the demo county's divisions story, then 40 renames recorded one by one (45 steps
 *   in transaction time); `townships` and `villages` published from scratch. Unit: history rows
 *   written per second (the whole run: asking the API as of every affected date, diffing, writing,
 *   checkpoints). Limit: the same rows inserted into the same tables by bare multi-row INSERTs of
 *   100, one transaction — what PGlite takes at best.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '@xianzhi/core/demo';
import { enactAdjustment } from '@xianzhi/core/server';
import { executeCommand } from '@xianzhi/projections';
import type { BenchContext, BenchLine, Suite } from '../types';
import { now, rate } from '../util';
import { openPlatform } from '../../../apps/server/src/platform';
import { BUNDLED_PLUGINS } from '../../../apps/server/src/modules';
import { openSql, runPublish } from '../../../apps/server/src/publish';

async function publishRows(ctx: BenchContext): Promise<BenchLine> {
  const dir = mkdtempSync(join(tmpdir(), 'xianzhi-bench-publish-'));
  const platform = await openPlatform({
    eventStore: join(dir, 'xianzhi.db'),
    cachePath: join(dir, 'projections.db'),
    plugins: BUNDLED_PLUGINS,
  });
  try {
    await runDemo({ store: platform.store, runtime: platform.runtime }, { seed: 2019 });
    const [township] = await platform.runtime.query<{ code: string }[]>('divisions.tree', 'list', {
      level: 'township',
    });
    const renames = ctx.quick ? 10 : 40;
    for (let i = 0; i < renames; i++) {
      await executeCommand({ store: platform.store, runtime: platform.runtime }, enactAdjustment, {
        countyCode: '510799',
        authority: {
          documentNo: `川府民政〔${2000 + i}〕${i + 1}号`,
          issuedBy: '四川省人民政府',
          approvedOn: `${2000 + i}-06-01`,
        },
        effectiveAt: `${2000 + i}-07-01`,
        changes: [{ op: 'rename', division: township!.code, name: `更名${i}镇` }],
      });
      await new Promise((r) => setTimeout(r, 3));
    }
    const url = `pglite:${join(dir, 'ours')}`;
    const start = now();
    await runPublish(platform, { url, models: ['townships', 'villages'], once: true });
    const oursMs = now() - start;
    const sql = await openSql(url);
    const rows = await sql.query<Record<string, unknown>>(
      'SELECT * FROM xianzhi.townships_history UNION ALL SELECT * FROM xianzhi.villages_history',
    );
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id');
    await sql.query('CREATE TABLE xianzhi.copy AS SELECT * FROM xianzhi.townships_history WITH NO DATA');
    await sql.close();
    // the limit: the same rows, bare INSERTs into a fresh database
    const limitSql = await openSql(`pglite:${join(dir, 'limit')}`);
    await limitSql.query(
      `CREATE TABLE copy (${columns.map((c) => `"${c}" ${c === 'row' ? 'jsonb' : c.startsWith('valid') ? 'date' : c.startsWith('known') ? 'timestamptz' : 'text'}`).join(', ')})`,
    );
    const limitStart = now();
    await limitSql.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 100) {
        const chunk = rows.slice(i, i + 100);
        const values = chunk
          .map((_, j) => `(${columns.map((_, c) => `$${j * columns.length + c + 1}`).join(', ')})`)
          .join(', ');
        await tx.query(
          `INSERT INTO copy (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`,
          chunk.flatMap((r) => columns.map((c) => (c === 'row' ? JSON.stringify(r[c]) : r[c]))),
        );
      }
    });
    const limitMs = now() - limitStart;
    await limitSql.close();
    return {
      bench: 'publish-rows',
      unit: 'rows/s',
      ours: rate(rows.length, oursMs),
      peer: null,
      limit: rate(rows.length, limitMs),
      note: `${rows.length} history rows of townships + villages over ${renames + 5} steps into PGlite; limit = bare INSERTs of the same rows, one transaction`,
    };
  } finally {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const publishSuite: Suite = {
  name: 'publish',
  run: async (ctx) => [await publishRows(ctx)],
};
