// The in-editor suite: mocha tests that run inside a VS Code extension host with
// the extension installed and the example workspace open. `run` is the entry
// point VS Code calls for --extensionTestsPath (`npm run test:electron`, through
// @vscode/test-electron, where VS Code can be downloaded); in CI a small runner
// extension calls the same `run` inside code-server (see test/e2e.test.ts), so it
// is never untested code.
import assert from 'node:assert/strict';
import Mocha from 'mocha';
import type * as vscodeApi from 'vscode';

const SEED = 'rca/2025/2025-07-30-cache-invalidation-bug-in-recommendation-engine.md';
const TIMEOUT_MS = 60_000;

/**
 * VS Code's test-runner entry point: it calls `run(testsRoot, callback)` and
 * awaits the promise (a rejection fails the run). Resolves with the passed tests'
 * titles, which the code-server runner reports.
 */
export async function run(_testsRoot?: string, _callback?: unknown): Promise<string[]> {
  // Required here, not imported: `vscode` exists only inside an extension host.
  const vscode: typeof vscodeApi = require('vscode');
  const mocha = new Mocha({ ui: 'bdd', timeout: TIMEOUT_MS, color: false });
  const root = () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    return folder.uri;
  };
  const seedUri = () => vscode.Uri.joinPath(root(), SEED);
  const openSeed = () => vscode.workspace.openTextDocument(seedUri());

  /** The position `offset` characters into the first occurrence of `needle` in the document (found, not hard-coded, so the seed may change). */
  const positionOf = (document: vscodeApi.TextDocument, needle: string, offset = 0) => {
    const index = document.getText().indexOf(needle);
    assert.ok(index >= 0, `${needle} not in ${document.uri.path}`);
    return document.positionAt(index + offset);
  };
  /** The range of the value of `duration_minutes: 72`. */
  const durationRange = (document: vscodeApi.TextDocument) => {
    const start = positionOf(document, 'duration_minutes: ', 'duration_minutes: '.length);
    return new vscode.Range(start, document.lineAt(start.line).range.end);
  };

  /** Resolves with the document's rca diagnostics once `accept` holds for them. */
  const diagnosticsWhen = (uri: vscodeApi.Uri, accept: (d: vscodeApi.Diagnostic[]) => boolean) =>
    new Promise<vscodeApi.Diagnostic[]>((resolve, reject) => {
      const read = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rca');
      if (accept(read())) return resolve(read());
      const timer = setTimeout(() => (listener.dispose(), reject(new Error(`diagnostics of ${uri.path}: ${JSON.stringify(read().map((d) => d.code))}`))), TIMEOUT_MS);
      const listener = vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.toString() === uri.toString()) || !accept(read())) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(read());
      });
    });

  const codeOf = (d: vscodeApi.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

  const suite = Mocha.Suite.create(mocha.suite, 'RCA Author in the extension host');
  const test = (title: string, fn: () => Promise<void>) => suite.addTest(new Mocha.Test(title, fn));

  test('activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension('rca-author.rca-author');
    assert.ok(extension, 'extension rca-author.rca-author is not installed');
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['rca.newRca', 'rca.showMetricsPreview', 'rca.openDashboard', 'rca.restartServer', 'rca.lintWorkspace']) assert.ok(commands.includes(id), id);
  });

  // No diagnostics is also what a document has before the server has seen it:
  // breaking the seed and waiting for the problem first shows the server is
  // checking it, so the empty list after the fix is its verdict.
  test('a wrong duration_minutes gets duration-mismatch on its value; fixed, the seed has no problems', async () => {
    const document = await openSeed();
    const editor = await vscode.window.showTextDocument(document);
    const range = durationRange(document);
    assert.equal(document.getText(range), '72');
    await editor.edit((e) => e.replace(range, '99'));
    const problems = await diagnosticsWhen(document.uri, (d) => d.some((x) => codeOf(x) === 'duration-mismatch'));
    const duration = problems.find((x) => codeOf(x) === 'duration-mismatch')!;
    assert.ok(duration.range.isEqual(range), `duration-mismatch at ${JSON.stringify(duration.range)}`);
    await editor.edit((e) => e.replace(range, '72'));
    await diagnosticsWhen(document.uri, (d) => d.length === 0);
    // Saved as it was, so later tests and the workspace see the seed unchanged.
    await document.save();
  });

  test('go to definition on a [[wiki-link]] lands in the runbook', async () => {
    const document = await openSeed();
    const position = positionOf(document, '[[runbook-recommendation-engine', 4);
    const found = await vscode.commands.executeCommand<(vscodeApi.Location | vscodeApi.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
    const targets = found.map((l) => ('targetUri' in l ? l.targetUri : l.uri).path);
    assert.ok(targets.some((p) => p.endsWith('/runbooks/runbook-recommendation-engine.md')), targets.join());
  });

  test('completion in `services: [` lists the catalog services', async () => {
    const document = await openSeed();
    // Right after `services: [`.
    const position = positionOf(document, 'services: [', 'services: ['.length);
    const list = await vscode.commands.executeCommand<vscodeApi.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const service of ['order-service', 'user-service']) assert.ok(labels.includes(service), labels.join());
  });

  test('hover on duration_minutes shows the computed span', async () => {
    const document = await openSeed();
    const hovers = await vscode.commands.executeCommand<vscodeApi.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'duration_minutes', 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Timeline span: 72m/);
  });

  /** Resolves once the open tabs' labels satisfy `accept` (the tab model reaches the extension host asynchronously). */
  const tabsWhen = (accept: (labels: string[]) => boolean) =>
    new Promise<string[]>((resolve, reject) => {
      const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      if (accept(labels())) return resolve(labels());
      const timer = setTimeout(() => (listener.dispose(), reject(new Error(`tabs: ${labels().join(', ')}`))), TIMEOUT_MS);
      const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (!accept(labels())) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(labels());
      });
    });

  test('the preview and dashboard commands open their panels', async () => {
    await vscode.window.showTextDocument(seedUri());
    await vscode.commands.executeCommand('rca.showMetricsPreview');
    await tabsWhen((labels) => labels.some((t) => t.startsWith('RCA Metrics')));
    await vscode.commands.executeCommand('rca.openDashboard');
    await tabsWhen((labels) => labels.includes('RCA Dashboard'));
  });

  const failed: string[] = [];
  const passed: string[] = [];
  await new Promise<void>((resolve) => {
    mocha
      .run(() => resolve())
      .on('pass', (t) => passed.push(t.title))
      .on('fail', (t, error: Error) => failed.push(`${t.fullTitle()}: ${error.message}`));
  });
  if (failed.length > 0) throw new Error(`${failed.length} of ${failed.length + passed.length} in-editor tests failed:\n${failed.join('\n')}`);
  return passed;
}
