/**
 * Plugins' admin pages, from the admin's registry (../modules): an entry and each of its pages are
 * loaded once, and the same promise is handed out every time, so a component can `use()` it.
 */
import type { ComponentType } from 'react';
import type { PluginAdmin, PluginPageProps } from '@xianzhi/admin-kit';
import { PLUGIN_PAGES } from '../modules';

export class PluginContractError extends Error {}

const loaders: Readonly<Record<string, (() => Promise<{ default: PluginAdmin }>) | null>> = PLUGIN_PAGES;
const entries = new Map<string, Promise<PluginAdmin>>();
const pages = new Map<string, Promise<ComponentType<PluginPageProps> | null>>();

/**
 * Whether this build has pages for the plugin the server names: `pages`, `none` (the plugin has no
 * pages), or `not-built` (a server newer than the built UI: a plugin added without rebuilding it).
 */
export function adminEntryOf(name: string): 'pages' | 'none' | 'not-built' {
  if (!Object.hasOwn(loaders, name)) return 'not-built';
  return loaders[name] === null ? 'none' : 'pages';
}

export function loadEntry(name: string): Promise<PluginAdmin> {
  let p = entries.get(name);
  if (!p) {
    const loader = Object.hasOwn(loaders, name) ? loaders[name] : null;
    p = loader
      ? loader().then((m) => m.default)
      : Promise.reject(new PluginContractError(`${name}: no pages in this build`));
    entries.set(name, p);
  }
  return p;
}

/** The component of page `path` (the first page when undefined), or null when the plugin has none. */
export function loadPage(
  name: string,
  path: string | undefined,
): Promise<ComponentType<PluginPageProps> | null> {
  const key = `${name}#${path ?? ''}`;
  let p = pages.get(key);
  if (!p) {
    p = loadEntry(name).then(async (entry) => {
      const page = entry.pages.find((x) => x.path === path) ?? entry.pages[0];
      return page ? (await page.load()).default : null;
    });
    pages.set(key, p);
  }
  return p;
}
