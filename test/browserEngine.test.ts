// The engine runs in a browser: bundled for `platform: 'browser'` (where a Node
// built-in does not resolve) and run in a V8 context holding only what a page
// or a web worker has, it indexes and lints a 3,000-file workspace and answers
// the navigation features.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createContext, runInContext } from 'node:vm';
import { build, type BuildOptions } from 'esbuild';
import type { Probe } from './browser/engine';
import { filesUnder, REPO } from './support';

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

/** A context with the standard JavaScript globals and what a browser adds that the engine uses; no process, Buffer, setImmediate or require. */
function browserContext() {
  return createContext({ TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask, console });
}

describe('the engine in a browser', () => {
  test('the sandbox has no Node globals, and a Node built-in fails the browser bundle', async () => {
    const context = browserContext();
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
      const context = browserContext();
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
