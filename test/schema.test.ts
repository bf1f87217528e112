// One schema: what New RCA writes, what the rules ask for, what the quick fixes
// insert and what completion offers all come from server/src/core/schema.ts.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RcaDiagnostic } from '../server/src/core/diagnostics';
import { REQUIRED_FIELD_NAMES, sectionSkeleton } from '../server/src/core/schema';
import type { RcaService } from '../server/src/core/service';
import { applyEdits } from '../server/src/core/text';
import { fieldCompletions } from '../server/src/features/fieldCompletion';
import { newRcaFile } from '../server/src/features/newRca';
import { exampleFiles, indexedService, uriOf } from './support';

const TODAY = '2026-01-15';
let service: RcaService;
let version = 0;
let newRca: { path: string; text: string };
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
  const file = await newRcaFile({ title: 'Queue backlog', service: 'billing-api', severity: 'P2' }, service, TODAY);
  newRca = { path: file.relativePath, text: file.text };
});

function diagnose(text: string): readonly RcaDiagnostic[] {
  return service.diagnose(service.openDocument(uriOf(newRca.path), ++version, text));
}

const SCHEMA_CODES = new Set(['frontmatter-missing', 'field-missing', 'field-type', 'section-missing', 'affected-services-mismatch']);

describe('the schema', () => {
  test('a New RCA document has every required field and section, and lists its service under Affected Services', () => {
    assert.deepEqual(diagnose(newRca.text).filter((d) => SCHEMA_CODES.has(d.code)), []);
    for (const name of service.settings.requiredSections) assert.ok(newRca.text.includes(`\n${sectionSkeleton(name, ['billing-api']).join('\n').trimEnd()}\n`), name);
  });

  test('the fix for each missing section inserts exactly its skeleton, giving New RCA back', () => {
    const sections = service.settings.requiredSections;
    assert.ok(sections.length > 0);
    for (const name of sections) {
      const skeleton = sectionSkeleton(name, ['billing-api']);
      const at = newRca.text.indexOf(`## ${name}\n`);
      const next = sections.slice(sections.indexOf(name) + 1).map((n) => newRca.text.indexOf(`## ${n}\n`)).find((i) => i >= 0) ?? newRca.text.length;
      const broken = newRca.text.slice(0, at) + newRca.text.slice(next);
      const diagnostic = diagnose(broken).find((d) => d.code === 'section-missing');
      assert.ok(diagnostic, name);
      const fix = diagnostic.fixes?.find((f) => f.preferred);
      assert.ok(fix, name);
      assert.deepEqual(fix.edits.map((e) => e.newText), [`${skeleton.join('\n')}\n`], name);
      // The last section's trailing blank line is where New RCA ends the file.
      assert.equal(applyEdits(broken, fix.edits).trimEnd(), newRca.text.trimEnd(), name);
    }
  });

  test('the model reads the sections New RCA writes', () => {
    const doc = service.openDocument(uriOf(newRca.path), ++version, newRca.text);
    assert.deepEqual(doc.affectedServices?.items.map((i) => i.value), ['billing-api']);
    assert.ok(doc.timeline, 'the Timeline skeleton is read as the timeline');
  });

  test('the Impact fix adds the sub-sections New RCA writes', () => {
    assert.deepEqual(sectionSkeleton('Impact'), ['## Impact', '', '### Affected Services', '', '### Customer Impact', '']);
    assert.deepEqual(sectionSkeleton('Impact', ['a', 'b']), ['## Impact', '', '### Affected Services', '- a', '- b', '', '### Customer Impact', '']);
  });

  test('field-missing, front matter completion and frontmatter-missing list the schema fields', () => {
    const missing = diagnose('---\nother: 1\n---\n\n# T\n').find((d) => d.code === 'field-missing');
    assert.ok(missing);
    assert.deepEqual([...missing.message.matchAll(/`([^`]+)`/g)].map((m) => m[1]), REQUIRED_FIELD_NAMES);

    const doc = service.openDocument(uriOf(newRca.path), ++version, '---\n\n---\n\n# T\n');
    const items = fieldCompletions(doc, { line: 1, character: 0 }, { settings: service.settings, catalog: service.catalogFor(doc.uri), index: service.index, today: TODAY });
    assert.deepEqual(items.map((i) => i.label), REQUIRED_FIELD_NAMES);

    const noFrontMatter = diagnose('# T\n').find((d) => d.code === 'frontmatter-missing');
    assert.ok(noFrontMatter?.message.endsWith(`block of ${REQUIRED_FIELD_NAMES.join(', ')}`), noFrontMatter?.message);
  });
});
