// `rca site`, run as users run it (the built entry in a child process), and its pages in
// chromium from file://: every local link reaches a page and anchor of the site, document
// text stays text, and a second run rewrites only what changed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { copyExample } from './lspSession';
import { REPO, SEED_PATH } from './support';
import { probes, skipReason } from './webviewPage';

const SCREENS = process.env.RCA_DOCS_SCREENSHOTS ? join(REPO, 'docs', 'screenshots') : join(REPO, 'test', 'artifacts', 'screens');
const SEED_PAGE = `pages/${SEED_PATH.replace(/\.md$/, '.html')}`;

function site(...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO, 'dist', 'rca.js'), 'site', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative, with `/`. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** The href and src values of a page (attribute values as the builder quotes them), entities decoded. */
function urlsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

/** Problems with the local links of the site at `out`: a file that does not exist, or an anchor no element of it has. */
function brokenLinks(out: string): { count: number; broken: string[] } {
  const broken: string[] = [];
  let count = 0;
  for (const page of filesOf(out).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(out, page), 'utf8');
    for (const url of urlsOf(html)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) continue;
      count++;
      const [path, fragment] = url.split('#');
      const target = path === '' ? join(out, page) : join(out, dirname(page), ...path.split('/').map(decodeURIComponent));
      if (!existsSync(target) || !statSync(target).isFile()) {
        broken.push(`${page}: ${url} (no file)`);
        continue;
      }
      if (fragment !== undefined && !readFileSync(target, 'utf8').includes(` id="${decodeURIComponent(fragment)}"`)) broken.push(`${page}: ${url} (no anchor)`);
    }
  }
  return { count, broken };
}

describe('rca site', () => {
  let workspace: string;
  let out: string;
  before(() => {
    workspace = copyExample();
    out = join(mkdtempSync(join(tmpdir(), 'rca-site-')), 'site');
  });
  after(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  });

  test('writes an index, a page per year, severity and service, and a page per document, every local link reaching a file and anchor of the site', () => {
    const { code, stdout, stderr } = site('--root', workspace, '--out', out, '--title', 'Example incidents');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^(\d+) files in .*: \1 written, 0 unchanged, 0 removed; 16 of 16 pages rendered, 16 of 16 files parsed \(\d+\.\d s\)\n$/);
    const files = filesOf(out);
    for (const expected of ['index.html', 'documents.html', 'year/2025.html', 'severity/p3.html', 'service/billing-api.html', SEED_PAGE, 'pages/runbooks/runbook-recommendation-engine.html', 'assets/dashboard.css', 'assets/site.css']) assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    // Each of the 16 Markdown files of the example has its page.
    assert.equal(files.filter((f) => f.startsWith('pages/')).length, 16);
    const { count, broken } = brokenLinks(out);
    assert.deepEqual(broken, []);
    assert.ok(count > 200, `only ${count} local links`);
    // No script and nothing loaded from elsewhere.
    for (const page of files.filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(out, page), 'utf8');
      assert.doesNotMatch(html, /<script|<iframe|<object|\son[a-z]+=/i, page);
      assert.doesNotMatch(html, /<(?:img|link)\b[^>]*\s(?:src|href)="(?:[a-z]+:|\/\/)/i, page);
    }
  });

  test("an RCA's page: its metrics, its Markdown with wiki-links to pages and headings, and the pages linking to it", () => {
    const html = readFileSync(join(out, SEED_PAGE), 'utf8');
    assert.match(html, /<title>2025-07-30 - Cache Invalidation Bug in recommendation-engine · Example incidents<\/title>/);
    assert.match(html, /<div class="label">Duration<\/div><div class="value">72 min<\/div>/);
    assert.match(html, /<div class="phase-bar" role="img" aria-label="Phases over 72 min">/);
    assert.match(html, /<h2 id="timeline">Timeline<\/h2>/);
    assert.match(html, /<a class="rca-wikilink" href="\.\.\/\.\.\/runbooks\/runbook-recommendation-engine\.html" title="runbooks\/runbook-recommendation-engine\.md">recommendation-engine Runbook<\/a>/);
    assert.match(html, /<a class="chip" href="\.\.\/\.\.\/\.\.\/service\/billing-api\.html">billing-api<\/a>/);
    // The runbook's page lists the RCAs that link to it.
    const runbook = readFileSync(join(out, 'pages/runbooks/runbook-recommendation-engine.html'), 'utf8');
    assert.match(runbook, /<section aria-label="Linked from"><h2>Linked from<\/h2><ul class="links"><li><a href="\.\.\/rca\/2025\/2025-07-30-cache-invalidation-bug-in-recommendation-engine\.html">/);
    // The index draws both charts and links each incident to its page.
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    // Each chart drawn wide and narrow, one of them shown.
    assert.equal(index.match(/<div class="chart chart-(?:wide|narrow)" role="img"/g)?.length, 4);
    assert.match(index, /<a href="pages\/rca\/2025\/2025-07-30-cache-invalidation-bug-in-recommendation-engine\.html">2025-07-30 - Cache Invalidation Bug in recommendation-engine<\/a>/);
  });

  test("an RCA with an impact start: the index draws the dashboard's impact chart and its figures; without one it has none", () => {
    assert.doesNotMatch(readFileSync(join(out, 'index.html'), 'utf8'), /Time to detect and customer impact/);
    const impactWorkspace = copyExample();
    const impactOut = join(dirname(out), 'impact-site');
    try {
      const seed = join(impactWorkspace, SEED_PATH);
      writeFileSync(seed, readFileSync(seed, 'utf8').replace('| 20:05 | Monitoring alert triggered |', '| 19:55 | Checkout errors started |\n| 20:05 | Monitoring alert triggered |'));
      const { code, stderr } = site('--root', impactWorkspace, '--out', impactOut);
      assert.equal(code, 0, stderr);
      const index = readFileSync(join(impactOut, 'index.html'), 'utf8');
      const section = index.match(/<section aria-label="Time to detect and customer impact by quarter \(median and p90\)">.*?<\/section>/s)?.[0];
      assert.ok(section, 'no impact section');
      assert.equal(section.match(/<div class="chart chart-(?:wide|narrow)" role="img" aria-label="Median and 90th percentile of the time to detect and of the customer impact by quarter/g)?.length, 2);
      assert.deepEqual([...section.matchAll(/<span class="key mark series-(?:detect|impact)(?: dashed)?"><\/span>([^<]+)<\/span>/g)].map((m) => m[1]), ['time to detect, median', 'time to detect, p90', 'customer impact, median', 'customer impact, p90']);
      const row = section.match(/<tr><td><span class="token">2025-Q3<\/span><\/td>.*?<\/tr>/s)?.[0] ?? '';
      assert.deepEqual([...row.matchAll(/>([^<>]+)</g)].map((m) => m[1]), ['2025-Q3', '2', '10 min', '10 min', '67 min', '67 min']);
      // The RCA's page has the preview's cards (shared/metricsView.ts): with an impact start, the time to detect and the customer impact.
      const rca = readFileSync(join(impactOut, SEED_PAGE), 'utf8');
      assert.match(rca, /<div class="card"><div class="label">Time to detect<\/div><div class="value">10 min<\/div><div class="note">detected − impact started<\/div><\/div>/);
      assert.match(rca, /<div class="label">Customer impact<\/div><div class="value">67 min<\/div>/);
      assert.match(rca, /<p class="note">Times to acknowledge, identify, mitigate and recover count from impact start\.<\/p>/);
    } finally {
      rmSync(impactWorkspace, { recursive: true, force: true });
    }
  });

  test("action items' tracker issues link to the tracker in the RCA's table and the index's owner lists, by the one resolver; a javascript: tracker URL links nothing", () => {
    const trackerWorkspace = copyExample();
    const trackerOut = join(dirname(out), 'tracker-site');
    try {
      const seed = join(trackerWorkspace, SEED_PATH);
      writeFileSync(seed, readFileSync(seed, 'utf8')
        .replace('| Priority | Action | Owner | Due Date |\n|----------|--------|-------|----------|', '| Priority | Action | Owner | Due Date | Ticket |\n|---|---|---|---|---|')
        .replace('| P1 | Implement monitoring for cache invalidation bug | DevOps | 2025-08-06 |', '| P1 | Implement monitoring for cache invalidation bug | DevOps | 2099-08-06 | #7 |')
        .replace('| P2 | Update runbook | Platform Engineering | 2025-08-13 |', '| P2 | Update runbook | Platform Engineering | 2025-08-13 | OPS-12 |')
        .replace('| P2 | Add load test scenario | Platform Engineering | 2025-08-20 |', '| P2 | Add load test scenario (acme/shop#9) | Platform Engineering | 2025-08-20 | |')
        .replace('| P3 | Review similar services | Backend Team | 2025-08-29 |', '| P3 | Review similar services | Backend Team | 2025-08-29 | https://tracker.example/t/1?a=1&b=2 |\n| P3 | Read [acme/shop#5](https://example.com/notes) | Backend Team | 2025-08-30 | |'));
      const build = (settings: object | undefined) => {
        rmSync(trackerOut, { recursive: true, force: true });
        const config = join(trackerWorkspace, 'rca-settings.json');
        if (settings) writeFileSync(config, JSON.stringify(settings));
        const { code, stderr } = site('--root', trackerWorkspace, '--out', trackerOut, ...(settings ? ['--config', config] : []));
        assert.equal(code, 0, stderr);
        return { rca: readFileSync(join(trackerOut, SEED_PAGE), 'utf8'), index: readFileSync(join(trackerOut, 'index.html'), 'utf8') };
      };
      const link = (href: string, text: string) => `<a class="tracker" href="${href}" rel="noopener noreferrer" title="Open ${text} in the tracker">${text}</a>`;

      const github = build({ tracker: 'github', trackerUrl: 'https://github.com/acme/shop' });
      assert.ok(github.rca.includes(`<td>${link('https://github.com/acme/shop/issues/7', '#7')}</td>`), 'the Ticket cell #7');
      assert.ok(github.rca.includes(`<td>Add load test scenario (${link('https://github.com/acme/shop/issues/9', 'acme/shop#9')})</td>`), 'the Action cell acme/shop#9');
      assert.ok(github.rca.includes(`<td>${link('https://tracker.example/t/1?a=1&amp;b=2', 'https://tracker.example/t/1?a=1&amp;b=2')}</td>`), 'a URL in the Ticket cell, escaped');
      // A Jira key under GitHub is text, with the hint of what would place it.
      assert.match(github.rca, /<td><span class="tracker unplaced" title="Set rca\.tracker to jira and rca\.trackerUrl to the Jira site \(https:\/\/acme\.atlassian\.net\) to open OPS-12\.">OPS-12<\/span><\/td>/);
      // The same resolver as everywhere else: the owner lists of the index link the same issues.
      const devOps = github.index.match(/<details><summary><strong>DevOps<\/strong>.*?<\/details>/s)?.[0] ?? '';
      assert.ok(devOps.includes(link('https://github.com/acme/shop/issues/7', '#7')), devOps);
      // Due in 2099, the P1 item is overdue by the default SLO (28 days)...
      assert.match(devOps, /<summary><strong>DevOps<\/strong> 1 open<span class="badge overdue">1 overdue<\/span><\/summary>/);
      // A reference inside a written link stays that link's text: no link inside a link.
      assert.ok(github.rca.includes('<td>Read <a href="https://example.com/notes">acme/shop#5</a></td>'), 'acme/shop#5 inside a link');
      // Text elsewhere in the document is left alone: the Summary's numbers are no issues.
      assert.equal(github.rca.match(/class="tracker/g)?.length, 4);

      const jira = build({ tracker: 'jira', trackerUrl: 'https://acme.atlassian.net', actionItemSlo: {} });
      // ...and not with no SLOs configured.
      assert.match(jira.index, /<summary><strong>DevOps<\/strong> 1 open<\/summary>/);
      assert.ok(jira.rca.includes(`<td>${link('https://acme.atlassian.net/browse/OPS-12', 'OPS-12')}</td>`), 'OPS-12 under Jira');
      assert.match(jira.rca, /<td><span class="tracker unplaced" title="#7 names a GitHub or GitLab issue[^"]*">#7<\/span><\/td>/);

      const hostile = build({ tracker: 'github', trackerUrl: 'javascript:alert(1)//' });
      assert.doesNotMatch(hostile.rca + hostile.index, /href="javascript:/i);
      assert.match(hostile.rca, /<td><span class="tracker unplaced" title="[^"]*">#7<\/span><\/td>/);

      const unset = build(undefined);
      assert.match(unset.rca, /<td><span class="tracker unplaced" title="Set rca\.trackerUrl to the repository \(https:\/\/github\.com\/owner\/repo\) to open #7\.">#7<\/span><\/td>/);
    } finally {
      rmSync(trackerWorkspace, { recursive: true, force: true });
    }
  });

  test('a second run rewrites nothing; an edit rewrites its page alone; a deleted file loses its page', () => {
    const stamps = () => new Map(filesOf(out).map((f) => [f, statSync(join(out, f)).mtimeMs]));
    const first = stamps();
    const again = site('--root', workspace, '--out', out, '--title', 'Example incidents');
    assert.match(again.stdout, /^(\d+) files in .*: 0 written, \1 unchanged, 0 removed; 0 of 16 pages rendered/);
    assert.deepEqual(stamps(), first);
    // Prose that changes no figure of the report: only its page changes.
    const seed = join(workspace, SEED_PATH);
    writeFileSync(seed, readFileSync(seed, 'utf8').replace('## Lessons Learned\n', '## Lessons Learned\n\nCaches need owners.\n'));
    const edited = site('--root', workspace, '--out', out, '--title', 'Example incidents');
    assert.match(edited.stdout, /: 1 written, \d+ unchanged, 0 removed; 1 of 16 pages rendered/);
    const after = stamps();
    assert.deepEqual([...after].filter(([f, t]) => first.get(f) !== t).map(([f]) => f), ['.rca-site.json', SEED_PAGE]);
    assert.match(readFileSync(join(out, SEED_PAGE), 'utf8'), /<p>Caches need owners\.<\/p>/);
    // A note deleted: its page goes, and so do the links to it (none here link to this one).
    const note = filesOf(join(workspace, 'notes'))[0];
    unlinkSync(join(workspace, 'notes', note));
    const removed = site('--root', workspace, '--out', out, '--title', 'Example incidents');
    assert.match(removed.stdout, /: \d+ written, \d+ unchanged, 1 removed/);
    assert.ok(!existsSync(join(out, 'pages', 'notes', note.replace(/\.md$/, '.html'))));
    assert.deepEqual(brokenLinks(out).broken, []);
  });

  test('an incremental build is a clean build byte for byte after each kind of change, rewriting only the pages that show it', () => {
    const ws = copyExample();
    const dir = mkdtempSync(join(tmpdir(), 'rca-site-incremental-'));
    const incremental = join(dir, 'site');
    const build = (to: string) => {
      const run = site('--root', ws, '--out', to, '--title', 'Example incidents');
      assert.equal(run.code, 0, run.stderr);
      return run.stdout;
    };
    /** Builds into `incremental` and checks it against a clean build; returns the files rewritten and the run's summary. */
    const rebuild = () => {
      const before = new Map(filesOf(incremental).map((f) => [f, statSync(join(incremental, f)).mtimeMs]));
      const stdout = build(incremental);
      const clean = join(dir, 'clean');
      build(clean);
      const files = filesOf(incremental);
      assert.deepEqual(files, filesOf(clean));
      for (const f of files) assert.ok(readFileSync(join(incremental, f)).equals(readFileSync(join(clean, f))), `${f} differs from a clean build's`);
      rmSync(clean, { recursive: true });
      return { stdout, rewritten: files.filter((f) => statSync(join(incremental, f)).mtimeMs !== before.get(f) && f !== '.rca-site.json') };
    };
    const edit = (path: string, change: (text: string) => string) => writeFileSync(join(ws, path), change(readFileSync(join(ws, path), 'utf8')));
    try {
      build(incremental);
      // A link added: the page with the link and the page it now lists as linking to it, nothing else.
      edit('runbooks/runbook-user-service.md', (t) => `${t}\nSee [[runbook-order-service#Rollback]].\n`);
      let run = rebuild();
      assert.deepEqual(run.rewritten, ['pages/runbooks/runbook-order-service.html', 'pages/runbooks/runbook-user-service.html']);
      assert.match(run.stdout, /; 2 of 16 pages rendered/);
      // A title: the runbook's page, the pages listing it as linking to them, and the list of documents.
      edit('runbooks/runbook-user-service.md', (t) => t.replace('# user-service Runbook', '# Users Runbook'));
      run = rebuild();
      assert.ok(run.rewritten.includes('pages/runbooks/runbook-order-service.html') && run.rewritten.includes('documents.html'), run.rewritten.join(', '));
      // An RCA's figure: its page and the report pages.
      edit(SEED_PATH, (t) => t.replace(/^severity: P\d/m, 'severity: P1'));
      run = rebuild();
      assert.ok(run.rewritten.includes(SEED_PAGE) && run.rewritten.includes('index.html'), run.rewritten.join(', '));
      // A second file of the same name: the links to the runbook become ambiguous.
      writeFileSync(join(ws, 'notes', 'runbook-recommendation-engine.md'), '# Another\n');
      rebuild();
      assert.match(readFileSync(join(incremental, SEED_PAGE), 'utf8'), /rca-wikilink-ambiguous/);
      // An image linked before it exists, then added; then a linked file deleted.
      edit('notes/runbook-recommendation-engine.md', (t) => `${t}\n![diagram](diagram.png)\n`);
      rebuild();
      writeFileSync(join(ws, 'notes', 'diagram.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
      run = rebuild();
      assert.deepEqual(run.rewritten, ['files/notes/diagram.png', 'pages/notes/runbook-recommendation-engine.html']);
      unlinkSync(join(ws, 'runbooks', 'runbook-recommendation-engine.md'));
      rebuild();
      // A damaged manifest: the site built whole, what it no longer has removed.
      writeFileSync(join(incremental, '.rca-site.json'), '{"files":');
      writeFileSync(join(incremental, 'year', '1999.html'), 'stale');
      run = rebuild();
      assert.match(run.stdout, /; 16 of 16 pages rendered/);
      assert.ok(!existsSync(join(incremental, 'year', '1999.html')));
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--cache keeps the index between runs: an unchanged workspace is not parsed again, a changed file is, and the site is the same', () => {
    const ws = copyExample();
    const dir = mkdtempSync(join(tmpdir(), 'rca-site-cache-'));
    try {
      const cached = (...extra: string[]) => {
        const run = site('--root', ws, '--out', join(dir, 'site'), '--cache', '--cache-location', dir, ...extra);
        assert.equal(run.code, 0, run.stderr);
        return run.stdout;
      };
      assert.match(cached(), /, 16 of 16 files parsed/);
      assert.ok(statSync(join(dir, '.rcasitecache')).size > 0);
      assert.match(cached(), /: 0 written, \d+ unchanged, 0 removed; 0 of 16 pages rendered, 0 of 16 files parsed/);
      const seed = join(ws, SEED_PATH);
      writeFileSync(seed, readFileSync(seed, 'utf8').replace(/^severity: P\d/m, 'severity: P1'));
      assert.match(cached(), /, 1 of 16 files parsed/);
      // A damaged cache is read as none.
      writeFileSync(join(dir, '.rcasitecache'), '{');
      assert.match(cached(), /, 16 of 16 files parsed/);
      const clean = join(dir, 'clean');
      assert.equal(site('--root', ws, '--out', clean).code, 0);
      for (const f of filesOf(clean)) assert.ok(readFileSync(join(clean, f)).equals(readFileSync(join(dir, 'site', f))), f);
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses a folder it did not write, and bad arguments, with one clear line', () => {
    const other = mkdtempSync(join(tmpdir(), 'rca-other-'));
    try {
      writeFileSync(join(other, 'keep.txt'), 'mine');
      for (const [args, message] of [
        [['--root', workspace, '--out', other], /^rca site: --out .* is not empty and was not written by rca site/],
        [['--root', workspace], /^rca site: --out is required/],
        [['--root', join(workspace, 'nowhere'), '--out', join(other, 'x')], /^rca site: --root .*nowhere is not a folder/],
        [['--out', join(other, 'x'), 'extra'], /^rca site: unexpected argument extra/],
        [['--out', join(other, 'x'), '--title', ' '], /^rca site: --title needs a name/],
      ] as const) {
        const result = site(...args);
        assert.equal(result.code, 2, args.join(' '));
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /\n\s+at /);
      }
      assert.deepEqual(readdirSync(other), ['keep.txt']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('rca site on hostile documents, in chromium from file://', { skip: skipReason }, () => {
  const HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>';
  let workspace: string;
  let out: string;
  let browser: Browser;
  before(async () => {
    workspace = copyExample();
    out = join(mkdtempSync(join(tmpdir(), 'rca-site-')), 'site');
    const seed = join(workspace, SEED_PATH);
    writeFileSync(seed, readFileSync(seed, 'utf8')
      .replace(/^title: .*$/m, `title: ${JSON.stringify(HOSTILE_TITLE)}`)
      .replace(/^services: \[/m, 'services: ["<b onmouseover=alert(2)>svc</b>", ')
      .replace('## Lessons Learned\n', [
        '## Lessons Learned',
        '',
        '<script>alert("body")</script>',
        '<iframe src="https://evil.example/"></iframe>',
        '[click](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) ![remote](https://evil.example/pixel.png) ![local](diagram.png)',
        '[[<img src=x onerror=alert(5)>]] [[runbook-recommendation-engine|<b>alias</b>]]',
        '',
      ].join('\n')));
    mkdirSync(join(workspace, 'rca', '2025'), { recursive: true });
    writeFileSync(join(workspace, 'rca', '2025', 'diagram.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const { code, stderr } = site('--root', workspace, '--out', out);
    assert.equal(code, 0, stderr);
    browser = await chromium.launch({ executablePath: require(join(REPO, 'scripts', 'e2e', 'codeServer.cjs')).CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  });

  test('document text renders as text: no script runs, nothing loads from elsewhere, every link stays in the site', async () => {
    assert.deepEqual(brokenLinks(out).broken, []);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    for (const path of [SEED_PAGE, 'index.html', 'severity/p3.html']) {
      await page.goto(pathToFileURL(join(out, path)).href);
      // The hostile title is on the page, as text: the page's title, or a link to the RCA.
      if (path === SEED_PAGE) assert.equal(await page.title(), `${HOSTILE_TITLE} · Incident reports`);
      else assert.equal(await page.locator('a', { hasText: HOSTILE_TITLE }).count(), 1, path);
      assert.equal(await page.locator('script, iframe, b, img[src="x"]').count(), 0, path);
      await page.hover('body');
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith('file://')), []);
    await page.goto(pathToFileURL(join(out, SEED_PAGE)).href);
    const body = await page.locator('.markdown-body').innerText();
    assert.match(body, /<script>alert\("body"\)<\/script>/);
    assert.match(body, /<iframe src="https:\/\/evil\.example\/"><\/iframe>/);
    // The local image is the site's copy; the remote one a link, never loaded.
    assert.equal(await page.locator('.markdown-body img').getAttribute('src'), '../../../files/rca/2025/diagram.png');
    assert.equal(await page.locator('a.remote-image').getAttribute('href'), 'https://evil.example/pixel.png');
    assert.equal(await page.locator('a[href^="javascript:"], a[href^="data:"]').count(), 0);
    assert.equal(await page.locator('a.rca-wikilink', { hasText: '<b>alias</b>' }).count(), 1);
    await page.close();
  });
});

describe('the site in chromium: layout and screenshots', { skip: skipReason }, () => {
  let workspace: string;
  let out: string;
  let browser: Browser;
  before(async () => {
    workspace = copyExample();
    out = join(mkdtempSync(join(tmpdir(), 'rca-site-')), 'site');
    assert.equal(site('--root', workspace, '--out', out, '--title', 'Example incidents').code, 0);
    browser = await chromium.launch({ executablePath: require(join(REPO, 'scripts', 'e2e', 'codeServer.cjs')).CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  });

  for (const width of [600, 1280]) {
    test(`the index and an RCA's page at ${width} px: nothing overflows, text meets contrast, styled from the site's own stylesheets`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      mkdirSync(SCREENS, { recursive: true });
      for (const [name, path] of [['index', 'index.html'], ['rca', SEED_PAGE]] as const) {
        await page.goto(pathToFileURL(join(out, path)).href);
        // The stylesheets applied: the cards are a grid.
        assert.equal(await page.locator('.cards').first().evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).display), 'grid');
        // One drawing of each chart shows: the one drawn for about this width.
        if (name === 'index') assert.deepEqual(await page.locator('.chart').evaluateAll((charts) => charts.filter((c) => c.getBoundingClientRect().height > 0).map((c) => c.className)), width < 760 ? ['chart chart-narrow', 'chart chart-narrow'] : ['chart chart-wide', 'chart chart-wide']);
        assert.deepEqual(await page.evaluate(probes.layoutProblems), [], `${name} at ${width}`);
        assert.deepEqual(await page.evaluate(probes.contrastProblems), [], `${name} at ${width}`);
        const height = Math.min(1400, await page.evaluate<number>('document.documentElement.scrollHeight'));
        await page.screenshot({ path: join(SCREENS, `site-${name}-${width}.png`), clip: { x: 0, y: 0, width, height }, fullPage: true });
      }
      await page.close();
    });
  }
});
