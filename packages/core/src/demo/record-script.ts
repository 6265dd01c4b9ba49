/**
 * Records a module's demo script: its commands through `executeCommand` (so every rule is checked),
 * then its bulk appends as they are. Idempotent: every command and append carries a key, so
 * running the demo again writes nothing twice.
 */
import type { EventStore } from '@xianzhi/event-store';
import type { ModuleDefinition } from '@xianzhi/kernel';
import { executeCommand, type ProjectionRuntime } from '@xianzhi/projections';
import type { DemoScript } from './types';

export interface ScriptResult {
  written: number;
  replayed: number;
}

export async function recordDemoScript(
  context: { store: EventStore; runtime: ProjectionRuntime },
  script: DemoScript,
  modules: readonly ModuleDefinition[],
  onProgress?: (message: string) => void,
): Promise<ScriptResult> {
  const module = modules.find((m) => m.name === script.module);
  if (!module) throw new Error(`the demo script of "${script.module}" needs its module registered`);
  const result: ScriptResult = { written: 0, replayed: 0 };
  for (const c of script.commands) {
    const command = module.commands[c.command];
    if (!command) throw new Error(`module "${script.module}" has no command "${c.command}"`);
    const r = await executeCommand(context, command, c.input, { actor: 'demo', idempotencyKey: c.key });
    if (r.replayed) result.replayed += r.events.length;
    else result.written += r.events.length;
  }
  if (script.appends) {
    let last = 0;
    let streams = 0;
    for await (const batch of script.appends()) {
      // All appends of a batch are issued before any is awaited, so the runtime takes the batch in
      // at once: a lifecycle ends after the next request began, and each intake rewinds a little.
      const appended = await Promise.all(
        batch.map((a) =>
          context.store.append(a.stream, a.events, { expectedRevision: 'no-stream', idempotencyKey: a.key }),
        ),
      );
      for (const r of appended) {
        if (r.replayed) result.replayed += r.events.length;
        else result.written += r.events.length;
        last = Math.max(last, r.lastPosition);
      }
      streams += batch.length;
      onProgress?.(`${script.module}: ${streams} streams appended`);
    }
    await context.runtime.waitForPosition(last);
  }
  onProgress?.(
    `${script.summary}: ${result.written} events written${result.replayed ? `, ${result.replayed} already recorded` : ''}`,
  );
  return result;
}
