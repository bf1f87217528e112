// End to end in the browser build: code-server runs the extension in its web
// worker extension host, as vscode.dev and github.dev do, when the installed
// VSIX has only the `browser` entry (no `main`: it cannot run in Node). The
// same checks as the desktop suite (problems, F12 on a wiki-link, completion,
// hover, preview, dashboard, the action items view) on a folder of code-server's disk, and on a virtual
// workspace: an in-memory file system served by a test extension
// (test/memfsExtension), which only a server reading through the client can see.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { explorerBadge, inline, ITEMS, openActionItemsView, viewRow } from './e2eActionItemsView';
import { e2eSuite, e2eTest, vsixOf, type VsCode } from './e2eHarness';
import { exampleFiles, REPO, SEED_PATH } from './support';

let memfs: string | undefined;
after(() => {
  if (memfs) rmSync(dirname(memfs), { recursive: true, force: true });
});

/** The in-memory workspace extension, serving the example workspace as memfs:/example. */
function memfsVsix(): string {
  memfs ??= (() => {
    const source = join(REPO, 'test', 'memfsExtension');
    const dir = join(mkdtempSync(join(tmpdir(), 'rca-e2e-memfs-')), 'rca-memfs');
    mkdirSync(dir);
    copyFileSync(join(source, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(source, 'extension.js'), join(dir, 'extension.js'));
    writeFileSync(join(dir, 'files.json'), JSON.stringify(exampleFiles()));
    writeFileSync(join(dir, 'README.md'), 'An in-memory workspace for RCA Author tests.\n');
    writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
    return vsixOf(dir);
  })();
  return memfs;
}

/** Opens a file of the in-memory workspace through the test extension's command (Quick Open needs a search provider, which it has not). */
async function openMemfsFile(vscode: VsCode, path: string): Promise<void> {
  await vscode.command('RCA Test: Open File');
  await vscode.page.locator('.quick-input-widget input').fill(path);
  await vscode.page.keyboard.press('Enter');
  await vscode.page.locator('.tab.active', { hasText: path.split('/').pop()! }).waitFor();
  await vscode.page.locator('.monaco-editor.focused').waitFor();
}

/** The desktop suite's checks, in the web build; `open` opens a workspace file by its path. */
async function checkFeatures(vscode: VsCode, name: string, open: (path: string) => Promise<void>): Promise<void> {
  const { page } = vscode;
  await open(SEED_PATH);
  await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();

  // It runs in the web worker extension host (the VSIX holds no Node build to run elsewhere).
  await vscode.command('Developer: Show Running Extensions');
  // The list draws only the rows in view: it is scrolled down until RCA Author's shows.
  const list = page.locator('.runtime-extensions-editor .monaco-list').first();
  const scroll = async () => {
    await list.hover();
    await page.mouse.wheel(0, 200);
  };
  await vscode.retry(async () => {}, page.locator('.monaco-list-row', { hasText: 'RCA Author' }).filter({ hasText: 'Web Worker' }).first(), { attempts: 15, each: 5_000, undo: scroll });
  await vscode.shot(`${name}-running-extensions`);
  await vscode.command('View: Close All Editors');
  await open(SEED_PATH);

  await vscode.command('View: Focus Problems (Errors, Warnings, Infos)');
  await page.locator('.markers-panel-container', { hasText: 'No problems have been detected in the workspace.' }).waitFor();

  // A wrong duration shows in the Problems panel.
  await vscode.goToText('duration_minutes: ', 'duration_minutes: '.length);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('99');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'duration_minutes is 99, but the timeline spans 72 minutes' }).first().waitFor();
  await page.locator('.statusbar-item', { hasText: 'P3 · 99 min · 2 problems' }).waitFor();
  await vscode.shot(`${name}-problems`);
  await page.locator('.monaco-editor').first().click({ position: { x: 400, y: 200 } });
  await page.keyboard.press('Control+Z');
  await page.locator('.statusbar-item', { hasText: 'P3 · 72 min · 0 problems' }).waitFor();

  // Completion of services from the catalog.
  await vscode.goToText('services: [', 'services: ['.length);
  await vscode.suggest('order-service');
  await page.keyboard.press('Escape');

  // Hover on duration_minutes: the computed span.
  await vscode.goToText('duration_minutes', 2);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover:visible').filter({ hasText: 'Timeline span' }).first().waitFor();
  await page.keyboard.press('Escape');

  // F12 on a wiki-link opens the runbook, which the server read through the client.
  await vscode.goToText('[[runbook-recommendation-engine|', 4);
  await page.keyboard.press('F12');
  await page.locator('.tab.active', { hasText: 'runbook-recommendation-engine.md' }).waitFor();

  // The preview, then the dashboard: webviews render what the server computed.
  await open(SEED_PATH);
  await vscode.command('RCA: Show Metrics Preview');
  const preview = vscode.webview();
  await preview.locator('.card', { hasText: 'Duration' }).locator('.value', { hasText: '72 min' }).waitFor();
  await vscode.shot(`${name}-preview`);
  await vscode.command('View: Close All Editors');
  await vscode.command('RCA: Open Dashboard');
  const dashboard = vscode.webview();
  await dashboard.locator('.card', { hasText: 'Incidents' }).locator('.value', { hasText: /^5$/ }).waitFor();
  await dashboard.locator('.card', { hasText: 'Open action items' }).locator('.value', { hasText: /^20$/ }).waitFor();
  await vscode.shot(`${name}-dashboard`);
  // Export CSV: the text comes from the server in the web worker as pieces, and is saved through the editor's file system.
  await dashboard.locator('button', { hasText: 'Export CSV' }).click();
  await page.waitForFunction(() => /rca-report-\d{4}-\d{2}-\d{2}\.csv$/.test((globalThis as unknown as { document: { querySelector(selector: string): { value: string } | null } }).document.querySelector('.quick-input-widget input')?.value ?? ''));
  await page.locator('.quick-input-widget input').press('Enter');
  await page.locator('.notification-toast', { hasText: /RCA: saved 5 incidents to rca-report-\d{4}-\d{2}-\d{2}\.csv\./ }).waitFor();

  // The action items view: the server's rows, its badge, and a row that opens the RCA.
  await vscode.command('View: Close All Editors');
  await openActionItemsView(vscode);
  await explorerBadge(vscode).filter({ hasText: new RegExp(`^${ITEMS}$`) }).waitFor();
  const runbook = viewRow(vscode, /Update runbook.*P2 · overdue by \d+ days · Platform Engineering · 2025-07-30/);
  await runbook.click();
  await page.locator('.tab.active', { hasText: SEED_PATH.split('/').pop()! }).waitFor();
  await vscode.shot(`${name}-action-items`);
  // No git runs in the browser: Create Tracker Issue says what to set instead, as information, not as an error.
  await inline(runbook, 'Create Tracker Issue');
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'In the browser the Git remote cannot be read' });
  await toast.waitFor();
  assert.equal(await toast.locator('.codicon-error').count(), 0);
  await toast.locator('.monaco-button', { hasText: 'Open Settings' }).waitFor();
}

e2eSuite('the web build in VS Code (code-server, web worker extension host)', () => {
  e2eTest('a folder of the remote, read through the client', (vscode) => checkFeatures(vscode, 'web', (path) => vscode.openFile(path)), { build: 'web' });

  e2eTest('a virtual workspace: an in-memory file system', (vscode) => checkFeatures(vscode, 'web-memfs', (path) => openMemfsFile(vscode, path)), {
    build: 'web',
    extensions: [memfsVsix],
    files: { 'memfs.code-workspace': JSON.stringify({ folders: [{ uri: 'memfs:/example', name: 'example' }] }) },
    workspaceFile: 'memfs.code-workspace',
  });
});
