/**
 * A module's admin pages: its package's `./admin` entry default-exports `definePluginAdmin(…)`, and
 * the admin's registry (apps/admin/src/modules.ts) lists it under the module's name — the compiler
 * checks the name against the server's module list.
 */
import type { ComponentType } from 'react';
import type { Lang } from './format';

/** The global time control: as of this date, as known at this time (both absent: now). */
export interface TimeAt {
  asOf?: string;
  knownAt?: string;
}

/** What every module page receives from the shell. */
export interface PluginPageProps {
  /** Add it to every query's input: the read models answer as of it. */
  at: TimeAt;
  lang: Lang;
}

export interface PluginAdminPage {
  /** URL segment under /plugins/<module>/ */
  path: string;
  title: Record<Lang, string>;
  /** Lazily loads the page (its default export). */
  load: () => Promise<{ default: ComponentType<PluginPageProps> }>;
}

export interface PluginAdmin<Name extends string = string> {
  name: Name;
  pages: PluginAdminPage[];
}

/** How the admin's registry loads a module's `./admin` entry. */
export type AdminEntryLoader<Name extends string = string> = () => Promise<{ default: PluginAdmin<Name> }>;

/**
 * @example
 * export default definePluginAdmin({ name: 'education', pages: [{ path: 'layout', title: { zh: '学校布局', en: 'School layout' }, load: () => import('./LayoutPage') }] });
 */
export function definePluginAdmin<const Name extends string>(admin: PluginAdmin<Name>): PluginAdmin<Name> {
  return admin;
}
