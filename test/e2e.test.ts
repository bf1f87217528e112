// End to end in a real VS Code: code-server (VS Code's workbench with a Node
// extension host) with the packaged .vsix installed, driven through its UI by
// playwright-core in Debian's chromium. Setup (Debian packages, Node 24,
// code-server) is cached in .cache/e2e by scripts/e2e/codeServer.mjs.
// Screenshots go to test/artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
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

const skip: string | undefined = codeServer.unsupportedReason();
let server: Started | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace: string;
const dialogs: string[] = [];

before(async () => {
  if (skip) return;
  codeServer.ensureSetup();
  const vsix: string = codeServer.packageVsix({ build: false });
  workspace = codeServer.copyExampleWorkspace();
  // An empty note to type the snippet into.
  writeFileSync(join(workspace, 'notes', 'snippet.md'), '');
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

/** Runs a command from the palette by its title. */
async function command(title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  // Enter picks the focused row: wait until it is this command, not a stale one.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
  await page.keyboard.press('Enter');
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

/** The content of the newest webview panel whose page shows `selector`. */
function webview(): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame');
}

describe('the extension in VS Code (code-server)', { skip }, () => {
  test('a seed RCA shows no problems; the status bar reads severity · duration · problems', async () => {
    await openFile(SEED_PATH);
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
    await command('View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel-container', { hasText: 'No problems have been detected in the workspace.' }).waitFor();
    await shot('seed-no-problems');
  });

  test('typing a wrong duration_minutes shows duration-mismatch in the Problems panel', async () => {
    await openFile(SEED_PATH);
    await goTo(8, 19);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('99');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'duration-mismatch' });
    await problem.first().waitFor();
    assert.match(await problem.first().innerText(), /duration_minutes is 99, but the timeline spans 72 minutes/);
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 2 problems' }).waitFor();
    await shot('duration-mismatch');
    await page.locator('.monaco-editor').first().click({ position: { x: 400, y: 200 } });
    await page.keyboard.press('Control+Z');
    await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();
  });

  test('F12 on a [[wiki-link]] opens the runbook', async () => {
    await openFile(SEED_PATH);
    // `- [[runbook-recommendation-engine|recommendation-engine Runbook]]` is line 102.
    await goTo(102, 8);
    await page.keyboard.press('F12');
    await page.locator('.tab.active', { hasText: 'runbook-recommendation-engine.md' }).waitFor();
  });

  test('completion in `services: [` lists the catalog services', async () => {
    await openFile(SEED_PATH);
    await goTo(5, 12);
    await triggerSuggest();
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.locator('.monaco-list-row', { hasText: 'order-service' }).first().waitFor();
    await shot('services-completion');
    await page.keyboard.press('Escape');
  });

  test('hover on duration_minutes shows the computed span', async () => {
    await openFile(SEED_PATH);
    await goTo(8, 3);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible');
    await hover.filter({ hasText: 'Timeline span' }).first().waitFor();
    assert.match(await hover.first().innerText(), /72m/);
    await page.keyboard.press('Escape');
  });

  test('the `rca` snippet expands to a whole RCA', async () => {
    await openFile('notes/snippet.md');
    await page.keyboard.type('rca');
    await triggerSuggest();
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'RCA: full document' }).first().waitFor();
    await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'RCA: full document' }).first().click();
    await page.locator('.monaco-editor.focused .view-line', { hasText: '## Summary' }).first().waitFor();
    await page.locator('.monaco-editor.focused .view-line', { hasText: 'severity: P1' }).first().waitFor();
    await shot('snippet');
    // Leave the file as it was, so closing editors later asks nothing.
    await page.keyboard.press('Escape');
    await command('File: Revert File');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  });

  test("the metrics preview shows the seed's numbers and follows edits", async () => {
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
    await goTo(28, 3);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('21:30 | Incident resolved |');
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '85 min' }).waitFor();
    // Typed back (one undo would not take back every typed word).
    await goTo(28, 3);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('21:17 | Incident resolved |');
    await view.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '72 min' }).waitFor();
  });

  test("the dashboard shows the example workspace's counts", async () => {
    await command('View: Close All Editors');
    await command('RCA: Open Dashboard');
    const view = webview();
    await view.locator('h1', { hasText: 'RCA Dashboard' }).waitFor();
    await view.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^5$/ }).waitFor();
    await view.locator('.card', { hasText: 'Open action items' }).locator('.value', { hasText: /^20$/ }).waitFor();
    await view.locator('.card', { hasText: 'Recurring kinds' }).locator('.value', { hasText: /^1$/ }).waitFor();
    assert.equal(await view.locator('table.incidents tbody tr').count(), 5);
    assert.equal(await view.locator('.months .column').count(), 8);
    await shot('dashboard');
  });

  test('a hostile title renders as text in the preview, and no script from it runs', async () => {
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

  test('New RCA asks title, service and severity, then creates and opens the dated file', async () => {
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

  test('Lint Workspace reports every file, open or not', async () => {
    await command('RCA: Lint Workspace');
    await page.locator('.notifications-toasts', { hasText: /RCA: \d+ files checked: \d+ errors, \d+ warnings in \d+ files\./ }).waitFor();
  });
});

/**
 * A throwaway extension that runs the in-editor mocha suite (test/electron/suite.ts,
 * built to out/electron/suite.js) when VS Code starts, and writes the outcome to `result`.
 */
function suiteRunnerVsix(result: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-suite-runner-'));
  const manifest = { name: 'rca-suite-runner', publisher: 'rca-author-tests', version: '0.0.1', license: 'MIT', repository: 'https://example.invalid', engines: { vscode: '^1.91.0' }, activationEvents: ['onStartupFinished'], main: './extension.js' };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'README.md'), 'Runs the RCA Author in-editor suite.\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'extension.js'), `
const vscode = require('vscode');
const { renameSync, writeFileSync } = require('fs');
exports.activate = async () => {
  let outcome;
  try {
    outcome = { passed: await require(${JSON.stringify(join(REPO, 'out', 'electron', 'suite.js'))}).run(vscode) };
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
  test('passes in a fresh VS Code with the packaged extension', { timeout: 5 * 60_000 }, async () => {
    // Its own VS Code and workspace: the suite edits and opens panels, the UI tests above must not see it.
    const suiteWorkspace = codeServer.copyExampleWorkspace();
    const result = join(mkdtempSync(join(tmpdir(), 'rca-suite-result-')), 'result.json');
    const vsix = join(REPO, `rca-author-${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}.vsix`);
    const suiteServer = await codeServer.startCodeServer({ workspace: suiteWorkspace, extensions: [vsix, suiteRunnerVsix(result)] });
    const suitePage = await browser!.newPage();
    try {
      // The extension host starts when a window connects.
      await suitePage.goto(suiteServer.url);
      await suitePage.locator('.monaco-workbench').waitFor();
      await waitForFile(result, 4 * 60_000);
      const outcome = JSON.parse(readFileSync(result, 'utf8')) as { passed?: string[]; error?: string };
      assert.equal(outcome.error, undefined, outcome.error);
      assert.equal(outcome.passed?.length, 6, JSON.stringify(outcome.passed));
    } finally {
      await suitePage.close();
      suiteServer.stop();
      rmSync(suiteWorkspace, { recursive: true, force: true });
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
