// End to end in a real VS Code: its built-in Markdown preview (Markdown: Open Preview
// to the Side) of an example RCA renders wiki-links as the language server resolves
// them and the RCA header, and a wiki-link opens its target at the heading: in the
// preview (VS Code's default) and in the editor (markdown.preview.openMarkdownLinks).
// Screenshots go to test/artifacts/ (markdown-preview-light.png, markdown-preview-dark.png and -dark-narrow.png).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { e2eSuite, e2eTest, type VsCode } from './e2eHarness';
import { EXAMPLE, SEED_PATH } from './support';

const RUNBOOK = 'runbooks/runbook-recommendation-engine.md';
const read = (path: string) => readFileSync(join(EXAMPLE, path), 'utf8');

/** The seed with links of every kind under its Summary; the runbook long enough that its Rollback heading starts below the fold. */
const FILES: Record<string, string> = {
  [SEED_PATH]: read(SEED_PATH).replace(
    '\n## Timeline\n',
    [
      '',
      'Runbooks: [[runbook-recommendation-engine|recommendation-engine Runbook]], its [[runbook-recommendation-engine#Rollback|Rollback steps]],',
      '[[runbook-payments|a runbook nobody wrote]] and [[runbook-recommendation-engine#Escalation]]. Below: [[#Timeline]];',
      'in code, `[[runbook-recommendation-engine]]` stays text.',
      '',
      '## Timeline',
      '',
    ].join('\n'),
  ),
  [RUNBOOK]: read(RUNBOOK).replace('## Dashboards', `${'Check the pages in order.\n\n'.repeat(80)}## Dashboards`),
};

/** Opens the seed and VS Code's own Markdown preview beside it; waits until the server's data shows in it (the header). */
async function openPreview(vscode: VsCode) {
  await vscode.openRca(SEED_PATH);
  await vscode.command('Markdown: Open Preview to the Side');
  const view = vscode.webview();
  await view.locator('.rca-header', { hasText: '72 min' }).waitFor();
  return view;
}

/**
 * Waits until `predicate` holds in the page of the frame `locator`'s element is in. VS Code
 * swaps a webview's frame when the preview loads another document, so a frame found during
 * the swap may be detached before the wait ends: the element is then looked up again.
 */
async function waitInFrameOf(locator: Locator, predicate: () => boolean): Promise<void> {
  for (;;) {
    try {
      const frame = await (await locator.elementHandle()).ownerFrame();
      assert.ok(frame, 'the element is in no frame');
      return void (await frame.waitForFunction(predicate));
    } catch (error) {
      // Each says the frame went away: as its page was replaced, or while its element was described.
      if (!/Frame was detached|Execution context was destroyed|Cannot find context with specified id/.test(String(error))) throw error;
    }
  }
}

e2eSuite("wiki-links in VS Code's Markdown preview", () => {
  e2eTest('renders links, broken ones and the RCA header, and a link opens the runbook in the preview at its heading', async (vscode) => {
    const view = await openPreview(vscode);
    const header = view.locator('.rca-header');
    // The title is the H1 right below: the header does not repeat it.
    assert.equal(await header.locator('.rca-header-title').count(), 0);
    assert.equal(await view.locator('h1').first().textContent(), '2025-07-30 - Cache Invalidation Bug in recommendation-engine');
    assert.equal(await header.locator('.rca-header-facts').innerText().then((t) => t.replace(/\s+/g, ' ')), 'Severity P3 Status resolved Services recommendation-engine, billing-api Duration 72 min Date 2025-07-30');
    // The raw YAML is gone: VS Code's own front matter table is not shown.
    assert.equal(await view.locator('table.frontmatter').count(), 0);

    const runbook = view.locator('a.rca-wikilink', { hasText: 'recommendation-engine Runbook' }).first();
    assert.equal(await runbook.getAttribute('href'), '../../runbooks/runbook-recommendation-engine.md');
    assert.equal(await runbook.getAttribute('title'), RUNBOOK);
    assert.equal(await view.locator('a.rca-wikilink', { hasText: 'Rollback steps' }).getAttribute('href'), '../../runbooks/runbook-recommendation-engine.md#rollback');
    assert.equal(await view.locator('a.rca-wikilink', { hasText: /^Timeline$/ }).getAttribute('href'), '#timeline');
    assert.equal(await view.locator('code', { hasText: '[[runbook-recommendation-engine]]' }).count(), 1);
    const broken = view.locator('span.rca-wikilink-broken', { hasText: 'a runbook nobody wrote' });
    assert.equal(await broken.getAttribute('title'), 'No file named "runbook-payments" in the workspace');
    const noHeading = view.locator('a.rca-wikilink-broken', { hasText: 'runbook-recommendation-engine › Escalation' });
    assert.equal(await noHeading.getAttribute('title'), `No heading "Escalation" in ${RUNBOOK}`);
    assert.equal(await view.locator('.rca-wikilink-pending').count(), 0);

    await vscode.page.mouse.move(24, 600);
    await vscode.shot('markdown-preview-light');

    await view.locator('a.rca-wikilink', { hasText: 'Rollback steps' }).click();
    // The preview now shows the runbook, scrolled to its Rollback heading (below the fold at the top).
    await view.locator('h1', { hasText: 'recommendation-engine Runbook' }).waitFor();
    const rollback = view.locator('h2#rollback');
    await waitInFrameOf(rollback, () => {
      const top = (globalThis as unknown as { document: { getElementById(id: string): { getBoundingClientRect(): { top: number } } | null } }).document.getElementById('rollback')?.getBoundingClientRect().top;
      return top !== undefined && top >= -1 && top < 200;
    });
  }, { files: FILES });

  e2eTest('in a dark theme, narrow too, a broken link resolves once its target is written, and with links opening in the editor a link opens the runbook at its heading line', async (vscode) => {
    const view = await openPreview(vscode);
    await vscode.page.mouse.move(24, 600);
    await vscode.shot('markdown-preview-dark');
    // Narrow: the header's facts wrap, each name beside its value.
    await vscode.page.setViewportSize({ width: 900, height: 950 });
    await view.locator('.rca-header').waitFor();
    await vscode.shot('markdown-preview-dark-narrow');
    // The runbook written now, as a user would save it: the server learns of it from the file
    // watcher, and the open preview shows the broken link resolved without an edit of the RCA.
    writeFileSync(vscode.path('runbooks/runbook-payments.md'), '# payments Runbook\n');
    await view.locator('a.rca-wikilink:not(.rca-wikilink-broken)', { hasText: 'a runbook nobody wrote' }).waitFor();
    await view.locator('a.rca-wikilink', { hasText: 'Rollback steps' }).click();
    const line = FILES[RUNBOOK].split('\n').indexOf('## Rollback') + 1;
    await vscode.page.locator('.tab.active', { hasText: 'runbook-recommendation-engine.md' }).waitFor();
    await vscode.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col 1` }).waitFor();
  }, { files: FILES, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'markdown.preview.openMarkdownLinks': 'inEditor' } });

  e2eTest('an untitled Markdown document, which the server does not check, shows its links as text, not pending', async (vscode) => {
    await vscode.command('File: New Untitled Text File');
    await vscode.command('Change Language Mode');
    await vscode.page.locator('.quick-input-widget input').fill('markdown');
    await vscode.pick('Markdown');
    await vscode.page.locator('.monaco-editor.focused').waitFor();
    await vscode.page.keyboard.insertText('# Draft\n\nSee [[runbook-recommendation-engine|the runbook]].\n');
    await vscode.command('Markdown: Open Preview to the Side');
    const view = vscode.webview();
    const link = view.locator('.rca-wikilink-unchecked', { hasText: 'the runbook' });
    await link.waitFor();
    assert.match((await link.getAttribute('title')) ?? '', /does not check this document/);
    assert.equal(await view.locator('.rca-wikilink-pending').count(), 0);
  });
});
