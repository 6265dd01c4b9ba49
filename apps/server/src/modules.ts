/**
 * The composition root's one list of modules: every module the product bundles, core and plugins,
 * in registration order. The server opens its events, read models and routers from it; the app
 * router's type is built from it (so every procedure is typed in the admin); the admin's own list of
 * page entries (apps/admin/src/modules.ts) is checked against it by the compiler.
 *
 * Which plugins are enabled is configuration (XIANZHI_PLUGINS, default: all). A disabled plugin's
 * procedures and pages disappear; its events stay in the log, and enabling it again folds its read
 * models from the log. `npm run new:plugin -- <name>` adds a new plugin to BUNDLED_PLUGINS.
 */
import type { ModuleDefinition } from '@xianzhi/kernel';
import { coreModules } from '@xianzhi/core/server';
import { chronicleModule } from '@xianzhi/chronicle/server';
import education from '@xianzhi/plugin-education/server';
import health from '@xianzhi/plugin-health/server';
import enforcement from '@xianzhi/plugin-enforcement/server';
import talent from '@xianzhi/plugin-talent/server';
import assets from '@xianzhi/plugin-assets/server';
import { webhooksModule } from './webhooks/module';

/** The department plugins this server can load. */
export const BUNDLED_PLUGINS = [education, health, enforcement, talent, assets] as const;

/**
 * Every bundled module — core, the server's webhooks, the plugins — and the chronicle told from them
 * (its procedures' types do not depend on which modules it tells): the app router's type is built
 * from this list.
 */
export const MODULES = [
  ...coreModules,
  webhooksModule,
  ...BUNDLED_PLUGINS,
  chronicleModule([...coreModules, ...BUNDLED_PLUGINS]),
] as const;

export type BundledModules = typeof MODULES;
/** The names of the bundled plugins (the admin's page entries are keyed by them). */
export type PluginName = (typeof BUNDLED_PLUGINS)[number]['name'];

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
