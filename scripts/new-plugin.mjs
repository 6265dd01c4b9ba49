#!/usr/bin/env node
// npm run new:plugin -- <name> [--title-zh 名称] [--title-en Name] [--dir plugins] [--register-file apps/server/src/plugins.ts] [--no-register]
//
// Creates a working plugin from tooling/plugin-template (one event, one command, one read model that
// follows township mergers, one admin page, passing specs) and registers it with the server.
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--no-register'));

function fail(message) {
  console.error(`new:plugin: ${message}`);
  process.exit(2);
}

if (!name) fail('give the plugin a name: npm run new:plugin -- <name>   (lower-case letters and digits, e.g. water)');
if (!/^[a-z][a-z0-9]{1,30}$/.test(name)) fail(`"${name}" is not a plugin name: use 2–31 lower-case letters and digits, starting with a letter (it becomes event types such as ${name}.item-recorded)`);
const reserved = ['access', 'divisions', 'events', 'system', 'personnel', 'services', 'institutions', 'reform', 'kernel'];
if (reserved.includes(name)) fail(`"${name}" is taken by a core module`);

const dir = resolve(root, flag('dir', 'plugins'), name);
if (existsSync(dir)) fail(`${relative(root, dir)} already exists`);
const titleZh = flag('title-zh', name);
const titleEn = flag('title-en', name[0].toUpperCase() + name.slice(1));

const template = join(root, 'tooling/plugin-template');
cpSync(template, dir, { recursive: true });
const replace = (text) => text.replaceAll('__name__', name).replaceAll('__title_zh__', titleZh).replaceAll('__title_en__', titleEn);
(function walk(d) {
  for (const entry of readdirSync(d)) {
    const p = join(d, entry);
    if (statSync(p).isDirectory()) walk(p);
    else writeFileSync(p, replace(readFileSync(p, 'utf8')));
  }
})(dir);
// The template's tsconfig extends ../../tsconfig.base.json: fix the path for other depths.
const tsconfig = join(dir, 'tsconfig.json');
writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('../../tsconfig.base.json', relative(dir, join(root, 'tsconfig.base.json'))));
console.log(`created ${relative(root, dir) || dir}`);

if (!args.includes('--no-register')) {
  const file = resolve(root, flag('register-file', 'apps/server/src/plugins.ts'));
  let text = readFileSync(file, 'utf8');
  const importMarker = '// new plugins: imports above this line';
  const entryMarker = '  // new plugins: entries above this line';
  if (!text.includes(importMarker) || !text.includes(entryMarker)) fail(`${relative(root, file)} lacks the registration markers`);
  text = text.replace(importMarker, `import ${name} from '@xianzhi/plugin-${name}/server';\n${importMarker}`);
  text = text.replace(entryMarker, `  ${name},\n${entryMarker}`);
  writeFileSync(file, text);
  console.log(`registered in ${relative(root, file)}`);
}
console.log(`next: npm install (links @xianzhi/plugin-${name}), then npm test -w @xianzhi/plugin-${name}`);
