// End to end: one outline for an RCA in a real VS Code (code-server,
// test/e2eHarness.ts). VS Code's Outline view and breadcrumbs show a tree per
// document symbol provider, and its built-in Markdown one lists the headings: the
// Outline shows each heading once (no second tree from the language server), and
// the timeline's events are in the RCA Timeline view. Go to Symbol in Workspace finds
// each heading once, from the built-in Markdown support, even before a Markdown file is open.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator } from 'playwright-core';
import { e2eSuite, e2eTest, type VsCode, type VsCodeOptions } from './e2eHarness';
import { EXAMPLE, SEED_PATH } from './support';

/** A heading only one RCA of the workspace has (not the one the outline checks): no other file's heading matches its text. */
const LONE_HEADING = 'Stale keys after the schema migration';
const LONE_HEADING_RCA = 'rca/2025/2025-04-05-cache-invalidation-bug-in-order-service.md';
const WITH_LONE_HEADING: VsCodeOptions['files'] = {
  [LONE_HEADING_RCA]: readFileSync(join(EXAMPLE, LONE_HEADING_RCA), 'utf8').replace('\n## Impact\n', `\n### ${LONE_HEADING}\n\nOld keys were read after the migration.\n\n## Impact\n`),
};

/** The labels of the rows of a side bar view, by its title. */
const paneLabels = (vscode: VsCode, title: RegExp) =>
  vscode.page.locator('.pane', { has: vscode.page.locator('.pane-header', { hasText: title }) }).locator('.monaco-list-row .label-name');

/** Collapses a side bar view by its title: the others get its room (a list draws only the rows it has room for). */
async function collapse(vscode: VsCode, title: string | RegExp): Promise<void> {
  const header = vscode.page.locator('.pane-header', { hasText: title });
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  await header.and(vscode.page.locator('[aria-expanded="false"]')).waitFor();
}

const TITLE =
  'an RCA has one outline: each heading once in the Outline view and the breadcrumbs; its timeline events in the RCA Timeline view; ' +
  'Go to Symbol in Workspace finds a heading once, before any Markdown file is open too';

/**
 * Go to Symbol in Workspace before any file is open: VS Code's Markdown support, which lists the
 * headings, starts only with the first Markdown file opened unless RCA Author starts it.
 */
async function checkHeadingBeforeAnyFile(vscode: VsCode): Promise<void> {
  const { page } = vscode;
  assert.equal(await page.locator('.tab').count(), 0, 'an editor is open');
  const symbols = page.locator('.quick-input-list .monaco-list-row .label-name');
  // A list asked for before the Markdown support has read the workspace does not update: asked again.
  await vscode.retry(
    async () => {
      await vscode.command('Go to Symbol in Workspace');
      await page.keyboard.type(LONE_HEADING);
    },
    symbols.filter({ hasText: `### ${LONE_HEADING}` }).first(),
    { undo: () => page.keyboard.press('Escape') },
  );
  assert.deepEqual((await symbols.allInnerTexts()).map((t) => t.trim()), [`### ${LONE_HEADING}`]);
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Checks Go to Symbol in Workspace, then the Outline, the breadcrumbs and the RCA Timeline view of the seed RCA; returns the two views' labels. */
async function checkOneOutline(vscode: VsCode): Promise<{ outline: Locator; events: Locator }> {
  const { page } = vscode;
  await checkHeadingBeforeAnyFile(vscode);
  const text = vscode.read(SEED_PATH).split('\n');
  // As VS Code's Markdown outline names them: `## Impact`.
  const headings = text.filter((l) => /^#{1,6} /.test(l)).map((l) => l.trim());
  await vscode.openRca(SEED_PATH);
  // Room for every heading in the Outline.
  await collapse(vscode, basename(vscode.workspace));
  await collapse(vscode, 'RCA Action Items');
  await vscode.command('Explorer: Focus on Outline View');
  const outline = paneLabels(vscode, /\bOutline\b/);
  await outline.filter({ hasText: /^## Related Incidents$/ }).waitFor();
  // Beside a second provider, the Outline shows a node per provider ("RCA Author", "Markdown Language Features") over its own copy of the headings.
  assert.deepEqual((await outline.allInnerTexts()).map((t) => t.trim()), headings);
  // The breadcrumbs follow the cursor down the one tree (beside a second one, they start with the provider's name).
  await vscode.goToText('support tickets created');
  const crumbs = page.locator('.breadcrumbs-control .monaco-breadcrumb-item');
  await crumbs.filter({ hasText: /^### Customer Impact$/ }).waitFor();
  const trail = (await crumbs.allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(trail.slice(trail.indexOf(SEED_PATH.split('/').pop()!) + 1), [headings[0], '## Impact', '### Customer Impact']);

  // Then room for every event in the RCA Timeline.
  await collapse(vscode, /\bOutline\b/);
  await vscode.command('Explorer: Focus on RCA Timeline View');
  const events = paneLabels(vscode, /RCA Timeline/);
  await events.filter({ hasText: /^21:17 Incident resolved$/ }).waitFor();
  assert.deepEqual(await events.allInnerTexts(), [
    '20:05 Monitoring alert triggered',
    '20:07 On-call engineer paged',
    '20:10 Initial investigation started',
    '20:15 Root cause identified',
    '20:48 Mitigation applied',
    '21:02 Service recovery observed',
    '21:17 Incident resolved',
  ]);
  const milestones = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /RCA Timeline/ }) }).locator('.monaco-list-row .label-description');
  assert.deepEqual(await milestones.allInnerTexts(), ['Detected', 'Acknowledged', 'Acknowledged', 'Identified', 'Mitigated', 'Recovered', 'Resolved']);

  // A click on an event puts the cursor on its row.
  await events.filter({ hasText: /^20:48 Mitigation applied$/ }).click();
  await page.locator('.statusbar-item', { hasText: `Ln ${text.findIndex((l) => l.startsWith('| 20:48 |')) + 1}, Col 1` }).waitFor();

  // Go to Symbol in Workspace lists headings as VS Code's Markdown names them (`### Customer Impact`), and not a second time as the server would (`Customer Impact`).
  await vscode.command('Go to Symbol in Workspace');
  await page.keyboard.type('Customer Impact');
  const symbols = page.locator('.quick-input-list .monaco-list-row .label-name');
  await symbols.filter({ hasText: /^### Customer Impact$/ }).first().waitFor();
  assert.deepEqual((await symbols.allInnerTexts()).filter((label) => label.trim() === 'Customer Impact'), []);
  await page.keyboard.press('Escape');
  return { outline, events };
}

e2eSuite('the outline of an RCA in VS Code (code-server)', () => {
  e2eTest(TITLE, async (vscode) => {
    const { page } = vscode;
    const { outline, events } = await checkOneOutline(vscode);

    // Both views for the screenshots, in the light theme and in Dark Modern.
    await page.locator('.pane-header', { hasText: /\bOutline\b/ }).click();
    await outline.filter({ hasText: /^## Timeline$/ }).waitFor();
    await page.mouse.move(0, 0);
    await vscode.shot('outline-light');

    await vscode.command('Preferences: Color Theme');
    await page.locator('.quick-input-widget input').fill('Dark Modern');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Dark Modern' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.vs-dark').waitFor();
    await events.filter({ hasText: /^20:05 Monitoring alert triggered$/ }).waitFor();
    await page.mouse.move(0, 0);
    await vscode.shot('outline-dark');
  }, { viewport: { width: 1500, height: 1200 }, settings: { 'workbench.colorTheme': 'Default Light Modern' }, files: WITH_LONE_HEADING });

  // The browser build (vscode.dev, github.dev) has the same activation, in the web worker extension host.
  e2eTest(`the browser build: ${TITLE}`, async (vscode) => {
    await checkOneOutline(vscode);
  }, { build: 'web', viewport: { width: 1500, height: 1200 }, files: WITH_LONE_HEADING });
});
