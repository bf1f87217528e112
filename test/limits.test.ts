// Limits on what one document can cost: at most MAX_DIAGNOSTICS diagnostics, the
// rest counted in one `too-many-problems`, in the editor and in rca-lint alike;
// and on the catalog: MAX_CATALOG_ENTRIES a list, looked up and ranked without
// scanning it for each name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findCatalogEntry, parseCatalog } from '../server/src/core/catalog';
import { MAX_CATALOG_ENTRIES, readCatalogFile } from '../server/src/core/catalogFile';
import { MAX_DIAGNOSTICS } from '../server/src/core/diagnostics';
import { SUGGESTION_BUDGET } from '../server/src/rules/catalogRules';
import { fieldCompletions } from '../server/src/features/fieldCompletion';
import { diagnosticsFor, exampleFiles, indexedService, SEED_PATH, seedText, uriOf } from './support';

const seed = seedText();
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const PATH = 'rca/2025/many.md';

/** The seed with `n` more services in its front matter, none in the catalog or under Affected Services. */
function withServices(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `u${i}`);
  return seed.replace('services: [recommendation-engine, billing-api]', `services: [recommendation-engine, billing-api, ${names.join(', ')}]`);
}

describe('diagnostics per document', () => {
  test('"did you mean" for unknown names stops at the budget: 1,000 unknown services against a 10,000-name catalog', async () => {
    const catalog = `services:\n${Array.from({ length: 10_000 }, (_, i) => `  - service-${i}\n`).join('')}`;
    const { service } = await indexedService({ ...exampleFiles(), '.rca/catalog.yaml': catalog });
    const typos = Array.from({ length: 1000 }, (_, i) => `servce-${i}`);
    const text = seed.replace('services: [recommendation-engine, billing-api]', `services: [${typos.join(', ')}]`);
    const unknown = diagnosticsFor(service, PATH, text).filter((d) => d.code === 'unknown-service');
    assert.equal(unknown.length, 1000);
    const suggested = unknown.filter((d) => (d.fixes?.length ?? 0) > 0);
    assert.equal(suggested.length, SUGGESTION_BUDGET / 10_000);
    assert.equal(suggested[0]?.fixes?.[0]?.title, 'Change to "service-0"');
  });

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

describe('the catalog', () => {
  test(`at most ${MAX_CATALOG_ENTRIES.toLocaleString('en')} entries a list are read, and a catalog-type says so where the rest begin`, () => {
    const text = `teams: [SRE]\nservices:\n${Array.from({ length: MAX_CATALOG_ENTRIES + 5 }, (_, i) => `  - svc-${i}\n`).join('')}`;
    const { catalog, problems } = readCatalogFile(text);
    assert.equal(catalog.services.length, MAX_CATALOG_ENTRIES);
    assert.ok(catalog.readable);
    assert.equal(findCatalogEntry(catalog.services, `svc-${MAX_CATALOG_ENTRIES - 1}`)?.name, `svc-${MAX_CATALOG_ENTRIES - 1}`);
    assert.equal(findCatalogEntry(catalog.services, `svc-${MAX_CATALOG_ENTRIES}`), undefined);
    assert.deepEqual(
      problems.map((p) => [p.code, p.message, p.range.start.line]),
      [['catalog-type', '`services` has 10,005 entries: only the first 10,000 are read', 2 + MAX_CATALOG_ENTRIES]],
    );
  });

  test('a lookup finds a name or an alias, ignoring case and blanks around it, and the first entry claiming it', () => {
    const catalog = parseCatalog('services:\n  - name: a\n    aliases: [b, Shared]\n  - name: shared\n  - name: c\n    aliases: [a, " d"]\n');
    const found = (name: string) => findCatalogEntry(catalog.services, name)?.name;
    assert.deepEqual(['A', ' b ', 'SHARED', 'shared', 'c', 'd', ' d', 'x'].map(found), ['a', 'a', 'a', 'a', 'c', undefined, undefined, undefined]);
  });

  test('completing a service costs in proportion to the catalog: 20,000 names about ten times what 2,000 do', async () => {
    const { service } = await indexedService(exampleFiles());
    const text = seed.replace('services: [recommendation-engine, billing-api]', 'services: [recommendation-engine, ]');
    const doc = service.openDocument(uriOf(PATH), 1, text);
    const cursor = { line: text.split('\n').findIndex((l) => l.startsWith('services:')), character: 'services: [recommendation-engine, '.length };
    /**
     * The time of `repeat` completions over a catalog of `n` services, each with an owner and
     * an alias (larger than a catalog file may hold: the workspace adds names too).
     */
    const completion = (n: number, repeat: number) => {
      const contexts = Array.from({ length: repeat }, (_, copy) => {
        const services = Array.from({ length: n }, (_, i) => ({ name: `svc-${copy}-${i}`, owner: `team-${i % 50}`, runbook: undefined, aliases: [`s${i}`] }));
        return { settings: service.settings, catalog: { services, teams: [], problems: [], readable: true }, index: service.index };
      });
      return () => {
        const start = performance.now();
        for (const context of contexts) assert.equal(fieldCompletions(doc, cursor, context).filter((c) => c.detail?.startsWith('owner team-')).length, n);
        return performance.now() - start;
      };
    };
    // Ten small catalogs are completed per timing, so both timings are about as long and touch
    // as much memory (on a busy machine, equally exposed; a large catalog that alone left the
    // caches made the ratio about 6 under load); linear growth gives a ratio near 1 (2 to 4 on a
    // loaded machine: sorting and hashing grow a little faster than linearly), quadratic 10.
    const small = completion(2_000, 10);
    const large = completion(20_000, 1);
    // The fastest of fifteen, taken in turns, each after a full collection so that neither pays for the other's garbage.
    const best = { small: Infinity, large: Infinity };
    for (let round = 0; round < 15; round++) {
      collectGarbage();
      best.small = Math.min(best.small, small());
      collectGarbage();
      best.large = Math.min(best.large, large());
    }
    assert.ok(best.large / best.small < 5, `2,000 names ten times: ${best.small.toFixed(1)} ms, 20,000 names once: ${best.large.toFixed(1)} ms`);
  });
});
