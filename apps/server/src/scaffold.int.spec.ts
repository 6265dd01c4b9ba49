/**
 * The plugin kit: `npm run new:plugin -- <name>` creates a working plugin that passes its own specs,
 * registers it with the server, and the server mounts its procedures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  it('creates a plugin that passes its own specs, registers it, and the server mounts it', { timeout: 180_000 }, async () => {
    const registerFile = join(tmp, 'plugins.ts');
    copyFileSync(join(root, 'apps/server/src/plugins.ts'), registerFile);
    const out = execFileSync(
      process.execPath,
      [join(root, 'scripts/new-plugin.mjs'), name, '--dir', `plugins/.scaffold-${name}`, '--register-file', registerFile, '--title-zh', '试点', '--title-en', 'Pilot'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toContain('created');
    const registered = readFileSync(registerFile, 'utf8');
    expect(registered).toContain(`import ${name} from '@xianzhi/plugin-${name}/server';`);
    expect(registered).toMatch(new RegExp(`^  ${name},$`, 'm'));
    // refuses bad names and existing folders
    expect(spawnSync(process.execPath, [join(root, 'scripts/new-plugin.mjs'), 'Bad-Name'], { cwd: root }).status).toBe(2);

    // its own specs pass
    const specs = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: pluginDir, encoding: 'utf8' });
    expect(specs.status, specs.stdout + specs.stderr).toBe(0);
    expect(specs.stdout).toMatch(/2 passed/);
    // and it typechecks and lints under the repo's strict settings
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', pluginDir], { encoding: 'utf8' });
    expect(tsc.status, tsc.stdout).toBe(0);
    const lint = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.'], { cwd: pluginDir, encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);

    // the server mounts its router and records its demo
    const plugin = ((await import(join(pluginDir, 'src/server.ts'))) as { default: ModuleDefinition }).default;
    const platform = await openPlatform({ eventStore: join(tmp, 'events.db'), cachePath: join(tmp, 'cache.db'), plugins: [plugin] });
    try {
      await runDemo({ store: platform.store, runtime: platform.runtime }, { modules: platform.modules, today: '2026-11-29', scale: 'small' });
      const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
      const caller = createCallerFactory(router)({
        store: platform.store,
        runtime: platform.runtime,
        caller: { tokenId: 't', name: 'test', scopes: [`${name}:read`] },
        requestId: 'r',
        divisions: runtimeDivisions(platform.runtime),
        log: () => {},
      }) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      const rows = (await caller[name]!.byTownship!({ asOf: '2019-06-01' })) as { items: number }[];
      expect(rows.reduce((n, r) => n + r.items, 0)).toBe(3);
      expect(platform.scopes).toContain(`${name}:write`);
    } finally {
      await platform.close();
    }
  });
});
