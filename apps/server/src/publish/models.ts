/**
 * What can be published: read-model queries that answer rows, with their columns' Chinese names
 * (the procedures' `columns`, as for exports). A few are named for BI (`townships`, `villages`…);
 * any query procedure with columns that needs no input can be named by its path (`education.schools`).
 */
import type { ProcedureMeta } from '@xianzhi/api';

export interface PublishedModel {
  /** The table name (the history table is `<table>_history`). */
  table: string;
  /** The query procedure whose answer is published, and its input. */
  procedure: string;
  input: Record<string, unknown>;
  /** A Chinese description of the table. */
  title: string;
}

export const NAMED_MODELS: Record<string, Omit<PublishedModel, 'table'>> = {
  townships: { procedure: 'divisions.list', input: { level: 'township' }, title: '乡镇（街道）' },
  villages: { procedure: 'divisions.list', input: { level: 'village' }, title: '村（社区）' },
  groups: { procedure: 'divisions.list', input: { level: 'group' }, title: '村民（居民）小组' },
};

type Procedures = Record<string, { _def: { type: string; meta?: ProcedureMeta } }>;

/** The models named on the command line (default: townships, villages). */
export function resolveModels(names: readonly string[], procedures: Procedures): PublishedModel[] {
  return names.map((name) => {
    const named = NAMED_MODELS[name];
    if (named) return { table: name, ...named };
    const proc = Object.hasOwn(procedures, name) ? procedures[name] : undefined;
    if (!proc || proc._def.type !== 'query' || !proc._def.meta?.columns) {
      const rows = Object.entries(procedures)
        .filter(([, p]) => p._def.type === 'query' && p._def.meta?.columns)
        .map(([path]) => path);
      throw new Error(
        `--models: "${name}" is not a model to publish; use ${Object.keys(NAMED_MODELS).join(', ')} or a query with columns: ${rows.join(', ')}`,
      );
    }
    return {
      table: name.replace(/\./g, '_'),
      procedure: name,
      input: {},
      title: proc._def.meta.summary ?? name,
    };
  });
}

export const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
