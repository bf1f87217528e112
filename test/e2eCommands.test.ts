// End to end: the authoring commands on their keybindings, in a real VS Code
// (code-server, test/e2eHarness.ts). The server computes each edit; these tests
// prove the keys reach it and the edit lands where the user is.
import assert from 'node:assert/strict';
import { e2eSuite, e2eTest, type VsCode } from './e2eHarness';
import { SEED_PATH } from './support';

/** Saves the active editor and waits until its tab is no longer dirty; returns the file's text on disk. */
async function save(vscode: VsCode, relativePath: string): Promise<string> {
  await vscode.page.keyboard.press('Control+S');
  await vscode.page.locator('.tab.active:not(.dirty)').waitFor();
  return vscode.read(relativePath);
}

/** The current UTC time as a timeline writes it (HH:MM). */
const utcClock = (date: Date) => date.toISOString().slice(11, 16);

e2eSuite('authoring commands in VS Code (code-server)', () => {
  e2eTest('Ctrl+Shift+Alt+T on a timeline row adds a row after it with the UTC time, the cursor in its event cell', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(SEED_PATH);
    const lastRow = '| 21:17 | Incident resolved |';
    await vscode.goToText(lastRow, 2);
    const before = new Date();
    await page.keyboard.press('Control+Shift+Alt+T');
    // The cursor moves to the new row (the line after) before anything is typed.
    const lines = vscode.read(SEED_PATH).split('\n');
    const newLine = lines.indexOf(lastRow) + 2;
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${newLine}, Col \\d+$`) }).waitFor();
    await page.keyboard.type('Postmortem scheduled');
    const text = await save(vscode, SEED_PATH);
    const after = new Date();
    const saved = text.split('\n');
    assert.equal(saved[newLine - 2], lastRow);
    const row = /^\| (\d\d:\d\d) \| Postmortem scheduled \|$/.exec(saved[newLine - 1]);
    assert.ok(row, `new row: ${saved[newLine - 1]}`);
    assert.ok([utcClock(before), utcClock(after)].includes(row[1]), `${row[1]} is not the UTC time between ${before.toISOString()} and ${after.toISOString()}`);
    assert.equal(saved.length, lines.length + 1, 'only the row was added');
    await vscode.shot('add-timeline-row');
  });

  e2eTest('Ctrl+Shift+Alt+D marks the action item under the cursor done, and again undoes it', async (vscode) => {
    const { page } = vscode;
    await vscode.openRca(SEED_PATH);
    const original = vscode.read(SEED_PATH);
    const item = '| P2 | Update runbook | Platform Engineering | 2025-08-13 |';
    const line = original.split('\n').indexOf(item);
    assert.ok(line >= 0, 'the example has the row');
    await vscode.goToText(item, 2);
    await page.keyboard.press('Control+Shift+Alt+D');
    await page.locator('.tab.active.dirty').waitFor();
    const done = (await save(vscode, SEED_PATH)).split('\n');
    // The example has no done rows, so the default convention: strike-through, the rest of the row kept.
    assert.equal(done[line], '| P2 | ~~Update runbook~~ | Platform Engineering | 2025-08-13 |');
    assert.deepEqual(done.filter((_, i) => i !== line), original.split('\n').filter((_, i) => i !== line), 'only that row changed');
    await vscode.shot('mark-action-item-done');
    await page.keyboard.press('Control+Shift+Alt+D');
    await page.locator('.tab.active.dirty').waitFor();
    assert.equal(await save(vscode, SEED_PATH), original);
  });
});
