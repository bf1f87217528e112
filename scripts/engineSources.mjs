// The files whose code decides what the server stores of a workspace (its index, rca-lint's
// cache): the core and the rules, with every module of the repository they import, followed
// through relative imports. The wiki-link syntax and the spelling of URIs live in shared/: a
// change there must make a stored index unread as surely as a change in the core.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['server/src/core', 'server/src/rules'];

/** Repository-relative paths, sorted. */
export function engineSources() {
  const found = new Set();
  const visit = (file) => {
    if (found.has(file)) return;
    found.add(file);
    for (const [, specifier] of readFileSync(join(REPO, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) visit(moduleFile(join(dirname(file), specifier)));
  };
  for (const dir of ROOTS) for (const name of readdirSync(join(REPO, dir)).sort()) visit(`${dir}/${name}`);
  return [...found].sort();
}

/** The file a relative import (joined to its importer's folder, so normalized) names: `x.ts`, `x/index.ts` for a folder, or `x` with its extension. */
function moduleFile(path) {
  const file = [`${path}.ts`, join(path, 'index.ts'), path].find((candidate) => statSync(join(REPO, candidate), { throwIfNoEntry: false })?.isFile());
  if (file === undefined) throw new Error(`${path}: an import the engine's sources cannot resolve`);
  return file;
}
