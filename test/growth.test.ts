// Hostile documents through the public functions that read them: each takes time
// linear in its size. Four times the input may take at most eight times as long
// (quadratic takes sixteen); ratios are compared within one run, never absolute times.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { MAX_SUGGESTED_NAME, nearest } from '../server/src/core/fuzzy';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { fieldCompletions } from '../server/src/features/fieldCompletion';
import { rcaMetrics } from '../server/src/features/metrics';
import { incidentKind } from '../server/src/features/report';
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
    const context = { settings: service.settings, catalog: service.catalog, index: service.index };
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
