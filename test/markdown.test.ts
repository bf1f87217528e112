// The Markdown body scanner: headings, sections, tables, wiki-links, masking, rca-disable.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTable, scanBody } from '../server/src/core/markdown';
import type { WikiLink } from '../server/src/core/model';
import { parseDocument } from '../server/src/core/parse';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { LineIndex, type Range } from '../server/src/core/text';
import { marked } from './support';

const scan = (text: string) => {
  const lines = new LineIndex(text);
  return { lines, body: scanBody(lines, 0) };
};
const doc = (text: string) => parseDocument('file:///ws/notes/doc.md', 1, text, DEFAULT_SETTINGS);
const line = (l: number, s: number, e: number): Range => ({ start: { line: l, character: s }, end: { line: l, character: e } });

describe('headings', () => {
  test('levels, text, text ranges and closing #s', () => {
    const { text, ranges } = marked(['# ⟦Title⟧', '', '## ⟦Summary⟧ ##', '###   ⟦Deep  text⟧   ', '   #### ⟦Indented⟧', '###### ⟦Six⟧ #', '#NotHeading', '####### Seven', '    # Code', 'Text # not', '## ⟦Trailing #hash⟧'].join('\n'));
    const { body } = scan(text);
    assert.deepEqual(
      body.headings.map((h) => [h.level, h.text, h.slug]),
      [
        [1, 'Title', 'title'],
        [2, 'Summary', 'summary'],
        [3, 'Deep  text', 'deep--text'],
        [4, 'Indented', 'indented'],
        [6, 'Six', 'six'],
        [2, 'Trailing #hash', 'trailing-hash'],
      ],
    );
    assert.deepEqual(
      body.headings.map((h) => h.textRange),
      ranges,
    );
    const lines = new LineIndex(text);
    for (const h of body.headings) assert.deepEqual(h.range, line(h.range.start.line, 0, lines.lineText(h.range.start.line).length));
  });

  test('an empty heading has empty text', () => {
    const { body } = scan('#\n## \n');
    assert.deepEqual(
      body.headings.map((h) => [h.level, h.text]),
      [
        [1, ''],
        [2, ''],
      ],
    );
  });

  test('headings inside fences are not headings', () => {
    const { body } = scan('# A\n```\n# not\n```\n~~~\n## not\n~~~\n## B\n');
    assert.deepEqual(body.headings.map((h) => h.text), ['A', 'B']);
  });
});

describe('sections', () => {
  test('H2 sections with their H3 children, ending before the next H2', () => {
    const d = doc(['# Title', '', '## One', 'text', '### One.A', 'a', '#### deep', '### One.B', 'b', '## Two', 'two', '### Two.A', ''].join('\n'));
    assert.equal(d.title?.text, 'Title');
    assert.deepEqual(
      d.sections.map((s) => [s.heading.text, s.range.start.line, s.range.end.line, s.children.map((c) => [c.heading.text, c.range.start.line, c.range.end.line])]),
      [
        [
          'One',
          2,
          8,
          [
            ['One.A', 4, 6],
            ['One.B', 7, 8],
          ],
        ],
        ['Two', 9, 12, [['Two.A', 11, 12]]],
      ],
    );
    assert.deepEqual(d.sections[0].range.end, { line: 8, character: 1 });
  });
});

describe('tables', () => {
  test('cells and their ranges; an escaped \\| stays in its cell', () => {
    const { text, ranges } = marked(['| ⟦Time⟧ | ⟦Event⟧ |', '|------|:-----:|', '| ⟦20:05⟧ | ⟦a \\| b⟧ |', '|⟦21:00⟧|⟦x⟧|', '', 'after'].join('\n'));
    const { lines, body } = scan(text);
    assert.equal(body.tableSpans.length, 1);
    const table = readTable(body, lines, body.tableSpans[0]);
    assert.equal(table.headerLine, 0);
    assert.deepEqual(
      table.header.map((c) => c.text),
      ['Time', 'Event'],
    );
    assert.deepEqual(
      table.rows.map((r) => [r.line, r.cells.map((c) => c.text)]),
      [
        [2, ['20:05', 'a \\| b']],
        [3, ['21:00', 'x']],
      ],
    );
    assert.deepEqual([...table.header, ...table.rows.flatMap((r) => r.cells)].map((c) => c.range), ranges);
  });

  test('a table without a separator row is not a table; a blank line ends one', () => {
    assert.equal(scan('| a | b |\n| c | d |\n').body.tableSpans.length, 0);
    const { body } = scan('| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n');
    assert.deepEqual(body.tableSpans.map((t) => [t.headerLine, t.rowLines]), [[0, [2]]]);
  });

  test('pipes in code spans do not split cells', () => {
    const { lines, body } = scan('| a | b |\n|---|---|\n| `x | y` | z |\n');
    const table = readTable(body, lines, body.tableSpans[0]);
    assert.equal(table.rows[0].cells.length, 2);
    assert.equal(table.rows[0].cells[1].text, 'z');
  });
});

function linkParts(link: WikiLink) {
  return { target: link.target, heading: link.heading, alias: link.alias };
}

describe('wiki-links', () => {
  test('[[t]], [[t|alias]], [[t#H]], [[t#H|a]], [[#H]] with exact ranges', () => {
    const source = [
      'See ⟦[[⟦target⟧]]⟧ here.',
      '⟦[[⟦target⟧|⟦Some alias⟧]]⟧',
      '⟦[[⟦target⟧#⟦Root Cause⟧]]⟧',
      '⟦[[⟦folder/target⟧#⟦H⟧|⟦a⟧]]⟧',
      '⟦[[#⟦Local heading⟧]]⟧',
      '⟦[[ ⟦spaced⟧ # ⟦H 2⟧ | ⟦al⟧ ]]⟧',
    ].join('\n');
    const { text, ranges } = marked(source);
    const { body } = scan(text);
    const r = ranges;
    assert.deepEqual(
      body.links.map(linkParts),
      [
        { target: 'target', heading: undefined, alias: undefined },
        { target: 'target', heading: undefined, alias: 'Some alias' },
        { target: 'target', heading: 'Root Cause', alias: undefined },
        { target: 'folder/target', heading: 'H', alias: 'a' },
        { target: '', heading: 'Local heading', alias: undefined },
        { target: 'spaced', heading: 'H 2', alias: 'al' },
      ],
    );
    const [l0, t0, l1, t1, a1, l2, t2, h2, l3, t3, h3, a3, l4, h4, l5, t5, h5, a5] = r;
    const expected = [
      { range: l0, targetRange: t0, headingRange: undefined, aliasRange: undefined },
      { range: l1, targetRange: t1, headingRange: undefined, aliasRange: a1 },
      { range: l2, targetRange: t2, headingRange: h2, aliasRange: undefined },
      { range: l3, targetRange: t3, headingRange: h3, aliasRange: a3 },
      { range: l4, targetRange: line(4, 2, 2), headingRange: h4, aliasRange: undefined },
      { range: l5, targetRange: t5, headingRange: h5, aliasRange: a5 },
    ];
    assert.deepEqual(
      body.links.map((l) => ({ range: l.range, targetRange: l.targetRange, headingRange: l.headingRange, aliasRange: l.aliasRange })),
      expected,
    );
  });

  test('[[t\\|alias]] in a table cell: the escaped pipe separates the alias and does not split the cell', () => {
    const { text, ranges } = marked(['| Link | Note |', '|------|------|', '| ⟦[[⟦runbook⟧\\|⟦Runbook⟧]]⟧ | x |'].join('\n'));
    const { lines, body } = scan(text);
    const [whole, target, alias] = ranges;
    assert.equal(body.links.length, 1);
    assert.deepEqual(linkParts(body.links[0]), { target: 'runbook', heading: undefined, alias: 'Runbook' });
    assert.deepEqual(body.links[0].range, whole);
    assert.deepEqual(body.links[0].targetRange, target);
    assert.deepEqual(body.links[0].aliasRange, alias);
    const table = readTable(body, lines, body.tableSpans[0]);
    assert.deepEqual(
      table.rows[0].cells.map((c) => c.text),
      ['[[runbook\\|Runbook]]', 'x'],
    );
    assert.deepEqual(table.rows[0].cells[0].range, whole);
  });

  test('[[t#H\\|a]] in a table cell keeps the heading', () => {
    const { body } = scan('| a |\n|---|\n| [[t#Root Cause\\|why]] |\n');
    assert.deepEqual(linkParts(body.links[0]), { target: 't', heading: 'Root Cause', alias: 'why' });
  });

  test('not links: code spans, fences, HTML comments, escaped \\[[, empty [[]]', () => {
    const text = [
      'Inline `[[code]]` and ``[[double `tick`]]`` spans.', // 0
      '```', // 1
      '[[fenced]]', // 2
      '```', // 3
      '~~~markdown', // 4
      '[[tilde]]', // 5
      '```', // 6 (does not close a ~~~ fence)
      '[[still tilde]]', // 7
      '~~~~', // 8
      '<!-- a comment [[c1]]', // 9
      'still comment [[c2]]', // 10
      '-->  [[after-comment]]', // 11
      'Escaped \\[[not-a-link]] and [[]] and [[ ]].', // 12
      '<!-- one-line [[c3]] --> [[visible]] `[[x]]`', // 13
      '````', // 14
      '```', // 15
      '[[inside-four]]', // 16
      '````', // 17
      '[[last]]', // 18
    ].join('\n');
    const { body } = scan(text);
    assert.deepEqual(
      body.links.map((l) => [l.target, l.range.start.line]),
      [
        ['after-comment', 11],
        ['visible', 13],
        ['last', 18],
      ],
    );
    assert.equal(body.links[0].range.start.character, 5);
    for (const hidden of [2, 5, 7, 10, 16]) assert.ok(body.hiddenLines.has(hidden), `line ${hidden} hidden`);
  });

  test('an inline comment runs across its paragraph\'s lines, not out of it', () => {
    const targets = (text: string) => scan(text).body.links.map((l) => l.target);
    assert.deepEqual(targets('Text <!-- a note\nwith [[hidden]] in it --> and [[shown]]\n'), ['shown']);
    assert.deepEqual(targets('- item <!-- todo\n  [[hidden]] -->\n- [[next]]\n'), ['next']);
    // A blank line, a heading or a fence ends the paragraph: the `<!--` was literal text.
    assert.deepEqual(targets('Text <!-- a note\n\n[[after-blank]] -->\n'), ['after-blank']);
    assert.deepEqual(targets('Text <!-- a note\n## H [[in-heading]]\n-->\n'), ['in-heading']);
    // A heading and a table row are one line each.
    assert.deepEqual(targets('## H <!-- x\n[[after-heading]] -->\n'), ['after-heading']);
    assert.deepEqual(targets('| a | b <!-- x |\n|---|---|\n| [[in-table]] | --> |\n'), ['in-table']);
  });

  test('a paragraph of many unclosed `<!--` keeps every link', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} <!-- open [[l${i}]]`);
    assert.equal(scan(lines.join('\n') + '\n').body.links.length, 2000);
  });

  test('an unclosed code span is not a code span', () => {
    const { body } = scan('A `tick and [[real]].\n');
    assert.deepEqual(body.links.map((l) => l.target), ['real']);
  });
});

describe('rca-disable comments', () => {
  test('codes are read from <!-- rca-disable a b -->', () => {
    assert.deepEqual([...scan('# T\n<!-- rca-disable a b -->\n').body.disabledCodes].sort(), ['a', 'b']);
    assert.deepEqual([...scan('<!-- rca-disable link-missing, yaml-syntax -->\n').body.disabledCodes].sort(), ['link-missing', 'yaml-syntax']);
    assert.deepEqual([...scan('<!-- rca-disable -->\n').body.disabledCodes], ['*']);
    assert.deepEqual([...scan('<!-- rca-disabled x -->\n<!-- not rca-disable -->\n').body.disabledCodes], []);
  });

  test('inside a fence it is an example, not a directive', () => {
    assert.deepEqual([...scan('```\n<!-- rca-disable a -->\n```\n').body.disabledCodes], []);
  });

  test('through parseDocument', () => {
    const d = doc('---\ntitle: x\n---\n# T\n\n<!-- rca-disable heading-missing -->\n');
    assert.deepEqual([...d.disabledCodes], ['heading-missing']);
  });
});
