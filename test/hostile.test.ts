// Hostile input gets diagnostics or nothing: never a throw, a hang, or a range outside the text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RcaDiagnostic } from '../server/src/core/diagnostics';
import { LineIndex } from '../server/src/core/text';
import { diagnosticsFor, exampleFiles, indexedService, seedText } from './support';

const PATH = 'rca/2025/hostile.md';

function assertInside(text: string, diagnostics: readonly RcaDiagnostic[]): void {
  const lines = new LineIndex(text);
  for (const d of diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `${d.code} line ${p.line} outside the text`);
      assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length, `${d.code} character ${p.character} outside line ${p.line}`);
    }
  }
}

const seed = seedText();
const billionLaughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
const timelineRows = Array.from({ length: 5000 }, (_, i) => `| ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} | Event ${i} |`).join('\n');

const CASES: Record<string, string> = {
  'YAML alias bomb': `---\n${billionLaughs}\ntitle: x\n---\n# x\n`,
  'binary data': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
  'NUL bytes in front matter': `---\ntitle: "a\u0000b"\n---\n# a\u0000b\n`,
  '200,000-character line': seed.replace('## Root Cause\n', `## Root Cause\n${'x[[y'.repeat(50_000)}\n`),
  '200,000-character heading': `# ${'#'.repeat(200_000)}\n`,
  '200,000 backticks': '`'.repeat(200_000),
  '5,000-row timeline': seed.replace(/\| 20:05 \|[\s\S]*?\| 21:17 \| Incident resolved \|/, timelineRows),
  'unterminated front matter': '---\ntitle: x\ndate: 2025-01-01\n',
  'only an opening delimiter': '---',
  'empty file': '',
  'front matter that is a list': '---\n- a\n- b\n---\n# t\n',
  'front matter that is a scalar': '---\njust text\n---\n# t\n',
  'unclosed fence and comment': '# t\n```\n[[a]]\n<!-- [[b]]\n',
  'deeply nested YAML': `---\ntitle: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`,
  'lone surrogates': `# \ud800 [[\udc00]]\n`,
  'table of pipes': `## Timeline\n\n${'|'.repeat(10_000)}\n${'|---'.repeat(2000)}|\n${'| 25:99 '.repeat(3000)}|\n`,
};

describe('hostile input', () => {
  for (const [name, text] of Object.entries(CASES)) {
    // The timeout turns a hang into a failure instead of a stuck CI run.
    test(name, { timeout: 20_000 }, async () => {
      const { service } = await indexedService({ ...exampleFiles(), [PATH]: text });
      const diagnostics = diagnosticsFor(service, PATH, text);
      assertInside(text, diagnostics);
      for (const d of diagnostics) assert.ok(d.message.length > 0 && d.message.length < 2000, `${d.code}: message of ${d.message.length} characters`);
    });
  }

  test('the alias bomb is reported as a YAML problem', async () => {
    const { service } = await indexedService({ [PATH]: CASES['YAML alias bomb'] });
    const codes = diagnosticsFor(service, PATH, CASES['YAML alias bomb']).map((d) => d.code);
    assert.ok(codes.includes('yaml-syntax'), codes.join(', '));
  });

  test('unterminated front matter is reported on the opening delimiter', async () => {
    const { service } = await indexedService({ [PATH]: CASES['unterminated front matter'] });
    const diagnostic = diagnosticsFor(service, PATH, CASES['unterminated front matter']).find((d) => d.code === 'frontmatter-unterminated');
    assert.deepEqual(diagnostic?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  });
});
