// The engine runs in a browser: bundled for `platform: 'browser'` (where a Node
// built-in does not resolve) and run in a V8 context holding only what a page
// or a web worker has, it indexes and lints a 3,000-file workspace and answers
// the navigation features. The web extension's two bundles (dist/web) take in no
// Node module, and run there: the server in a worker, answering an LSP session
// over postMessage, the client as the web extension host loads it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runInContext } from 'node:vm';
import { build, type BuildOptions } from 'esbuild';
import type { Probe } from './browser/engine';
import type { CompletionList, Hover, LocationLink } from 'vscode-languageserver-protocol';
import { FileServer } from '../client/src/fileServer';
import { WorkerSession } from './lspSession';
import { MemoryEditorFiles } from './memoryEditor';
import { exampleFiles, filesUnder, REPO, SEED_PATH, workerContext } from './support';

/** RCAs; bench/generate.mjs adds a few dozen runbooks, architecture pages and team notes. */
const RCAS = 3000;

/** How a browser main bundles the server: Node's Buffer replaced by the shim gray-matter needs. */
const BROWSER_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  globalName: 'engine',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  absWorkingDir: REPO,
  inject: [join(REPO, 'server/src/browser/bufferShim.ts')],
};

async function bundle(options: BuildOptions): Promise<string> {
  const result = await build({ ...BROWSER_BUNDLE, ...options });
  return result.outputFiles![0].text;
}

describe('the engine in a browser', () => {
  test('the sandbox has no Node globals, and a Node built-in fails the browser bundle', async () => {
    const context = workerContext();
    for (const name of ['process', 'Buffer', 'setImmediate', 'require', 'global', '__dirname']) {
      assert.equal(runInContext(`typeof ${name}`, context), 'undefined', name);
    }
    await assert.rejects(bundle({ stdin: { contents: "import { readFileSync } from 'node:fs'; readFileSync('x');", resolveDir: REPO } }), /Could not resolve "node:fs"/);
  });

  describe('a 3,000-file workspace', () => {
    let files: Record<string, string>;
    let defects: { file: string; code: string }[];
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'rca-browser-'));
      const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', dir, '--n', String(RCAS), '--seed', '11', '--broken', '0.05'], { encoding: 'utf8' });
      assert.equal(generated.status, 0, generated.stderr);
      defects = JSON.parse(readFileSync(join(dir, 'defects.json'), 'utf8'));
      files = filesUnder(dir);
      delete files['defects.json'];
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('is indexed and linted, and its links navigate', { timeout: 180_000 }, async () => {
      const markdown = Object.keys(files).filter((path) => path.endsWith('.md'));
      assert.ok(markdown.length > RCAS);
      // An RCA whose architecture link (with a #heading) and runbook link are intact.
      const broken = new Set(defects.map((d) => d.file));
      const path = markdown.find((p) => p.startsWith('rca/') && !broken.has(p))!;
      const lines = files[path].split(/\r?\n/);
      const archLine = lines.findIndex((l) => l.startsWith('- [[architecture-'));
      const runbookLine = lines.findIndex((l) => l.startsWith('- [[runbook-'));
      const probe: Probe = { path, link: { line: archLine, character: 6 }, completion: { line: runbookLine, character: 9 } };
      const category = /\[\[architecture-([a-z]+)#/.exec(lines[archLine])![1];

      const code = await bundle({ entryPoints: [join(REPO, 'test/browser/engine.ts')] });
      const context = workerContext();
      runInContext(code, context);
      const result = JSON.parse(await runInContext('engine.run', context)(files, probe));

      assert.deepEqual([...result.indexed].sort(), [...markdown].sort(), 'every Markdown file indexed');
      assert.deepEqual(result.logs, []);
      // Every injected defect is reported, broken wiki-links and wrong durations among them, and nothing else.
      assert.ok(['broken-wiki-link', 'duration-mismatch'].every((kind) => defects.some((d) => d.code === kind)));
      const problems: { file: string; code: string }[] = result.problems;
      assert.deepEqual(defects.filter((d) => !problems.some((p) => p.file === d.file && p.code === d.code)), [], 'defects not reported');
      assert.deepEqual(problems.filter((p) => !broken.has(p.file)), [], 'problems reported in files without a defect');

      assert.equal(result.definition.length, 1);
      assert.equal(result.definition[0].targetUri, `file:///ws/architecture/architecture-${category}.md`);
      assert.equal(result.definition[0].targetSelectionRange.start.line, 2, 'the #Components heading');
      assert.match(result.hover.contents.value, new RegExp(`architecture/architecture-${category}\\.md`));
      assert.ok(result.completion.some((label: string) => label.startsWith('runbook-')), `completion offered ${result.completion.slice(0, 5).join(', ')}`);
    });
  });
});

/** What esbuild took into a web bundle (scripts/build.mjs writes each bundle's metafile beside it). */
function bundleInputs(name: 'server' | 'extension'): { inputs: string[]; imports: string[] } {
  const meta = JSON.parse(readFileSync(join(REPO, 'dist', 'web', `${name}.meta.json`), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, { entryPoint?: string; imports: { path: string }[] }> };
  const output = Object.values(meta.outputs).find((o) => o.entryPoint !== undefined)!;
  return { inputs: Object.keys(meta.inputs), imports: [...new Set(output.imports.map((i) => i.path))] };
}

describe('the web extension', () => {
  test('its bundles take in no Node module', () => {
    for (const name of ['server', 'extension'] as const) {
      const { inputs, imports } = bundleInputs(name);
      // A Node built-in does not resolve for the browser, and fails the build; one
      // a package's `browser` field maps to nothing goes in empty, as `(disabled)`:
      // only gray-matter's fs, for its file reading, which the engine never calls.
      const modules = inputs.filter((input) => !input.startsWith('<define:'));
      const disabled = modules.filter((input) => input.startsWith('(disabled):'));
      assert.deepEqual(disabled, name === 'server' ? ['(disabled):fs'] : [], `${name}: modules left empty`);
      assert.deepEqual(modules.filter((input) => !input.startsWith('(disabled):') && !/^(server|client|shared)\/|node_modules\//.test(input)), [], `${name}: inputs from elsewhere`);
      assert.ok(modules.some((input) => input.includes('node_modules/gray-matter/')) === (name === 'server'), `${name}: the engine is in the server only`);
      // The client's one module from outside is the editor's API.
      assert.deepEqual(imports, name === 'extension' ? ['vscode'] : [], `${name}: modules left to the host`);
    }
  });

  test('the worker serves a virtual workspace it reads through the client, without Node\'s globals', async () => {
    const root = 'vscode-vfs://github/acme/incidents';
    const editor = new MemoryEditorFiles(root, exampleFiles());
    const session = await WorkerSession.start({ rootUri: root, files: new FileServer(editor) });
    try {
      assert.ok(editor.reads.some((uri) => uri.endsWith('runbook-recommendation-engine.md')), 'files read through the client');
      const seed = await session.openFile(SEED_PATH);
      assert.deepEqual(await session.diagnosticsOf(seed), []);
      const lines = readFileSync(join(session.rootPath, SEED_PATH), 'utf8').split('\n');
      const runbookLine = lines.findIndex((l) => l.startsWith('- [[runbook-recommendation-engine'));
      const targets = await session.request<LocationLink[]>('textDocument/definition', SEED_PATH, { line: runbookLine, character: 6 });
      assert.deepEqual(targets.map((t) => t.targetUri), [`${root}/runbooks/runbook-recommendation-engine.md`]);
      const hover = await session.request<Hover | null>('textDocument/hover', SEED_PATH, { line: 7, character: 19 });
      assert.match((hover!.contents as { value: string }).value, /72/);
      const completion = await session.request<CompletionList>('textDocument/completion', SEED_PATH, { line: runbookLine, character: 10 });
      assert.ok(completion.items.some((item) => item.label === 'runbook-recommendation-engine'));
    } finally {
      await session.close();
    }
    assert.ok(session.closed, 'the worker closes itself on exit');
  });

  test('the client loads as the web extension host loads it: a CommonJS module given only vscode', () => {
    const required: string[] = [];
    // The `vscode` module's names, each an API that does nothing: enough for what the module touches while loading.
    const inert: object = new Proxy(function inert() {}, { get: (_target, key) => (key === 'prototype' ? {} : inert), apply: () => inert, construct: () => inert });
    const declarations = readFileSync(join(REPO, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
    const vscode = Object.fromEntries([...declarations.matchAll(/^\texport (?:class|enum|namespace|function|const|let|var) (\w+)/gm)].map((m) => [m[1], inert]));
    const module = { exports: {} as Record<string, unknown> };
    const require = (name: string) => (required.push(name), name === 'vscode' ? vscode : undefined);
    const context = workerContext({ module, exports: module.exports, require });
    runInContext(readFileSync(join(REPO, 'dist', 'web', 'extension.js'), 'utf8'), context);
    assert.deepEqual([...new Set(required)], ['vscode']);
    assert.equal(typeof module.exports.activate, 'function');
    assert.equal(typeof module.exports.deactivate, 'function');
  });
});
