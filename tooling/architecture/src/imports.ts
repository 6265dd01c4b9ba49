/**
 * The import graph of the monorepo's source files, and its cycles. Every import counts — static,
 * type-only, dynamic `import()` and re-exports — because each ties two files together: a cycle of
 * them makes a module unreadable on its own and breaks as soon as one import becomes a value.
 * Workspace packages (`@xianzhi/…`) resolve through their package.json `exports`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportGraph = Map<string, Set<string>>;

const SOURCE = /\.(ts|tsx)$/;
const NOT_SOURCE = /\.(spec|test-d)\.tsx?$|\.d\.ts$/;

/** Source files under `dir` (tests, fixtures and node_modules left out). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(entry) && !NOT_SOURCE.test(entry)) out.push(path);
  }
  return out;
}

/** `@xianzhi/name[/sub]` → the file its package.json exports for that entry. */
function workspaceEntries(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const group of ['packages', 'plugins', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const pkgPath = join(base, name, 'package.json');
      if (!existsSync(pkgPath)) continue;
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
        name?: string;
        exports?: Record<string, string> | string;
      };
      if (!pkg.name || pkg.exports === undefined) continue;
      const exports = typeof pkg.exports === 'string' ? { '.': pkg.exports } : pkg.exports;
      for (const [sub, target] of Object.entries(exports)) {
        if (typeof target !== 'string') continue;
        entries.set(
          sub === '.' ? pkg.name : `${pkg.name}/${sub.replace(/^\.\//, '')}`,
          resolve(base, name, target),
        );
      }
    }
  }
  return entries;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * The graph of imports between the source files under `dirs` (relative to `root`): file → the
 * files it imports that are themselves in the graph.
 */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const entries = workspaceEntries(root);
  const files = dirs.flatMap((d) => (existsSync(join(root, d)) ? sourceFiles(join(root, d)) : []));
  const inGraph = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : entries.get(specifier);
      if (target && inGraph.has(target) && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of more than one file (Tarjan). */
export function cycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One line per import inside a cycle: `a.ts -> b.ts`, paths relative to `root`. */
export function describeCycle(graph: ImportGraph, cycle: readonly string[], root: string): string {
  const members = new Set(cycle);
  const edges = cycle.flatMap((from) =>
    [...(graph.get(from) ?? [])]
      .filter((to) => members.has(to))
      .map((to) => `  ${relative(root, from)} -> ${relative(root, to)}`),
  );
  return `a cycle of ${cycle.length} files:\n${edges.join('\n')}`;
}

/** The modules a file imports for their values (type-only imports and re-exports left out), as written. */
export function valueImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    false,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/**
 * Every module an entry reaches through value imports (relative files and workspace entries are
 * followed; anything else — `node:*`, npm packages — is a leaf): module specifier → one chain of
 * files that reaches it (entry first).
 */
export function reachedFrom(root: string, entry: string): Map<string, string[]> {
  const entries = workspaceEntries(root);
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(file)) {
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : entries.get(specifier);
      if (!reached.has(specifier)) reached.set(specifier, [...chain, relative(root, file)]);
      if (target) walk(target, [...chain, relative(root, file)]);
    }
  };
  const start = entries.get(entry);
  if (!start) throw new Error(`no workspace entry ${entry}`);
  walk(start, []);
  return reached;
}
