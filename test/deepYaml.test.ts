// Deeply nested YAML is refused before `yaml` recurses on it: a few thousand `[`
// used to exhaust the stack inside V8's regular expression compiler, which
// aborts the process (SIGABRT) instead of throwing. Checked in the core, and
// in the built server and rca-lint as child processes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { parseCatalog } from '../server/src/core/catalog';
import { MAX_YAML_DEPTH, tooDeep } from '../server/src/core/yamlLimits';
import { copyExample, LspSession } from './lspSession';
import { diagnosticsFor, indexedService, REPO } from './support';

const TOO_DEEP = /^front matter is nested too deeply \(more than 100 levels\)$/;
const open = (n: number) => `---\ntitle: ${'['.repeat(n)}\n---\n# x\n`;
const balanced = (n: number) => `---\ntitle: ${'['.repeat(n)}${']'.repeat(n)}\n---\n# x\n`;

/** Whether the depth check lets `source` through to `yaml`. */
/** The message of the server's yaml-syntax diagnostic. */
const yamlProblem = (diagnostics: readonly Diagnostic[]) => String(diagnostics.find((d) => d.code === 'yaml-syntax')?.message);
const depthOf = (source: string) => (tooDeep(source, 'x') ? 'refused' : 'accepted');

describe('nesting depth, counted before parsing', () => {
  test('flow brackets and braces: up to the limit is accepted, one more refused, where it passes', () => {
    const key = 'a: ';
    assert.equal(depthOf(`${key}${'['.repeat(MAX_YAML_DEPTH - 1)}`), 'accepted');
    const deep = tooDeep(`${key}${'{a: ['.repeat(MAX_YAML_DEPTH)}`, 'front matter');
    assert.match(deep?.message ?? '', TOO_DEEP);
    // The mapping is one level, then a brace and a bracket per repetition: the 101st level is the 50th `[`.
    assert.equal(deep?.start, key.length + '{a: ['.length * 49 + 4);
  });

  test('brackets inside quotes, comments and block scalars do not nest; closed ones do not add up', () => {
    const many = '['.repeat(500);
    for (const source of [`a: "${many}"`, `a: '${many}'`, `a: x # ${many}`, `a: |\n  ${many}\nb: 1`, `a: >-\n  ${many}\n\n  ${many}\nb: 1`, `a: ${'[x], '.repeat(500)}`, `a: ${'[[x]] '.repeat(10)}`]) {
      assert.equal(depthOf(source), 'accepted', source.slice(0, 40));
    }
  });

  test('quotes are read as yaml reads them: an apostrophe inside a plain scalar hides nothing', () => {
    assert.equal(depthOf(`a: rock 'n roll\nb: [${'['.repeat(200)}`), 'refused');
    assert.equal(depthOf(`a: ["]", ${'["]", '.repeat(200)}`), 'refused');
    assert.equal(depthOf(`a: '''[[[[' \nb: ${'['.repeat(200)}`), 'refused');
  });

  test('block levels count: indentation, and compact `- ` and `? ` on one line', () => {
    assert.equal(depthOf('- '.repeat(MAX_YAML_DEPTH - 1) + 'x'), 'accepted');
    assert.equal(depthOf('- '.repeat(3000) + 'x'), 'refused');
    assert.equal(depthOf('? '.repeat(3000) + 'x'), 'refused');
    assert.equal(depthOf(Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')), 'refused');
    // A block scalar's own lines, however indented, are not levels.
    assert.equal(depthOf(`a: |\n${Array.from({ length: 200 }, (_, i) => ' '.repeat(i + 1) + 'x').join('\n')}\nb: 1`), 'accepted');
  });

});

describe('front matter and catalog over the limits', () => {
  for (const [name, text] of [
    ['3,000 open brackets', open(3000)],
    ['5,000 balanced brackets', balanced(5000)],
    ['3,000 compact sequence items', `---\ntitle: x\nlist:\n${'- '.repeat(3000)}x\n---\n# x\n`],
  ]) {
    test(`${name}: one yaml-syntax diagnostic, on the first character past the limit`, async () => {
      const { service } = await indexedService({});
      const diagnostics = diagnosticsFor(service, 'rca/2025/deep.md', text).filter((d) => d.code === 'yaml-syntax');
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0].message, TOO_DEEP);
      assert.equal(diagnostics[0].range.start.line, name.includes('compact') ? 3 : 1);
    });
  }

  test('front matter over 100,000 characters is refused whole', async () => {
    const { service } = await indexedService({});
    const text = `---\ntitle: x\ndescription: |\n${'  words words words\n'.repeat(6000)}---\n# x\n`;
    const diagnostics = diagnosticsFor(service, 'rca/2025/large.md', text).filter((d) => d.code === 'yaml-syntax');
    assert.deepEqual(diagnostics.map((d) => [d.message, d.range.start.line]), [['front matter is too large (120,023 characters; the limit is 100,000)', 1]]);
  });

  test('a catalog nested too deeply is reported and yields no names', () => {
    const catalog = parseCatalog(`services:\n  - ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    assert.deepEqual(catalog.services, []);
    assert.deepEqual(catalog.problems, ['catalog is nested too deeply (more than 100 levels)']);
    assert.match(parseCatalog(`# ${'x'.repeat(1_000_000)}\n`).problems[0], /^catalog is too large \(1,000,003 characters; the limit is 1,000,000\)$/);
  });
});

/** A workspace of the example files and two 10 KB RCAs of nested brackets. */
function deepWorkspace(): string {
  const root = copyExample();
  mkdirSync(join(root, 'rca', 'deep'), { recursive: true });
  for (const name of ['a', 'b']) writeFileSync(join(root, 'rca', 'deep', `${name}.md`), balanced(5000));
  return root;
}

describe('the processes survive', () => {
  test('the server: open at 3,000 levels, one keystroke to 5,000; it answers and reports', { timeout: 60_000 }, async () => {
    const session = await LspSession.start();
    try {
      const uri = await session.openFile('rca/2025/deep.md', open(3000));
      assert.match(yamlProblem(await session.diagnosticsOf(uri, 1)), TOO_DEEP);
      const at = { line: 1, character: 'title: '.length };
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '['.repeat(2000) }] });
      assert.match(yamlProblem(await session.diagnosticsOf(uri, 2)), TOO_DEEP);
      const symbols = await session.request<unknown[]>('textDocument/documentSymbol', 'rca/2025/deep.md');
      assert.equal(symbols.length, 1);
      assert.equal(session.process.exitCode, null);
    } finally {
      await session.close();
    }
  });

  test('the server indexes a workspace with two 10 KB nested files and keeps serving', { timeout: 60_000 }, async () => {
    const root = deepWorkspace();
    const session = await LspSession.start({ root });
    try {
      assert.ok(session.logs.some((l) => /Indexed 18 Markdown files/.test(l)), session.logs.join('\n'));
      const uri = await session.openFile('rca/deep/a.md');
      assert.match(yamlProblem(await session.diagnosticsOf(uri, 1)), TOO_DEEP);
      assert.equal(session.process.exitCode, null);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('rca-lint reports both files and exits 1, not 134', { timeout: 60_000 }, () => {
    const root = deepWorkspace();
    try {
      const result = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), '--root', root, root], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.signal, null, result.stderr);
      assert.equal(result.status, 1, result.stderr);
      for (const name of ['a', 'b']) assert.ok(result.stdout.includes(`rca/deep/${name}.md:2:107 yaml-syntax front matter is nested too deeply (more than 100 levels)`), result.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
