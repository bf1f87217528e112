// End to end: RCA: Import Timeline… in a real VS Code (code-server, test/e2eHarness.ts): a
// file picked in VS Code's own dialog, the rows shown before anything is written, the
// server's edit applied as one undoable edit, and input that is not an export refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSuite, e2eTest, type VsCode } from './e2eHarness';
import { REPO } from './support';

const RCA_PATH = 'rca/2025/2025-11-01-checkout-errors-in-order-service.md';
const FIXTURES = join(REPO, 'test', 'fixtures', 'timeline-import');
/** The example RCA of the fixtures, its front matter filled for the rows the PagerDuty export adds. */
const RCA = readFileSync(join(FIXTURES, 'checkout-rca.md'), 'utf8').replace('duration_minutes: 0', 'duration_minutes: 203');

/** Runs the command and picks a file in VS Code's file dialog by its path. */
async function importFrom(vscode: VsCode, relativePath: string): Promise<void> {
  await vscode.command('RCA: Import Timeline…');
  // The row's icon is text too: the choice is typed, not matched from the row's start.
  await vscode.page.locator('.quick-input-widget input').fill('From a File');
  await vscode.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'From a File…' }).waitFor();
  await vscode.page.keyboard.press('Enter');
  // The workbench's own dialog: a quick input that takes a path.
  // It shows with its button, then writes the current folder into the box: the path replaces that.
  await vscode.page.locator('.quick-input-widget .monaco-button', { hasText: /^Import$/ }).waitFor();
  const input = vscode.page.locator('.quick-input-widget input');
  await vscode.page.waitForFunction((folder) => {
    // In the page (tests compile without the DOM library).
    const box = (globalThis as unknown as { document: { querySelector(selector: string): { value: string } | null } }).document.querySelector('.quick-input-widget input');
    return box?.value.startsWith(folder) === true;
  }, vscode.workspace);
  await input.fill(vscode.path(relativePath));
  await vscode.page.keyboard.press('Enter');
}

e2eSuite('timeline import in VS Code (code-server)', () => {
  e2eTest('RCA: Import Timeline… lists the rows, then writes them in one undoable edit; a file that is not an export is refused', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(RCA_PATH);

    await importFrom(vscode, 'exports/notes.txt');
    await page.locator('.notifications-toasts', { hasText: /Import Timeline: .*notes\.txt: the first line is "Some notes": expected a header naming a time column/ }).waitFor();
    assert.equal(vscode.read(RCA_PATH), RCA);

    await importFrom(vscode, 'exports/pagerduty-log-entries.json');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('text=Import 6 rows into the Timeline of').waitFor();
    const shown = await dialog.innerText();
    assert.match(shown, /times in UTC \(1 already there\)/);
    assert.match(shown, /2025-11-02 03:42 {2}\[detected\] Triggered through the API: checkout-api 5xx ratio above 25%/);
    assert.match(shown, /2025-11-02 07:05 {2}\[resolved\] Resolved by Jane Doe/);
    await vscode.shot('import-timeline-confirm');
    // Nothing is written before the user says so.
    assert.equal(await page.locator('.tab.active.dirty').count(), 0);
    await dialog.locator('.monaco-button', { hasText: /^Import$/ }).click();
    await page.locator('.tab.active.dirty').waitFor();
    await vscode.shot('import-timeline-done');

    // One undo takes all the rows back (the tab is clean again: the text is the saved one).
    await page.locator('.monaco-editor.focused').waitFor();
    await page.keyboard.press('Control+Z');
    await page.locator('.tab.active:not(.dirty)').waitFor();
    await page.keyboard.press('Control+Shift+Z');
    await page.locator('.tab.active.dirty').waitFor();
    await page.keyboard.press('Control+S');
    await page.locator('.tab.active:not(.dirty)').waitFor();
    const rows = vscode.read(RCA_PATH).split('\n').filter((line) => line.startsWith('| 2025-'));
    assert.deepEqual(rows.map((r) => r.slice(0, 20)), ['| 2025-11-02 03:30 |', '| 2025-11-02 03:42 |', '| 2025-11-02 03:47 |', '| 2025-11-02 04:12 |', '| 2025-11-02 05:20 |', '| 2025-11-02 06:10 |', '| 2025-11-02 07:05 |'].map((r) => r.padEnd(20).slice(0, 20)));
    await page.locator('.statusbar-item', { hasText: /P2 · 203 min · 0 problems/ }).waitFor();
  }, {
    files: {
      [RCA_PATH]: RCA,
      'exports/pagerduty-log-entries.json': readFileSync(join(FIXTURES, 'pagerduty-log-entries.json'), 'utf8'),
      'exports/notes.txt': 'Some notes\nabout the incident\n',
    },
  });
});
