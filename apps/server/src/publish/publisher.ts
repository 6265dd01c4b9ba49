/**
 * Keeps read models in PostgreSQL for BI tools: for each model a current-state table and a
 * bitemporal history table, so "as of D, as known at T" is one WHERE:
 *
 *   valid_from <= D AND (valid_to IS NULL OR valid_to > D)          -- valid time (dates)
 *   AND known_from <= T AND (known_to IS NULL OR known_to > T)      -- transaction time
 *
 * How: the log is walked in transaction time, one step per recording instant (events recorded
 * together). At each step the model's answer is asked from the API's own procedure as of every
 * valid-time point the step can change (the effective dates on or after the earliest date it
 * touches, a retraction touching its event's date), as known at that instant. The history as known
 * then is the answer's runs over the points; what differs from the history as known before is
 * closed (`known_to`) or opened (`known_from`). Each step is one transaction with the model's
 * checkpoint (`<schema>._checkpoints`): a crash (even kill -9) leaves the database at a step
 * boundary, and the next run resumes after it — nothing twice, nothing missing.
 */
import { createHash } from 'node:crypto';
import { retractedEventId } from '@xianzhi/kernel';
import type { ProjectionRuntime } from '@xianzhi/projections';
import { snake, type PublishedModel } from './models';
import { ident, literal, type SqlClient } from './sql';

export type Row = Record<string, unknown>;

export interface PublishHost {
  runtime: ProjectionRuntime;
  /** Calls a query procedure as the API answers it (admin rights), with `asOf`/`knownAt` in the input. */
  call: (procedure: string, input: Record<string, unknown>) => Promise<unknown>;
  /** The columns of a model's rows (key → Chinese name), from its procedure. */
  columnsOf: (procedure: string) => Record<string, string>;
}

export interface PublishOptions {
  schema: string;
  models: PublishedModel[];
  /** Called after each committed step. */
  onStep?: (model: string, done: number, total: number) => void;
}

interface Step {
  position: number;
  recordedAt: string;
  /** The earliest valid date the step can change. */
  from: string;
  /** The effective dates the step brings. */
  dates: string[];
}

const dateOf = (effectiveAt: string) => effectiveAt.slice(0, 10);

/** The log's steps in transaction time (events recorded at one instant form one step). */
export function stepsOf(runtime: ProjectionRuntime): Step[] {
  const steps: Step[] = [];
  for (const { event: e } of runtime.timeline.bySeq) {
    const dates = [dateOf(e.metadata.effectiveAt)];
    const retracted = retractedEventId(e);
    const target = retracted === undefined ? undefined : runtime.findEvent(retracted)?.event;
    if (target) dates.push(dateOf(target.metadata.effectiveAt));
    const last = steps[steps.length - 1];
    if (last && last.recordedAt === e.metadata.recordedAt) {
      last.position = e.position;
      last.dates.push(...dates);
      last.from = [last.from, ...dates].sort()[0]!;
    } else {
      steps.push({
        position: e.position,
        recordedAt: e.metadata.recordedAt,
        from: [...dates].sort()[0]!,
        dates,
      });
    }
  }
  return steps;
}

const rowsOf = (answer: unknown): Row[] =>
  Array.isArray(answer) ? (answer as Row[]) : ((answer as { rows?: Row[] } | null)?.rows ?? []);
const keyOf = (row: Row): string =>
  typeof row.id === 'string' ? row.id : typeof row.code === 'string' ? row.code : JSON.stringify(row);

interface Tuple {
  key: string;
  row: Row;
  digest: string;
  validFrom: string;
  validTo: string | null;
}

const tupleKey = (t: Pick<Tuple, 'key' | 'digest' | 'validFrom' | 'validTo'>) =>
  `${t.key}|${t.validFrom}|${t.validTo ?? ''}|${t.digest}`;

/** The history as runs of equal rows over the valid-time points. */
function tuplesOf(
  points: string[],
  rowsAt: Map<string, Map<string, { row: Row; digest: string }>>,
): Map<string, Tuple> {
  const out = new Map<string, Tuple>();
  const open = new Map<string, Tuple>();
  for (const p of points) {
    const rows = rowsAt.get(p) ?? new Map<string, { row: Row; digest: string }>();
    for (const [key, t] of open) {
      const now = rows.get(key);
      if (!now || now.digest !== t.digest) {
        t.validTo = p;
        out.set(tupleKey(t), t);
        open.delete(key);
      }
    }
    for (const [key, { row, digest }] of rows) {
      if (!open.has(key)) open.set(key, { key, row, digest, validFrom: p, validTo: null });
    }
  }
  for (const t of open.values()) out.set(tupleKey(t), t);
  return out;
}

export class Publisher {
  readonly #host: PublishHost;
  readonly #sql: SqlClient;
  readonly #options: PublishOptions;

  constructor(host: PublishHost, sql: SqlClient, options: PublishOptions) {
    this.#host = host;
    this.#sql = sql;
    this.#options = options;
  }

  #columns(model: PublishedModel): [string, string][] {
    return Object.entries(this.#host.columnsOf(model.procedure));
  }

  /** Creates the schema, the checkpoint table and each model's tables (idempotent), with Chinese comments. */
  async prepare(): Promise<void> {
    const s = ident(this.#options.schema);
    await this.#sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await this.#sql.query(
      `CREATE TABLE IF NOT EXISTS ${s}._checkpoints (model text PRIMARY KEY, position bigint NOT NULL, recorded_at timestamptz NOT NULL, published_at timestamptz NOT NULL DEFAULT now())`,
    );
    await this.#sql.query(
      `COMMENT ON TABLE ${s}._checkpoints IS ${literal('发布进度：每个模型已发布到的日志位置（与数据在同一事务中写入）')}`,
    );
    for (const model of this.#options.models) {
      const cols = this.#columns(model);
      const defs = cols.map(([k]) => `${ident(snake(k))} text`).join(', ');
      const current = `${s}.${ident(model.table)}`;
      const history = `${s}.${ident(`${model.table}_history`)}`;
      await this.#sql.query(
        `CREATE TABLE IF NOT EXISTS ${current} (key text PRIMARY KEY, ${defs}, row jsonb NOT NULL)`,
      );
      await this.#sql.query(
        `CREATE TABLE IF NOT EXISTS ${history} (id bigserial PRIMARY KEY, key text NOT NULL, ${defs}, row jsonb NOT NULL, digest text NOT NULL, valid_from date NOT NULL, valid_to date, known_from timestamptz NOT NULL, known_to timestamptz)`,
      );
      await this.#sql.query(
        `CREATE INDEX IF NOT EXISTS ${ident(`${model.table}_history_asof`)} ON ${history} (valid_from, known_from)`,
      );
      await this.#sql.query(`COMMENT ON TABLE ${current} IS ${literal(`${model.title}（当前状态）`)}`);
      await this.#sql.query(
        `COMMENT ON TABLE ${history} IS ${literal(`${model.title}（历史：有效时间 valid_from/valid_to，记录时间 known_from/known_to）`)}`,
      );
      const comments: [string, string][] = [
        ['key', '标识（内部编号）'],
        ['row', '整行（JSON）'],
        ...cols.map(([k, zh]): [string, string] => [snake(k), zh]),
      ];
      for (const [table, extra] of [
        [current, []],
        [
          history,
          [
            ['digest', '整行摘要'],
            ['valid_from', '生效日期（含）'],
            ['valid_to', '失效日期（不含；空为至今）'],
            ['known_from', '记录时间起（含）'],
            ['known_to', '记录时间止（不含；空为至今）'],
          ],
        ],
      ] as [string, [string, string][]][]) {
        for (const [col, zh] of [...comments, ...extra])
          await this.#sql.query(`COMMENT ON COLUMN ${table}.${ident(col)} IS ${literal(zh)}`);
      }
    }
  }

  async #ask(
    model: PublishedModel,
    asOf: string | undefined,
    knownAt: string,
  ): Promise<Map<string, { row: Row; digest: string }>> {
    const answer = await this.#host.call(model.procedure, {
      ...model.input,
      ...(asOf === undefined ? {} : { asOf }),
      knownAt,
    });
    const out = new Map<string, { row: Row; digest: string }>();
    for (const row of rowsOf(answer)) {
      const json = JSON.stringify(row);
      out.set(keyOf(row), { row, digest: createHash('sha1').update(json).digest('hex') });
    }
    return out;
  }

  /** Publishes every step after each model's checkpoint; refreshes the current-state tables. Returns the steps committed. */
  async catchUp(): Promise<number> {
    const steps = stepsOf(this.#host.runtime);
    let committed = 0;
    for (const model of this.#options.models) committed += await this.#catchUpModel(model, steps);
    return committed;
  }

  async #catchUpModel(model: PublishedModel, steps: Step[]): Promise<number> {
    const s = ident(this.#options.schema);
    const history = `${s}.${ident(`${model.table}_history`)}`;
    const [checkpoint] = await this.#sql.query<{ position: string }>(
      `SELECT position FROM ${s}._checkpoints WHERE model = $1`,
      [model.table],
    );
    const done = checkpoint ? Number(checkpoint.position) : 0;
    const todo = steps.filter((st) => st.position > done);
    const past = steps.filter((st) => st.position <= done);
    // the history as known at the checkpoint: asked again (the API is deterministic), matched with the open rows
    const points = [...new Set(past.flatMap((st) => st.dates))].sort();
    const rowsAt = new Map<string, Map<string, { row: Row; digest: string }>>();
    const knownAt = past[past.length - 1]?.recordedAt;
    if (knownAt) for (const p of points) rowsAt.set(p, await this.#ask(model, p, knownAt));
    const openRows = await this.#sql.query<{
      id: string;
      key: string;
      digest: string;
      vf: string;
      vt: string | null;
    }>(
      `SELECT id, key, digest, to_char(valid_from, 'YYYY-MM-DD') AS vf, to_char(valid_to, 'YYYY-MM-DD') AS vt FROM ${history} WHERE known_to IS NULL`,
    );
    let open = new Map(
      openRows.map((r) => [tupleKey({ key: r.key, digest: r.digest, validFrom: r.vf, validTo: r.vt }), r.id]),
    );
    const cols = this.#columns(model);

    let n = 0;
    for (const step of todo) {
      for (const d of step.dates) if (!points.includes(d)) points.push(d);
      points.sort();
      for (const p of points) if (p >= step.from) rowsAt.set(p, await this.#ask(model, p, step.recordedAt));
      const tuples = tuplesOf(points, rowsAt);
      const closing = [...open].filter(([k]) => !tuples.has(k)).map(([, id]) => id);
      const opening = [...tuples].filter(([k]) => !open.has(k)).map(([, t]) => t);
      const inserted = await this.#sql.transaction(async (tx) => {
        if (closing.length)
          await tx.query(`UPDATE ${history} SET known_to = $1 WHERE id = ANY($2::bigint[])`, [
            step.recordedAt,
            closing,
          ]);
        const ids: [string, string][] = [];
        for (let i = 0; i < opening.length; i += 100) {
          const chunk = opening.slice(i, i + 100);
          const width = cols.length + 6;
          const values = chunk
            .map((_, j) => `(${Array.from({ length: width }, (_, c) => `$${j * width + c + 1}`).join(', ')})`)
            .join(', ');
          const params = chunk.flatMap((t) => [
            t.key,
            ...cols.map(([k]) => text(t.row[k])),
            JSON.stringify(t.row),
            t.digest,
            t.validFrom,
            t.validTo,
            step.recordedAt,
          ]);
          const rows = await tx.query<{
            id: string;
            key: string;
            digest: string;
            vf: string;
            vt: string | null;
          }>(
            `INSERT INTO ${history} (key, ${cols.map(([k]) => ident(snake(k))).join(', ')}, row, digest, valid_from, valid_to, known_from) VALUES ${values} RETURNING id, key, digest, to_char(valid_from, 'YYYY-MM-DD') AS vf, to_char(valid_to, 'YYYY-MM-DD') AS vt`,
            params,
          );
          for (const r of rows)
            ids.push([tupleKey({ key: r.key, digest: r.digest, validFrom: r.vf, validTo: r.vt }), r.id]);
        }
        await tx.query(
          `INSERT INTO ${s}._checkpoints (model, position, recorded_at) VALUES ($1, $2, $3) ON CONFLICT (model) DO UPDATE SET position = EXCLUDED.position, recorded_at = EXCLUDED.recorded_at, published_at = now()`,
          [model.table, step.position, step.recordedAt],
        );
        return ids;
      });
      open = new Map([...[...open].filter(([k]) => tuples.has(k)), ...inserted]);
      n += 1;
      this.#options.onStep?.(model.table, n, todo.length);
    }
    await this.#refreshCurrent(model, steps[steps.length - 1]?.recordedAt);
    return n;
  }

  /** The current-state table: the answer as of now, as known at the last step published. */
  async #refreshCurrent(model: PublishedModel, knownAt: string | undefined): Promise<void> {
    if (!knownAt) return;
    const s = ident(this.#options.schema);
    const current = `${s}.${ident(model.table)}`;
    const rows = await this.#ask(model, undefined, knownAt);
    const cols = this.#columns(model);
    await this.#sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${current}`);
      const list = [...rows];
      for (let i = 0; i < list.length; i += 100) {
        const chunk = list.slice(i, i + 100);
        const width = cols.length + 2;
        const values = chunk
          .map((_, j) => `(${Array.from({ length: width }, (_, c) => `$${j * width + c + 1}`).join(', ')})`)
          .join(', ');
        await tx.query(
          `INSERT INTO ${current} (key, ${cols.map(([k]) => ident(snake(k))).join(', ')}, row) VALUES ${values}`,
          chunk.flatMap(([key, { row }]) => [key, ...cols.map(([k]) => text(row[k])), JSON.stringify(row)]),
        );
      }
    });
  }
}

/** A cell as text (objects as JSON; null stays null). */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
