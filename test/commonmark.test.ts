// CommonMark blocks the scanner reads as markdown-it does: indented code, setext
// headings, HTML blocks and list items, through the index and the link diagnostics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scanBody } from '../server/src/core/markdown';
import { LineIndex } from '../server/src/core/text';
import { prepareRename } from '../server/src/features/rename';
import { workspaceSymbols } from '../server/src/features/symbols';
import { codesOf, diagnosticsFor, indexedService, uriOf } from './support';

const scan = (text: string) => scanBody(new LineIndex(text), 0);
const NOTE = 'notes/note.md';
const linkCodes = async (body: string) => {
  const { service } = await indexedService({ [NOTE]: 'Title\n=====\n\nSub part\n---\n\ntext\n' });
  return codesOf(diagnosticsFor(service, 'notes/other.md', `# Other\n\n${body}`)).filter((c) => c.startsWith('broken-'));
};

describe('CommonMark blocks', () => {
  test('[[x]] in an indented code block is code, not a link', async () => {
    assert.deepEqual(await linkCodes('Text.\n\n    [[missing]]\n    more code\n\n[[note]]\n'), []);
    assert.deepEqual(scan('a\n\n    [[x]]\n\tb [[y]]\n').links, []);
    // Indented lines continue a paragraph: they are not code.
    assert.deepEqual(scan('a\n    [[x]]\n').links.map((l) => l.target), ['x']);
  });

  test('setext headings are headings: [[note#Title]] resolves', async () => {
    const body = scan('Title\n=====\n\nSub part\n---\n\nnot --- a heading\n');
    assert.deepEqual(body.headings.map((h) => [h.level, h.text, h.range.start.line, h.range.end.line]), [
      [1, 'Title', 0, 1],
      [2, 'Sub part', 3, 4],
    ]);
    assert.deepEqual(await linkCodes('[[note#Title]] and [[note#Sub part]]\n'), []);
    assert.deepEqual(await linkCodes('[[note#Nowhere]]\n'), ['broken-heading-link']);
  });

  test('a list item over --- is not a setext heading; --- after a blank line is a rule', () => {
    assert.deepEqual(scan('- a\n- \n').headings, []);
    assert.deepEqual(scan('- item\n---\n').headings, []);
    assert.deepEqual(scan('text\n\n---\n').headings, []);
  });

  test('a paragraph ends at a fence, a thematic break or a comment: the --- after it is no underline', () => {
    assert.deepEqual(scan('---\n```\ncode\n```\n---\n').headings, []);
    assert.deepEqual(scan('text\n***\n---\n').headings, []);
    assert.deepEqual(scan('text\n<!-- note -->\nTitle\n---\n').headings.map((h) => [h.text, h.range.start.line]), [['Title', 2]]);
  });

  test('an underline in a list item makes its paragraph a heading; the item ends at a block left of its content', () => {
    assert.deepEqual(scan('- Part\n  ---\n').headings.map((h) => [h.level, h.text, h.textRange.start.character]), [[2, 'Part', 2]]);
    assert.deepEqual(scan('1. item\n\n      a\n<div>\n\n    [[code]]\n').links, []);
  });

  test('a setext heading over two lines: symbols point at its first line, rename declines', async () => {
    const text = 'Two\nlines\n---\n';
    const { service } = await indexedService({ 'notes/two.md': text });
    const [symbol] = workspaceSymbols('Two', service);
    assert.deepEqual(symbol.location.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
    const doc = service.openDocument(uriOf('notes/two.md'), 1, text);
    assert.ok('error' in prepareRename(doc, { line: 0, character: 1 }, service));
  });

  test('HTML blocks are not read for links: <pre>, <div>, <?…?>, <!X>, CDATA, a lone tag', async () => {
    const blocks = [
      '<pre>\n[[p1]]\n\n[[p2]]\n</pre>',
      '<div class="x">\n[[d1]]\n</div>',
      '<?php\n[[q]] ?>',
      '<!DOCTYPE\n[[dt]]>',
      '<![CDATA[\n[[cd]]\n]]>',
      '<custom-tag a="1">\n[[t]]',
    ];
    assert.deepEqual(await linkCodes(`${blocks.join('\n\n')}\n\n[[note]]\n`), []);
    assert.deepEqual(scan(`${blocks.join('\n\n')}\n\n[[after]]\n`).links.map((l) => l.target), ['after']);
    // A lone tag does not interrupt a paragraph; a blank line ends a <div> block.
    assert.deepEqual(scan('text\n<span>\n[[in-paragraph]]\n').links.map((l) => l.target), ['in-paragraph']);
    assert.deepEqual(scan('<div>\n\n[[after-div]]\n').links.map((l) => l.target), ['after-div']);
  });

  test('list items: indented content is the item\'s, deeper is code', () => {
    assert.deepEqual(scan('- item\n\n    [[continued]]\n').links.map((l) => l.target), ['continued']);
    assert.deepEqual(scan('- item\n\n      [[code]]\n').links, []);
    assert.deepEqual(scan('1. item\n\n   [[continued]]\n\n[[top]]\n').links.map((l) => l.target), ['continued', 'top']);
  });
});
