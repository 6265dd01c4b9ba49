/**
 * `xianzhi demo`: records the demo county — its divisions and their reform, then the story of each
 * module (core or plugin) through its `demo` hook — deterministically from a seed. Re-running it
 * writes nothing twice. This folder composes the modules' stories; no module imports it.
 */
import type { AppendOptions, AppendResult, EventStore } from '@xianzhi/event-store';
import {
  countyDate,
  seededRandom,
  type DemoContext,
  type ModuleDefinition,
  type NewEvent,
} from '@xianzhi/kernel';
import { executeCommand, type ProjectionRuntime } from '@xianzhi/projections';
import { enactAdjustment } from '../divisions/commands';
import {
  DEMO_COUNTY,
  foundingStep,
  groupStep,
  scheduledStep,
  townshipStep,
  villageStep,
  type DemoStep,
} from '../divisions/demo';

export { DEMO_COUNTY } from '../divisions/demo';
export { seededRandom, type Random } from '@xianzhi/kernel';
export * from './stories';

export interface DemoOptions {
  seed?: number;
  /** "Today" for the scheduled adjustment (default: the real date, UTC+8). */
  today?: string;
  onProgress?: (message: string) => void;
  /** Modules and plugins whose `demo` generators run after the divisions (in this order). */
  modules?: readonly ModuleDefinition[];
  /**
   * `full` (default): the county's real volume (~200,000 service requests, ~670,000 events with
   * every module). `small`: the same stories with bulk history scaled down (3,000 service
   * requests) — for tests and the UI journey. Passed to every module's demo as `context.scale`.
   */
  scale?: 'full' | 'small';
}

export interface DemoResult {
  written: number;
  replayed: number;
}

export async function runDemo(
  context: { store: EventStore; runtime: ProjectionRuntime },
  options: DemoOptions = {},
): Promise<DemoResult> {
  const random = seededRandom(options.seed ?? 2019);
  const today = options.today ?? countyDate(Date.now());
  const result: DemoResult = { written: 0, replayed: 0 };
  const run = async (step: DemoStep, label: string) => {
    const r = await executeCommand(context, enactAdjustment, step.input, {
      actor: 'demo',
      idempotencyKey: step.key,
    });
    if (r.replayed) result.replayed += r.events.length;
    else result.written += r.events.length;
    options.onProgress?.(`${label}: ${r.events.length} events${r.replayed ? ' (already recorded)' : ''}`);
  };
  await run(foundingStep(random), `${DEMO_COUNTY.name} 建县 (1992)`);
  await run(await townshipStep(random, context.runtime), '乡镇调整 33→13 (2019-12-20)');
  await run(await villageStep(random, context.runtime), '村（社区）调整 (2020-06-30)');
  await run(await groupStep(random, context.runtime), '村（居）民小组调整 (2020-12-31)');
  await run(await scheduledStep(context.runtime, today), '待生效的调整');
  for (const module of options.modules ?? []) {
    if (!module.demo) continue;
    const before = await context.store.headPosition();
    await module.demo(
      demoContext(context, options.seed ?? 2019, today, options.scale ?? 'full', options.onProgress, result),
    );
    options.onProgress?.(
      `${module.title.zh} ${module.name}: ${(await context.store.headPosition()) - before} events`,
    );
  }
  return result;
}

function demoContext(
  context: { store: EventStore; runtime: ProjectionRuntime },
  seed: number,
  today: string,
  scale: 'full' | 'small',
  onProgress: ((m: string) => void) | undefined,
  result: DemoResult,
): DemoContext {
  return {
    seed,
    countyCode: DEMO_COUNTY.code,
    today,
    scale,
    execute: async (command, input, options) => {
      const r = await executeCommand(context, command, input, {
        actor: 'demo',
        ...(options?.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      });
      if (r.replayed) result.replayed += r.events.length;
      else result.written += r.events.length;
    },
    append: async (stream, events, options) => {
      const r = await context.store.append(
        stream,
        events.map((e) => ({ ...e, metadata: { actor: 'demo', ...e.metadata } })),
        options?.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {},
      );
      if (r.replayed) result.replayed += r.events.length;
      else result.written += r.events.length;
      await context.runtime.waitForPosition(r.lastPosition);
    },
    appendMany: async (items) => {
      const store = context.store as EventStore & {
        appendMany?: (
          i: { stream: string; events: NewEvent[]; options?: AppendOptions }[],
        ) => Promise<AppendResult[]>;
      };
      const withActor = (events: NewEvent[]) =>
        events.map((e) => ({ ...e, metadata: { actor: 'demo', ...e.metadata } }));
      const results = store.appendMany
        ? await store.appendMany(
            items.map((i) => ({
              stream: i.stream,
              events: withActor(i.events),
              ...(i.idempotencyKey ? { options: { idempotencyKey: i.idempotencyKey } } : {}),
            })),
          )
        : await Promise.all(
            items.map((i) =>
              context.store.append(
                i.stream,
                withActor(i.events),
                i.idempotencyKey ? { idempotencyKey: i.idempotencyKey } : {},
              ),
            ),
          );
      let last = 0;
      for (const r of results) {
        if (r.replayed) result.replayed += r.events.length;
        else result.written += r.events.length;
        last = Math.max(last, r.lastPosition);
      }
      await context.runtime.waitForPosition(last);
    },
    query: (projection, query, input, at) => context.runtime.query(projection, query, input, at ?? {}),
    log: (m) => onProgress?.(m),
  };
}
