// End to end: the RCA Action Items view in a real VS Code (code-server, test/e2eHarness.ts).
// Its rows come from the server's index; these tests prove they show, badge, group, reveal
// their row, and that the row actions edit the file and the view follows.
import assert from 'node:assert/strict';
import { explorerBadge, inline, ITEMS, openActionItemsView, VIEW, viewRow } from './e2eActionItemsView';
import { e2eSuite, e2eTest, type VsCode } from './e2eHarness';
import { SEED_PATH } from './support';

/** Drags the side bar's edge so the rows show their whole description (for the pictures). */
async function widenSideBar(vscode: VsCode): Promise<void> {
  const box = (await vscode.page.locator('.part.sidebar').boundingBox())!;
  await vscode.page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
  await vscode.page.mouse.down();
  await vscode.page.mouse.move(760, box.y + box.height / 2, { steps: 5 });
  await vscode.page.mouse.up();
  await vscode.page.waitForFunction(() => {
    const bar = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { width: number } } | null } }).document.querySelector('.part.sidebar');
    return bar !== null && bar.getBoundingClientRect().width > 600;
  });
}

/** RCAs added to the example for the large workspace's test: two overdue items each, 25 owners. */
const MANY_RCAS = 520;

function manyRcas(): Record<string, string> {
  const rca = (i: number) => {
    const n = String(i).padStart(3, '0');
    return [
      '---', `title: Incident ${n}`, 'date: 2025-01-10', 'severity: P2', 'services: [billing-api]', 'tags: [rca]', 'status: resolved', 'author: SRE', '---',
      `# Incident ${n}`, '', '## Action Items', '', '| Priority | Action | Owner | Due Date |', '|---|---|---|---|',
      `| P1 | Close the gap ${i} | Team ${String(i % 25).padStart(2, '0')} | 2025-02-01 |`,
      `| P2 | Write it down ${i} | Team ${String((i + 1) % 25).padStart(2, '0')} | 2025-03-01 |`, '',
    ].join('\n');
  };
  return Object.fromEntries(Array.from({ length: MANY_RCAS }, (_, i) => [`rca/many/incident-${String(i).padStart(3, '0')}.md`, rca(i)]));
}

e2eSuite('the RCA Action Items view in VS Code (code-server)', () => {
  e2eTest('lists every action item with an overdue badge; a click reveals the row; mark done, snooze and grouping', async (vscode) => {
    const { page } = vscode;
    await openActionItemsView(vscode);
    await explorerBadge(vscode).filter({ hasText: new RegExp(`^${ITEMS}$`) }).waitFor();
    // Status grouping: one group of the 20 overdue items; a row says priority, deadline, owner and RCA.
    await viewRow(vscode, new RegExp(`^Overdue\\s*${ITEMS}$`)).waitFor();
    const runbook = viewRow(vscode, /Update runbook.*P2 · overdue by \d+ days · Platform Engineering · 2025-07-30 - Cache Invalidation Bug in recommendation-engine/);
    await runbook.waitFor();
    await widenSideBar(vscode);
    await vscode.shot('action-items-view');

    // A click opens the RCA at the row.
    const lines = vscode.read(SEED_PATH).split('\n');
    const line = lines.indexOf('| P2 | Update runbook | Platform Engineering | 2025-08-13 |');
    assert.ok(line >= 0, 'the example has the row');
    await runbook.click();
    await page.locator('.tab.active', { hasText: SEED_PATH.split('/').pop()! }).waitFor();
    await page.locator('.statusbar-item', { hasText: `Ln ${line + 1}, Col 1` }).waitFor();

    // Mark done: the row is marked in the file (saved, since it had no other change), and the view and badge follow.
    await inline(runbook, 'Mark Done');
    await explorerBadge(vscode).filter({ hasText: new RegExp(`^${ITEMS - 1}$`) }).waitFor();
    assert.equal(vscode.read(SEED_PATH).split('\n')[line], '| P2 | ~~Update runbook~~ | Platform Engineering | 2025-08-13 |');
    await viewRow(vscode, /^Done\s*1$/).waitFor();

    // Snooze moves the due date; the item is no longer overdue when its deadline is far enough ahead.
    // (P3 has no SLO, so its due date alone decides.)
    const review = viewRow(vscode, /Review similar services.*Backend Team · 2025-07-30/);
    await inline(review, 'Snooze (Move the Due Date)');
    await vscode.pick('4 weeks');
    await explorerBadge(vscode).filter({ hasText: new RegExp(`^${ITEMS - 2}$`) }).waitFor();
    const inFourWeeks = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
    assert.ok(vscode.read(SEED_PATH).includes(`| P3 | Review similar services | Backend Team | ${inFourWeeks} |`));
    await viewRow(vscode, /Review similar services.*P3 · due in 28 days/).waitFor();
    // Or on a date typed in.
    await inline(viewRow(vscode, /Review similar services.*P3 · due in 28 days/), 'Snooze (Move the Due Date)');
    await vscode.pick('Another date');
    await page.locator('.quick-input-widget', { hasText: 'New due date' }).waitFor();
    await page.locator('.quick-input-widget input').fill('2099-01-01');
    await page.keyboard.press('Enter');
    await viewRow(vscode, /Review similar services.*P3 · due in \d{5} days/).waitFor();
    assert.ok(vscode.read(SEED_PATH).includes('| P3 | Review similar services | Backend Team | 2099-01-01 |'));
    await inline(viewRow(vscode, /Review similar services.*P3 · due in \d{5} days/), 'Snooze (Move the Due Date)');
    await vscode.pick('4 weeks');
    await viewRow(vscode, /Review similar services.*P3 · due in 28 days/).waitFor();

    // Grouped by owner: the owner rows count their items and overdue ones; the title says the grouping.
    await page.locator(`.pane:has(.pane-header:has-text("${VIEW}")) .action-label[aria-label="Group Action Items By…"]`).click();
    await vscode.pick('Owner');
    await viewRow(vscode, /^Platform Engineering\s*\d+ · \d+ overdue$/).waitFor();
    await page.locator('.pane-header', { hasText: VIEW }).filter({ hasText: 'by owner' }).waitFor();
    await vscode.shot('action-items-by-owner');
  }, { settings: { 'workbench.colorTheme': 'Default Dark Modern' } });

  e2eTest('create tracker issue opens the prefilled new-issue page and pastes the link into the row', async (vscode) => {
    const { page } = vscode;
    await openActionItemsView(vscode);
    await widenSideBar(vscode);
    const monitoring = viewRow(vscode, /Implement monitoring for cache invalidation bug.*DevOps · 2025-07-30/);
    // The tracker's page is answered here: the test needs its address, not GitHub.
    await page.context().route('https://github.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>New issue</title>' }));
    const opened = page.context().waitForEvent('page');
    await inline(monitoring, 'Create Tracker Issue');
    // code-server asks before opening an external site.
    const open = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
    const popup = await Promise.race([opened, open.waitFor().then(async () => (await open.click(), opened), () => opened)]);
    await popup.waitForURL(/^https:\/\/github\.com\//);
    const url = new URL(popup.url());
    assert.equal(`${url.origin}${url.pathname}`, 'https://github.com/acme/web/issues/new');
    assert.equal(url.searchParams.get('title'), 'Implement monitoring for cache invalidation bug');
    assert.equal(url.searchParams.get('labels'), 'rca,P1');
    assert.match(url.searchParams.get('body')!, /2025-07-30 - Cache Invalidation Bug in recommendation-engine" \(2025-07-30\)[^]*Owner: DevOps[^]*rca\/2025\/2025-07-30-cache-invalidation-bug-in-recommendation-engine\.md/);
    await popup.close();
    await page.locator('.notifications-toasts .monaco-button', { hasText: 'Paste Link' }).click();
    await page.locator('.quick-input-widget', { hasText: 'The new issue' }).waitFor();
    await page.locator('.quick-input-widget input').fill('https://github.com/acme/web/issues/42');
    await page.keyboard.press('Enter');
    await viewRow(vscode, /Implement monitoring for cache invalidation bug \(https:\/\/github\.com\/acme\/web\/issues\/42\).*DevOps · 2025-07-30/).waitFor();
    assert.ok(vscode.read(SEED_PATH).includes('| P1 | Implement monitoring for cache invalidation bug (https://github.com/acme/web/issues/42) | DevOps | 2025-08-06 |'));
    await vscode.shot('action-items-view-light');
  }, { settings: { 'rca.tracker': 'github', 'rca.trackerUrl': 'https://github.com/acme/web', 'workbench.colorTheme': 'Default Light Modern' } });

  e2eTest('a large workspace: a group\'s first rows and a count of the rest; folded groups open on a click; the RCAs past the first ones counted', async (vscode) => {
    const { page } = vscode;
    await openActionItemsView(vscode);
    // By status: the overdue group lists its first 500 rows and counts the others in a last row.
    const overdue = ITEMS + 2 * MANY_RCAS;
    await viewRow(vscode, new RegExp(`^Overdue\\s*${overdue}$`)).waitFor();
    // VS Code writes a count past 999 as 1K+.
    await explorerBadge(vscode).filter({ hasText: /^1K\+$/ }).waitFor();
    const pane = page.locator(`.pane:has(.pane-header:has-text("${VIEW}"))`);
    const groupBy = async (grouping: string) => {
      // The view's title actions show while the pointer is over the view.
      await pane.locator('.pane-header').hover();
      await pane.locator('.action-label[aria-label="Group Action Items By…"]').click();
      await vscode.pick(grouping);
    };
    // By owner: more owners than start expanded, so they start folded; a click asks for the rows.
    await groupBy('Owner');
    const team = viewRow(vscode, /^Team 00\s*\d+ · \d+ overdue$/);
    await team.waitFor();
    assert.equal(await team.getAttribute('aria-expanded'), 'false');
    await team.click();
    await viewRow(vscode, /^Close the gap 0(?!\d).*P1 · overdue by \d+ days · Incident 000/).waitFor();
    assert.equal(await team.getAttribute('aria-expanded'), 'true');
    await vscode.shot('action-items-many-owners');
    // By RCA: the RCAs with the most overdue items first; past the first 500, a count.
    await groupBy('RCA');
    await viewRow(vscode, /^Incident 000\s*2 · 2 overdue$/).waitFor();
    await viewRow(vscode, /^Incident 000\s*2 · 2 overdue$/).click();
    // The group opened with its rows (asked as it opens): the list has stopped changing under the keyboard.
    await viewRow(vscode, /^Close the gap 0(?!\d).*P1 · overdue by \d+ days · Team 00/).waitFor();
    await page.keyboard.press('End');
    await viewRow(vscode, new RegExp(`^${MANY_RCAS + 5 - 500} more RCAs\\s*those with the most overdue items are listed$`)).waitFor();
    await vscode.shot('action-items-more-rcas');
  }, { files: manyRcas(), viewport: { width: 900, height: 800 } });
});
