// rca-lint on files that a careless --fix would damage or hang on: other encodings,
// byte order marks, links out of the repository, named pipes. The built CLI in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { copyExample } from './lspSession';
import { REPO, SEED_PATH, sarifValidator } from './support';

const CLI = join(REPO, 'dist', 'cli.js');

function lint(cwd: string, ...args: string[]) {
  // The timeout turns a hang into a failure (status null).
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rca-lint on hostile files', () => {
  let dir: string;
  let seed: string;
  before(() => {
    dir = copyExample();
    seed = readFileSync(join(dir, SEED_PATH), 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The seed with a problem --fix knows how to fix. */
  const fixable = () => seed.replace('duration_minutes: 72', 'duration_minutes: 80');

  test('a Latin-1 file is reported as not UTF-8 and --fix leaves its bytes alone', () => {
    const path = join(dir, 'rca', 'latin1.md');
    const bytes = Buffer.from(fixable().replace('author: SRE', 'author: René'), 'latin1');
    writeFileSync(path, bytes);
    try {
      const checked = lint(dir, 'rca/latin1.md');
      assert.match(checked.stdout, /^rca\/latin1\.md:9:12 not-utf8 This file is not valid UTF-8/m);
      const fixed = lint(dir, '--fix', 'rca/latin1.md');
      assert.deepEqual(readFileSync(path), bytes);
      assert.match(fixed.stderr, /^rca-lint: rca\/latin1\.md: not fixed: it is not valid UTF-8$/m);
      assert.match(fixed.stderr, /^rca-lint: fixed 0 files \(1 skipped\)$/m);
      assert.equal(fixed.code, 1);
    } finally {
      rmSync(path);
    }
  });

  test('a byte order mark is ignored when checking and kept by --fix', () => {
    const path = join(dir, 'rca', 'bom.md');
    writeFileSync(path, `\uFEFF${fixable()}`);
    try {
      const checked = lint(dir, 'rca/bom.md');
      const codes = checked.stdout.split('\n').filter((line) => line.startsWith('rca/')).map((line) => line.split(' ')[1]);
      assert.deepEqual(codes, ['duration-mismatch', 'summary-mismatch'], checked.stdout);
      lint(dir, '--fix', 'rca/bom.md');
      assert.equal(readFileSync(path, 'utf8'), `\uFEFF${seed}`);
    } finally {
      rmSync(path);
    }
  });

  test('--fix never writes through a symbolic link to a file outside the root, and says so', () => {
    const outside = join(dir, '..', `${dir.split('/').pop()}-outside`);
    mkdirSync(outside);
    const script = join(outside, 'deploy.sh');
    writeFileSync(script, fixable());
    symlinkSync(script, join(dir, 'rca', 'deploy.md'));
    try {
      const { stderr } = lint(dir, '--fix', 'rca');
      assert.equal(readFileSync(script, 'utf8'), fixable());
      // Not read at all: its real path is outside the root.
      assert.match(stderr, /^rca-lint: Skipped .*\/rca\/deploy\.md: it leads outside the workspace folders$/m);
    } finally {
      rmSync(join(dir, 'rca', 'deploy.md'));
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('--config with a malformed rca.files glob: one warning line, the default globs, no internal error', () => {
    writeFileSync(join(dir, 'bad-globs.json'), JSON.stringify({ files: ['{rca/**/*.md'] }));
    try {
      const { code, stdout, stderr } = lint(dir, '--config', 'bad-globs.json');
      assert.equal(stderr, `rca-lint: --config ${join(dir, 'bad-globs.json')}: rca.files: "{rca/**/*.md" has a "{" that is not closed; using the default globs (**/rca/**/*.md, **/rcas/**/*.md, **/postmortems/**/*.md)\n`);
      assert.match(stdout, /^\d+ files checked, no problems\n$/);
      assert.equal(code, 0);
    } finally {
      rmSync(join(dir, 'bad-globs.json'));
    }
  });

  test('a named pipe found in a folder is skipped with a message, without hanging', () => {
    const fifo = join(dir, 'rca', 'pipe.md');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, String(made.stderr));
    try {
      const { code, stdout, stderr } = lint(dir, 'rca');
      assert.equal(stderr, `rca-lint: Skipped ${fifo}: not a regular file\n`);
      assert.equal(stdout, '5 files checked, no problems\n');
      assert.equal(code, 0);
    } finally {
      rmSync(fifo);
    }
  });

  test('a named pipe on the command line is skipped with a message: the others are checked, exit 2', () => {
    // Outside the root, so that only its naming brings it in.
    const fifo = `${dir}-pipe.md`;
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, String(made.stderr));
    try {
      const { code, stdout, stderr } = lint(dir, fifo, SEED_PATH);
      assert.equal(stderr, `rca-lint: ${fifo}: not checked: it is not a regular file\n`);
      assert.equal(stdout, '1 files checked, no problems\n');
      assert.equal(code, 2);
    } finally {
      rmSync(fifo);
    }
  });
});

/** The parts of a SARIF log read here. */
interface SarifLog {
  runs: {
    columnKind: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

describe('rca-lint --format sarif', () => {
  const validate = sarifValidator();

  const NAMES = ['notes/my notes.md', 'notes/[draft] plan.md', 'notes/100% done.md', 'notes/#ops/chan.md', 'notes/café ü.md', 'notes/%41.md'];
  let dir: string;
  before(() => {
    dir = copyExample();
    for (const name of NAMES) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), '# Scratch\n\nSee [[no-such-page]].\n');
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is valid SARIF 2.1.0 on file names with spaces, brackets, %, # and non-ASCII, located relative to --root', () => {
    // Run from a subfolder: locations are relative to --root, not to the current folder.
    const { stdout } = lint(join(dir, 'rca'), '--root', '..', '--format', 'sarif', '../notes');
    const sarif: SarifLog = JSON.parse(stdout);
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const run = sarif.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const base = run.originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(base, `${pathToFileURL(dir).href}/`);
    const locations = run.results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    assert.deepEqual(
      locations.map((l) => l.uri).sort(),
      ['notes/%23ops/chan.md', 'notes/%2541.md', 'notes/%5Bdraft%5D%20plan.md', 'notes/100%25%20done.md', 'notes/caf%C3%A9%20%C3%BC.md', 'notes/my%20notes.md'],
    );
    for (const location of locations) {
      assert.equal(location.uriBaseId, '%SRCROOT%');
      // Resolved against the base, each names its file.
      assert.ok(NAMES.map((n) => join(dir, n)).includes(fileURLToPath(new URL(location.uri, base))), location.uri);
    }
  });
});
