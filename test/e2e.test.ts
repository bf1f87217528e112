// End to end in a real VS Code: code-server (VS Code's workbench with a Node
// extension host) with the packaged .vsix installed, driven through its UI by
// playwright-core in Debian's chromium. Setup (Debian packages, Node 24,
// code-server) is cached in .cache/e2e by scripts/e2e/codeServer.cjs.
// Screenshots go to test/artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { REPO, SEED_PATH } from './support';

const ARTIFACTS = join(REPO, 'test', 'artifacts');
const SETUP_TIMEOUT_MS = 40 * 60_000;
const UI_TIMEOUT_MS = 60_000;
const HOSTILE_TITLE = '<img src=x onerror="window.top.pwned=1">';

interface Started {
  url: string;
  output: string[];
  stop(): void;
}

/** scripts/e2e/codeServer.cjs, shared with `npm start` (plain JavaScript, loaded at run time). */
interface CodeServer {
  CHROMIUM: string;
  CHROMIUM_ARGS: string[];
  unsupportedReason(): string | undefined;
  ensureSetup(): void;
  packageVsix(options?: { build?: boolean }): string;
  copyExampleWorkspace(): string;
  startCodeServer(options: { workspace: string; extensions?: string[]; settings?: object; env?: Record<string, string> }): Promise<Started>;
}
const codeServer: CodeServer = require(join(REPO, 'scripts', 'e2e', 'codeServer.cjs'));

// Skipped where the set-up is impossible (not Linux x64; no chromium and no way to
// install it), with the reason; never in CI, where it fails instead.
const unsupported = codeServer.unsupportedReason();
const skip = process.env.CI ? undefined : unsupported;
let server: Started | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace: string;
const dialogs: string[] = [];

before(async () => {
  if (skip) return;
  if (unsupported) throw new Error(`the end-to-end tests cannot run here: ${unsupported}`);
  codeServer.ensureSetup();
  // Failure screenshots of an earlier run would mislead.
  if (existsSync(ARTIFACTS)) for (const f of readdirSync(ARTIFACTS)) if (f.startsWith('failed-')) rmSync(join(ARTIFACTS, f));
  const vsix: string = codeServer.packageVsix({ build: false });
  workspace = codeServer.copyExampleWorkspace();
  server = await codeServer.startCodeServer({ workspace, extensions: [vsix] });
  browser = await chromium.launch({ executablePath: codeServer.CHROMIUM, args: codeServer.CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor();
}, { timeout: SETUP_TIMEOUT_MS });

after(async () => {
  await browser?.close();
  server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A UI test that, when it fails, leaves a screenshot of the window as it was (`failed-*.png`). */
function uiTest(title: string, fn: () => Promise<void>): void {
  test(title, async () => {
    try {
      await fn();
    } catch (error) {
      await shot(`failed-${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
      throw error;
    }
  });
}

/** Runs a command from the palette by its title. */
async function command(title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await pick(title);
}

/** Picks the quick pick row whose label starts with `label`: the fuzzy match may rank another row first. */
async function pick(label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
  await row.waitFor();
  await row.click();
}

/** Opens a workspace file with Quick Open and waits for its tab. */
async function openFile(relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop()!;
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.monaco-editor.focused').waitFor();
}

/** Moves the cursor with Go to Line (1-based line and column). */
async function goTo(line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor.focused').waitFor();
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** Moves the cursor `offset` characters into the first `needle` of the seed (found in the file, so the seed may change). */
async function goToText(needle: string, offset = 0): Promise<void> {
  const lines = readFileSync(join(workspace, SEED_PATH), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} is not in ${SEED_PATH}`);
  await goTo(line + 1, lines[line].indexOf(needle) + offset + 1);
}

/** Opens the suggest widget at the cursor; a keystroke racing a closing widget is tried again. */
async function triggerSuggest(): Promise<void> {
  const widget = page.locator('.suggest-widget.visible');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Space');
    try {
      await widget.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The content of the newest webview panel (code-server nests it in two iframes). */
function webview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame');
}

describe('the extension in VS Code (code-server)', { skip }, () => {
  uiTest('a seed RCA shows no problems; the status bar reads severity · duration · problems', async () => {
    await openFile(SEED_PATH);
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
    await command('View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel-container', { hasText: 'No problems have been detected in the workspace.' }).waitFor();
    await shot('seed-no-problems');
  });

  uiTest('typing a wrong duration_minutes shows duration-mismatch in the Problems panel', async () => {
    await openFile(SEED_PATH);
    await goToText('duration_minutes: ', 'duration_minutes: '.length);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('99');
    // Waits for the second keystroke's problem: the first one's (`is 9`) may show first.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'duration_minutes is 99, but the timeline spans 72 minutes' }).first().waitFor();
    await page.locator('.statusbar-item', { hasText: 'P3 · 99 min · 2 problems' }).waitFor();
    await shot('duration-mismatch');
    await page.locator('.monaco-editor').first().click({ position: { x: 400, y: 200 } });
    await page.keyboard.press('Control+Z');
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
  });

  uiTest('a broken ordinary link shows link-file-missing: VS Code validates no links by default (markdown.validate.enabled)', async () => {
    await openFile(SEED_PATH);
    await goToText('## Related Incidents', '## Related Incidents'.length);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('See [old runbook](../../runbooks/runbook-user-svc.md) and [rollback](../../runbooks/runbook-recommendation-engine.md#rollback).');
    await page.keyboard.press('Escape');
    await command('View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'No file at "../../runbooks/runbook-user-svc.md"' }).first().waitFor();
    await shot('ordinary-link-missing');
    assert.equal(await page.locator('.markers-panel .monaco-list-row', { hasText: 'No heading with the anchor' }).count(), 0);
    // Back to the file as saved, so that no later test meets a changed file.
    await command('File: Revert File');
    await page.locator('.tab.active:not(.dirty)', { hasText: 'recommendation-engine.md' }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
  });

  uiTest('F12 on a [[wiki-link]] opens the runbook', async () => {
    await openFile(SEED_PATH);
    await goToText('[[runbook-recommendation-engine|', 4);
    await page.keyboard.press('F12');
    await page.locator('.tab.active', { hasText: 'runbook-recommendation-engine.md' }).waitFor();
  });

  uiTest('completion in `services: [` lists the catalog services', async () => {
    await openFile(SEED_PATH);
    await goToText('services: [', 'services: ['.length);
    await triggerSuggest();
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.locator('.monaco-list-row', { hasText: 'order-service' }).first().waitFor();
    await shot('services-completion');
    await page.keyboard.press('Escape');
  });

  uiTest('hover on duration_minutes shows the computed span', async () => {
    await openFile(SEED_PATH);
    await goToText('duration_minutes', 2);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible');
    await hover.filter({ hasText: 'Timeline span' }).first().waitFor();
    assert.match(await hover.first().innerText(), /72m/);
    await page.keyboard.press('Escape');
  });

  uiTest('the `rca` snippet expands to a whole RCA', async () => {
    // An untitled Markdown editor: the RCA typed here never reaches the workspace the other tests count.
    await command('File: New Untitled Text File');
    await page.locator('.monaco-editor.focused').waitFor();
    await command('Change Language Mode');
    await page.locator('.quick-input-widget input').fill('Markdown');
    await pick('Markdown');
    await page.locator('.statusbar-item', { hasText: /^Markdown$/ }).waitFor();
    await page.keyboard.type('rca');
    await triggerSuggest();
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'RCA: full document' }).first().waitFor();
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'RCA: full document' }).first().click();
    await page.locator('.monaco-editor.focused .view-line', { hasText: '## Summary' }).first().waitFor();
    await page.locator('.monaco-editor.focused .view-line', { hasText: 'severity: P1' }).first().waitFor();
    await shot('snippet');
    // Emptied (an empty untitled editor is not dirty) and closed, so closing editors later asks nothing.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    await command('View: Close Editor');
  });

  uiTest("the metrics preview shows the seed's numbers and follows edits", async () => {
    await command('View: Close All Editors');
    await command('View: Hide Panel');
    await openFile(SEED_PATH);
    await command('RCA: Show Metrics Preview');
    const view = webview();
    await view.locator('h1', { hasText: '2025-07-30 - Cache Invalidation Bug in recommendation-engine' }).waitFor();
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '72 min' }).waitFor();
    await view.locator('.card', { hasText: 'Time to mitigate' }).locator('.value', { hasText: '43 min' }).waitFor();
    await shot('preview');
    // An edit in the editor shows in the preview: the timeline's last row moves to 21:30.
    await page.locator('.tab', { hasText: '2025-07-30-cache-invalidation-bug' }).click();
    await goToText('| 21:17 | Incident resolved |', 2);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('21:30 | Incident resolved |');
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '85 min' }).waitFor();
    // Typed back (one undo would not take back every typed word).
    await goToText('| 21:17 | Incident resolved |', 2);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('21:17 | Incident resolved |');
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '72 min' }).waitFor();
    // Typing back leaves the editor dirty: revert it, so closing editors later asks nothing.
    await command('File: Revert File');
    await page.locator('.tab.dirty').waitFor({ state: 'detached' });
  });

  uiTest("the dashboard shows the example workspace's counts", async () => {
    await command('View: Close All Editors');
    await command('RCA: Open Dashboard');
    const view = webview();
    await view.locator('h1', { hasText: 'RCA Dashboard' }).waitFor();
    await view.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^5$/ }).waitFor();
    await view.locator('.card', { hasText: 'Open action items' }).locator('.value', { hasText: /^20$/ }).waitFor();
    await view.locator('.card', { hasText: 'Recurring kinds' }).locator('.value', { hasText: /^1$/ }).waitFor();
    assert.equal(await view.locator('table.incidents tbody tr').count(), 5);
    assert.equal(await view.locator('.chart svg .column').count(), 8);
    await shot('dashboard');
  });

  uiTest('a hostile title renders as text in the preview, and no script from it runs', async () => {
    await command('View: Close All Editors');
    // Written now, as a user would save it: the server learns of it from the file watcher.
    const seed = readFileSync(join(workspace, SEED_PATH), 'utf8');
    mkdirSync(join(workspace, 'rca', '2026'), { recursive: true });
    writeFileSync(join(workspace, 'rca', '2026', 'hostile.md'), seed.replace(/^title: .*$/m, `title: '${HOSTILE_TITLE}'`).replace(/^# .*$/m, `# ${HOSTILE_TITLE}`));
    await openFile('rca/2026/hostile.md');
    // Through the status bar item this time: a click opens the preview.
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min' }).click();
    const view = webview();
    await view.locator('h1', { hasText: HOSTILE_TITLE }).waitFor();
    assert.equal(await view.locator('main img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual(dialogs, []);
  });

  uiTest('New RCA asks title, service and severity, then creates and opens the dated file', async () => {
    await command('RCA: New RCA');
    await page.locator('.quick-input-widget input').fill('Payment API timeouts');
    await page.keyboard.press('Enter');
    // The service, from the catalog.
    await page.locator('.quick-input-widget input').fill('order-service');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'order-service' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'P2' }).first().waitFor();
    await page.locator('.quick-input-widget input').fill('P2');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'P2' }).waitFor();
    await page.keyboard.press('Enter');
    const today = new Date().toISOString().slice(0, 10);
    const name = `${today}-payment-api-timeouts.md`;
    await page.locator('.tab.active', { hasText: name }).waitFor();
    await page.locator('.monaco-editor.focused .view-line', { hasText: 'services: [order-service]' }).first().waitFor();
    assert.match(readFileSync(join(workspace, 'rca', today.slice(0, 4), name), 'utf8'), /^severity: P2$/m);
  });

  uiTest('Lint Workspace reports every file, open or not', async () => {
    await command('RCA: Lint Workspace');
    await page.locator('.notifications-toasts', { hasText: /RCA: \d+ files checked: \d+ errors, \d+ warnings in \d+ files\./ }).waitFor();
  });

  uiTest('past rca.maxFiles the user is told: a message whose Open Settings opens the setting, and the status bar tooltip', async () => {
    const settings = join(workspace, '.vscode', 'settings.json');
    mkdirSync(dirname(settings), { recursive: true });
    // The setting restarts the server, which indexes 3 of the workspace's files.
    writeFileSync(settings, JSON.stringify({ 'rca.maxFiles': 3 }));
    try {
      const toast = page.locator('.notification-toast', { hasText: /RCA: Indexing 3 of \d+ Markdown files \(rca\.maxFiles\)/ });
      await toast.waitFor();
      await shot('max-files-message');
      await toast.locator('.monaco-button', { hasText: 'Open Settings' }).click();
      await page.locator('.settings-editor .setting-item-contents', { hasText: 'Max Files' }).first().waitFor();
      await shot('max-files-setting');
      await page.keyboard.press('Escape');
      await page.locator('.settings-editor').waitFor({ state: 'hidden' });
      await openFile(SEED_PATH);
      await page.locator('.statusbar-item', { hasText: 'P3 · 72 min' }).hover();
      await page.locator('.monaco-hover:visible', { hasText: /Indexing 3 of \d+ Markdown files/ }).waitFor();
      await shot('max-files-tooltip');
    } finally {
      rmSync(dirname(settings), { recursive: true, force: true });
    }
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

describe('the in-editor mocha suite, inside code-server', { skip }, () => {
  test('passes in a fresh VS Code with the packaged extension', { timeout: 5 * 60_000 }, async (t) => {
    // Its own VS Code and workspace: the suite edits and opens panels, the UI tests above must not see it.
    const suiteWorkspace = codeServer.copyExampleWorkspace();
    const scratch = mkdtempSync(join(tmpdir(), 'rca-suite-runner-'));
    const result = join(scratch, 'result', 'result.json');
    mkdirSync(dirname(result));
    const vsix = join(REPO, `rca-author-${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}.vsix`);
    const suiteServer = await codeServer.startCodeServer({ workspace: suiteWorkspace, extensions: [vsix, suiteRunnerVsix(scratch, result)] });
    const suitePage = await browser!.newPage();
    try {
      // The extension host starts when a window connects.
      await suitePage.goto(suiteServer.url);
      await suitePage.locator('.monaco-workbench').waitFor();
      await waitForFile(result, 4 * 60_000);
      const outcome = JSON.parse(readFileSync(result, 'utf8')) as { passed?: string[]; error?: string };
      if (outcome.error !== undefined) assert.fail(outcome.error);
      // Every test ran (mocha would pass an empty suite).
      assert.ok((outcome.passed?.length ?? 0) >= 6, JSON.stringify(outcome.passed));
      t.diagnostic(`passed: ${outcome.passed!.join('; ')}`);
    } finally {
      await suitePage.close();
      suiteServer.stop();
      rmSync(suiteWorkspace, { recursive: true, force: true });
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
