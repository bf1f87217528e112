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
