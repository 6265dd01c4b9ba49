/**
 * Builders for procedures, so a module router is a list of declarations: a read-model query (every
 * one takes `asOf` and `knownAt`), a module command (validated input, idempotency key from the input
 * or the `Idempotency-Key` header, actor from the token), and `defineProcedure` for the rest.
 *
 * Every builder makes the input strict (an unknown field anywhere is a 400 naming it) and puts the
 * scope gate after validation, so a procedure declaring `scoped` is checked on what it really reads.
 */
import { z } from 'zod';
import type {
  AnyCommand,
  AnyProjection,
  CommandDefinition,
  QueryInput,
  QueryName,
  QueryOutput,
  RecordedEvent,
} from '@xianzhi/kernel';
import { executeCommand } from '@xianzhi/projections';
import { procedure, scopeGate, type ApiContext, type ProcedureMeta, type ScopeRule } from './trpc';
import { strictInput } from './strict';

const time = z
  .string()
  .min(1)
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, {
    error: 'expected a date (2019-12-20) or an instant with an offset',
  });

/** The input of a procedure that takes none: nothing, or `{}` (any field is refused). */
export const noInput = z.strictObject({}).optional();

/** `{ asOf?, knownAt? }` — accepted by every read-model query. */
export const asOfShape = {
  asOf: time
    .describe('按哪一天（或哪一时刻）的状态回答：日期 2019-12-20 或带时区的时刻；不填为今天')
    .optional(),
  knownAt: time
    .describe('按哪一时刻已记录的内容回答（之后补录、更正的不算）：日期或带时区的时刻；不填为现在')
    .optional(),
};
export const asOfInput = z.strictObject(asOfShape);

/** `{ asOf, knownAt }` with only the given ones (for runtime queries). */
export function atOf(input: { asOf?: string | undefined; knownAt?: string | undefined } | undefined): {
  asOf?: string;
  knownAt?: string;
} {
  return {
    ...(input?.asOf === undefined ? {} : { asOf: input.asOf }),
    ...(input?.knownAt === undefined ? {} : { knownAt: input.knownAt }),
  };
}

/**
 * A procedure with its metadata and a strict input, gated by its scope rule; add `.query(…)` or
 * `.mutation(…)`. For a limited token, a resolver of a `within` rule reads `ctx.scope`.
 *
 * @example
 * rosterRows: defineProcedure({ module: 'personnel', access: 'read', scoped: { within: true } }, rosterInput).query(async ({ ctx, input }) => …),
 */
export function defineProcedure<Schema extends z.ZodType>(
  meta: Omit<ProcedureMeta, 'scoped'> & { scoped?: ScopeRule<z.output<Schema>> },
  input: Schema,
) {
  return procedure.meta(meta).input(strictInput(input)).use(scopeGate);
}

/** The divisions a limited caller's read model keeps to on `at` (`within`), or undefined when unrestricted. */
export async function withinOf(
  ctx: Pick<ApiContext, 'scope'>,
  at: { asOf?: string; knownAt?: string },
): Promise<string[] | undefined> {
  return ctx.scope?.kind === 'subtree' ? ctx.scope.within(at) : undefined;
}

type Options<Input> = Pick<ProcedureMeta, 'columns' | 'summary'> & { scoped?: ScopeRule<Input> };

/**
 * A query procedure answering `projection.query(input)` as of `asOf`, as known at `knownAt`. The
 * projection is given by its definition, so the query's name is checked and its answer's type
 * reaches the caller (the admin's typed hooks). With a `within` scope rule, a limited caller's
 * divisions go to the query as `within` (the read model keeps to its rows of those divisions).
 *
 * @example
 * tree: projectionQuery('divisions', divisionTree, 'tree', z.object({ rootId: z.string().optional() }), { scoped: { names: (i) => [i.rootId], narrow: (i, rootId) => ({ ...i, rootId }) } }),
 */
export function projectionQuery<P extends AnyProjection, K extends QueryName<P>, Shape extends z.ZodRawShape>(
  module: string,
  projection: P,
  query: K,
  input: z.ZodObject<Shape>,
  options: Options<z.output<z.ZodObject<Shape>> & { asOf?: string; knownAt?: string }> = {},
) {
  const schema = input.extend(asOfShape);
  return defineProcedure({ module, access: 'read', ...options } as ProcedureMeta, schema).query(
    async ({ ctx, input: raw }): Promise<QueryOutput<P, K>> => {
      const { asOf, knownAt, ...rest } = raw as { asOf?: string; knownAt?: string } & Record<string, unknown>;
      const at = atOf({ asOf, knownAt });
      const within = options.scoped?.within ? await withinOf(ctx, at) : undefined;
      // The validated input (plus `within`) is what the read model's query takes: the schema is written for it.
      const args = (within === undefined ? rest : { ...rest, within }) as QueryInput<P, K>;
      return ctx.runtime.query(projection, query, args, at);
    },
  );
}

export interface CommandOutput {
  stream: string;
  replayed: boolean;
  noop: boolean;
  lastPosition: number;
  events: { id: string; type: string; position: number; revision: number; effectiveAt: string }[];
}

/** Runs a module command for the caller (actor from the token; idempotency key from the input or header). */
export async function runCommand(
  ctx: ApiContext,
  command: AnyCommand,
  input: Record<string, unknown>,
  idempotencyKey?: string,
): Promise<CommandOutput> {
  return (await runCommandRecording(ctx, command, input, idempotencyKey)).output;
}

/** `runCommand`, with the recorded events themselves (for an answer computed from them). */
async function runCommandRecording(
  ctx: ApiContext,
  command: AnyCommand,
  input: Record<string, unknown>,
  idempotencyKey?: string,
): Promise<{ output: CommandOutput; events: readonly RecordedEvent[] }> {
  const key = idempotencyKey ?? ctx.idempotencyKey;
  const result = await executeCommand({ store: ctx.store, runtime: ctx.runtime }, command, input, {
    actor: ctx.caller ? `token:${ctx.caller.name}` : 'anonymous',
    ...(key === undefined ? {} : { idempotencyKey: key }),
  });
  const output: CommandOutput = {
    stream: result.stream,
    replayed: result.replayed,
    noop: result.noop,
    lastPosition: result.lastPosition,
    events: result.events.map((e) => ({
      id: e.id,
      type: e.type,
      position: e.position,
      revision: e.revision,
      effectiveAt: e.metadata.effectiveAt,
    })),
  };
  return { output, events: result.events };
}

/**
 * A mutation running a module command through its decider. The input is the command's own schema
 * plus an optional `idempotencyKey`. For tokens limited to a division, `scoped.touches` resolves
 * every division the command touches from the read models (ids in the input only suggest them).
 * `answer` adds fields to the output, computed from the parsed input and the recorded events (e.g.
 * the codes an adjustment assigned).
 *
 * @example
 * enactAdjustment: commandMutation('divisions', enactAdjustment, { scoped: adjustmentScope, answer: (input, events) => ({ assigned: assignedCodes(input, events) }) }),
 */
export function commandMutation<
  Shape extends z.ZodRawShape,
  // The options as given: the answer's type is read from them (a type parameter of the answer
  // alone would be inferred from the router record's contextual type — any — when absent).
  O extends CommandOptions<z.output<z.ZodObject<Shape>>> = CommandOptions<z.output<z.ZodObject<Shape>>>,
>(module: string, command: CommandDefinition<z.ZodObject<Shape>, unknown> | AnyCommand, options?: O) {
  const { answer, ...meta } = options ?? {};
  const schema = (command.input as z.ZodObject<Shape>).extend({
    idempotencyKey: z.string().min(1).max(200).optional(),
  });
  return defineProcedure({ module, access: 'write', ...meta } as ProcedureMeta, schema).mutation(
    async ({ ctx, input }): Promise<CommandOutput & AnswerOf<O>> => {
      const { idempotencyKey, ...rest } = input as { idempotencyKey?: string } & Record<string, unknown>;
      const { output, events } = await runCommandRecording(ctx, command as AnyCommand, rest, idempotencyKey);
      return {
        ...output,
        ...(answer ? answer(rest as z.output<z.ZodObject<Shape>>, events) : {}),
      } as CommandOutput & AnswerOf<O>;
    },
  );
}

/** The options of `commandMutation`: access and docs, and what the answer adds to the command's output. */
export type CommandOptions<Input> = Options<Input & { idempotencyKey?: string }> & {
  answer?: (input: Input, events: readonly RecordedEvent[]) => object;
};
type AnswerOf<O> = O extends { answer: (...args: never[]) => infer R } ? R : Record<never, never>;
