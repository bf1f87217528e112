// End to end in a real VS Code: code-server (VS Code's workbench with a Node
// extension host) with the packaged .vsix installed, driven through its UI by
// playwright-core in Debian's chromium. Each test has its own VS Code and its own
// copy of the example workspace (test/e2eHarness.ts). Screenshots go to test/artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { e2eSuite, e2eTest, VsCode } from './e2eHarness';
import { REPO, SEED_PATH } from './support';
import type { Report } from '../shared/protocol';

const HOSTILE_TITLE = '<img src=x onerror="window.top.pwned=1">';
/** A note a test writes into its workspace copy before VS Code opens it. */
const SCRATCH_NOTE = 'notes/scratch.md';

/** The focused editor's first rendered line containing `text`. */
const editorLine = (vscode: VsCode, text: string | RegExp) => vscode.page.locator('.monaco-editor.focused .view-line', { hasText: text }).first();
/** A rendered line's text as typed: the editor draws spaces as no-break spaces. */
const plain = (line: string) => line.replace(/\u00a0/g, ' ');

e2eSuite('the extension in VS Code (code-server)', () => {
  e2eTest('a seed RCA shows no problems; the status bar reads severity · duration · problems', async (vscode) => {
    await vscode.openFile(SEED_PATH);
    await vscode.page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
    await vscode.command('View: Focus Problems (Errors, Warnings, Infos)');
    await vscode.page.locator('.markers-panel-container', { hasText: 'No problems have been detected in the workspace.' }).waitFor();
    await vscode.shot('seed-no-problems');
  });

  e2eTest('typing a wrong duration_minutes shows duration-mismatch in the Problems panel', async (vscode) => {
    const { page } = vscode;
    await vscode.openFile(SEED_PATH);
    await vscode.command('View: Focus Problems (Errors, Warnings, Infos)');
    await vscode.goToText('duration_minutes: ', 'duration_minutes: '.length);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('99');
    // Waits for the second keystroke's problem: the first one's (`is 9`) may show first.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'duration_minutes is 99, but the timeline spans 72 minutes' }).first().waitFor();
    await page.locator('.statusbar-item', { hasText: 'P3 · 99 min · 2 problems' }).waitFor();
    await vscode.shot('duration-mismatch');
    await page.locator('.monaco-editor').first().click({ position: { x: 400, y: 200 } });
    await page.keyboard.press('Control+Z');
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
  });

  e2eTest('a broken ordinary link shows link-file-missing: VS Code validates no links by default (markdown.validate.enabled)', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(SEED_PATH);
    await vscode.goToText('## Related Incidents', '## Related Incidents'.length);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('See [old runbook](../../runbooks/runbook-user-svc.md) and [rollback](../../runbooks/runbook-recommendation-engine.md#rollback).');
    await page.keyboard.press('Escape');
    await vscode.command('View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'No file at "../../runbooks/runbook-user-svc.md"' }).first().waitFor();
    await vscode.shot('ordinary-link-missing');
    assert.equal(await page.locator('.markers-panel .monaco-list-row', { hasText: 'No heading with the anchor' }).count(), 0);
  });

  e2eTest('F12 on a [[wiki-link]] opens the runbook', async (vscode) => {
    await vscode.openRca(SEED_PATH);
    await vscode.goToText('[[runbook-recommendation-engine|', 4);
    await vscode.page.keyboard.press('F12');
    await vscode.page.locator('.tab.active', { hasText: 'runbook-recommendation-engine.md' }).waitFor();
  });

  e2eTest('completion in `services: [` lists the catalog services', async (vscode) => {
    await vscode.openRca(SEED_PATH);
    await vscode.goToText('services: [', 'services: ['.length);
    await vscode.suggest('order-service');
    await vscode.shot('services-completion');
  });

  e2eTest('hover on duration_minutes shows the computed span', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(SEED_PATH);
    await vscode.goToText('duration_minutes', 2);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible');
    await hover.filter({ hasText: 'Timeline span' }).first().waitFor();
    assert.match(await hover.first().innerText(), /72m/);
  });

  e2eTest('the `rca` snippet expands to a whole RCA', async (vscode) => {
    const { page } = vscode;
    await vscode.command('File: New Untitled Text File');
    await page.locator('.monaco-editor.focused').waitFor();
    await vscode.command('Change Language Mode');
    await page.locator('.quick-input-widget input').fill('Markdown');
    await vscode.pick('Markdown');
    await page.locator('.statusbar-item', { hasText: /^Markdown$/ }).waitFor();
    await page.keyboard.type('rca');
    await (await vscode.suggest('RCA: full document')).click();
    await page.locator('.monaco-editor.focused .view-line', { hasText: '## Summary' }).first().waitFor();
    await page.locator('.monaco-editor.focused .view-line', { hasText: 'severity: P1' }).first().waitFor();
    await vscode.shot('snippet');
  });

  e2eTest("the metrics preview shows the seed's numbers and follows edits", async (vscode) => {
    const { page } = vscode;
    await vscode.openFile(SEED_PATH);
    await vscode.command('RCA: Show Metrics Preview');
    const view = vscode.webview();
    await view.locator('h1', { hasText: '2025-07-30 - Cache Invalidation Bug in recommendation-engine' }).waitFor();
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '72 min' }).waitFor();
    await view.locator('.card', { hasText: 'Time to mitigate' }).locator('.value', { hasText: '43 min' }).waitFor();
    // The README's picture: the mouse on the empty activity bar, where it raises no tooltip.
    await page.mouse.move(24, 600);
    await vscode.shot('preview');
    // An edit in the editor shows in the preview: the timeline's last row moves to 21:30.
    await page.locator('.tab', { hasText: '2025-07-30-cache-invalidation-bug' }).click();
    await vscode.goToText('| 21:17 | Incident resolved |', 2);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('21:30 | Incident resolved |');
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '85 min' }).waitFor();
  });

  e2eTest('the preview says how to fill it; a hostile title renders there as text, and no script from it runs', async (vscode) => {
    const { page } = vscode;
    // Opened with no RCA active, the panel says what to do rather than waiting on "Loading…".
    await vscode.command('RCA: Show Metrics Preview');
    await vscode.webview().locator('h1', { hasText: 'No RCA to show' }).waitFor();
    assert.match(await vscode.webview().locator('main').innerText(), /Open an RCA/);
    await vscode.shot('preview-empty');
    // Written now, as a user would save it: the server learns of it from the file watcher.
    const seed = vscode.read(SEED_PATH);
    mkdirSync(vscode.path('rca/2026'), { recursive: true });
    writeFileSync(vscode.path('rca/2026/hostile.md'), seed.replace(/^title: .*$/m, `title: '${HOSTILE_TITLE}'`).replace(/^# .*$/m, `# ${HOSTILE_TITLE}`));
    await vscode.openFile('rca/2026/hostile.md');
    // Through the status bar item this time: a click opens the preview.
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min' }).click();
    const view = vscode.webview();
    await view.locator('h1', { hasText: HOSTILE_TITLE }).waitFor();
    assert.equal(await view.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual(vscode.dialogs, []);
  });

  e2eTest('New RCA asks title, service and severity, then creates and opens the dated file', async (vscode) => {
    const { page } = vscode;
    await vscode.command('RCA: New RCA');
    await page.locator('.quick-input-widget input').fill('Payment API timeouts');
    await page.keyboard.press('Enter');
    // The service, from the catalog: typed once its picker has replaced the title box.
    await page.locator('.quick-input-widget', { hasText: 'affected service' }).waitFor();
    await page.locator('.quick-input-widget input').fill('order-service');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'order-service' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'severity' }).waitFor();
    await page.locator('.quick-input-widget input').fill('P2');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'P2' }).waitFor();
    await page.keyboard.press('Enter');
    const today = new Date().toISOString().slice(0, 10);
    const name = `${today}-payment-api-timeouts.md`;
    await page.locator('.tab.active', { hasText: name }).waitFor();
    await page.locator('.monaco-editor.focused .view-line', { hasText: 'services: [order-service]' }).first().waitFor();
    assert.match(vscode.read(`rca/${today.slice(0, 4)}/${name}`), /^severity: P2$/m);
  });

  e2eTest('New RCA refuses an empty title, takes a new service and adds it to the catalog, writes the author, opens a pinned tab, and never collides', async (vscode) => {
    const { page } = vscode;
    const input = page.locator('.quick-input-widget input');
    const today = new Date().toISOString().slice(0, 10);
    const newRca = async (title: string, service: string) => {
      await vscode.command('RCA: New RCA');
      // A blank title is refused in the box, with the reason.
      await input.fill(' ');
      await page.locator('.quick-input-message', { hasText: 'Give the incident a title' }).waitFor();
      await page.keyboard.press('Enter');
      await input.fill(title);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'affected service' }).waitFor();
      await input.fill(service);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: service }).waitFor();
      await vscode.shot(`new-rca-service-${service}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'severity' }).waitFor();
      await input.fill('P2');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'P2' }).waitFor();
      await page.keyboard.press('Enter');
    };
    await newRca('Payment API timeouts', 'payments-gateway');
    const name = `${today}-payment-api-timeouts.md`;
    await page.locator('.tab.active', { hasText: name }).waitFor();
    // Pinned: a preview tab's label is in italics.
    assert.equal(await page.locator('.tab.active .monaco-icon-label.italic').count(), 0);
    const offer = page.locator('.notification-toast', { hasText: '"payments-gateway" is not in the catalog' });
    await offer.waitFor();
    await vscode.shot('new-rca-catalog-offer');
    await offer.locator('.monaco-button', { hasText: 'Add to .rca/catalog.yaml' }).click();
    // Added and saved, the new RCA checks clean: its author is rca.defaultAuthor, a catalog team.
    await page.locator('.statusbar-item', { hasText: /P2 · .* · 0 problems$/ }).waitFor();
    const catalog = vscode.read('.rca/catalog.yaml');
    assert.match(catalog, /^# Services and teams/, 'the catalog keeps its comments');
    assert.match(catalog, /^ {2}- payments-gateway$/m);
    const text = vscode.read(`rca/${today.slice(0, 4)}/${name}`);
    assert.match(text, /^author: SRE$/m);
    assert.match(text, /^services: \[payments-gateway\]$/m);
    await vscode.shot('new-rca-created');

    // The same title again: a file of its own, not an error after all the prompts.
    await newRca('Payment API timeouts', 'order-service');
    await page.locator('.tab.active', { hasText: `${today}-payment-api-timeouts-2.md` }).waitFor();
    await page.locator('.tab', { hasText: name }).waitFor();
    assert.match(vscode.read(`rca/${today.slice(0, 4)}/${today}-payment-api-timeouts-2.md`), /^services: \[order-service\]$/m);
  }, { settings: { 'rca.defaultAuthor': 'SRE' } });

  e2eTest('Lint Workspace reports every file, open or not', async (vscode) => {
    await vscode.command('RCA: Lint Workspace');
    await vscode.page.locator('.notifications-toasts', { hasText: /RCA: \d+ files checked: \d+ errors, \d+ warnings in \d+ files\./ }).waitFor();
  });

  e2eTest('accepting a [[link completion before an auto-closed ] leaves one ]]', async (vscode) => {
    // The state VS Code's auto-closing leaves: one `]` after the cursor.
    await vscode.openFile(SCRATCH_NOTE);
    await vscode.goTo(1, '- [[runbook-rec'.length + 1);
    await (await vscode.suggest('runbook-recommendation-engine')).click();
    const line = editorLine(vscode, 'runbook-recommendation-engine');
    await line.waitFor();
    assert.equal(plain(await line.innerText()), '- [[runbook-recommendation-engine]]');
  }, { files: { [SCRATCH_NOTE]: '- [[runbook-rec]\n' } });

  // That a space in prose brings nothing is held by test/editing.test.ts, where the server's empty answer can be seen.
  e2eTest('typing ": " after a front matter key offers its values without Ctrl+Space', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(SEED_PATH);
    await vscode.goToText('author: SRE', 'author:'.length);
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await editorLine(vscode, /^author:$/).waitFor();
    await page.keyboard.type(' ');
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'SRE' }).first().waitFor();
    await vscode.shot('completion-as-you-type');
  });

  e2eTest('Format Document lines up an Action Items table with CJK and emoji', async (vscode) => {
    await vscode.openFile(SCRATCH_NOTE);
    // Formatting asked for before the language server has registered as the formatter does
    // nothing (a loaded machine starts it late): asked again until the table lines up.
    await vscode.retry(() => vscode.command('Format Document'), editorLine(vscode, '|----------|'));
    const lines = (await vscode.page.locator('.monaco-editor.focused .view-line').allInnerTexts()).map(plain);
    assert.deepEqual(lines.filter((l) => l.startsWith('|')), [
      '| Priority | Action             | Owner                |',
      '|----------|--------------------|----------------------|',
      '| P1       | 監視を追加 🔥      | SRE                  |',
      '| P2       | Update the runbook | Platform Engineering |',
    ]);
    assert.ok(lines.includes('Text  after  the table  stays.'));
    await vscode.shot('format-tables');
  }, { files: { [SCRATCH_NOTE]: '# Formatting\n\n## Action Items\n\n| Priority | Action | Owner |\n|---|---|---|\n| P1 | 監視を追加 🔥 | SRE |\n| P2 | Update the runbook | Platform Engineering |\n\nText  after  the table  stays.\n' } });

  // After the tests above that type into, add to and create RCAs in their workspaces: each had its own copy, so the counts here are the example's.
  e2eTest("the dashboard shows the example workspace's counts", async (vscode) => {
    await vscode.command('RCA: Open Dashboard');
    const view = vscode.webview();
    await view.locator('h1', { hasText: 'RCA Dashboard' }).waitFor();
    await view.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^5$/ }).waitFor();
    await view.locator('.card', { hasText: 'Open action items' }).locator('.value', { hasText: /^20$/ }).waitFor();
    await view.locator('.card', { hasText: 'Recurring kinds' }).locator('.value', { hasText: /^1$/ }).waitFor();
    assert.equal(await view.locator('table.incidents tbody tr').count(), 5);
    assert.equal(await view.locator('.chart svg .column').count(), 8);
    await vscode.shot('dashboard');
    // Export JSON: the save dialog (VS Code's own, in the browser) offers rca-report-<today>.json in the folder; the file is the report.
    await view.locator('button', { hasText: 'Export JSON' }).click();
    const saveAs = vscode.page.locator('.quick-input-widget input');
    await vscode.page.waitForFunction(() => /rca-report-\d{4}-\d{2}-\d{2}\.json$/.test((globalThis as unknown as { document: { querySelector(selector: string): { value: string } | null } }).document.querySelector('.quick-input-widget input')?.value ?? ''));
    await saveAs.press('Enter');
    const saved = vscode.page.locator('.notification-toast', { hasText: /RCA: saved 5 incidents to rca-report-\d{4}-\d{2}-\d{2}\.json\./ });
    await saved.waitFor();
    await vscode.shot('dashboard-exported');
    const [file] = readdirSync(vscode.path('.')).filter((name) => /^rca-report-.*\.json$/.test(name));
    const exported = JSON.parse(readFileSync(vscode.path(file), 'utf8')) as Report;
    assert.equal(exported.incidents.length, 5);
    assert.equal(exported.totals.openActionItems, 20);
    assert.equal(readFileSync(vscode.path(file), 'utf8'), `${JSON.stringify(exported, null, 2)}\n`);
    // An RCA arriving on disk (a pull), not through the editor: the open dashboard counts it.
    writeFileSync(vscode.path('rca/2025/pulled.md'), readFileSync(vscode.path(SEED_PATH), 'utf8'));
    await view.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^6$/ }).waitFor();
    // The server restarts on a change of rca.maxFiles and indexes one file: the open dashboard follows the new index.
    mkdirSync(vscode.path('.vscode'), { recursive: true });
    writeFileSync(vscode.path('.vscode/settings.json'), JSON.stringify({ 'rca.maxFiles': 1 }));
    await view.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^[01]$/ }).waitFor();
  });

  e2eTest('past rca.maxFiles the user is told: a message whose Open Settings opens the setting, and the status bar tooltip', async (vscode) => {
    const { page } = vscode;
    // The setting, changed while VS Code runs, restarts the server, which indexes 3 of the workspace's files.
    mkdirSync(vscode.path('.vscode'), { recursive: true });
    writeFileSync(vscode.path('.vscode/settings.json'), JSON.stringify({ 'rca.maxFiles': 3 }));
    const toast = page.locator('.notification-toast', { hasText: /RCA: Indexing 3 of \d+ Markdown files \(rca\.maxFiles\)/ });
    await toast.waitFor();
    await vscode.shot('max-files-message');
    await toast.locator('.monaco-button', { hasText: 'Open Settings' }).click();
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Max Files' }).first().waitFor();
    await vscode.shot('max-files-setting');
    await page.keyboard.press('Escape');
    await page.locator('.settings-editor').waitFor({ state: 'hidden' });
    await vscode.openFile(SEED_PATH);
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min' }).hover();
    await page.locator('.monaco-hover:visible', { hasText: /Indexing 3 of \d+ Markdown files/ }).waitFor();
    await vscode.shot('max-files-tooltip');
  });
});

/**
 * A throwaway extension that runs the in-editor mocha suite (test/electron/suite.ts,
 * built to out/electron/suite.js) when VS Code starts, and writes the outcome to `result`.
 */
function suiteRunnerVsix(dir: string, result: string): string {
  const suite = join(REPO, 'out', 'electron', 'suite.js');
  const manifest = { name: 'rca-suite-runner', publisher: 'rca-author-tests', version: '0.0.1', license: 'MIT', repository: 'https://example.invalid', engines: { vscode: '^1.91.0' }, activationEvents: ['onStartupFinished'], main: './extension.js' };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'README.md'), 'Runs the RCA Author in-editor suite.\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'extension.js'), `
const { renameSync, writeFileSync } = require('fs');
exports.activate = async () => {
  let outcome;
  try {
    // As VS Code calls an --extensionTestsPath module: run(testsRoot, callback), awaited.
    outcome = { passed: await require(${JSON.stringify(suite)}).run(${JSON.stringify(dirname(suite))}, () => {}) };
  } catch (error) {
    outcome = { error: String((error && error.stack) || error) };
  }
  writeFileSync(${JSON.stringify(result + '.tmp')}, JSON.stringify(outcome));
  renameSync(${JSON.stringify(result + '.tmp')}, ${JSON.stringify(result)});
};
`);
  const vsix = join(dir, 'runner.vsix');
  execFileSync(process.execPath, [join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

e2eSuite('the in-editor mocha suite, inside code-server', () => {
  test('passes in a fresh VS Code with the packaged extension', { timeout: 10 * 60_000 }, async (t) => {
    const scratch = mkdtempSync(join(tmpdir(), 'rca-suite-runner-'));
    const result = join(scratch, 'result', 'result.json');
    mkdirSync(dirname(result));
    // Its own VS Code: the extension host starts when its window connects, and the runner with it.
    const vscode = await VsCode.open({ extensions: [suiteRunnerVsix(scratch, result)], waitForExtensions: false });
    try {
      await waitForFile(result, 6 * 60_000);
      const outcome = JSON.parse(readFileSync(result, 'utf8')) as { passed?: string[]; error?: string };
      if (outcome.error !== undefined) assert.fail(outcome.error);
      // Every test ran (mocha would pass an empty suite).
      assert.ok((outcome.passed?.length ?? 0) >= 6, JSON.stringify(outcome.passed));
      t.diagnostic(`passed: ${outcome.passed!.join('; ')}`);
    } finally {
      await vscode.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/** Resolves when `path` appears (the runner renames it into place, so it is complete). */
function waitForFile(path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const watcher = watch(dirname(path), () => existsSync(path) && done());
    const timer = setTimeout(() => done(new Error(`the in-editor suite wrote no result to ${path} within ${timeoutMs / 1000} s`)), timeoutMs);
    if (existsSync(path)) done();
  });
}
