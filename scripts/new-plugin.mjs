#!/usr/bin/env node
// npm run new:plugin -- <name> [--title-zh 名称] [--title-en Name] [--dir plugins]
//                              [--server-registry apps/server/src/modules.ts] [--admin-registry apps/admin/src/modules.ts] [--no-register]
//
// Creates a working plugin from tooling/plugin-template (one event, one command, one read model that
// follows township mergers, one admin page on the admin kit's typed hooks, passing specs) and adds it
// to the two registries: the server's module list (BUNDLED_PLUGINS) and the admin's page entries
// (PLUGIN_PAGES). The lists are edited through the TypeScript parser, not by markers: whatever their
// formatting, the new entry goes at the end of the declared literal (or the script stops, saying why).
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valued = ['--title-zh', '--title-en', '--dir', '--server-registry', '--admin-registry'];
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = args.find((a, i) => !a.startsWith('--') && !(i > 0 && valued.includes(args[i - 1])));

function fail(message) {
  console.error(`new:plugin: ${message}`);
  process.exit(2);
}

if (!name)
  fail('give the plugin a name: npm run new:plugin -- <name>   (lower-case letters and digits, e.g. water)');
if (!/^[a-z][a-z0-9]{1,30}$/.test(name))
  fail(
    `"${name}" is not a plugin name: use 2–31 lower-case letters and digits, starting with a letter (it becomes event types such as ${name}.item-recorded)`,
  );
const reserved = [
  'access',
  'divisions',
  'events',
  'system',
  'personnel',
  'services',
  'institutions',
  'reform',
  'kernel',
  'core',
];
if (reserved.includes(name)) fail(`"${name}" is taken by a core module or the platform`);
// the name is also a variable in the registries
if (ts.stringToToken(name) !== undefined && ts.stringToToken(name) <= ts.SyntaxKind.LastKeyword)
  fail(`"${name}" is a JavaScript keyword: choose another name`);

const dir = resolve(root, flag('dir', 'plugins'), name);
if (existsSync(dir)) fail(`${relative(root, dir)} already exists`);
const serverRegistry = resolve(root, flag('server-registry', 'apps/server/src/modules.ts'));
const adminRegistry = resolve(root, flag('admin-registry', 'apps/admin/src/modules.ts'));
const register = !args.includes('--no-register');

/** The array or object literal `const <list> = …` is initialised with (through `as const` / `satisfies`). */
function listLiteral(file, source, list) {
  let found;
  const visit = (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === list &&
      node.initializer
    ) {
      let init = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))
        init = init.expression;
      found = init;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found || !(ts.isArrayLiteralExpression(found) || ts.isObjectLiteralExpression(found)))
    fail(`${relative(root, file)}: no \`const ${list} = [ … ]\` or \`{ … }\` to add the plugin to`);
  return found;
}

/** The registry's text with `entry` appended to list `list` (and `importLine` after the last import). */
function withEntry(file, list, entry, has, importLine) {
  if (!existsSync(file)) fail(`${relative(root, file)} does not exist`);
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literal = listLiteral(file, source, list);
  const items = ts.isArrayLiteralExpression(literal) ? literal.elements : literal.properties;
  if (items.some(has)) fail(`${relative(root, file)}: ${list} already lists "${name}"`);
  const multiline = text.slice(literal.getStart(source), literal.end).includes('\n');
  const last = items.at(-1);
  const indent = last ? /[ \t]*$/.exec(text.slice(0, last.getStart(source)))[0] : '  ';
  let at;
  let insert;
  if (!last) {
    at = literal.getStart(source) + 1;
    insert = multiline ? `\n${indent}${entry},` : entry;
  } else {
    at = items.hasTrailingComma ? text.indexOf(',', last.end) + 1 : last.end;
    insert = multiline
      ? `${items.hasTrailingComma ? '' : ','}\n${indent}${entry}${items.hasTrailingComma ? ',' : ''}`
      : `, ${entry}`;
  }
  let out = text.slice(0, at) + insert + text.slice(at);
  if (importLine) {
    const imports = source.statements.filter(ts.isImportDeclaration);
    const after = imports.length ? imports.at(-1).end : 0;
    out = out.slice(0, after) + (after ? '\n' : '') + importLine + (after ? '' : '\n') + out.slice(after);
  }
  return out;
}

// Check both registries before anything is written.
const edits = register
  ? [
      [
        serverRegistry,
        withEntry(
          serverRegistry,
          'BUNDLED_PLUGINS',
          name,
          (e) => e.getText() === name,
          `import ${name} from '@xianzhi/plugin-${name}/server';`,
        ),
      ],
      [
        adminRegistry,
        withEntry(
          adminRegistry,
          'PLUGIN_PAGES',
          `${name}: () => import('@xianzhi/plugin-${name}/admin')`,
          (p) => p.name?.getText() === name,
        ),
      ],
    ]
  : [];

const titleZh = flag('title-zh', name);
const titleEn = flag('title-en', name[0].toUpperCase() + name.slice(1));
const template = join(root, 'tooling/plugin-template');
cpSync(template, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
const replace = (text) =>
  text.replaceAll('__name__', name).replaceAll('__title_zh__', titleZh).replaceAll('__title_en__', titleEn);
(function walk(d) {
  for (const entry of readdirSync(d)) {
    const p = join(d, entry);
    if (statSync(p).isDirectory()) walk(p);
    else writeFileSync(p, replace(readFileSync(p, 'utf8')));
  }
})(dir);
// The template's tsconfig extends ../../tsconfig.base.json: fix the path for other depths.
const tsconfig = join(dir, 'tsconfig.json');
writeFileSync(
  tsconfig,
  readFileSync(tsconfig, 'utf8').replace(
    '../../tsconfig.base.json',
    relative(dir, join(root, 'tsconfig.base.json')),
  ),
);
console.log(`created ${relative(root, dir) || dir}`);

for (const [file, text] of edits) {
  writeFileSync(file, text);
  console.log(`registered in ${relative(root, file)}`);
}
console.log(
  `next: npm install (links @xianzhi/plugin-${name}), then npm test -w @xianzhi/plugin-${name}; rebuild the admin UI to see its page (npm run build -w @xianzhi/admin)`,
);
