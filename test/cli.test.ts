// rca-lint, run as users run it: the built CLI in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample } from './lspSession';
import { REPO, SEED_PATH } from './support';

const CLI = join(REPO, 'dist', 'cli.js');

function lint(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('on a generated workspace with injected defects, rca-lint finds every one and nothing else', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rca-defects-'));
  try {
    const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', dir, '--n', '600', '--seed', '7', '--broken', '0.2'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const defects: { file: string; code: string }[] = JSON.parse(readFileSync(join(dir, 'defects.json'), 'utf8'));
    assert.ok(defects.length >= 100, `only ${defects.length} defects`);
    // Every kind of defect the generator knows is in the sample.
    assert.equal(new Set(defects.map((d) => d.code)).size, 14);
    const found: { file: string; code: string }[] = JSON.parse(lint(dir, '--format', 'json').stdout);
    const missed = defects.filter((d) => !found.some((f) => f.file === d.file && f.code === d.code));
    assert.deepEqual(missed, []);
    const broken = new Set(defects.map((d) => d.file));
    assert.deepEqual(found.filter((f) => !broken.has(f.file)), [], 'problems reported in files without a defect');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('rca-lint', () => {
  let dir: string;
  before(() => {
    dir = copyExample();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the example workspace is clean: exit 0', () => {
    const { code, stdout, stderr } = lint(dir);
    assert.equal(stderr, '');
    assert.equal(stdout, '17 files checked, no problems\n');
    assert.equal(code, 0);
  });

  test('a problem prints file:line:col code message and exits 1', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    writeFileSync(seed, original.replace('duration_minutes: 72', 'duration_minutes: 80'));
    try {
      const { code, stdout } = lint(dir);
      const lines = stdout.trim().split('\n');
      assert.equal(lines[0], `${SEED_PATH}:8:19 duration-mismatch duration_minutes is 80, but the timeline spans 72 minutes (20:05 → 21:17)`);
      assert.match(lines[1], /^rca\/2025\/.*:16:\d+ summary-mismatch /);
      assert.equal(lines.at(-1), '17 files checked: 2 problems (1 errors, 1 warnings, 0 infos)');
      assert.equal(code, 1);
    } finally {
      writeFileSync(seed, original);
    }
  });

  test('the catalog is checked with the Markdown: its problems on their lines, and each RCA says once that it could not be read', () => {
    const path = join(dir, '.rca', 'catalog.yaml');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('  - DevOps\n', '  - DevOps\n  - devops\n').replace('runbooks/runbook-user-service.md', 'runbooks/gone.md'));
    try {
      const { code, stdout } = lint(dir);
      assert.deepEqual(stdout.trim().split('\n'), [
        '.rca/catalog.yaml:11:14 catalog-runbook-missing No file at "runbooks/gone.md" (runbook paths are relative to the workspace folder)',
        '.rca/catalog.yaml:29:5 catalog-duplicate Team "devops" is already in the catalog (line 28)',
        '17 files checked: 2 problems (0 errors, 2 warnings, 0 infos)',
      ]);
      assert.equal(code, 1);
      writeFileSync(path, original.replace('aliases: [recs]', 'aliases: [recs'));
      const unreadable = lint(dir, '--format', 'json');
      const found: { file: string; code: string }[] = JSON.parse(unreadable.stdout);
      assert.deepEqual(found.filter((f) => f.file !== '.rca/catalog.yaml').map((f) => f.code), Array(5).fill('catalog-unreadable'));
      assert.equal(new Set(found.filter((f) => f.file !== '.rca/catalog.yaml').map((f) => f.file)).size, 5);
      assert.deepEqual([...new Set(found.filter((f) => f.file === '.rca/catalog.yaml').map((f) => f.code))], ['catalog-yaml']);
      assert.doesNotMatch(lint(dir, 'rca').stdout, /^\.rca\/catalog\.yaml:/m, 'a catalog outside the selected paths is not reported');
    } finally {
      writeFileSync(path, original);
    }
  });

  test('--max-warnings lets that many warnings pass', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    writeFileSync(seed, original.replace('status: resolved', 'status: done'));
    try {
      assert.equal(lint(dir).code, 1);
      assert.equal(lint(dir, '--max-warnings', '1').code, 0);
      assert.equal(lint(dir, '--max-warnings=0').code, 1);
    } finally {
      writeFileSync(seed, original);
    }
  });

  test('--format json lists each problem with 1-based positions', () => {
    writeFileSync(join(dir, 'notes', 'scratch.md'), '# Scratch\n\nSee [[no-such-page]].\n');
    try {
      const { code, stdout } = lint(dir, '--format', 'json');
      assert.equal(code, 1);
      assert.deepEqual(JSON.parse(stdout), [
        { file: 'notes/scratch.md', line: 3, column: 7, endLine: 3, endColumn: 19, code: 'broken-wiki-link', severity: 'warning', message: 'No file named "no-such-page" in the workspace' },
      ]);
    } finally {
      rmSync(join(dir, 'notes', 'scratch.md'));
    }
  });

  test('--format sarif is SARIF 2.1.0 with rules and located results', () => {
    writeFileSync(join(dir, 'notes', 'scratch.md'), '# Scratch\n\nSee [[no-such-page]].\n');
    try {
      const sarif = JSON.parse(lint(dir, '--format=sarif').stdout);
      assert.equal(sarif.version, '2.1.0');
      const run = sarif.runs[0];
      assert.equal(run.tool.driver.name, 'rca-lint');
      assert.ok(run.tool.driver.rules.some((r: { id: string; helpUri: string }) => r.id === 'broken-wiki-link' && r.helpUri.endsWith('#broken-wiki-link')));
      assert.deepEqual(run.results, [
        {
          ruleId: 'broken-wiki-link',
          level: 'warning',
          message: { text: 'No file named "no-such-page" in the workspace' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'notes/scratch.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 19 } } }],
        },
      ]);
    } finally {
      rmSync(join(dir, 'notes', 'scratch.md'));
    }
  });

  test('ordinary links: a missing file and heading in text, JSON and SARIF; external links and code left alone', () => {
    writeFileSync(
      join(dir, 'notes', 'scratch.md'),
      '# Scratch\n\n[runbook](../runbooks/runbook-user-svc.md) [rollback](../runbooks/runbook-recommendation-engine.md#rollback) [alerts](/runbooks/runbook-recommendation-engine.md#alert)\n\n[web](https://example.com/none.md) `[code](none.md)`\n',
    );
    try {
      const { code, stdout } = lint(dir, '--format', 'json');
      assert.equal(code, 1);
      assert.deepEqual(
        JSON.parse(stdout).map((p: { line: number; column: number; code: string }) => [p.line, p.column, p.code]),
        [
          [3, 11, 'link-file-missing'],
          [3, 162, 'link-heading-missing'],
        ],
      );
      assert.match(lint(dir).stdout, /notes\/scratch\.md:3:11 link-file-missing No file at "..\/runbooks\/runbook-user-svc.md"/);
      const sarif = JSON.parse(lint(dir, '--format=sarif').stdout);
      assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['link-file-missing', 'link-heading-missing']);
      assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string; helpUri: string }) => r.id === 'link-heading-missing' && r.helpUri.endsWith('#link-heading-missing')));
    } finally {
      rmSync(join(dir, 'notes', 'scratch.md'));
    }
  });

  test('paths and globs select files; links still resolve against the whole root', () => {
    writeFileSync(join(dir, 'notes', 'scratch.md'), 'See [[no-such-page]].\n');
    try {
      assert.equal(lint(dir, 'rca').stdout, '5 files checked, no problems\n');
      assert.equal(lint(dir, 'rca/**/*.md').stdout, '5 files checked, no problems\n');
      assert.equal(lint(dir, SEED_PATH).code, 0);
      assert.equal(lint(dir, 'notes').code, 1);
    } finally {
      rmSync(join(dir, 'notes', 'scratch.md'));
    }
  });

  test('--config applies rca.* settings from a JSON file', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    writeFileSync(seed, original.replace('status: resolved', 'status: done'));
    writeFileSync(join(dir, 'rca-settings.json'), JSON.stringify({ statuses: ['resolved', 'done'] }));
    try {
      assert.equal(lint(dir, '--config', 'rca-settings.json').code, 0);
    } finally {
      writeFileSync(seed, original);
      rmSync(join(dir, 'rca-settings.json'));
    }
  });

  for (const [args, message] of [
    [['--format', 'xml'], /--format must be text, json or sarif, not "xml"/],
    [['--bogus'], /unknown option --bogus/],
    [['--max-warnings', 'many'], /--max-warnings needs a whole number/],
    [['--max-warnings'], /--max-warnings needs a value/],
    [['missing.md'], /no such file or folder: missing.md/],
    [['--root', 'nowhere'], /--root .*nowhere is not a folder/],
    [['--config', 'nope.json'], /cannot read --config .*nope.json: ENOENT/],
  ] as const) {
    test(`usage error ${args.join(' ')}: one clear line, exit 2`, () => {
      const { code, stdout, stderr } = lint(dir, ...args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    });
  }

  test('a broken symlink named on the command line is a clear error', () => {
    symlinkSync(join(dir, 'gone.md'), join(dir, 'dangling.md'));
    try {
      const { code, stderr } = lint(dir, 'dangling.md');
      assert.equal(code, 2);
      assert.match(stderr, /no such file or folder: dangling.md/);
    } finally {
      rmSync(join(dir, 'dangling.md'));
    }
  });

  test('--fix applies the preferred fixes, writes the file and reports what is left', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    const broken = original
      .replace('duration_minutes: 72', 'duration_minutes: 80')
      .replace('approximately 72 minutes', 'approximately 99 minutes')
      .replace('| DevOps |', '| DevOp |')
      .replace('status: resolved', 'status: done');
    writeFileSync(seed, broken);
    try {
      const { code, stdout, stderr } = lint(dir, '--fix');
      assert.equal(readFileSync(seed, 'utf8'), original.replace('status: resolved', 'status: done'));
      assert.match(stdout, /^rca\/2025\/2025-07-30-[\w-]+\.md:7:9 unknown-status /);
      assert.equal(stdout.trim().split('\n').length, 2);
      assert.equal(stderr, 'rca-lint: fixed 1 file\n');
      assert.equal(code, 1);
    } finally {
      writeFileSync(seed, original);
    }
  });

  test('--fix keeps the line endings of a file with lone CRs, and reports positions on its lines', () => {
    const seed = join(dir, SEED_PATH);
    const original = readFileSync(seed, 'utf8');
    const cr = original.replace(/\n/g, '\r');
    // A missing section is inserted as lines; a wrong duration is changed in place.
    writeFileSync(seed, cr.replace('duration_minutes: 72', 'duration_minutes: 80').replace(/## Lessons Learned\r[^#]*/, ''));
    try {
      const checked = lint(dir);
      assert.deepEqual([...checked.stdout.matchAll(/:\d+:\d+ ([a-z-]+) /g)].map((m) => m[1]), ['duration-mismatch', 'summary-mismatch', 'section-missing'], checked.stdout);
      assert.match(checked.stdout, /\.md:8:19 duration-mismatch /);
      const { code, stderr } = lint(dir, '--fix');
      assert.equal(stderr, 'rca-lint: fixed 1 file\n');
      assert.equal(code, 0);
      const fixed = readFileSync(seed, 'utf8');
      assert.ok(!fixed.includes('\n'), 'an LF was written into a CR-only file');
      assert.match(fixed, /duration_minutes: 72\r/);
      assert.match(fixed, /\r## Lessons Learned\r/);
    } finally {
      writeFileSync(seed, original);
    }
  });

  test('--help and --version', () => {
    assert.match(lint(dir, '--help').stdout, /^Usage: rca-lint/);
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.equal(lint(dir, '--version').stdout, `${version}\n`);
  });
});
