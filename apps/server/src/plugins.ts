/**
 * The department plugins this server can load. Which ones are enabled is configuration
 * (XIANZHI_PLUGINS, default: all). A disabled plugin's procedures and pages disappear; its events
 * stay in the log, and enabling it again folds its read models from the log.
 *
 * `npm run new:plugin -- <name>` adds a new plugin's import and entry at the marked lines.
 */
import type { ModuleDefinition } from '@xianzhi/kernel';
import education from '@xianzhi/plugin-education/server';
import health from '@xianzhi/plugin-health/server';
import enforcement from '@xianzhi/plugin-enforcement/server';
import talent from '@xianzhi/plugin-talent/server';
import assets from '@xianzhi/plugin-assets/server';
// new plugins: imports above this line

export const BUNDLED_PLUGINS: ModuleDefinition[] = [
  education,
  health,
  enforcement,
  talent,
  assets,
  // new plugins: entries above this line
];

/** The enabled plugins: all bundled ones, or those named (unknown names are an error). */
export function enabledPlugins(
  names?: readonly string[],
  bundled: readonly ModuleDefinition[] = BUNDLED_PLUGINS,
): ModuleDefinition[] {
  if (names === undefined) return [...bundled];
  const unknown = names.filter((n) => !bundled.some((p) => p.name === n));
  if (unknown.length) {
    throw new Error(
      `XIANZHI_PLUGINS names unknown plugins: ${unknown.join(', ')}; bundled: ${bundled.map((p) => p.name).join(', ') || '(none)'}`,
    );
  }
  return bundled.filter((p) => names.includes(p.name));
}
