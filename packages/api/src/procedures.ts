/**
 * Builders for the two common procedure shapes, so a module router is a list of declarations:
 * a read-model query (every one takes `asOf` and `knownAt`) and a module command (validated input,
 * idempotency key from the input or the `Idempotency-Key` header, actor from the token).
 */
import { z } from 'zod';
import type { AnyCommand, CommandDefinition, RecordedEvent } from '@xianzhi/kernel';
import { executeCommand } from '@xianzhi/projections';
import { procedure, type ProcedureMeta } from './trpc';

const time = z
  .string()
  .min(1)
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, { error: 'expected a date (2019-12-20) or an instant with an offset' });

/** `{ asOf?, knownAt? }` — accepted by every read-model query. */
export const asOfShape = { asOf: time.optional(), knownAt: time.optional() };
export const asOfInput = z.object(asOfShape);

type Options = Pick<ProcedureMeta, 'divisions' | 'columns' | 'summary'>;

/**
 * A query procedure answering `projection.query(input)` as of `asOf`, as known at `knownAt`.
 *
 * @example
 * tree: projectionQuery('divisions', 'divisions.tree', 'tree', z.object({ rootId: z.string().optional() }), { divisions: (i) => [(i as { rootId?: string }).rootId] }),
 */
export function projectionQuery<Shape extends z.ZodRawShape>(
  module: string,
  projection: string,
  query: string,
  input: z.ZodObject<Shape>,
  options: Options = {},
) {
  const schema = input.extend(asOfShape);
  return procedure
    .meta({ module, access: 'read', ...options })
    .input(schema)
    .query(async ({ ctx, input: raw }) => {
      const { asOf, knownAt, ...rest } = raw as { asOf?: string; knownAt?: string } & Record<string, unknown>;
      const at = { ...(asOf === undefined ? {} : { asOf }), ...(knownAt === undefined ? {} : { knownAt }) };
      return ctx.runtime.query<unknown>(projection, query, rest, at);
    });
}

export interface CommandOutput {
  stream: string;
  replayed: boolean;
  noop: boolean;
  lastPosition: number;
  events: { id: string; type: string; position: number; revision: number; effectiveAt: string }[];
}

/**
 * A mutation running a module command through its decider. The input is the command's own schema
 * plus an optional `idempotencyKey`. `answer` adds fields to the output, computed from the parsed
 * input and the recorded events (e.g. the codes an adjustment assigned).
 *
 * @example
 * enactAdjustment: commandMutation('divisions', enactAdjustment, { answer: (input, events) => ({ assigned: assignedCodes(input, events) }) }),
 */
export function commandMutation<Shape extends z.ZodRawShape, Extra extends object = Record<never, never>>(
  module: string,
  command: CommandDefinition<z.ZodObject<Shape>, unknown> | AnyCommand,
  options: Options & { answer?: (input: z.output<z.ZodObject<Shape>>, events: readonly RecordedEvent[]) => Extra } = {},
) {
  const { answer, ...meta } = options;
  const schema = (command.input as z.ZodObject<Shape>).extend({ idempotencyKey: z.string().min(1).max(200).optional() });
  return procedure
    .meta({ module, access: 'write', ...meta })
    .input(schema)
    .mutation(async ({ ctx, input }): Promise<CommandOutput & Extra> => {
      const { idempotencyKey, ...rest } = input as { idempotencyKey?: string } & Record<string, unknown>;
      const key = idempotencyKey ?? ctx.idempotencyKey;
      const result = await executeCommand({ store: ctx.store, runtime: ctx.runtime }, command as AnyCommand, rest, {
        actor: ctx.caller ? `token:${ctx.caller.name}` : 'anonymous',
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      const output: CommandOutput = {
        stream: result.stream,
        replayed: result.replayed,
        noop: result.noop,
        lastPosition: result.lastPosition,
        events: result.events.map((e) => ({ id: e.id, type: e.type, position: e.position, revision: e.revision, effectiveAt: e.metadata.effectiveAt })),
      };
      return { ...output, ...(answer ? answer(rest as z.output<z.ZodObject<Shape>>, result.events) : ({} as Extra)) };
    });
}
