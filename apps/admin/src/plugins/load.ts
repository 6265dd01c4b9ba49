/**
 * Plugins' admin pages (the kernel's `PluginAdmin` contract): an entry and each of its pages are
 * loaded once, and the same promise is handed out every time, so a component can `use()` it.
 */
import type { ComponentType } from 'react';
import { pluginAdminLoaders } from 'virtual:xianzhi/plugin-admin';
import type { PluginAdmin, PluginPageProps } from '@xianzhi/kernel';

export class PluginContractError extends Error {}

function isPluginAdmin(value: unknown): value is PluginAdmin {
  const pages = (value as { pages?: unknown } | null)?.pages;
  return (
    Array.isArray(pages) &&
    pages.every(
      (p) =>
        typeof (p as { path?: unknown }).path === 'string' &&
        typeof (p as { load?: unknown }).load === 'function',
    )
  );
}

const entries = new Map<string, Promise<PluginAdmin>>();
const pages = new Map<string, Promise<ComponentType<PluginPageProps> | null>>();

/** Whether this build holds the admin entry the server names (`@xianzhi/plugin-education/admin`). */
export function hasAdminEntry(specifier: string): boolean {
  return specifier in pluginAdminLoaders;
}

export function loadEntry(specifier: string): Promise<PluginAdmin> {
  let p = entries.get(specifier);
  if (!p) {
    const loader = pluginAdminLoaders[specifier];
    p = loader
      ? loader().then((m) => {
          if (!isPluginAdmin(m.default))
            throw new PluginContractError(
              `${specifier}: its default export is not definePluginAdmin({ name, pages })`,
            );
          return m.default;
        })
      : Promise.reject(new PluginContractError(`${specifier} is not in this build`));
    entries.set(specifier, p);
  }
  return p;
}

/** The component of page `path` (the first page when undefined), or null when the plugin has none. */
export function loadPage(
  specifier: string,
  path: string | undefined,
): Promise<ComponentType<PluginPageProps> | null> {
  const key = `${specifier}#${path ?? ''}`;
  let p = pages.get(key);
  if (!p) {
    p = loadEntry(specifier).then(async (entry) => {
      const page = entry.pages.find((x) => x.path === path) ?? entry.pages[0];
      if (!page) return null;
      const m = await page.load();
      if (typeof m.default !== 'function' && typeof m.default !== 'object')
        throw new PluginContractError(`${specifier} page ${page.path}: no default export`);
      return m.default as ComponentType<PluginPageProps>;
    });
    pages.set(key, p);
  }
  return p;
}
