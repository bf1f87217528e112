// Hostile documents through the public functions that read them: each takes time
// linear in its size. Four times the input may take at most eight times as long
// (quadratic takes sixteen); ratios are compared within one run, never absolute times.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { MAX_SUGGESTED_NAME, nearest } from '../server/src/core/fuzzy';
import { matchesAnyGlob } from '../server/src/core/glob';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { fieldCompletions } from '../server/src/features/fieldCompletion';
import { rcaMetrics } from '../server/src/features/metrics';
import { incidentKind } from '../server/src/features/report';
import { DASHBOARD_REQUEST, LINT_WORKSPACE_REQUEST, METRICS_REQUEST, NEW_RCA_CHOICES_REQUEST } from '../shared/protocol';
import { copyExample, LspSession } from './lspSession';
import { diagnosticsFor, indexedService, uriOf } from './support';

const SMALL = 10_000;
const MAX_RATIO = 8;

function bestOf3(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Fails unless `run` on `build(4n)` takes less than eight times as long as on
 * `build(n)`. A busy machine can slow one measurement: three tries, one must pass.
 */
function assertLinear(run: (input: string) => void, build: (size: number) => string): void {
  const inputs = [build(SMALL), build(4 * SMALL)];
  const tries: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [small, large] = inputs.map((input) => bestOf3(() => run(input)));
    const ratio = large / Math.max(small, 0.1);
    if (ratio < MAX_RATIO) return;
    tries.push(`${inputs[0].length} chars ${small.toFixed(1)} ms, ${inputs[1].length} chars ${large.toFixed(1)} ms (×${ratio.toFixed(1)})`);
  }
  assert.fail(`super-linear: ${tries.join('; ')}`);
}

const parse = (text: string) => parseDocument(uriOf('rca/2025/hostile.md'), 1, text, DEFAULT_SETTINGS);
const rca = (body: string) => `---\ntitle: Hostile\nseverity: P2\n---\n# Hostile\n\n${body}`;
const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length));

describe('time linear in the size of hostile input', () => {
  test('front matter: a key, spaces, a line separator', () => {
    assertLinear(parse, (n) => `---\na:${' '.repeat(n)}\u2028\ntitle: x\n---\n# x\n`);
  });

  test('Summary, Impact and Customer Impact: a long run of digits', () => {
    for (const [section, facts] of [
      ['## Summary', (text: string) => parse(text).summary],
      ['## Impact', (text: string) => parse(text).impact],
      ['## Impact\n\n### Customer Impact', (text: string) => parse(text).customerImpact],
    ] as const) {
      assertLinear(facts, (n) => rca(`${section}\n\n${'7'.repeat(n)}x\n`));
    }
  });

  test('Impact: `error rate` repeated, and spaces after a baseline', () => {
    assertLinear((text) => parse(text).impact, (n) => rca(`## Impact\n\n${repeat('error rate ', n)}\n`));
    assertLinear((text) => parse(text).impact, (n) => rca(`## Impact\n\nerror rate: 5% (baseline:${' '.repeat(n)}x\n`));
  });

  test('front matter value completion in a flow list of spaces', async () => {
    const { service } = await indexedService({});
    const context = { settings: service.settings, catalog: service.catalogFor(service.workspace.roots[0]), index: service.index };
    assertLinear(
      (text) => {
        const doc = parse(text);
        fieldCompletions(doc, doc.lines.positionAt(text.indexOf(',x') + 2), context);
      },
      (n) => `---\nservices: [,${' '.repeat(n)},x\n---\n# x\n`,
    );
  });

  test('rca/metrics on Impact digits', async () => {
    const { service } = await indexedService({});
    let version = 0;
    assertLinear(
      (text) => {
        const doc = service.openDocument(uriOf('rca/2025/hostile.md'), ++version, text);
        rcaMetrics(doc, service.index, service.diagnose(doc), '2025-08-01');
      },
      (n) => rca(`## Impact\n\n${'7'.repeat(n)}x\n\n### Customer Impact\n\n${'1,'.repeat(n / 2)}x\n`),
    );
  });

  test('the dashboard: the incident kind of a title of spaces', () => {
    assertLinear((title) => incidentKind(title, ['api']), (n) => `a${' '.repeat(n)}x`);
  });

  test('rca.files: a path of thousands of `rca/` folders, matching and not', () => {
    for (const name of ['x.md', 'x']) assertLinear((path) => matchesAnyGlob(path, DEFAULT_SETTINGS.files), (n) => `${repeat('rca/', n)}${name}`);
  });

  const TEAMS = Array.from({ length: 200 }, (_, i) => `team-${i}-${'abcdefghij'.slice(0, i % 10)}`);
  const CATALOG = `services:\n${TEAMS.map((t) => `  - ${t.replace('team', 'service')}\n`).join('')}teams:\n${TEAMS.map((t) => `  - ${t}\n`).join('')}`;

  test('unknown-team and unknown-service for a huge owner cell and service name: the catalog size does not matter', async () => {
    // Suggestions cost the name's length times every catalog name's: linear in
    // the name, but a 200-name catalog made it 200 times slower than a 1-name one.
    const large = await indexedService({ '.rca/catalog.yaml': CATALOG });
    const small = await indexedService({ '.rca/catalog.yaml': 'services:\n  - service-1\nteams:\n  - team-1\n' });
    const owner = rca(`## Action Items\n\n| Priority | Action | Owner | Due |\n|---|---|---|---|\n| P1 | Fix | ${repeat('team-1 ', 4 * SMALL)} | 2025-09-01 |\n`);
    const serviceName = `---\ntitle: x\nservices: [${repeat('service-1', 4 * SMALL)}]\n---\n# x\n`;
    for (const [text, code] of [[owner, 'unknown-team'], [serviceName, 'unknown-service']] as const) {
      const diagnose = (service: typeof large.service) => () => assert.ok(diagnosticsFor(service, 'rca/2025/hostile.md', text).some((d) => d.code === code));
      let ratio = Infinity;
      for (let i = 0; i < 3 && ratio >= 4; i++) ratio = bestOf3(diagnose(large.service)) / Math.max(bestOf3(diagnose(small.service)), 0.1);
      assert.ok(ratio < 4, `${code}: a 200-name catalog took ${ratio.toFixed(1)} times as long as a 1-name one`);
    }
  });

  test('suggestions: none for a name longer than a name can be, the same as before for names', () => {
    assert.deepEqual(nearest('x'.repeat(MAX_SUGGESTED_NAME + 1), ['x'.repeat(MAX_SUGGESTED_NAME + 1)]), []);
    assert.deepEqual(nearest('x'.repeat(MAX_SUGGESTED_NAME + 1), ['x']), []);
    assert.deepEqual(nearest('team-12', TEAMS), ['team-0-', 'team-1-a', 'team-10-']);
    assert.deepEqual(nearest('pay', ['payments-api-gateway', 'payment', 'auth']), ['payment', 'payments-api-gateway']);
    assert.deepEqual(nearest('backnd team', ['Backend Team', 'SRE']), ['Backend Team']);
  });
});

/** Just under the default `rca.maxFileSize`, so the index reads it too: every hostile pattern above, 98,000 characters each. */
function hostileDocument(): string {
  const n = 98_000;
  const table = (header: string, row: string) => `${header}\n${header.replace(/[^|]+/g, '---')}\n${row}\n`;
  return [
    '---',
    `title: a${' '.repeat(n)}x`,
    'severity: P2',
    'status: resolved',
    `services: [,${' '.repeat(n)},x]`,
    `author: ${repeat('team-1 ', n)}`,
    `a:${' '.repeat(n)}\u2028`,
    '---',
    '# Hostile',
    '',
    '## Summary',
    '',
    `${'7'.repeat(n)}x`,
    '',
    '## Timeline',
    '',
    table('| Time | Event |', '| 20:05 | Alert triggered |\n| 20:50 | Resolved |'),
    '## Impact',
    '',
    `${'7'.repeat(n)}x`,
    '',
    repeat('error rate ', n),
    '',
    `error rate: 5% (baseline:${' '.repeat(n)}x`,
    '',
    '### Customer Impact',
    '',
    `${'1,'.repeat(n / 2)}x support tickets`,
    '',
    '## Action Items',
    '',
    table('| Priority | Action | Owner | Due |', `| P1 | Fix | ${repeat('team-1 ', n)} | 2025-09-01 |`),
  ].join('\n');
}

describe('a 1 MB hostile document in a real server session', () => {
  test('every request finishes; the slowest is logged', async (t) => {
    const root = copyExample();
    const path = 'rca/2025/hostile.md';
    const text = hostileDocument();
    writeFileSync(join(root, path), text);
    const times: [string, number][] = [];
    /** Times one request; a request that never answers fails the test instead of hanging it. */
    const timed = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer in 60 s`)), 60_000)));
      try {
        return await Promise.race([request(), timeout]);
      } finally {
        clearTimeout(timer);
        times.push([what, performance.now() - start]);
      }
    };
    const session = await timed('initialize and index', () => LspSession.start({ root, edits: true }));
    try {
      const uri = await timed('didOpen to diagnostics', () => session.openFile(path, text));
      const lines = text.split('\n');
      const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
      const endOf = (line: number) => ({ line, character: lines[line].length });
      const flowList = { line: lineOf('services:'), character: lines[lineOf('services:')].length - 1 };
      const owner = { line: lineOf('| P1 |'), character: 20 };
      const heading = { line: lineOf('# Hostile'), character: 3 };
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      const diagnostics = await session.diagnosticsOf(uri);
      const requests: [string, () => Promise<unknown>][] = [
        ['completion in the flow list', () => session.request('textDocument/completion', path, flowList)],
        ['completion in the owner cell', () => session.request('textDocument/completion', path, owner)],
        ['completion at the end of the Summary digits', () => session.request('textDocument/completion', path, endOf(lineOf('7777')))],
        ['hover on the title', () => session.request('textDocument/hover', path, { line: 1, character: 3 })],
        ['hover on the Impact heading', () => session.request('textDocument/hover', path, { line: lineOf('## Impact'), character: 4 })],
        ['definition', () => session.request('textDocument/definition', path, heading)],
        ['references', () => session.request('textDocument/references', path, heading, { context: { includeDeclaration: true } })],
        ['document links', () => session.request('textDocument/documentLink', path)],
        ['document symbols', () => session.request('textDocument/documentSymbol', path)],
        ['code lenses', () => session.request('textDocument/codeLens', path)],
        ['inlay hints', () => session.request('textDocument/inlayHint', path, undefined, { range: whole })],
        ['code actions on the whole document', () => session.request('textDocument/codeAction', path, undefined, { range: whole, context: { diagnostics } })],
        ['prepare rename', () => session.request('textDocument/prepareRename', path, heading)],
        ['rename', () => session.request('textDocument/rename', path, heading, { newName: 'Renamed' })],
        ['workspace symbols', () => session.connection.sendRequest('workspace/symbol', { query: 'a' })],
        ['rca/metrics', () => session.connection.sendRequest(METRICS_REQUEST.method, { uri })],
        ['rca/dashboard', () => session.connection.sendRequest(DASHBOARD_REQUEST.method, { filter: {} })],
        ['rca/newRcaChoices', () => session.connection.sendRequest(NEW_RCA_CHOICES_REQUEST.method, {})],
        ['rca/lintWorkspace', () => session.connection.sendRequest(LINT_WORKSPACE_REQUEST.method, {})],
        ['a keystroke to diagnostics', () => session.openFile(path, text.replace('# Hostile', '# Hostilee'))],
      ];
      for (const [what, request] of requests) await timed(what, request);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
    times.sort((a, b) => b[1] - a[1]);
    t.diagnostic(`${text.length} characters; slowest first: ${times.map(([what, ms]) => `${what} ${ms.toFixed(0)} ms`).join(', ')}`);
  });
});
