// The `rca` program, run as users run it: the built entry in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Report } from '../shared/protocol';
import { copyExample } from './lspSession';
import { REPO, SEED_PATH } from './support';

function run(entry: 'rca' | 'cli', cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO, 'dist', `${entry}.js`), ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const rca = (cwd: string, ...args: string[]) => run('rca', cwd, ...args);

describe('rca', () => {
  let dir: string;
  before(() => {
    dir = copyExample();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('rca lint is rca-lint: the same output and exit status, clean or not', () => {
    assert.deepEqual(rca(dir, 'lint'), run('cli', dir));
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    writeFileSync(seed, original.replace('duration_minutes: 72', 'duration_minutes: 80'));
    try {
      for (const args of [[], ['--format', 'sarif'], ['--format', 'json', '--max-warnings', '5', 'rca']]) {
        const viaRca = rca(dir, 'lint', ...args);
        assert.deepEqual(viaRca, run('cli', dir, ...args), args.join(' '));
        assert.equal(viaRca.code, 1);
      }
    } finally {
      writeFileSync(seed, original);
    }
    // Its errors name it as it was called.
    assert.match(rca(dir, 'lint', '--format', 'xml').stderr, /^rca lint: --format must be text, json or sarif, not "xml"\nRun rca lint --help for usage\.\n$/);
  });

  test('rca report --format json and csv are the report rca-lint --report prints; markdown is the default', () => {
    for (const format of ['json', 'csv']) {
      const viaRca = rca(dir, 'report', '--format', format, '--severity', 'P3');
      assert.equal(viaRca.code, 0, viaRca.stderr);
      assert.equal(viaRca.stdout, run('cli', dir, '--report', format, '--severity', 'P3').stdout);
    }
    const json = JSON.parse(rca(dir, 'report', '--format', 'json').stdout) as Report;
    const markdown = rca(dir, 'report', '--from', '2025-07');
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.deepEqual(markdown, rca(dir, 'report', '--format', 'markdown', '--from', '2025-07'));
    assert.match(markdown.stdout, /^## RCA report\n\nRCAs from 2025-07, as of \d{4}-\d{2}-\d{2}\.\n/);
    assert.match(markdown.stdout, /\n\| 3 \| \d+ \| \d+ ⚠️ \| 1 \|\n/, 'the totals of the three RCAs from July on');
    assert.match(markdown.stdout, /\n\| 2025-07-30 \| 2025-07-30 - Cache Invalidation Bug in recommendation-engine \| P3 \| recommendation-engine, billing-api \| 72 min \|\n/);
    assert.doesNotMatch(markdown.stdout, /2025-04-05/, 'the filter applies');
    assert.ok(json.incidents.length === 5);
  });

  test('the Markdown report keeps document text inert where GitHub renders it (HTML on, links, tables)', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    const hostile = '<script>alert(1)</script> [x](javascript:alert(2)) | ![i](http://e.x/t.png) **b** `c` $m$ <img src=x onerror=alert(3)>';
    writeFileSync(seed, original.replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`).replace('billing-api]', 'billing-api, "<b>svc</b>|x"]'));
    try {
      const { code, stdout } = rca(dir, 'report');
      assert.equal(code, 0);
      // Raw HTML on, as GitHub renders job summaries (bare URLs it links in any text: not tested).
      const html = new MarkdownIt({ html: true }).render(stdout);
      assert.doesNotMatch(html, /<(script|img|a|b|strong|code)\b/i, html);
      // The title's row keeps its five cells: `|` in the text does not split it.
      const row = html.split('<tr>').find((r) => r.includes('alert(1)'))!;
      assert.equal(row.match(/<td>/g)?.length, 5, row);
      assert.match(row, /&lt;script&gt;alert\(1\)&lt;\/script&gt; \[x\]\(javascript:alert\(2\)\) \| !\[i\]\(http:\/\/e\.x\/t\.png\) \*\*b\*\* `c` \$m\$ &lt;img src=x onerror=alert\(3\)&gt;/);
    } finally {
      writeFileSync(seed, original);
    }
  });

  test('help: rca --help lists the commands, each command has its own; rca alone prints it as an error', () => {
    const help = rca(dir, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: rca <command> \[options\]\n/);
    assert.match(help.stdout, /\n {2}lint {6}check RCA Markdown files/);
    assert.match(help.stdout, /\n {2}report {4}print the dashboard's report/);
    assert.match(help.stdout, /\n {2}timeline {2}import a PagerDuty, Opsgenie, Slack or CSV\/TSV export/);
    assert.match(rca(dir, 'lint', '--help').stdout, /^Usage: rca lint \[options\]/);
    assert.match(rca(dir, 'report', '-h').stdout, /^Usage: rca report \[options\][^]*--format markdown\|json\|csv/);
    assert.equal(rca(dir, 'help', 'report').stdout, rca(dir, 'report', '--help').stdout);
    const bare = rca(dir);
    assert.equal(bare.code, 2);
    assert.equal(bare.stdout, '');
    assert.equal(bare.stderr, help.stdout);
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.equal(rca(dir, '--version').stdout, `${version}\n`);
  });

  for (const [args, message] of [
    [['lnt'], /^rca: unknown command "lnt"; commands: lint, report/],
    [['--format', 'json'], /^rca: unknown option --format \(options go after the command\)/],
    [['report', '--format', 'sarif'], /^rca report: --format must be markdown, json or csv, not "sarif"/],
    [['report', '--fix'], /^rca report: unknown option --fix/],
    [['report', '--max-warnings', '3'], /^rca report: unknown option --max-warnings/],
    [['report', '--from', 'July'], /^rca report: --from needs a date/],
  ] as const) {
    test(`usage error rca ${args.join(' ')}: one clear line, exit 2`, () => {
      const { code, stdout, stderr } = rca(dir, ...args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    });
  }
});
