// Limits on what one document can cost: at most MAX_DIAGNOSTICS diagnostics, the
// rest counted in one `too-many-problems`, in the editor and in rca-lint alike.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_DIAGNOSTICS } from '../server/src/core/diagnostics';
import { diagnosticsFor, exampleFiles, indexedService, SEED_PATH, seedText, uriOf } from './support';

const seed = seedText();
const PATH = 'rca/2025/many.md';

/** The seed with `n` more services in its front matter, none in the catalog or under Affected Services. */
function withServices(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `u${i}`);
  return seed.replace('services: [recommendation-engine, billing-api]', `services: [recommendation-engine, billing-api, ${names.join(', ')}]`);
}

describe('diagnostics per document', () => {
  test('10,000 unknown services: 1,000 diagnostics and one saying how many more there are', async () => {
    const { service } = await indexedService(exampleFiles());
    const diagnostics = diagnosticsFor(service, PATH, withServices(10_000));
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    // 10,000 unknown-service, the Summary's count of services, Affected Services not listing them.
    assert.deepEqual(diagnostics.at(-1)?.message, '9,002 more problems not shown: at most 1,000 are reported per document');
    assert.equal(diagnostics.at(-1)?.code, 'too-many-problems');
    for (const d of diagnostics) assert.ok(d.message.length < 300, `${d.code}: ${d.message.length} characters`);
  });

  test('a long list of missing names is named in part', async () => {
    const { service } = await indexedService(exampleFiles());
    const missing = diagnosticsFor(service, PATH, withServices(12)).find((d) => d.code === 'affected-services-mismatch');
    assert.equal(missing?.message, 'Affected Services does not list u0, u1, u2, u3, u4, u5, u6, u7, u8, u9 and 2 more from the front matter `services`');
  });

  test('with too-many-problems off the cap holds, silently', async () => {
    const { service } = await indexedService(exampleFiles(), { rules: { 'too-many-problems': 'off' } });
    const diagnostics = diagnosticsFor(service, PATH, withServices(2000));
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS);
    assert.ok(diagnostics.every((d) => d.code === 'unknown-service'));
  });

  test('rca-lint caps a file once over its file and link diagnostics, as the editor does', async () => {
    const links = Array.from({ length: 800 }, (_, i) => `- [[missing-${i}]]`).join('\n');
    const text = withServices(800).replace('## Lessons Learned\n', `## Lessons Learned\n\n${links}\n`);
    const files = { ...exampleFiles(), [SEED_PATH]: text };
    const { service } = await indexedService(files);
    const inEditor = diagnosticsFor(service, SEED_PATH, text);
    const linted = (await (await indexedService(files)).service.lintWorkspace((uri) => uri === uriOf(SEED_PATH))).get(uriOf(SEED_PATH)) ?? [];
    // 800 unknown services, the Summary's count of services, Affected Services not listing them, 800 broken links.
    const summary = '602 more problems not shown: at most 1,000 are reported per document';
    assert.deepEqual([linted.length, linted.at(-1)?.message], [MAX_DIAGNOSTICS + 1, summary]);
    assert.deepEqual([inEditor.length, inEditor.at(-1)?.message], [MAX_DIAGNOSTICS + 1, summary]);
  });
});
