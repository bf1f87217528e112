// Quick fixes: each applies, removes its diagnostic, and changes nothing else.
// Breaking the seed and applying the fix must give the seed back byte for byte.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { RcaDiagnostic, RuleCode } from '../server/src/core/diagnostics';
import { fixAllText, minimalEdit } from '../server/src/core/fixAll';
import type { RcaService } from '../server/src/core/service';
import { applyEdits } from '../server/src/core/text';
import { diagnosticsFor, exampleFiles, indexedService, SEED_PATH, seedText } from './support';

let service: RcaService;
let version = 1;
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
});

function diagnose(text: string): readonly RcaDiagnostic[] {
  return service.diagnose(service.openDocument(`file:///ws/${SEED_PATH}`, ++version, text));
}

/** Applies the fix titled `title` (or the preferred one) of the first `code` diagnostic. */
function applyFix(text: string, code: RuleCode, title?: string): string {
  const diagnostic = diagnose(text).find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} diagnostic`);
  const fix = diagnostic.fixes?.find((f) => (title ? f.title === title : f.preferred));
  assert.ok(fix, `no fix ${title ?? '(preferred)'} among ${diagnostic.fixes?.map((f) => f.title).join(', ')}`);
  return applyEdits(text, fix.edits);
}

function fixAll(text: string): string {
  return fixAllText(text, diagnose);
}

const seed = seedText();
const MOVED_ROW = '| 20:48 | Mitigation applied |\n';

const BREAKAGES: [RuleCode, string, (text: string) => string][] = [
  ['duration-mismatch', 'Set duration_minutes to 72', (t) => t.replace('duration_minutes: 72', 'duration_minutes: 80')],
  ['summary-mismatch', 'Change to 72', (t) => t.replace('approximately 72 minutes', 'approximately 99 minutes')],
  ['summary-mismatch', 'Change to 2', (t) => t.replace('and 2 dependent services', 'and 5 dependent services')],
  ['summary-mismatch', 'Change to 2025-07-30', (t) => t.replace('On 2025-07-30, the', 'On 2025-07-31, the')],
  ['affected-services-mismatch', 'List the front matter services under Affected Services', (t) => t.replace('- recommendation-engine\n- billing-api\n', '- recommendation-engine\n')],
  ['affected-services-mismatch', 'List the front matter services under Affected Services', (t) => t.replace('- billing-api\n', '- billing-api\n- search-service\n')],
  ['timeline-order', 'Sort the timeline rows by time', (t) => t.replace(MOVED_ROW, '').replace('| 20:15 |', `${MOVED_ROW}| 20:15 |`)],
  ['unknown-service', 'Change to "recommendation-engine"', (t) => t.replace('services: [recommendation-engine,', 'services: [recommendation-engin,')],
  ['unknown-team', 'Change to "DevOps"', (t) => t.replace('| DevOps |', '| DevOp |')],
  ['unbalanced-wiki-link', 'Remove the stray bracket', (t) => t.replace('[[runbook-recommendation-engine|recommendation-engine Runbook]]', '[[runbook-recommendation-engine|recommendation-engine Runbook]]]')],
  ['unbalanced-wiki-link', 'Close the wiki-link with "]]"', (t) => t.replace('[[runbook-recommendation-engine|recommendation-engine Runbook]]', '[[runbook-recommendation-engine|recommendation-engine Runbook]')],
];

describe('quick fixes restore the seed exactly', () => {
  for (const [code, title, breakIt] of BREAKAGES) {
    test(`${code}: ${title}`, () => {
      const broken = breakIt(seed);
      assert.notEqual(broken, seed);
      assert.deepEqual(diagnose(seed), []);
      assert.equal(applyFix(broken, code, title), seed);
    });
    test(`${code}: ${title} (CRLF)`, () => {
      const crlf = seed.replace(/\n/g, '\r\n');
      assert.equal(applyFix(breakIt(seed).replace(/\n/g, '\r\n'), code, title), crlf);
    });
    test(`${code}: ${title} (lone CR)`, () => {
      const cr = seed.replace(/\n/g, '\r');
      assert.deepEqual(diagnose(cr), []);
      assert.equal(applyFix(breakIt(seed).replace(/\n/g, '\r'), code, title), cr);
    });
  }

  test('fix all repairs several problems at once', () => {
    let broken = seed;
    for (const [, , breakIt] of BREAKAGES.filter(([code]) => code !== 'affected-services-mismatch')) broken = breakIt(broken);
    // The team and service typos have one clear candidate each, so they are preferred fixes too.
    assert.equal(fixAll(broken), seed);
  });

  test('positions are UTF-16: an emoji before the number does not shift the edit', () => {
    const withEmoji = seed.replace('On 2025-07-30, the', 'On 2025-07-30, 🔥 the');
    const broken = withEmoji.replace('approximately 72 minutes', 'approximately 99 minutes');
    assert.equal(applyFix(broken, 'summary-mismatch', 'Change to 72'), withEmoji);
  });
});

describe('fixes that add text', () => {
  test('section-missing inserts the section skeleton where it belongs', () => {
    const resolution = seed.slice(seed.indexOf('## Resolution'), seed.indexOf('## Lessons Learned'));
    const broken = seed.replace(resolution, '');
    const fixed = applyFix(broken, 'section-missing');
    assert.equal(fixed, seed.replace(resolution, '## Resolution\n\n'));
    assert.deepEqual(diagnose(fixed).map((d) => d.code), []);
  });

  test('section-missing for a table section inserts its header rows', () => {
    const actions = seed.slice(seed.indexOf('## Action Items'), seed.indexOf('## Related Incidents'));
    const fixed = applyFix(seed.replace(actions, ''), 'section-missing');
    assert.equal(fixed, seed.replace(actions, '## Action Items\n\n| Priority | Action | Owner | Due Date |\n|----------|--------|-------|----------|\n\n'));
    assert.deepEqual(diagnose(fixed), []);
  });

  test('frontmatter-missing inserts front matter inferred from the body, after a BOM', () => {
    const body = seed.slice(seed.indexOf('# 2025-07-30'));
    const fixed = applyFix(`\ufeff${body}`, 'frontmatter-missing');
    assert.equal(
      fixed,
      '\ufeff---\ntitle: "2025-07-30 - Cache Invalidation Bug in recommendation-engine"\ndate: 2025-07-30\nservices: [recommendation-engine, billing-api]\ntags: [rca]\nstatus: draft\nduration_minutes: 72\nauthor: SRE\n---\n\n' + body,
    );
    // Severity cannot be read from the body: field-missing asks for it.
    assert.deepEqual(diagnose(fixed).map((d) => [d.code, d.message]), [['field-missing', 'Front matter is missing `severity`']]);
  });

  test('an unknown name far from every catalog entry gets no suggestion', () => {
    const diagnostic = diagnose(seed.replace('services: [recommendation-engine,', 'services: [zzzzzz,')).find((d) => d.code === 'unknown-service');
    assert.equal(diagnostic?.fixes, undefined);
  });
});

describe('unbalanced wiki-link brackets', () => {
  /** The note's unbalanced-wiki-link diagnostics, as `⟦…⟧` marks in its text. */
  const marks = (text: string) => {
    const lines = text.split('\n');
    const found = diagnosticsFor(service, 'notes/brackets.md', text).filter((d) => d.code === 'unbalanced-wiki-link');
    for (const { range } of [...found].reverse()) {
      const line = lines[range.start.line];
      lines[range.start.line] = `${line.slice(0, range.start.character)}⟦${line.slice(range.start.character, range.end.character)}⟧${line.slice(range.end.character)}`;
    }
    return lines.join('\n');
  };

  test('an [[ left open and a ] too many are flagged on the brackets', () => {
    assert.equal(marks('See [[runbook-recommendation-engine]]]\n'), 'See [[runbook-recommendation-engine]]⟦]⟧\n');
    assert.equal(marks('See [[runbook-rec] then\n'), 'See ⟦[[runbook-rec]⟧ then\n');
    assert.equal(marks('See [[runbook-rec  \n'), 'See ⟦[[runbook-rec⟧  \n');
    assert.equal(marks('[[a]] and [[b [[c]]\n'), '[[a]] and ⟦[[b⟧ [[c]]\n');
    assert.equal(marks('| P1 | [[runbook-user-service\\|runbook]]]] | x |\n'), '| P1 | [[runbook-user-service\\|runbook]]⟦]]⟧ | x |\n');
  });

  test('balanced brackets, escapes, the editor\'s empty [[]] and code are left alone', () => {
    const text = [
      '[see [[runbook-recommendation-engine]]] and [[[runbook-user-service]]]',
      '\\[[not a link and [[]] being typed',
      '\\[[runbook-user-service]] escaped, then [[runbook-user-service]]',
      '`[[x` and ``a]]] [[b``',
      '<!-- [[open -->',
      '```',
      '[[x]]]',
      '```',
      '',
      '    [[indented',
      '',
    ].join('\n');
    assert.equal(marks(text), text);
  });

  test('the fixes: close a link that has one ], escape an [[ that has none, remove a stray ]', () => {
    const note = (text: string, title?: string) => {
      const diagnostic = diagnosticsFor(service, 'notes/brackets.md', text).find((d) => d.code === 'unbalanced-wiki-link')!;
      const fix = diagnostic.fixes!.find((f) => (title ? f.title === title : f.preferred));
      return fix && applyEdits(text, fix.edits);
    };
    assert.equal(note('See [[runbook-rec] then\n'), 'See [[runbook-rec]] then\n');
    assert.equal(note('See [[runbook-rec\n'), undefined, 'nothing to close at: no preferred fix');
    assert.equal(note('See [[runbook-rec\n', 'Close the wiki-link with "]]"'), 'See [[runbook-rec]]\n');
    assert.equal(note('See [[runbook-rec\n', 'Escape the "[[" (not a link)'), 'See \\[[runbook-rec\n');
    assert.equal(note('See [[x]]]]\n'), 'See [[x]]\n');
  });
});

test('diagnosticsFor helper sees the same fixes as the service', async () => {
  const { service: other } = await indexedService(exampleFiles());
  const [d] = diagnosticsFor(other, SEED_PATH, seed.replace('duration_minutes: 72', 'duration_minutes: 80')).filter((x) => x.code === 'duration-mismatch');
  assert.deepEqual(d.fixes?.[0].edits, [{ range: d.range, newText: '72' }]);
});

test('a byte order mark does not hide the first heading of a file without front matter', () => {
  const body = seed.slice(seed.indexOf('# 2025-07-30'));
  const doc = service.openDocument('file:///ws/notes/bom.md', 1, `\ufeff${body}`);
  assert.equal(doc.title?.text, '2025-07-30 - Cache Invalidation Bug in recommendation-engine');
  assert.deepEqual(doc.title?.textRange, { start: { line: 0, character: 3 }, end: { line: 0, character: 63 } });
});

test('minimalEdit replaces only the changed middle, never splitting CRLF or surrogate pairs', () => {
  for (const [before, after] of [
    ['a\r\nb\r\nc', 'a\r\nB\r\nc'],
    ['x😀y', 'x😁y'],
    ['same', 'same'],
    ['', 'new'],
    ['old', ''],
    ['a\r\n', 'a\r\nb\r\n'],
  ]) {
    const edit = minimalEdit(before, after);
    assert.equal(applyEdits(before, [edit]), after, JSON.stringify([before, after]));
  }
  assert.deepEqual(minimalEdit('abc', 'aXc').range, { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } });
});
