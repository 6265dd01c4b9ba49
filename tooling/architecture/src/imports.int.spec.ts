/**
 * No import cycles in packages/ and plugins/: a cycle ties files (or whole modules) together so
 * that neither can be read, tested or moved on its own — e.g. a module's index importing its demo
 * story while the story imports the module.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cycles, describeCycle, importGraph } from './imports';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const scratch = mkdtempSync(join(tmpdir(), 'xianzhi-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('import cycles', () => {
  it('packages/ and plugins/ have none', () => {
    const graph = importGraph(root, ['packages', 'plugins']);
    expect(graph.size).toBeGreaterThan(150);
    expect(cycles(graph).map((c) => describeCycle(graph, c, root))).toEqual([]);
  });

  it('finds a cycle through a re-export, a type-only import, a dynamic import and a workspace package entry', () => {
    const files = {
      'packages/a/package.json': JSON.stringify({
        name: '@xianzhi/a',
        exports: { '.': './src/index.ts', './server': './src/server.ts' },
      }),
      'packages/a/src/index.ts': "export * from './model';\n",
      'packages/a/src/model.ts': "import type { Hook } from './hooks';\nexport const model = 1;\n",
      'packages/a/src/hooks.ts':
        "export type Hook = () => Promise<unknown>;\nexport const load = () => import('@xianzhi/a/server');\n",
      'packages/a/src/server.ts': "export { model } from '@xianzhi/a';\n",
      'packages/a/src/apart.ts': "import { model } from './index';\nexport const x = model;\n",
      'packages/a/src/apart.spec.ts': "import { x } from './apart';\nimport './apart.spec';\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(scratch, path, '..'), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    const graph = importGraph(scratch, ['packages']);
    const found = cycles(graph);
    expect(found).toHaveLength(1);
    expect(found[0]!.map((f) => f.slice(scratch.length + 1))).toEqual([
      'packages/a/src/hooks.ts',
      'packages/a/src/index.ts',
      'packages/a/src/model.ts',
      'packages/a/src/server.ts',
    ]);
    expect(describeCycle(graph, found[0]!, scratch)).toContain(
      'packages/a/src/hooks.ts -> packages/a/src/server.ts',
    );
  });
});
