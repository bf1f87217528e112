// The preview and dashboard webviews in a real browser (Debian's chromium via
// playwright-core), under the same HTML shell and Content-Security-Policy the
// extension serves: they render the server's numbers, and hostile document text
// renders as inert text. Webview → extension messages are validated.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DASHBOARD_ROWS, parseWebviewMessage } from '../client/src/webview/messages';
import { rcaMetrics } from '../server/src/features/metrics';
import { buildReport } from '../server/src/features/report';
import { resolveSettings } from '../server/src/core/settings';
import { exampleFiles, indexedService, REPO, SEED_PATH, seedText } from './support';
import { skipReason as skip, startWebviewPages, type WebviewPages } from './webviewPage';

const MEDIA = join(REPO, 'dist', 'media');
const HOSTILE_TITLE = '<img src=x onerror="window.pwned=1">';
const HOSTILE = seedText()
  .replace(/^title: .*$/m, `title: '${HOSTILE_TITLE}'`)
  .replace(/^# .*$/m, `# ${HOSTILE_TITLE}`)
  .replace('Monitoring alert triggered', '<script>window.pwned=2</script> alert triggered')
  .replace('Update runbook', '<a href="javascript:window.pwned=3">Update runbook</a>')
  .replace('2090 customer-facing errors', '99999999999999999999999999999999999999 customer-facing errors')
  .replace('services: [recommendation-engine, billing-api]', 'services: ["<svg onload=window.pwned=4>", billing-api]');

let pages: WebviewPages | undefined;
before(async () => {
  if (!skip) pages = await startWebviewPages();
});
after(async () => {
  await pages?.close();
});

function load(bundle: 'preview' | 'dashboard', message: unknown) {
  return pages!.load(bundle, message);
}

async function hostileMetrics() {
  const { service } = await indexedService({ ...exampleFiles(), [SEED_PATH]: HOSTILE });
  const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, HOSTILE);
  return { service, metrics: rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10') };
}

describe('metrics preview webview', () => {
  test('a Tracker column with each row\'s tracker link, only when some row has one', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const linked = seedText().replace('| Update runbook |', '| Update runbook (OPS-12) |');
    const settings = resolveSettings({ tracker: 'jira', trackerUrl: 'https://acme.atlassian.net' });
    const headers = async (text: string) => {
      const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, text);
      const { page, errors } = await load('preview', { type: 'metrics', metrics: rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10', settings) });
      const table = page.locator('table.actions');
      const result = { head: await table.locator('th').allInnerTexts(), cells: await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.split('\t').at(-1))) };
      assert.deepEqual(errors, []);
      await page.close();
      return result;
    };
    assert.deepEqual(await headers(linked), { head: ['Priority', 'Action', 'Owner', 'Due', 'Tracker'], cells: ['', 'OPS-12', '', ''] });
    assert.deepEqual((await headers(seedText())).head, ['Priority', 'Action', 'Owner', 'Due']);
  });

  test('a tracker link opens its URL through the extension; one the settings cannot place says which setting to set', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const text = seedText().replace('| Update runbook |', '| Update runbook (OPS-12) |').replace('| Add load test scenario |', '| Add load test scenario (#7) |');
    const metricsWith = (settings: ReturnType<typeof resolveSettings>) => {
      const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, text);
      return rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10', settings);
    };
    const jira = await load('preview', { type: 'metrics', metrics: metricsWith(resolveSettings({ tracker: 'jira', trackerUrl: 'https://acme.atlassian.net' })) });
    const link = jira.page.locator('table.actions').getByRole('button', { name: 'OPS-12', exact: true });
    assert.equal(await link.getAttribute('title'), 'Open https://acme.atlassian.net/browse/OPS-12');
    await link.click();
    assert.deepEqual((await jira.sent()).at(-1), { type: 'openExternal', url: 'https://acme.atlassian.net/browse/OPS-12' });
    // Jira cannot say where #7 goes: text, its tooltip naming the setting.
    const unplaced = jira.page.locator('table.actions .unresolved');
    assert.deepEqual([await unplaced.innerText(), await unplaced.getAttribute('title')], ['#7', '#7 names a GitHub or GitLab issue: set rca.tracker to github or gitlab (it is jira).']);
    assert.deepEqual(jira.errors, []);
    await jira.page.close();
    // A tracker URL of another scheme links nothing: a button never posts it.
    const hostile = await load('preview', { type: 'metrics', metrics: metricsWith(resolveSettings({ tracker: 'jira', trackerUrl: 'javascript:window.pwned=1;//' })) });
    const cells = hostile.page.locator('table.actions');
    assert.equal(await cells.getByRole('button', { name: 'OPS-12', exact: true }).count(), 0);
    assert.match((await cells.locator('.unresolved').first().getAttribute('title'))!, /Set rca\.tracker to jira and rca\.trackerUrl/);
    assert.deepEqual(hostile.errors, []);
    await hostile.page.close();
  });

  test("shows the seed's numbers and each problem; clicking a row asks to reveal its line", async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, seedText().replace('duration_minutes: 72', 'duration_minutes: 99'));
    const metrics = rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
    const { page, sent, errors } = await load('preview', { type: 'metrics', metrics });
    const cards = await page.locator('.card').allInnerTexts();
    assert.deepEqual(cards.map((c) => c.split('\n').slice(0, 2).join(' ')), ['Duration 72 min', 'Time to acknowledge 5 min', 'Time to identify 10 min', 'Time to mitigate 43 min', 'Time to recover 57 min']);
    assert.match(cards[0], /front matter says 99 min/);
    assert.match(await page.locator('table.figures').innerText(), /259 ms → 4,951 ms \(×19\.1\)/);
    assert.equal(await page.locator('.badge.overdue').count(), 1);
    assert.match(await page.locator('section[aria-label^="Problems"] h2').innerText(), /Problems \(2\)/);
    await page.getByRole('button', { name: '8:19' }).click();
    assert.deepEqual((await sent()).at(-1), { type: 'reveal', uri: metrics.uri, line: 7 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('impact start: the time to detect and customer impact cards, and Impact started in the phases', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, seedText().replace('| 20:05 | Monitoring alert triggered |', '| 19:55 | Checkout errors started |\n| 20:05 | Monitoring alert triggered |'));
    const metrics = rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
    const { page, errors } = await load('preview', { type: 'metrics', metrics });
    const cards = await page.locator('.card').allInnerTexts();
    assert.deepEqual(cards.map((c) => c.split('\n').slice(0, 3).join(' ')), [
      'Duration 72 min resolved − detected',
      'Time to detect 10 min detected − impact started',
      'Time to acknowledge 15 min',
      'Time to identify 20 min',
      'Time to mitigate 53 min',
      'Time to recover 67 min',
      'Customer impact 67 min impact started → recovered',
    ]);
    assert.match(await page.locator('main').innerText(), /count from impact start/);
    assert.match(await page.locator('ol.phases').innerText(), /19:55\s+Impact started\s+\+0 min\s+Checkout errors started/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('with no RCA to show, it says how to get one; the next metrics replace that', async (t) => {
    if (skip) return t.skip(skip);
    const { page, errors } = await load('preview', { type: 'metrics', metrics: null });
    assert.equal(await page.locator('h1').innerText(), 'No RCA to show');
    assert.match(await page.locator('main').innerText(), /Open an RCA/);
    assert.doesNotMatch(await page.locator('main').innerText(), /Loading/);
    const { service } = await indexedService(exampleFiles());
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, seedText());
    await page.evaluate((metrics) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage({ type: 'metrics', metrics }, '*'), rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10'));
    await page.locator('h1', { hasText: 'Cache Invalidation Bug' }).waitFor();
    assert.equal(await page.locator('.card').count(), 5);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a reloaded preview draws the metrics it saved at once', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, seedText());
    const metrics = rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
    // No message: what it saved before the reload (VS Code's getState) is all it has.
    const { page, errors } = await pages!.load('preview', { type: 'none' }, { state: metrics });
    assert.equal(await page.locator('.phase').count(), 6);
    assert.match(await page.locator('table.figures').innerText(), /259 ms → 4,951 ms/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a Related link to a #Heading asks to reveal that heading, not the first line', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const text = seedText().replace('- [[runbook-recommendation-engine|', '- [[runbook-user-service#Rollback|Rollback steps]]\n- [[runbook-recommendation-engine|');
    const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, text);
    const metrics = rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
    const { page, sent } = await load('preview', { type: 'metrics', metrics });
    await page.getByRole('button', { name: 'Rollback steps' }).click();
    // `## Rollback` is line 17 of the runbook (0-based 16).
    assert.deepEqual((await sent()).at(-1), { type: 'reveal', uri: 'file:///ws/runbooks/runbook-user-service.md', line: 16 });
    await page.getByRole('button', { name: 'recommendation-engine Runbook' }).click();
    assert.deepEqual((await sent()).at(-1), { type: 'reveal', uri: 'file:///ws/runbooks/runbook-recommendation-engine.md', line: 0 });
    await page.close();
  });

  test('hostile document text renders as text: no element, no script, no dialog', async (t) => {
    if (skip) return t.skip(skip);
    const { metrics } = await hostileMetrics();
    const { page, dialogs, errors } = await load('preview', { type: 'metrics', metrics });
    assert.equal(await page.locator('h1').innerText(), HOSTILE_TITLE);
    assert.equal(await page.locator('main img, main script, main svg, main a').count(), 0);
    assert.match(await page.locator('main').innerText(), /<script>window\.pwned=2<\/script> alert triggered/);
    assert.match(await page.locator('main').innerText(), /<svg onload=window\.pwned=4>/);
    assert.match(await page.locator('table.figures').innerText(), /1e\+38|100,000,000,000,000,000,000,000,000,000,000,000,000/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual([dialogs, errors], [[], []]);
    await page.close();
  });
});

describe('dashboard webview', () => {
  test("shows the example workspace's counts; filters and exports go to the extension", async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const report = buildReport(service.index.all(), {}, '2025-09-01');
    const { page, sent, errors } = await load('dashboard', { type: 'report', report });
    const cards = await page.locator('.card').allInnerTexts();
    assert.deepEqual(cards.map((c) => c.replace('\n', ': ')), ['Incidents: 5', 'Open action items: 20', 'Overdue action items: 12', 'Recurring kinds: 1']);
    assert.equal(await page.locator('table.incidents tbody tr').count(), 5);
    assert.equal(await page.locator('.chart svg .column').count(), 8);
    await page.selectOption('#filter-service', 'billing-api');
    assert.deepEqual((await sent()).at(-1), { type: 'filter', filter: { service: 'billing-api' } });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    assert.deepEqual((await sent()).at(-1), { type: 'export', format: 'csv' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('action item follow-through: the rate and its parts, open items by age, done on time by quarter, tables by priority, owner and quarter', async (t) => {
    if (skip) return t.skip(skip);
    const files = exampleFiles();
    // One item done on time and one done late (their Status says when), so the rate is neither 0 nor 100%.
    files[SEED_PATH] = seedText()
      .replace('| Priority | Action | Owner | Due Date |\n|----------|--------|-------|----------|', '| Priority | Action | Owner | Due Date | Status |\n|---|---|---|---|---|')
      .replace('| P2 | Update runbook | Platform Engineering | 2025-08-13 |', '| P2 | Update runbook | Platform Engineering | 2025-08-13 | Done 2025-08-10 |')
      .replace('| P2 | Add load test scenario | Platform Engineering | 2025-08-20 |', '| P2 | Add load test scenario | Platform Engineering | 2025-08-20 | Done 2025-08-25 |')
      .replace(/(\| P[13] \| [^\n]*\| 2025-08-\d\d \|)$/gm, '$1 |');
    const { service } = await indexedService(files);
    const report = buildReport(service.index.all(), {}, '2025-09-01');
    const f = report.actionItems;
    assert.ok(f.doneOnTime === 1 && f.doneLate === 1, JSON.stringify(f));
    const { page, errors } = await load('dashboard', { type: 'report', report });
    const section = page.locator('section[aria-label="Action item follow-through"]');
    assert.equal(await section.locator('.follow-through-summary').innerText(), `1 of ${f.due} due items done on time (${Math.round(f.followThroughRate! * 100)}%), 1 late, ${f.overdue} overdue. Open items: ${f.open}, median age ${Math.round(f.medianOpenAgeDays!)} days. Due by the earlier of the due date and the SLO (P1 28 days, P2 56 days).`);
    assert.deepEqual(await section.locator('.two > div:first-child .bars li .name').allInnerTexts(), f.openByAge.map((b) => b.label));
    assert.deepEqual(await section.locator('.two > div:last-child .bars li .name').allInnerTexts(), f.byQuarter.filter((q) => q.due > 0).map((q) => q.quarter));
    await section.locator('summary', { hasText: 'By priority' }).click();
    assert.deepEqual(await section.locator('table.follow-through').first().locator('tbody tr td:first-child').allInnerTexts(), f.byPriority.map((p) => p.priority));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("open items by owner link their tracker issues: a click asks the extension to open the URL; one the settings cannot place says which setting to set", async (t) => {
    if (skip) return t.skip(skip);
    const files = exampleFiles();
    files[SEED_PATH] = seedText().replace('| Implement monitoring for cache invalidation bug | DevOps |', '| Implement monitoring for cache invalidation bug (#7) | DevOps |').replace('| Review similar services | Backend Team |', '| Review similar services (acme/other#3) | Backend Team |');
    const { service } = await indexedService(files);
    const report = buildReport(service.index.all(), {}, '2025-09-01', Infinity, undefined, resolveSettings({ tracker: 'github', trackerUrl: 'https://github.com/acme/shop' }).tracker);
    const { page, sent, errors } = await load('dashboard', { type: 'report', report });
    const devOps = page.locator('details', { has: page.locator('summary strong', { hasText: 'DevOps' }) });
    await devOps.locator('summary').click();
    const link = devOps.getByRole('button', { name: '#7', exact: true });
    assert.equal(await link.getAttribute('title'), 'Open https://github.com/acme/shop/issues/7');
    await link.click();
    assert.deepEqual((await sent()).at(-1), { type: 'openExternal', url: 'https://github.com/acme/shop/issues/7' });
    await page.close();
    // Under Jira a GitHub reference opens nowhere: text, its tooltip naming the setting.
    const jira = await load('dashboard', { type: 'report', report: buildReport(service.index.all(), {}, '2025-09-01', Infinity, undefined, resolveSettings({ tracker: 'jira', trackerUrl: 'https://acme.atlassian.net' }).tracker) });
    const backend = jira.page.locator('details', { has: jira.page.locator('summary strong', { hasText: 'Backend Team' }) });
    await backend.locator('summary').click();
    const unplaced = backend.locator('.unresolved');
    assert.deepEqual([await unplaced.innerText(), await unplaced.getAttribute('title')], ['acme/other#3', 'acme/other#3 names a GitHub or GitLab issue: set rca.tracker to github or gitlab (it is jira).']);
    assert.equal(await backend.getByRole('button', { name: 'acme/other#3', exact: true }).count(), 0);
    assert.deepEqual([...errors, ...jira.errors], []);
    await jira.page.close();
  });

  test('a reloaded dashboard draws the report it saved at once, charts included', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await indexedService(exampleFiles());
    const report = buildReport(service.index.all(), {}, '2025-09-01');
    // No message: what it saved before the reload (VS Code's getState) is all it has.
    const { page, errors } = await pages!.load('dashboard', { type: 'none' }, { state: report });
    await page.locator('.chart svg .column').first().waitFor();
    assert.equal(await page.locator('.chart svg path.mark').count(), 4);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('impact start: a chart and a table of the time to detect and the customer impact, only when an RCA has one', async (t) => {
    if (skip) return t.skip(skip);
    const files = exampleFiles();
    files[SEED_PATH] = seedText().replace('| 20:05 | Monitoring alert triggered |', '| 19:55 | Checkout errors started |\n| 20:05 | Monitoring alert triggered |');
    const { service } = await indexedService(files);
    const { page, errors } = await load('dashboard', { type: 'report', report: buildReport(service.index.all(), {}, '2025-09-01') });
    const section = page.locator('section[aria-label^="Time to detect and customer impact"]');
    // One quarter with figures: each line is one dot.
    await section.locator('.chart svg circle.mark').first().waitFor();
    assert.equal(await section.locator('.chart svg path.mark').count(), 4);
    assert.deepEqual((await section.locator('.legend').innerText()).split('\n').filter(Boolean), ['time to detect, median', 'time to detect, p90', 'customer impact, median', 'customer impact, p90']);
    await section.locator('summary').click();
    assert.match(await section.locator('table.quarters').innerText(), /2025-Q3\s+2\s+10 min\s+10 min\s+67 min\s+67 min/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hostile RCA text renders as text', async (t) => {
    if (skip) return t.skip(skip);
    const { service } = await hostileMetrics();
    const report = buildReport(service.index.all(), {}, '2025-09-01');
    const { page, dialogs, errors } = await load('dashboard', { type: 'report', report });
    assert.match(await page.locator('table.incidents').innerText(), /<img src=x onerror="window.pwned=1">/);
    // The charts are SVG; the service named `<svg onload=…>` is not.
    await page.locator('.chart svg').first().waitFor();
    assert.equal(await page.locator('main img, main script, main a, main :not(.chart) > svg, main svg svg').count(), 0);
    assert.match(await page.locator('main').innerText(), /<svg onload=window\.pwned=4>/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual([dialogs, errors], [[], []]);
    await page.close();
  });
});

describe('messages from webviews', () => {
  test('only known shapes pass; URIs must be local Markdown files, links to open http(s) URLs; filters keep only valid fields', () => {
    const folders = ['file:///ws'];
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', uri: 'file:///ws/a.md', line: 3 }, folders), { type: 'reveal', uri: 'file:///ws/a.md', line: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'openExternal', url: 'https://github.com/acme/web/issues/7' }, folders), { type: 'openExternal', url: 'https://github.com/acme/web/issues/7' });
    for (const bad of [
      null, 'reveal', { type: 'run' },
      { type: 'reveal', uri: 'command:workbench.action.terminal.new', line: 0 },
      { type: 'reveal', uri: 'javascript:alert(1)//.md', line: 0 },
      { type: 'reveal', uri: 'https://example.com/a.md', line: 0 },
      { type: 'reveal', uri: 'file:///etc/passwd', line: 0 },
      { type: 'reveal', uri: 'file:///ws/a.md', line: -1 },
      { type: 'reveal', uri: 'file:///ws/a.md', line: 1.5 },
      { type: 'export', format: 'html' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 'https://' },
      { type: 'openExternal', url: 'https://example.com/\njavascript:alert(1)' },
      { type: 'openExternal', url: 7 },
    ]) assert.equal(parseWebviewMessage(bad, folders), undefined, JSON.stringify(bad));
    assert.deepEqual(parseWebviewMessage({ type: 'filter', filter: { service: 'api', severity: 7, from: 'yesterday', to: '2025-07', team: 'x'.repeat(500), extra: 1 } }, folders), { type: 'filter', filter: { service: 'api', to: '2025-07' } });
    assert.equal(DASHBOARD_ROWS > 0, true);
  });
});

test('the bundles exist (built by the test build)', () => {
  for (const f of ['preview.js', 'preview.css', 'dashboard.js', 'dashboard.css']) assert.ok(existsSync(join(MEDIA, f)), f);
});
