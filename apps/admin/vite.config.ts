/**
 * Vite build of the admin UI. `npm run dev` proxies the API to a server on :3000; the built `dist`
 * is served by the server itself at /.
 *
 * Plugins' admin pages: every workspace plugin whose package.json exports `./admin` is compiled in as
 * a lazy chunk (virtual module `virtual:xianzhi/plugin-admin`); the server's `system.modules` decides
 * which of them appear.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const pluginsDir = resolve(here, '../../plugins');
const VIRTUAL = 'virtual:xianzhi/plugin-admin';

/** Where an `exports` entry points (a string, or a conditions object). */
function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const e = entry as Record<string, unknown>;
    return exportTarget(e.browser ?? e.import ?? e.default);
  }
  return undefined;
}

/**
 * The workspace plugins with pages: specifier (`@xianzhi/plugin-education/admin`, as the server's
 * `system.modules` names it) → the file it exports. A plugin whose admin file does not exist yet
 * is left out rather than failing the build.
 */
function pluginAdminEntries(): [string, string][] {
  if (!existsSync(pluginsDir)) return [];
  const out: [string, string][] = [];
  for (const dir of readdirSync(pluginsDir)) {
    const file = join(pluginsDir, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      exports?: Record<string, unknown>;
    };
    const target = exportTarget(pkg.exports?.['./admin']);
    if (!pkg.name || !target) continue;
    const path = resolve(pluginsDir, dir, target);
    if (existsSync(path)) out.push([`${pkg.name}/admin`, path]);
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}

function pluginAdmin(): Plugin {
  return {
    name: 'xianzhi-plugin-admin',
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      const lines = pluginAdminEntries().map(
        ([specifier, path]) => `  ${JSON.stringify(specifier)}: () => import(${JSON.stringify(path)}),`,
      );
      return `export const pluginAdminLoaders = {\n${lines.join('\n')}\n};\n`;
    },
  };
}

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), pluginAdmin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/trpc': { target: api, changeOrigin: false },
      '/export': api,
      '/healthz': api,
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
