/**
 * The target database: PostgreSQL through `pg` (postgres://…), or PGlite — PostgreSQL compiled to
 * WebAssembly — in a folder (pglite:<folder>, or pglite:memory), for tests and trials.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction: all of it is committed, or nothing. */
  transaction<T>(fn: (tx: Pick<SqlClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openSql(url: string): Promise<SqlClient> {
  if (url.startsWith('pglite:')) {
    const where = url.slice('pglite:'.length).replace(/^\/\//, '');
    const db = where === 'memory' || where === '' ? new PGlite() : new PGlite(where);
    await db.waitReady;
    return {
      query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
      transaction: (fn) =>
        db.transaction(async (tx) =>
          fn({ query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows }),
        ),
      close: () => db.close(),
    };
  }
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(
      `--url: expected postgres://user:password@host:5432/database (or pglite:<folder>), got "${url}"`,
    );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const query = async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[];
  return {
    query,
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const r = await fn({ query });
        await client.query('COMMIT');
        return r;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    close: () => client.end(),
  };
}

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A quoted SQL string literal (for COMMENT ON, which takes no parameters). */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
