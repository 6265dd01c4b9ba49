#!/usr/bin/env node
// `npm start`: builds the admin UI on first start (if apps/admin/dist is missing), then runs
// `xianzhi serve` on the embedded store in ./data (the first start records the demo county, unless
// `npm start -- --no-demo` or XIANZHI_DEMO=off).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'apps/admin/dist/index.html'))) {
  console.log('首次启动：构建管理界面 first start: building the admin UI…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@xianzhi/admin'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const serve = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'apps/server/src/cli.ts'), 'serve', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(serve.status ?? 1);
