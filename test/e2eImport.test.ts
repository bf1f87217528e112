// End to end: RCA: Import Timeline… in a real VS Code (code-server, test/e2eHarness.ts): a
// file picked in VS Code's own dialog or the clipboard, the rows shown before anything is
// written, the server's edit applied as one undoable edit, nothing written when cancelled
// (errors: test/timelineImportServer.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSuite, e2eTest, type VsCode } from './e2eHarness';
import { REPO } from './support';

const RCA_PATH = 'rca/2025/2025-11-01-checkout-errors-in-order-service.md';
const FIXTURES = join(REPO, 'test', 'fixtures', 'timeline-import');
/** The example RCA of the fixtures, its front matter filled for the rows the PagerDuty export adds. */
const RCA = readFileSync(join(FIXTURES, 'checkout-rca.md'), 'utf8').replace('duration_minutes: 0', 'duration_minutes: 203');

/** Runs the command and picks the source whose row reads `choice`. */
async function importFrom(vscode: VsCode, choice: string): Promise<void> {
  await vscode.command('RCA: Import Timeline…');
  // The row's icon is text too: the choice is typed, not matched from the row's start.
  await vscode.page.locator('.quick-input-widget input').fill(choice);
  await vscode.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: choice }).waitFor();
  await vscode.page.keyboard.press('Enter');
}

/**
 * Picks a workspace file in the workbench's own file dialog (code-server's "simple" one: a
 * quick input that takes a path): its absolute path typed, then Enter.
 */
async function pickFile(vscode: VsCode, relativePath: string): Promise<void> {
  const { page } = vscode;
  const input = page.locator('.quick-input-widget input');
  // The dialog is up once its button shows; it lists the folder it opens in (`..` first) once it
  // has read it, and only then writes that folder's path into the box, over anything typed before.
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^Import$/ }).waitFor();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^\.\.$/ }).waitFor();
  // Typed, the path takes the dialog to the file's folder, which it lists: then Enter accepts the
  // path (the dialog waits until it is not busy). Typed again if the dialog wrote its folder over it.
  const file = page.locator('.quick-input-list .monaco-list-row', { hasText: relativePath.split('/').pop()! });
  await vscode.retry(() => input.fill(vscode.path(relativePath)), file, { attempts: 3, each: 30_000 });
  await page.keyboard.press('Enter');
}

e2eSuite('timeline import in VS Code (code-server)', () => {
  e2eTest('RCA: Import Timeline… lists the rows, then writes them in one undoable edit', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(RCA_PATH);

    await importFrom(vscode, 'From a File…');
    await pickFile(vscode, 'exports/pagerduty-log-entries.json');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('text=Import 6 rows into the Timeline of').waitFor();
    const shown = await dialog.innerText();
    assert.match(shown, /times in UTC \(1 already there\)/);
    assert.match(shown, /2025-11-02 03:42 {2}\[detected\] Triggered through the API: checkout-api 5xx ratio above 25%/);
    assert.match(shown, /2025-11-02 07:05 {2}\[resolved\] Resolved by Jane Doe/);
    await vscode.shot('import-timeline-confirm-light');
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
    },
  });

  e2eTest('from the clipboard: the rows as text, nothing written when the confirmation is cancelled (dark)', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(RCA_PATH);
    // VS Code's clipboard in a browser is the page's.
    await page.evaluate((text) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(text), readFileSync(join(FIXTURES, 'timeline.csv'), 'utf8'));

    await importFrom(vscode, 'From the Clipboard');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('text=Import 7 rows into the Timeline of').waitFor();
    const shown = await dialog.innerText();
    assert.match(shown, /From clipboard, times in UTC \(1 already there\)/);
    assert.match(shown, /2025-11-02 06:10 {2}\[mitigated\] Mitigation applied: rolled back to v2\.14\.2/);
    // The event's markup is shown as text, never run.
    assert.ok(shown.includes('\\<img src=x onerror=alert(1)>'), shown);
    assert.deepEqual(vscode.dialogs, []);
    await vscode.shot('import-timeline-confirm-dark');
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.locator('.tab.active.dirty').count(), 0);
    assert.equal(vscode.read(RCA_PATH), RCA);
  }, {
    files: { [RCA_PATH]: RCA },
    permissions: ['clipboard-read', 'clipboard-write'],
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
});
