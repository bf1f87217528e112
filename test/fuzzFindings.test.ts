// Cases the fuzz tests found, pinned so they stay fixed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixAllText } from '../server/src/core/fixAll';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { applyEdits, LineIndex } from '../server/src/core/text';
import { linkQuickFixes } from '../server/src/features/linkQuickFixes';
import { formatTables } from '../server/src/features/tableFormat';
import { toLspDiagnostic } from '../server/src/lspConvert';
import { codesOf, diagnosticsFor, exampleFiles, indexedService, seedText, uriOf } from './support';

const PATH = 'rca/2025/found.md';

describe('found by fuzzing', () => {
  test('`<!--` later in a line and never closed is literal text; at a line start it opens a comment to its `-->`', () => {
    const parse = (text: string) => parseDocument(uriOf(PATH), 1, text, DEFAULT_SETTINGS);
    const inline = parse('# T\n| 11:48 | Root cause <!--identified |\n\n## Impact\n\n[[a]]\n');
    assert.deepEqual(inline.headings.map((h) => h.text), ['T', 'Impact']);
    assert.deepEqual(inline.links.map((l) => l.target), ['a']);
    const closed = parse('# T\nSee <!-- [[hidden]] --> [[shown]]\n');
    assert.deepEqual(closed.links.map((l) => l.target), ['shown']);
    const block = parse('# T\n<!-- draft\n\n## Impact\n\n[[a]]\n-->\n## After\n');
    assert.deepEqual(block.headings.map((h) => h.text), ['T', 'After']);
    assert.deepEqual(block.links, []);
    // Blank lines inside the comment belong to it.
    assert.ok(block.hiddenLines.has(3) && block.hiddenLines.has(5));
  });

  test('no "add the section" fix where the section would land inside an unclosed comment', async () => {
    const text = seedText().replace('## Impact', '<!-- moved\n## Impact');
    const { service } = await indexedService(exampleFiles());
    const missing = diagnosticsFor(service, PATH, text).filter((d) => d.code === 'section-missing');
    assert.ok(missing.length > 0);
    assert.deepEqual(missing.flatMap((d) => d.fixes ?? []), []);
  });

  test('no "list the services" fix for a service name no list item can hold', async () => {
    const { service } = await indexedService(exampleFiles());
    for (const name of ['analytics-\u2029api', 'a -->7<!-- b', 'a\u2028b', '----------', '* * *']) {
      const text = seedText().replace(/^services: .*$/m, `services: [${JSON.stringify(name)}]`);
      const mismatch = diagnosticsFor(service, PATH, text).filter((d) => d.code === 'affected-services-mismatch');
      assert.ok(mismatch.length > 0, JSON.stringify(name));
      assert.deepEqual(mismatch.flatMap((d) => d.fixes ?? []), [], JSON.stringify(name));
    }
  });

  test('fix all adds every missing section in one pass, in order', async () => {
    const { service } = await indexedService({});
    const text = '---\ntitle: "2025-01-01 - T"\ndate: 2025-01-01\n---\n# 2025-01-01 - T\n';
    const diagnose = (t: string) => service.diagnoseText(uriOf(PATH), t);
    const fixed = fixAllText(text, diagnose);
    assert.deepEqual(new LineIndex(fixed).text.match(/^## .*$/gm), DEFAULT_SETTINGS.requiredSections.map((s) => `## ${s}`));
    assert.equal(fixAllText(fixed, diagnose), fixed);
  });

  test('Affected Services as the last line: its fix appends the list', async () => {
    const text = seedText().replace(/### Affected Services\n- recommendation-engine\n- billing-api\n/, '').trimEnd() + '\n### Affected Services';
    const { service } = await indexedService(exampleFiles());
    const d = diagnosticsFor(service, PATH, text).find((x) => x.code === 'affected-services-mismatch')!;
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.ok(fixed.endsWith('### Affected Services\n- recommendation-engine\n- billing-api\n'), fixed.slice(-80));
    assert.ok(!codesOf(diagnosticsFor(service, PATH, fixed)).includes('affected-services-mismatch'));
  });

  test('an invalid front matter date is not copied into the Summary', async () => {
    const { service } = await indexedService(exampleFiles());
    const codes = codesOf(diagnosticsFor(service, PATH, seedText().replace('date: 2025-07-30', 'date: 2025-07-30~~x')));
    assert.ok(codes.includes('invalid-date') || codes.includes('field-type'), codes.join());
    assert.ok(!codes.includes('summary-mismatch'), codes.join());
  });

  test('positions past a line or the text clamp to its end', () => {
    const lines = new LineIndex('ab\ncd');
    assert.deepEqual(lines.clamp({ line: 0, character: 99 }), { line: 0, character: 2 });
    assert.deepEqual(lines.clamp({ line: 9, character: 0 }), { line: 1, character: 2 });
    assert.deepEqual(lines.clamp({ line: -1, character: 5 }), { line: 0, character: 0 });
  });

  test('escaping the second of two unclosed [[ on a line removes its diagnostic (the first one\'s span ran over the backslash)', async () => {
    const { service } = await indexedService(exampleFiles());
    const unclosed = (text: string) => diagnosticsFor(service, PATH, text).filter((d) => d.code === 'unbalanced-wiki-link');
    const line = '- [[runbook-user-service|user-service Runbook ***[[architecture-application|Application';
    const text = seedText().replace('## Related Incidents\n', `## Related Incidents\n\n${line}\n`);
    const before = unclosed(text);
    assert.equal(before.length, 2);
    const escape = before[1].fixes?.find((fix) => fix.title.startsWith('Escape'));
    assert.ok(escape, 'an escape fix');
    const escaped = applyEdits(text, escape.edits);
    assert.ok(escaped.includes('***\\[[architecture-application'));
    assert.deepEqual(unclosed(escaped).map((d) => d.range), [before[0].range]);
  });

  test('table formatting keeps white space that is not a blank (U+2029, NBSP) at a cell\'s edge: only spaces and tabs pad a cell', async () => {
    const { service } = await indexedService(exampleFiles());
    const text = seedText().replace(/^\| (\d\d:\d\d) \| On-call engineer paged \|$/m, '| $1 | On\t\u2029 | \u00a0paged |');
    assert.ok(text.includes('\u2029'));
    const doc = service.openDocument(uriOf(PATH), 1, text);
    const formatted = applyEdits(text, formatTables(doc));
    assert.notEqual(formatted, text);
    assert.equal(formatted.replace(/[ \t-]/g, ''), text.replace(/[ \t-]/g, ''));
  });

  test('an empty service (a YAML tag with no value) is reported with no "Change to" fix, which would only lengthen the tag, and no list fix', async () => {
    const { service } = await indexedService(exampleFiles());
    const text = seedText().replace(/^services: \[(.*)\]$/m, 'services: [$1, !Itd72rvice]');
    const unknown = diagnosticsFor(service, PATH, text).filter((d) => d.code === 'unknown-service');
    assert.deepEqual(unknown.map((d) => d.message), ['Service "" is not in the catalog']);
    assert.deepEqual(unknown[0].fixes ?? [], []);
    // Nor a list of the services with an empty item for it, which fix-all would add again on each pass.
    const mismatch = diagnosticsFor(service, PATH, text).filter((d) => d.code === 'affected-services-mismatch');
    assert.equal(mismatch.length, 1);
    assert.deepEqual(mismatch[0].fixes ?? [], []);
    const diagnose = (t: string) => diagnosticsFor(service, PATH, t);
    const once = fixAllText(text, diagnose);
    assert.ok(once.includes(', !Itd72rvice]\n'));
    assert.equal(fixAllText(once, diagnose), once);
  });

  test('a broken link whose target holds half a surrogate pair gets no "Create" fix, instead of the fix throwing on its URI', async () => {
    const { service } = await indexedService(exampleFiles());
    const text = seedText().replace('[[architecture-application|Application Architecture]]', '[[architecture-a\ud800m Ocation Architecture]]');
    const doc = service.openDocument(uriOf(PATH), 1, text);
    const link = doc.links.find((l) => l.target.includes('\ud800'));
    assert.ok(link);
    const actions = linkQuickFixes(doc, link.range, service.diagnose(doc).map(toLspDiagnostic), service, { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] });
    assert.equal(actions.filter((a) => a.title.startsWith('Create')).length, 0);
  });

  test('a row ending in U+2028 or NBSP (its last cell\'s text, not a blank) gets its missing cells after it', async () => {
    const { service } = await indexedService(exampleFiles());
    const cellCount = (text: string) => diagnosticsFor(service, PATH, text).filter((d) => d.code === 'table-cell-count');
    for (const [row, cut] of [
      ['| 21:17 | Incident resolved |', '| 21:17\u2028'],
      ['| P1 | Implement monitoring for cache invalidation bug | DevOps | 2025-08-06 |', '| P1 | Implement monitoring for cache invalidation bug\u00a0'],
    ]) {
      assert.ok(seedText().includes(row), row);
      const text = seedText().replace(row, cut);
      const before = cellCount(text);
      assert.equal(before.length, 1, JSON.stringify(cut));
      const edits = before[0].fixes?.find((f) => f.title.startsWith('Add the missing cell'))?.edits;
      assert.ok(edits, JSON.stringify(cut));
      const fixed = applyEdits(text, edits);
      assert.deepEqual(cellCount(fixed), [], `${JSON.stringify(cut)} became ${JSON.stringify(applyEdits(cut, edits.map((e) => ({ ...e, range: { start: { line: 0, character: e.range.start.character }, end: { line: 0, character: e.range.end.character } } }))))}`);
    }
  });
});
