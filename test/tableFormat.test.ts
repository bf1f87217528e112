// Format Document on the Timeline and Action Items tables: pipes lined up by the
// columns an editor draws (CJK and emoji are two), cell text kept exactly, the
// rest of the document untouched; and the rows whose cell count is wrong.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-protocol';
import type { RcaService } from '../server/src/core/service';
import { applyEdits, displayWidth } from '../server/src/core/text';
import { formatTables } from '../server/src/features/tableFormat';
import { InProcessSession } from './lspSession';
import { diagnosticsFor, exampleFiles, indexedService, SEED_PATH, seedText, uriOf } from './support';

const seed = seedText();
let service: RcaService;
let version = 0;
before(async () => {
  ({ service } = await indexedService(exampleFiles()));
});

function format(text: string): string {
  return applyEdits(text, formatTables(service.openDocument(uriOf(SEED_PATH), ++version, text)));
}

/** The seed with its Timeline and Action Items tables replaced. */
function withTables(timeline: string, actions: string): string {
  const table = (from: string, to: string) => seed.slice(seed.indexOf('|', seed.indexOf(from)), seed.indexOf(to));
  return seed.replace(table('## Timeline', '## Root Cause'), `${timeline}\n`).replace(table('## Action Items', '## Related Incidents'), `${actions}\n`);
}

describe('display width', () => {
  test('wide and emoji graphemes are two columns, combining marks and joiners none', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('障害対応'), 8);
    assert.equal(displayWidth('ｆｕｌｌ'), 8);
    assert.equal(displayWidth('한국어'), 6);
    assert.equal(displayWidth('🔥 fire'), 7);
    assert.equal(displayWidth('❤️'), 2, 'a text symbol with the emoji variation selector');
    assert.equal(displayWidth('☺'), 1, 'a text symbol without it');
    assert.equal(displayWidth('👩‍👩‍👧'), 2, 'a ZWJ family is one grapheme');
    assert.equal(displayWidth('🇯🇵'), 2, 'a flag');
    assert.equal(displayWidth('e\u0301te\u0301'), 3, 'combining accents');
    assert.equal(displayWidth('a\u200bb'), 2, 'a zero-width space');
  });
});

describe('formatting aligns the tables', () => {
  const timeline = ['| Time (UTC) | Event |', '|---|:---:|', '| 20:05 | 監視アラート発報 🔥 |', '| 21:17 |Incident resolved|', ''].join('\n');
  const actions = [
    '| Priority | Action | Owner | Due Date |',
    '|:--|---|--:|---|',
    '| P1 | Escape `a|b` and a\\|b | DevOps | 2025-08-06 |',
    '|P2|Update [[runbook-recommendation-engine\\|runbook]] ✅|Platform Engineering|2025-08-13|',
    '',
  ].join('\n');

  test('pipes line up by display width; alignment colons kept; cell text as written', () => {
    const formatted = format(withTables(timeline, actions));
    const table = (from: string) => formatted.slice(formatted.indexOf('|', formatted.indexOf(from)), formatted.indexOf('\n\n', formatted.indexOf(from) + from.length + 2));
    assert.equal(
      table('## Timeline'),
      [
        '| Time (UTC) |        Event        |',
        '|------------|:-------------------:|',
        '| 20:05      | 監視アラート発報 🔥 |',
        '| 21:17      |  Incident resolved  |',
      ].join('\n'),
    );
    assert.equal(
      table('## Action Items'),
      [
        '| Priority | Action                                               |                Owner | Due Date   |',
        '|:---------|------------------------------------------------------|---------------------:|------------|',
        '| P1       | Escape `a|b` and a\\|b                                |               DevOps | 2025-08-06 |',
        '| P2       | Update [[runbook-recommendation-engine\\|runbook]] ✅ | Platform Engineering | 2025-08-13 |',
      ].join('\n'),
    );
    // Every line's pipes sit in the same display columns.
    for (const name of ['## Timeline', '## Action Items']) {
      const columns = table(name).split('\n').map((line) => pipeColumns(line).join());
      assert.equal(new Set(columns).size, 1, `${name}: ${columns.join(' / ')}`);
    }
  });

  test('only the two tables change: front matter, prose, other tables and code are left as written', () => {
    const extra = '\n## Notes\n\n| a | b |\n|-|-|\n| x |y|\n\n```\n| 1 |2|\n```\n';
    const text = withTables(timeline, actions) + extra;
    const formatted = format(text);
    const outside = (t: string) => [t.slice(0, t.indexOf('## Timeline')), t.slice(t.indexOf('## Root Cause'), t.indexOf('## Action Items')), t.slice(t.indexOf('## Related Incidents'))];
    assert.deepEqual(outside(formatted), outside(text));
  });

  test('formatting twice gives what formatting once does; the seed is left as it is', () => {
    const once = format(withTables(timeline, actions));
    assert.equal(format(once), once);
    assert.equal(formatTables(service.openDocument(uriOf(SEED_PATH), ++version, once)).length, 0);
    // The seed's tables have a delimiter row of dashes and unpadded cells: formatting pads, and only pads.
    const seedFormatted = format(seed);
    assert.equal(seedFormatted.replace(/[ -]/g, ''), seed.replace(/[ -]/g, ''));
    assert.equal(format(seedFormatted), seedFormatted);
  });

  test('CRLF line ends are kept', () => {
    const crlf = withTables(timeline, actions).replace(/\n/g, '\r\n');
    const formatted = format(crlf);
    assert.equal(formatted.replace(/\r\n/g, '').includes('\n'), false);
    assert.equal(formatted, format(withTables(timeline, actions)).replace(/\n/g, '\r\n'));
  });

  test('a short row stays short, a long row keeps its extra cell', () => {
    const formatted = format(withTables('| Time (UTC) | Event |\n|---|---|\n| 20:05 |\n| 21:17 | Incident resolved | extra |\n', actions));
    assert.match(formatted, /^\| 20:05      \|$/m);
    assert.match(formatted, /^\| 21:17      \| Incident resolved \| extra \|$/m);
  });

  test('a row of a lone | becomes one empty cell, at once: formatting again changes nothing', () => {
    const formatted = format(withTables('| Time (UTC) | Event |\n|---|---|\n| 20:05 | Alert |\n|\n', actions));
    assert.match(formatted, /^\|            \|$/m);
    assert.equal(format(formatted), formatted);
  });
});

describe('table-cell-count', () => {
  const check = (text: string) => diagnosticsFor(service, `rca/2025/cells-${++version}.md`, text).filter((d) => d.code === 'table-cell-count');
  const fixed = (text: string, title?: string) => {
    const [d] = check(text);
    const fix = d.fixes!.find((f) => (title ? f.title === title : f.preferred));
    assert.ok(fix, `${title ?? 'preferred'} among ${d.fixes!.map((f) => f.title).join(', ')}`);
    return applyEdits(text, fix.edits);
  };

  test('flags the row, on its text, with both counts', () => {
    const text = seed.replace('| 20:15 | Root cause identified |', '| 20:15 |');
    const [d] = check(text);
    assert.equal(d.message, 'This row has 1 cell; the Timeline header has 2');
    assert.equal(text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), '| 20:15 |');
    assert.deepEqual(check(seed), []);
  });

  test('missing cells are added, with or without a closing pipe', () => {
    assert.ok(fixed(seed.replace('| DevOps | 2025-08-06 |', '| DevOps |')).includes('| P1 | Implement monitoring for cache invalidation bug | DevOps |  |\n'));
    assert.ok(fixed(seed.replace('| DevOps | 2025-08-06 |', '| DevOps')).includes('| P1 | Implement monitoring for cache invalidation bug | DevOps |  |\n'));
  });

  test('a wiki-link\'s | is escaped; other extra cells merge into the last column; empty ones go; no text is lost', () => {
    const link = seed.replace('| P3 | Review similar services |', '| P3 | Review [[runbook-user-service|runbook]] |');
    assert.equal(fixed(link), seed.replace('| P3 | Review similar services |', '| P3 | Review [[runbook-user-service\\|runbook]] |'));
    const extra = seed.replace('| Backend Team | 2025-08-29 |', '| Backend Team | 2025-08-29 | or later | maybe |');
    assert.equal(check(extra)[0].fixes!.some((f) => f.preferred), false, 'merging is a choice, not applied by fix all');
    assert.equal(fixed(extra, 'Merge the extra cells into the last column (their "|" written "\\|")'), seed.replace('| Backend Team | 2025-08-29 |', '| Backend Team | 2025-08-29 \\| or later \\| maybe |'));
    assert.equal(fixed(seed.replace('| Backend Team | 2025-08-29 |', '| Backend Team | 2025-08-29 |  |   |')), seed);
  });
});

describe('formatting over LSP', () => {
  let session: InProcessSession;
  before(async () => {
    session = await InProcessSession.start();
  });
  after(() => session.close());

  test('the server offers document and range formatting; a range formats the tables it touches', async () => {
    const text = withTables('| Time (UTC) | Event |\n|---|---|\n| 20:05 | Monitoring alert triggered |\n', '| Priority | Action | Owner | Due Date |\n|---|---|---|---|\n| P1 | Act | DevOps | 2025-08-06 |\n');
    await session.openFile(SEED_PATH, text);
    const options = { tabSize: 2, insertSpaces: true };
    const whole = await session.request<TextEdit[]>('textDocument/formatting', SEED_PATH, undefined, { options });
    assert.deepEqual(new Set(whole.map((e) => e.range.start.line)).size, 6);
    const lines = text.split('\n');
    const [header, row] = [lines.indexOf('| Time (UTC) | Event |'), lines.indexOf('| 20:05 | Monitoring alert triggered |')];
    const some = await session.request<TextEdit[]>('textDocument/rangeFormatting', SEED_PATH, undefined, { options, range: { start: { line: row, character: 0 }, end: { line: row, character: 3 } } });
    assert.deepEqual(some.map((e) => e.range.start.line), [header + 1, header, row]);
    assert.deepEqual(some, whole.filter((e) => e.range.start.line <= row));
  });
});

/** The display columns of a line's unescaped pipes. */
function pipeColumns(line: string): number[] {
  const columns: number[] = [];
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\' && !inCode(line, i)) columns.push(displayWidth(line.slice(0, i)));
  return columns;
}

function inCode(line: string, at: number): boolean {
  return (line.slice(0, at).match(/`/g)?.length ?? 0) % 2 === 1;
}
