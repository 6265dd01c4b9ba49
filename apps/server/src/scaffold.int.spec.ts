/**
 * The plugin kit: `npm run new:plugin -- <name>` creates a working plugin that passes its own specs,
 * adds it to both registries (the server's module list and the admin's page entries), its procedures
 * are typed in its admin pages, and the server mounts them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createCallerFactory, runtimeDivisions } from '@xianzhi/api';
import type { ModuleDefinition } from '@xianzhi/kernel';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform } from './platform';
import { createAppRouter } from './router';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const name = `kit${Date.now().toString(36)}`;
const pluginsDir = join(root, 'plugins', `.scaffold-${name}`);
const pluginDir = join(pluginsDir, name);
const tmp = mkdtempSync(join(tmpdir(), 'xianzhi-scaffold-'));

afterAll(() => {
  rmSync(pluginsDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('plugin scaffold', () => {
  it(
    'creates a plugin that passes its own specs, registers it, and the server mounts it',
    { timeout: 180_000 },
    async () => {
      const serverRegistry = join(tmp, 'server-modules.ts');
      const adminRegistry = join(tmp, 'admin-modules.ts');
      copyFileSync(join(root, 'apps/server/src/modules.ts'), serverRegistry);
      copyFileSync(join(root, 'apps/admin/src/modules.ts'), adminRegistry);
      const out = execFileSync(
        process.execPath,
        [
          join(root, 'scripts/new-plugin.mjs'),
          name,
          '--dir',
          `plugins/.scaffold-${name}`,
          '--server-registry',
          serverRegistry,
          '--admin-registry',
          adminRegistry,
          '--title-zh',
          '试点',
          '--title-en',
          'Pilot',
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(out).toContain('created');
      const server = readFileSync(serverRegistry, 'utf8');
      expect(server).toContain(`import ${name} from '@xianzhi/plugin-${name}/server';`);
      expect(server).toMatch(new RegExp(`BUNDLED_PLUGINS = \\[[^\\]]*\\b${name}\\][^\\]]*as const`));
      expect(readFileSync(adminRegistry, 'utf8')).toContain(
        `  ${name}: () => import('@xianzhi/plugin-${name}/admin'),`,
      );
      // refuses bad names, and a plugin both registries already list
      expect(
        spawnSync(process.execPath, [join(root, 'scripts/new-plugin.mjs'), 'Bad-Name'], { cwd: root }).status,
      ).toBe(2);
      const again = spawnSync(
        process.execPath,
        [
          join(root, 'scripts/new-plugin.mjs'),
          name,
          '--dir',
          join(tmp, 'again'),
          '--server-registry',
          serverRegistry,
          '--admin-registry',
          adminRegistry,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(again.status).toBe(2);
      expect(again.stderr).toContain(`BUNDLED_PLUGINS already lists "${name}"`);

      // small: the source a department starts from (specs aside)
      const lines = (d: string): number =>
        readdirSync(d).reduce((n, f) => {
          const p = join(d, f);
          if (statSync(p).isDirectory()) return n + lines(p);
          return /\.tsx?$/.test(f) && !f.includes('.spec.')
            ? n +
                readFileSync(p, 'utf8')
                  .split('\n')
                  .filter((l) => l.trim()).length
            : n;
        }, 0);
      expect(lines(join(pluginDir, 'src'))).toBeLessThanOrEqual(150);

      // its procedures are typed in its admin pages: a wrong input does not compile (an unused
      // expect-error directive fails tsc below, so untyped procedures would fail this test)
      writeFileSync(
        join(pluginDir, 'src/admin/typed.test-d.ts'),
        [
          `import type { useModuleApi } from '@xianzhi/admin-kit';`,
          `import type { ${name}Router } from '../router';`,
          ``,
          `declare const api: ReturnType<typeof useModuleApi<'${name}', typeof ${name}Router>>;`,
          `export const right = api.byTownship.queryOptions({ asOf: '2019-06-01' });`,
          `// @ts-expect-error asOf is a date, not a number`,
          `export const wrong = api.byTownship.queryOptions({ asOf: 20190601 });`,
          `// @ts-expect-error recordItem needs its township`,
          `export const incomplete = api.recordItem.mutationOptions().mutationFn?.({ effectiveAt: '2019-06-01' });`,
          ``,
        ].join('\n'),
      );

      // its own specs pass
      const specs = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run'], {
        cwd: pluginDir,
        encoding: 'utf8',
      });
      expect(specs.status, specs.stdout + specs.stderr).toBe(0);
      expect(specs.stdout).toMatch(/2 passed/);
      // and it typechecks and lints under the repo's strict settings
      const tsc = spawnSync(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', pluginDir],
        { encoding: 'utf8' },
      );
      expect(tsc.status, tsc.stdout).toBe(0);
      const lint = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.'], {
        cwd: pluginDir,
        encoding: 'utf8',
      });
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);

      // the server mounts its router and records its demo
      const plugin = ((await import(join(pluginDir, 'src/server.ts'))) as { default: ModuleDefinition })
        .default;
      const platform = await openPlatform({
        eventStore: join(tmp, 'events.db'),
        cachePath: join(tmp, 'cache.db'),
        plugins: [plugin],
      });
      try {
        await runDemo(
          { store: platform.store, runtime: platform.runtime },
          { modules: platform.modules, today: '2026-11-29', scale: 'small' },
        );
        const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
        const caller = createCallerFactory(router)({
          store: platform.store,
          runtime: platform.runtime,
          caller: { tokenId: 't', name: 'test', scopes: [`${name}:read`] },
          requestId: 'r',
          divisions: runtimeDivisions(platform.runtime),
          log: () => {},
        }) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
        const rows = (await caller[name]!.byTownship!({ asOf: '2019-06-01' })) as { count: number }[];
        expect(rows.reduce((n, r) => n + r.count, 0)).toBe(3);
        expect(platform.scopes).toContain(`${name}:write`);
      } finally {
        await platform.close();
      }
    },
  );
});
