#!/usr/bin/env node
// Checks the workspace's dependency rules (reference/style.md, "Layout and boundaries"):
//   1. packages depend only downwards: core <- proxy-modes <- scenarios <- tools/*; nothing depends on tools;
//   2. a source file imports another workspace package only through its name (no deep imports, no
//      relative paths that leave the package) and only if its package.json declares it;
//   3. no import cycles between the files of a package.
// Exits 1 with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const layers = [
  ['packages/core', 0],
  ['packages/proxy-modes', 1],
  ['packages/scenarios', 2],
  ['tools/cli', 3],
  ['tools/bench', 3],
];
const packages = layers.map(([dir, layer]) => {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  return { dir, layer, name: manifest.name, deps: { ...manifest.dependencies, ...manifest.devDependencies } };
});
const byName = new Map(packages.map((p) => [p.name, p]));
const problems = [];

for (const pkg of packages) {
  for (const dep of Object.keys(pkg.deps)) {
    const target = byName.get(dep);
    if (target && target.layer >= pkg.layer) {
      problems.push(
        `${pkg.dir}/package.json: ${pkg.name} may not depend on ${dep} (dependencies point down: core <- proxy-modes <- scenarios <- tools)`,
      );
    }
  }
}

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'golden') continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

for (const pkg of packages) {
  const pkgRoot = join(root, pkg.dir);
  const graph = new Map();
  for (const file of sourceFiles(pkgRoot)) {
    const text = readFileSync(file, 'utf8');
    const edges = [];
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2];
      const where = relative(root, file);
      if (spec.startsWith('@svcsim/')) {
        const [scope, name, ...rest] = spec.split('/');
        const depName = `${scope}/${name}`;
        if (rest.length > 0)
          problems.push(
            `${where}: deep import ${spec}; import from ${depName} (its src/index.ts names the public API)`,
          );
        if (!(depName in pkg.deps) && depName !== pkg.name)
          problems.push(`${where}: imports ${depName}, which ${pkg.dir}/package.json does not declare`);
      } else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        if (!target.startsWith(pkgRoot + sep))
          problems.push(`${where}: relative import ${spec} leaves ${pkg.dir}; import the package by name`);
        else edges.push(target);
      }
    }
    graph.set(file.replace(/\.js$/, '.ts'), edges);
  }
  // Depth-first search for a back edge; report each cycle once, as the chain of files.
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack
          .slice(stack.indexOf(next))
          .concat(next)
          .map((f) => relative(root, f));
        problems.push(`import cycle: ${cycle.join(' -> ')}`);
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
}

if (problems.length > 0) {
  console.error(`check-boundaries: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `check-boundaries: ${packages.length} packages, dependencies point one way, no deep imports, no import cycles`,
);
