// rca-lint --cache: a run from the cache reports what a run without it reports,
// after files, the catalog or the settings change; a file of unchanged size and
// time is not read again (unless --cache-strategy content).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import { workspaceService } from '../server/src/lintCli';
import type { RcaDiagnostic } from '../server/src/core/diagnostics';
import { REPO, SEED_PATH, seedText } from './support';

const CLI = join(REPO, 'dist', 'cli.js');

function lint(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return { found: JSON.parse(result.stdout) as { file: string; line: number; column: number; code: string; message: string }[], stderr: result.stderr };
}

describe('rca-lint --cache', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rca-lint-cache-'));
    const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', dir, '--n', '300', '--seed', '9', '--broken', '0.2'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    writeFileSync(join(dir, 'notes', 'headings.md'), 'Title\n=====\n\n<!-- rca-disable ambiguous-wiki-link -->\n\nSee [[#Title]], [[#Nowhere]], [[ runbook-billing-api # Nope ]] and [[weekly-review]].\n');
    // Ordinary links, one to the runbook the test deletes: link rules read them from the cache too.
    const runbook = readdirSync(join(dir, 'runbooks')).sort()[0];
    writeFileSync(join(dir, 'notes', 'ordinary.md'), `# Ordinary\n\n[a](headings.md#title), [b](headings.md#nowhere), [c](missing.md), [d](../runbooks/${encodeURI(runbook)}), [e][r]\n\n[r]: /notes/headings.md#other\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rcas = () => readdirSync(join(dir, 'rca', '2025')).sort().map((f) => join(dir, 'rca', '2025', f));
  /** The truth: a run without the cache. */
  const fresh = () => lint(dir).found;

  test('reports what a run without it reports, from a new cache, from a current one, and after each kind of change', () => {
    const cacheFile = join(dir, '.rcalintcache');
    assert.deepEqual(lint(dir, '--cache').found, fresh());
    assert.ok(existsSync(cacheFile));
    assert.deepEqual(lint(dir, '--cache').found, fresh());

    // A file edited: a new defect in it.
    const edited = rcas()[3];
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^severity: P\d/m, 'severity: SEV-9'));
    assert.deepEqual(lint(dir, '--cache').found, fresh());
    // A linked runbook deleted: the files linking to it, unchanged, get broken links.
    const runbook = join(dir, 'runbooks', readdirSync(join(dir, 'runbooks')).sort()[0]);
    rmSync(runbook);
    const afterDelete = lint(dir, '--cache').found;
    assert.ok(afterDelete.some((f) => f.code === 'broken-wiki-link'));
    assert.ok(afterDelete.some((f) => f.file === join('notes', 'ordinary.md') && f.code === 'link-file-missing' && f.message.includes('runbooks')));
    assert.deepEqual(afterDelete, fresh());
    // The catalog without a service: unknown-service in files that did not change.
    const catalog = join(dir, '.rca', 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('  - billing-api\n', ''));
    const afterCatalog = lint(dir, '--cache').found;
    assert.ok(afterCatalog.some((f) => f.code === 'unknown-service' && f.message.includes('billing-api')));
    assert.deepEqual(afterCatalog, fresh());
    // Other settings: a rule turned off.
    const config = join(dir, 'rca.json');
    writeFileSync(config, JSON.stringify({ rules: { 'unknown-service': 'off' } }));
    assert.deepEqual(lint(dir, '--cache', '--config', config).found, lint(dir, '--config', config).found);
    assert.deepEqual(lint(dir, '--cache').found, fresh());
  });

  test('a file changed under the same size and time is read again only with --cache-strategy content', () => {
    const cacheFile = join(dir, 'by-content.cache');
    const file = rcas()[5];
    utimesSync(file, 1_000_000, 1_000_000);
    lint(dir, '--cache', '--cache-location', cacheFile);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(/^severity: P\d/m, 'severity: PX');
    assert.equal(changed.length, text.length);
    writeFileSync(file, changed);
    utimesSync(file, 1_000_000, 1_000_000);
    const name = file.slice(dir.length + 1);
    const flagged = (found: { file: string; code: string }[]) => found.some((f) => f.file === name && f.code === 'unknown-severity');
    // Not read: the cache's findings stand (what makes a run from the cache fast).
    assert.equal(flagged(lint(dir, '--cache', '--cache-location', cacheFile).found), false);
    assert.equal(flagged(lint(dir, '--cache', '--cache-location', cacheFile, '--cache-strategy', 'content').found), true);
    assert.deepEqual(lint(dir, '--cache', '--cache-location', cacheFile, '--cache-strategy', 'content').found, fresh());
  });

  test('a folder as --cache-location keeps the cache in it; a damaged cache is read as none and written anew', () => {
    const folder = join(dir, 'cache-folder');
    mkdirSync(folder);
    lint(dir, '--cache', '--cache-location', folder);
    const cacheFile = join(folder, '.rcalintcache');
    assert.ok(statSync(cacheFile).size > 0);
    const valid = readFileSync(cacheFile, 'utf8');
    for (const damaged of ['', '{', valid.slice(0, valid.length / 2), valid.replace(/"broken-wiki-link"/g, '"no-such-code"'), Buffer.alloc(2000, 0xff).toString('latin1')]) {
      writeFileSync(cacheFile, damaged);
      const run = lint(dir, '--cache', '--cache-location', folder);
      assert.deepEqual(run.found, fresh());
      assert.equal(readFileSync(cacheFile, 'utf8').length > 1000, true, 'written anew');
    }
  });

  test("findings that depend on the day are not taken from an earlier day's cache", async () => {
    // action-untracked: the seed's open P1/P2 items have no tracker link, which is a finding only 7 days after the incident (2025-07-30).
    const root = mkdtempSync(join(tmpdir(), 'rca-lint-day-'));
    try {
      mkdirSync(join(root, 'rca', '2025'), { recursive: true });
      writeFileSync(join(root, SEED_PATH), seedText());
      const config = join(root, 'rca.json');
      writeFileSync(config, JSON.stringify({ tracker: 'github', trackerUrl: 'https://github.com/acme/web' }));
      const untrackedOn = async (day: string, cache?: string) => {
        mock.timers.enable({ apis: ['Date'], now: Date.parse(`${day}T12:00:00Z`) });
        try {
          const service = workspaceService(root, config, 'rca-lint', false, cache);
          const found = await service.lintWorkspace(() => true, undefined, cache === undefined ? undefined : { engine: 'test', strategy: 'metadata' });
          return [...found.values()].flat().filter((d) => d.code === 'action-untracked').length;
        } finally {
          mock.timers.reset();
        }
      };
      const cache = join(root, '.rcalintcache');
      assert.equal(await untrackedOn('2025-08-01', cache), 0);
      assert.equal(await untrackedOn('2025-08-01'), 0);
      const later = await untrackedOn('2025-09-01');
      assert.ok(later > 0);
      assert.equal(await untrackedOn('2025-09-01', cache), later);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('--cache-strategy takes metadata or content', () => {
    const result = spawnSync(process.execPath, [CLI, '--cache', '--cache-strategy', 'mtime'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--cache-strategy must be metadata or content, not "mtime"/);
  });
});

describe('rca-lint --cache over unchanged files answers with what the last run reported', () => {
  let dir: string;
  let outside: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rca-lint-outcome-'));
    const generated = spawnSync(process.execPath, [join(REPO, 'bench', 'generate.mjs'), '--out', dir, '--n', '200', '--seed', '4', '--broken', '0.2'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    outside = mkdtempSync(join(tmpdir(), 'rca-lint-outside-'));
    writeFileSync(join(outside, 'draft.md'), '# Draft\n\nSee [[runbook-billing-api]] and [[no-such-note]].\n');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** The cache file with its index cut off after the outcome line: a run that reads the index says so on stderr. */
  const outcomeOnly = (cache: string) => {
    const text = readFileSync(cache, 'utf8');
    writeFileSync(cache, text.slice(0, text.indexOf('\n') + 1));
  };

  test('byte for byte what a run without the cache prints, in every format and with every option', () => {
    const rca = readdirSync(join(dir, 'rca', '2025')).sort()[0];
    // `fast`: answered from the outcome line alone (a run reading the damaged index would say so on stderr).
    const variants: { args: string[]; fast: boolean }[] = [
      { args: [], fast: true },
      { args: ['--format', 'json'], fast: true },
      { args: ['--format', 'sarif'], fast: true },
      { args: ['--max-warnings', '-1'], fast: true },
      { args: ['--max-warnings', '100000', '--format', 'json'], fast: true },
      { args: ['rca'], fast: true },
      { args: ['rca/**/*.md', 'notes'], fast: true },
      { args: [join('rca', '2025', rca)], fast: true },
      { args: ['.rca/catalog.yaml', 'runbooks'], fast: true },
      { args: ['--report', 'csv'], fast: true },
      { args: ['--report', 'json'], fast: true },
      // A file outside the root is checked against the root's index: the index is built.
      { args: ['.', join(outside, 'draft.md')], fast: false },
      { args: ['--format', 'sarif', join(outside, 'draft.md')], fast: false },
    ];
    for (const [i, { args, fast }] of variants.entries()) {
      const cache = join(dir, `variant-${i}.cache`);
      const withCache = ['--cache', '--cache-location', cache, ...args];
      const expected = run(...args);
      assert.ok(expected.stdout.length > 0, args.join(' '));
      assert.deepEqual(run(...withCache), expected, `first run: ${args.join(' ')}`);
      if (fast && existsSync(cache)) outcomeOnly(cache);
      assert.deepEqual(run(...withCache), expected, `from the cache: ${args.join(' ')}`);
      rmSync(cache, { force: true });
    }
  });

  test('--fix with --cache fixes and reports as --fix alone', () => {
    const copies = ['plain', 'cached'].map((name) => {
      const copy = mkdtempSync(join(tmpdir(), `rca-lint-fix-${name}-`));
      spawnSync('cp', ['-R', `${dir}/.`, copy]);
      return copy;
    });
    try {
      const [plain, cached] = copies;
      const cache = join(cached, '.rcalintcache');
      const lintIn = (cwd: string, ...args: string[]) => {
        const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      };
      lintIn(cached, '--cache');
      const fixed = lintIn(plain, '--fix');
      assert.match(fixed.stderr, /fixed [1-9]\d* files?/);
      assert.deepEqual(lintIn(cached, '--cache', '--fix'), fixed);
      assert.deepEqual(lintIn(cached, '--cache'), lintIn(plain));
      assert.ok(existsSync(cache));
    } finally {
      for (const copy of copies) rmSync(copy, { recursive: true, force: true });
    }
  });

  test('builds no index when nothing changed, and lints with the index after any file changed, was added or removed', async () => {
    const cache = join(dir, 'service.cache');
    /** What rca-lint prints of the findings (not their fixes), by file. */
    const shown = (found: Map<string, RcaDiagnostic[]>) =>
      JSON.stringify([...found].sort(([a], [b]) => a.localeCompare(b)).map(([uri, list]) => [uri, list.map(({ code, severity, message, range }) => ({ code, severity, message, range }))]));
    const lintOnce = async (strategy: 'metadata' | 'content' = 'metadata', select: (uri: string) => boolean = () => true) => {
      const service = workspaceService(dir, undefined, 'rca-lint', false, cache);
      const found = await service.lintWorkspace(select, undefined, { engine: 'test', strategy });
      return { found: shown(found), indexed: service.isIndexed };
    };
    const truth = async () => shown(await workspaceService(dir, undefined, 'rca-lint', false).lintWorkspace(() => true));
    rmSync(cache, { force: true });
    const first = await lintOnce();
    assert.equal(first.indexed, true);
    assert.equal(first.found, await truth());
    assert.deepEqual(await lintOnce(), { found: first.found, indexed: false });

    const rcas = readdirSync(join(dir, 'rca', '2025')).sort().map((f) => join(dir, 'rca', '2025', f));
    // One file edited: a new finding in it.
    const edited = rcas[2];
    const text = readFileSync(edited, 'utf8');
    writeFileSync(edited, text.replace(/^severity: P\d/m, 'severity: SEV-9'));
    const afterEdit = await lintOnce();
    assert.equal(afterEdit.indexed, true);
    assert.equal(afterEdit.found, await truth());
    assert.notEqual(afterEdit.found, first.found);
    assert.equal((await lintOnce()).indexed, false);

    // A file its links name removed: unchanged files' links break.
    const runbook = join(dir, 'runbooks', readdirSync(join(dir, 'runbooks')).sort()[0]);
    const runbookText = readFileSync(runbook, 'utf8');
    rmSync(runbook);
    const afterRemove = await lintOnce();
    assert.equal(afterRemove.indexed, true);
    assert.equal(afterRemove.found, await truth());
    assert.notEqual(afterRemove.found, afterEdit.found);

    // And added back: they resolve again.
    writeFileSync(runbook, runbookText);
    const afterAdd = await lintOnce();
    assert.equal(afterAdd.indexed, true);
    assert.equal(afterAdd.found, afterEdit.found);

    // Touched: read again by metadata, not by content.
    utimesSync(edited, new Date(), new Date(Date.now() + 5000));
    assert.equal((await lintOnce('content')).indexed, false);
    assert.deepEqual(await lintOnce('metadata'), { found: afterAdd.found, indexed: true });
    assert.equal((await lintOnce('metadata')).indexed, false);

    // Some of the files, from a new cache: a later run of them all lints them all, and then of some, none.
    const inNotes = (uri: string) => uri.includes('/notes/');
    rmSync(cache);
    assert.equal((await lintOnce('metadata', inNotes)).indexed, true);
    assert.equal((await lintOnce('metadata', inNotes)).indexed, false);
    assert.deepEqual(await lintOnce(), { found: afterAdd.found, indexed: true });
    assert.equal((await lintOnce('metadata', inNotes)).indexed, false);
  });
});
