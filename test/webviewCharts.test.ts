// The dashboard's charts and both webviews' layout and colours in chromium, at the
// widths of a side panel and of a wide editor, over the example workspace, ten
// years of RCAs and a generated 5,000-RCA workspace: axis labels never overlap,
// dates and durations never break inside, nothing widens the page, and every text
// and chart mark meets WCAG AA contrast in Light Modern, Dark Modern and both High
// Contrast themes (the variables of a real VS Code: test/fixtures/themeColors.json).
// Screenshots go to test/artifacts/screens; with RCA_DOCS_SCREENSHOTS=1 to
// docs/screenshots (committed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { rcaMetrics } from '../server/src/features/metrics';
import { buildReport } from '../server/src/features/report';
import { resolveSettings } from '../server/src/core/settings';
import type { RcaMetrics, Report, ReportFilter } from '../shared/protocol';
import { exampleFiles, filesUnder, indexedService, REPO, SEED_PATH, seedText } from './support';
import { probes, skipReason as skip, startWebviewPages, THEMES, type ThemeColors, type WebviewPages } from './webviewPage';

const TODAY = '2025-09-01';
const WIDTHS = [600, 1600];
const SCREENS = process.env.RCA_DOCS_SCREENSHOTS ? join(REPO, 'docs', 'screenshots') : join(REPO, 'test', 'artifacts', 'screens');
/** At most this high (px): the cards and both charts; PNGs of a reasonable size. */
const SCREENSHOT_HEIGHT = 1000;

let pages: WebviewPages | undefined;
let example: Record<string, string>;
let generatedDir: string;
let generated: Record<string, string>;

before(async () => {
  example = exampleFiles();
  generatedDir = mkdtempSync(join(tmpdir(), 'rca-charts-'));
  const run = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', generatedDir, '--n', '5000', '--seed', '5'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  generated = filesUnder(generatedDir);
  delete generated['defects.json'];
  if (!skip) pages = await startWebviewPages();
});
after(async () => {
  await pages?.close();
  rmSync(generatedDir, { recursive: true, force: true });
});

async function report(files: Record<string, string>, filter: ReportFilter = {}, settings = resolveSettings({})): Promise<Report> {
  const { service } = await indexedService(files);
  // The dashboard's limit: the newest 200 incidents.
  return buildReport(service.index.all(), filter, TODAY, 200, settings.actionItemSlo, settings.tracker);
}

/** The seed's action items with tracker references in Jira: one linked, one a long URL, one (`#7`) the settings cannot place. */
const TRACKED_SEED = (text: string) => text.replace('| Update runbook |', '| Update runbook (OPS-12) |').replace('| Add load test scenario |', '| Add load test scenario (#7) |')
  .replace('| Review similar services |', '| Review similar services https://github.com/acme/recommendation-engine/issues/123456 |');
const JIRA = resolveSettings({ tracker: 'jira', trackerUrl: 'https://acme.atlassian.net' });

/** The example's dashboard with the owners' open items carrying tracker links. */
function trackedReport(): Promise<Report> {
  return report({ ...example, [SEED_PATH]: TRACKED_SEED(seedText()) }, {}, JIRA);
}

/** The seed, dated `date`. */
function seedOn(date: string): string {
  return seedText().replace(/2025-07-30/g, date);
}

/** One RCA a quarter from 2016 to 2025: ten years of months. */
function tenYears(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let year = 2016; year <= 2025; year++) for (const month of ['01', '04', '07', '10']) files[`rca/${year}-${month}.md`] = seedOn(`${year}-${month}-15`);
  return files;
}

/**
 * The seed with two problems (a wrong duration, a broken link): the preview's problem list and its error colours;
 * and tracker links in Jira, one a long URL, one (`#7`) the settings cannot place.
 */
async function brokenSeedMetrics(): Promise<RcaMetrics> {
  const { service } = await indexedService(example);
  const text = TRACKED_SEED(seedText().replace('duration_minutes: 72', 'duration_minutes: 99').replace('[[runbook-recommendation-engine', '[[runbook-no-such-service'));
  const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, text);
  return rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10', JIRA);
}

/** Each RCA with customer impact starting 7 minutes before its alert. */
function withImpact(files: Record<string, string>): Record<string, string> {
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path, text.replace(/^\| (\d\d):(\d\d) \| Monitoring alert triggered \|$/m, (row, h, m) => `| ${clock(Number(h) * 60 + Number(m) - 7)} | Customer impact began |\n${row}`)]),
  );
}

/** The seed with customer impact starting before the alert: every impact figure in the preview. */
async function impactSeedMetrics(): Promise<RcaMetrics> {
  const { service } = await indexedService(example);
  const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, withImpact({ [SEED_PATH]: seedText() })[SEED_PATH]);
  return rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
}

const LIGHT = THEMES['Light Modern'];

/** The dashboard of `r`, `width` px wide, in `theme`, once every chart is drawn. */
async function dashboard(r: Report, width: number, theme: ThemeColors = LIGHT): Promise<Page> {
  const { page, errors } = await pages!.load('dashboard', { type: 'report', report: r }, { viewport: { width, height: 900 }, theme });
  await page.waitForFunction(probes.chartsDrawn);
  assert.deepEqual(errors, []);
  return page;
}

async function preview(metrics: RcaMetrics, width: number, theme: ThemeColors = LIGHT): Promise<Page> {
  const { page, errors } = await pages!.load('preview', { type: 'metrics', metrics }, { viewport: { width, height: 900 }, theme });
  assert.deepEqual(errors, []);
  return page;
}

const labelProblems = (page: Page) => page.evaluate(probes.labelProblems);
const periodLabels = (page: Page) => page.evaluate(probes.periodLabels);
const layoutProblems = (page: Page) => page.evaluate(probes.layoutProblems);
const contrastProblems = (page: Page) => page.evaluate(probes.contrastProblems);

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const { width } = page.viewportSize()!;
  const height = Math.min(SCREENSHOT_HEIGHT, await page.evaluate<number>('document.documentElement.scrollHeight'));
  await page.screenshot({ path: join(SCREENS, `${name}.png`), clip: { x: 0, y: 0, width, height }, fullPage: true });
}

describe('dashboard charts', () => {
  test('period labels never overlap or leave the chart, from one month to ten years, 600 and 1,600 px wide', async (t) => {
    if (skip) return t.skip(skip);
    const cases: [string, Report][] = [
      ['one month', await report(example, { from: '2025-07-01', to: '2025-07-31' })],
      ['the example', await report(example)],
      ['ten years', await report(tenYears())],
      ['5,000 RCAs', await report(generated)],
    ];
    for (const [name, r] of cases) {
      for (const width of WIDTHS) {
        const page = await dashboard(r, width);
        assert.deepEqual(await labelProblems(page), [], `${name} at ${width} px`);
        const labels = await periodLabels(page);
        // Both charts label their axis: at least one label, and a label every year or more often over ten years.
        assert.equal(labels.length, 2, `${name} at ${width} px`);
        assert.ok(labels.every((l) => l.length > 0), `${name} at ${width} px: ${JSON.stringify(labels)}`);
        if (name === 'ten years') assert.ok(labels.every((l) => l.length >= 5), `${name} at ${width} px: ${JSON.stringify(labels)}`);
        await page.close();
      }
    }
  });

  test('a label per month where they fit, per year over ten years at 600 px; exact figures in the tooltips', async (t) => {
    if (skip) return t.skip(skip);
    const r = await report(example);
    const wide = await dashboard(r, 1600);
    const [months, quarters] = await periodLabels(wide);
    assert.deepEqual(months, ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11']);
    assert.deepEqual(quarters, ['2025-Q2', '2025-Q3', '2025-Q4']);
    const titles = await wide.locator('.chart svg .hit title').allTextContents();
    assert.equal(titles[0], '2025-04: 2 incidents (P3: 2)');
    assert.equal(titles[1], '2025-05: 0 incidents');
    assert.equal(titles[8], '2025-Q2, 2 incidents\ntime to resolve: median 97.5 min, p90 130.7 min (n=2)\ntime to mitigate: median 58 min, p90 78 min (n=2)');
    // Median and p90 of each time as lines: four, with a dot a quarter.
    assert.equal(await wide.locator('.chart svg path.mark').count(), 4);
    assert.equal(await wide.locator('.chart svg circle.mark').count(), 12);
    await wide.close();
    const narrow = await dashboard(await report(tenYears()), 600);
    const [years, tenYearQuarters] = await periodLabels(narrow);
    assert.deepEqual(years, ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    assert.deepEqual(tenYearQuarters, years);
    await narrow.close();
  });

  test('one filtered month is one narrow column, and the legend lists only the severities shown', async (t) => {
    if (skip) return t.skip(skip);
    const page = await dashboard(await report(generated, { severity: 'P2', from: '2024-03-01', to: '2024-03-31' }), 1600);
    const widths = await page.locator('.chart svg rect.mark').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
    assert.ok(widths.length === 1 && widths[0] <= 40, `column widths ${widths}`);
    assert.deepEqual(await page.locator('.legend').first().innerText(), 'P2');
    await page.close();
    const all = await dashboard(await report(generated), 1600);
    assert.deepEqual((await all.locator('.legend').first().innerText()).split(/\s+/), ['P1', 'P2', 'P3', 'P4']);
    await all.close();
  });
});

describe('webview layout and contrast', () => {
  test('dates and durations never break inside and tables never widen the page, 600 and 1,600 px wide', async (t) => {
    if (skip) return t.skip(skip);
    const metrics = await brokenSeedMetrics();
    for (const width of [...WIDTHS, 360]) {
      for (const r of [await trackedReport(), await report(generated)]) {
        const page = await dashboard(r, width);
        // The folded tables too.
        await page.evaluate(probes.unfold);
        assert.deepEqual(await layoutProblems(page), [], `dashboard at ${width} px`);
        await page.close();
      }
      const page = await preview(metrics, width);
      assert.deepEqual(await layoutProblems(page), [], `preview at ${width} px`);
      await page.close();
    }
  });

  for (const [themeName, theme] of Object.entries(THEMES)) {
    test(`every text meets WCAG AA and every chart mark 3:1 in ${themeName}`, async (t) => {
      if (skip) return t.skip(skip);
      const views: [string, Page][] = [
        ['dashboard of the example', await dashboard(await trackedReport(), 1600, theme)],
        ['dashboard of 5,000 RCAs', await dashboard(await report(generated), 1600, theme)],
        ['preview', await preview(await brokenSeedMetrics(), 900, theme)],
      ];
      for (const [name, page] of views) {
        await page.evaluate(probes.unfold);
        assert.deepEqual(await contrastProblems(page), [], `${name} in ${themeName}`);
        await page.close();
      }
    });
  }

  test('the impact figures (preview cards and phases, the dashboard impact chart) meet WCAG AA in every theme, and their screenshots, light and dark', async (t) => {
    if (skip) return t.skip(skip);
    const metrics = await impactSeedMetrics();
    const r = await report(withImpact(example));
    for (const [themeName, theme] of Object.entries(THEMES)) {
      const shot = themeName === 'Light Modern' ? 'light' : themeName === 'Dark Modern' ? 'dark' : undefined;
      for (const width of shot ? [...WIDTHS, 360] : [900]) {
        const page = await preview(metrics, width, theme);
        assert.deepEqual(await contrastProblems(page), [], `impact preview in ${themeName}`);
        assert.deepEqual(await layoutProblems(page), [], `impact preview at ${width} px`);
        if (shot) await screenshot(page, `preview-impact-${width}-${shot}`);
        await page.close();
      }
      const page = await dashboard(r, 1600, theme);
      await page.evaluate(probes.unfold);
      assert.deepEqual(await contrastProblems(page), [], `impact dashboard in ${themeName}`);
      assert.deepEqual(await labelProblems(page), []);
      if (shot) await screenshot(page, `dashboard-impact-1600-${shot}`);
      await page.close();
    }
  });

  test('the variables the webviews use are all in the theme fixture (else: node scripts/themeColors.cjs)', () => {
    const used = new Set<string>();
    const sources = join(REPO, 'client', 'src', 'webview');
    for (const file of readdirSync(sources)) for (const m of readFileSync(join(sources, file), 'utf8').matchAll(/--vscode-[\w-]+/g)) if (!/^--vscode-(?:editor-)?font-/.test(m[0])) used.add(m[0]);
    for (const [name, theme] of Object.entries(THEMES)) assert.deepEqual([...used].filter((v) => !(v in theme.colors)), [], name);
  });
});

describe('screenshots', () => {
  test('the preview and the dashboard, 600 and 1,600 px wide, light and dark, example and 5,000 RCAs', async (t) => {
    if (skip) return t.skip(skip);
    const metrics = (await indexedService(example).then(({ service }) => {
      const doc = service.openDocument(`file:///ws/${SEED_PATH}`, 1, seedText());
      return rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-10');
    }));
    const reports: [string, Report][] = [['example', await report(example)], ['5000', await report(generated)]];
    for (const [themeName, theme] of [['light', THEMES['Light Modern']], ['dark', THEMES['Dark Modern']]] as const) {
      for (const width of WIDTHS) {
        for (const [workspace, r] of reports) {
          const page = await dashboard(r, width, theme);
          assert.deepEqual(await labelProblems(page), []);
          await screenshot(page, `dashboard-${workspace}-${width}-${themeName}`);
          await page.close();
        }
        const page = await preview(metrics, width, theme);
        await screenshot(page, `preview-example-${width}-${themeName}`);
        await page.close();
      }
    }
  });
});
