// The layers import downward only (see ARCHITECTURE.md): read every source
// file's import specifiers and check each against the layer rules.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { REPO } from './support';

type Layer = 'shared' | 'core' | 'rules' | 'features' | 'adapter' | 'client';

/** Server layers in import order: each may import its own layer and those before it. */
const SERVER_ORDER: readonly Layer[] = ['shared', 'core', 'rules', 'features', 'adapter'];
/** Layers that must run in a browser as well as in Node. */
const PLATFORM_NEUTRAL: ReadonlySet<Layer> = new Set(['shared', 'core', 'rules', 'features']);
/** Layers with no LSP or editor types: they speak the product's own model. */
const NO_EDITOR_PACKAGES: ReadonlySet<Layer> = new Set(['shared', 'core', 'rules']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function layerOf(path: string): Layer | undefined {
  if (path.startsWith('shared/')) return 'shared';
  if (path.startsWith('server/src/core/')) return 'core';
  if (path.startsWith('server/src/rules/')) return 'rules';
  if (path.startsWith('server/src/features/')) return 'features';
  if (path.startsWith('server/src/')) return 'adapter';
  if (path.startsWith('client/src/')) return 'client';
  return undefined;
}

interface Import {
  /** Repository-relative path of the importing file. */
  readonly from: string;
  readonly specifier: string;
}

/** Why `imp` breaks the layering, or undefined when it does not. */
function violation(imp: Import): string | undefined {
  const layer = layerOf(imp.from);
  if (layer === undefined) return undefined;
  const packageName = imp.specifier.split('/')[0];
  if (!imp.specifier.startsWith('.')) {
    if (PLATFORM_NEUTRAL.has(layer) && (NODE_BUILTINS.has(imp.specifier) || NODE_BUILTINS.has(packageName))) return `${layer} imports the Node built-in ${imp.specifier}`;
    if (NO_EDITOR_PACKAGES.has(layer) && (packageName === 'vscode' || packageName.startsWith('vscode-languageserver') || packageName.startsWith('vscode-languageclient'))) {
      // The shared protocol declares its requests with the protocol package's neutral entry.
      if (!(layer === 'shared' && imp.specifier === 'vscode-languageserver-protocol')) return `${layer} imports the editor package ${imp.specifier}`;
    }
    return undefined;
  }
  const target = resolveModule(posix.join(posix.dirname(imp.from), imp.specifier));
  const targetLayer = layerOf(target);
  if (targetLayer === undefined) return `${layer} imports ${target}, outside every layer`;
  if (layer === 'client') return targetLayer === 'client' || targetLayer === 'shared' ? undefined : `the client imports server internals (${target})`;
  if (targetLayer === 'client') return `${layer} imports the client (${target})`;
  return SERVER_ORDER.indexOf(targetLayer) <= SERVER_ORDER.indexOf(layer) ? undefined : `${layer} imports ${targetLayer} (${target}): layers import downward only`;
}

/** The file a relative specifier names: `x.ts`, or `x/index.ts` for a folder. */
function resolveModule(path: string): string {
  return existsSync(join(REPO, `${path}.ts`)) || !existsSync(join(REPO, path, 'index.ts')) ? `${path}.ts` : `${path}/index.ts`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Static imports and exports, `import()` and `require()`, read by TypeScript's own pre-processor. */
function importsOf(path: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(REPO, path), 'utf8'), true, true);
  return info.importedFiles.map((file) => ({ from: path, specifier: file.fileName }));
}

describe('layers', () => {
  test('the rules catch each kind of upward or sideways import', () => {
    const broken: Import[] = [
      { from: 'server/src/core/service.ts', specifier: '../rules' },
      { from: 'server/src/core/parse.ts', specifier: '../features/format' },
      { from: 'server/src/core/service.ts', specifier: '../server' },
      { from: 'server/src/core/service.ts', specifier: 'node:fs' },
      { from: 'server/src/core/text.ts', specifier: 'path' },
      { from: 'server/src/core/model.ts', specifier: 'vscode-languageserver' },
      { from: 'server/src/rules/linkRules.ts', specifier: '../features/linkTools' },
      { from: 'server/src/features/report.ts', specifier: '../lspConvert' },
      { from: 'server/src/features/report.ts', specifier: 'fs/promises' },
      { from: 'shared/protocol.ts', specifier: '../server/src/core/model' },
      { from: 'shared/csv.ts', specifier: '../client/src/dashboard' },
      { from: 'client/src/dashboard.ts', specifier: '../../server/src/features/report' },
      { from: 'client/src/webview/messages.ts', specifier: '../../../server/src/core/model' },
    ];
    for (const imp of broken) assert.ok(violation(imp), `${imp.from} -> ${imp.specifier} should break the layering`);
    const fine: Import[] = [
      { from: 'server/src/core/service.ts', specifier: './workspace' },
      { from: 'server/src/rules/linkRules.ts', specifier: '../core/links' },
      { from: 'server/src/features/report.ts', specifier: '../../../shared/protocol' },
      { from: 'server/src/server.ts', specifier: './rules' },
      { from: 'server/src/nodeWorkspace.ts', specifier: 'node:fs' },
      { from: 'client/src/dashboard.ts', specifier: '../../shared/csv' },
      { from: 'shared/protocol.ts', specifier: 'vscode-languageserver-protocol' },
    ];
    for (const imp of fine) assert.equal(violation(imp), undefined, `${imp.from} -> ${imp.specifier}`);
  });

  test('every import of the server, the shared folder and the client goes downward', () => {
    const files = ['server/src', 'shared', 'client/src'].flatMap(sourceFiles);
    assert.ok(files.length > 50, `found ${files.length} source files`);
    const imports = files.flatMap(importsOf);
    assert.ok(imports.some((imp) => imp.from === 'server/src/core/service.ts' && imp.specifier === './workspace'), 'imports are read');
    const problems = imports.flatMap((imp) => {
      const why = violation(imp);
      return why === undefined ? [] : [`${imp.from}: ${why}`];
    });
    assert.deepEqual(problems, []);
  });
});
