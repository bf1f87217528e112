// The extension manifest and the VSIX: settings match what the server reads,
// commands match what the client registers, the package holds only bundles and assets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { RULE_CODES } from '../server/src/core/diagnostics';
import { DEFAULT_SETTINGS, resolveSettings } from '../server/src/core/settings';
import { REPO } from './support';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; properties?: Record<string, unknown> }> = manifest.contributes.configuration.properties;
const VSCE = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');

/** `rca.codeLens.enabled: x` → `{ codeLens: { enabled: x } }`, as getConfiguration('rca') returns it. */
function nested(key: string, value: unknown): Record<string, unknown> {
  return key.split('.').slice(1).reduceRight<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

/** Settings only the VS Code client reads: the server never sees them. */
const CLIENT_SETTINGS = new Set(['rca.trace.server', 'rca.markdownPreview.header']);

describe('manifest', () => {
  test('has no key twice in an object (JSON.parse keeps the last, silently dropping the first: a merge can leave two "views")', () => {
    const errors = (text: string) => parseDocument(text, { uniqueKeys: true }).errors.map((e) => e.message);
    assert.deepEqual(errors(readFileSync(join(REPO, 'package.json'), 'utf8')), []);
    assert.match(errors('{ "contributes": { "views": {}, "views": {} } }').join('\n'), /unique/);
  });

  test('each setting default is the default the server uses', () => {
    const fromManifest = Object.fromEntries(Object.entries(properties).filter(([key]) => !CLIENT_SETTINGS.has(key)).map(([key, p]) => [key, p.default]));
    const resolved = resolveSettings(Object.assign({}, ...Object.entries(fromManifest).map(([key, value]) => nested(key, value))));
    assert.deepEqual(resolved, DEFAULT_SETTINGS);
  });

  test('each setting reaches the server: a changed value changes what it resolves', () => {
    const changed: Record<string, unknown> = {
      'rca.files': ['incidents/**/*.md'],
      'rca.catalog': 'catalog.yaml',
      'rca.rules': { 'section-missing': 'off' },
      'rca.severities': ['SEV1'],
      'rca.statuses': ['open'],
      'rca.requiredSections': ['Summary'],
      'rca.milestones': { resolved: ['closed'] },
      'rca.durationFrom': 'impact',
      'rca.maxFileSize': 10,
      'rca.maxFiles': 5,
      'rca.codeLens.enabled': false,
      'rca.inlayHints.enabled': false,
      'rca.defaultAuthor': 'SRE',
      'rca.actionItemSlo': { P1: 14 },
      'rca.tracker': 'jira',
      'rca.trackerUrl': 'https://acme.atlassian.net',
      'rca.trackerProject': '10000',
      'rca.trackerLinkDays': 3,
    };
    assert.deepEqual(Object.keys(changed).sort(), Object.keys(properties).filter((k) => !CLIENT_SETTINGS.has(k)).sort());
    for (const [key, value] of Object.entries(changed)) {
      assert.notDeepEqual(resolveSettings(nested(key, value)), DEFAULT_SETTINGS, `${key} is not read by the server`);
    }
  });

  test('rca.rules offers exactly the diagnostic codes', () => {
    assert.deepEqual(Object.keys(properties['rca.rules'].properties!), RULE_CODES);
  });

  test('each contributed command is registered by the client, and no other', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string; category: string }) => (assert.equal(c.category, 'RCA'), c.command)).sort();
    const source = readdirSync(join(REPO, 'client', 'src')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(REPO, 'client', 'src', f), 'utf8')).join('\n');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(registered, contributed);
  });

  test('YAML editors validate the default catalog file against the shipped schema', () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: `**/${DEFAULT_SETTINGS.catalog}`, url: './server/schemas/catalog.schema.json' }]);
    assert.ok(statSync(join(REPO, manifest.contributes.yamlValidation[0].url)).size > 0);
  });

  test('marketplace fields are filled in', () => {
    for (const field of ['publisher', 'displayName', 'description', 'icon', 'categories', 'keywords', 'repository', 'license', 'engines', 'galleryBanner', 'main', 'browser']) assert.ok(manifest[field], field);
    assert.ok(statSync(join(REPO, manifest.icon)).size > 0);
  });

  test('it runs in the web extension host too, on virtual workspaces', () => {
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, true);
  });
});

describe('VSIX', () => {
  test('holds only the bundles, media, grammar, snippets, catalog schema, icon and docs, under 1 MB', () => {
    const files = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').map((f) => f.trim()).sort();
    const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|images\/icon\.png|dist\/(web\/)?(extension|server)\.js|dist\/media\/(preview|dashboard)\.(js|css)|dist\/media\/markdownPreview\.css|snippets\/[\w.-]+|syntaxes\/[\w.-]+|server\/schemas\/catalog\.schema\.json)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
    for (const needed of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/web/extension.js', 'dist/web/server.js', 'dist/media/preview.js', 'dist/media/dashboard.js', 'snippets/rca.code-snippets', 'syntaxes/rca.injection.tmLanguage.json', 'server/schemas/catalog.schema.json', 'images/icon.png', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      assert.ok(files.includes(needed), `${needed} missing from the VSIX`);
    }
    const out = mkdtempSync(join(tmpdir(), 'rca-vsix-'));
    try {
      const vsix = join(out, 'rca-author.vsix');
      execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', vsix], { cwd: REPO, stdio: 'pipe' });
      assert.ok(statSync(vsix).size < 1024 * 1024, `VSIX is ${statSync(vsix).size} bytes`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
