// Ordinary Markdown links read as CommonMark reads them: each form on its own, with
// its ranges, and seeded random bodies held to markdown-it's parse (the links and
// images it makes, with the destinations they point at).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { scanBody } from '../server/src/core/markdown';
import type { MarkdownLink } from '../server/src/core/model';
import { LineIndex } from '../server/src/core/text';
import { seededRandom } from './support';

const md = new MarkdownIt('commonmark');
type Token = ReturnType<typeof md.parse>[number];

function linksOf(text: string): MarkdownLink[] {
  return [...scanBody(new LineIndex(text), 0).markdownLinks];
}

/** A link as written: its kind, path and fragment, and the text of its ranges. */
function described(text: string, link: MarkdownLink) {
  const lines = text.split('\n');
  const at = (r: MarkdownLink['range']) => lines[r.start.line].slice(r.start.character, r.end.character);
  return { kind: link.kind, path: link.path, fragment: link.fragment, written: at(link.pathRange), fragmentWritten: link.fragmentRange && at(link.fragmentRange), whole: at(link.range) };
}

test('each link form: inline, angle brackets, titles, fragments, references, definitions', () => {
  const text = [
    'See [the runbook](../runbooks/runbook-a.md) and [rollback](runbook-b.md#Roll-back "title").',
    'Here [top](#summary), [spaced](<my note.md>), [encoded](my%20note.md \'t\') and [paren](a(1).md (t)).',
    '![diagram](img/d.png) [escaped](a\\)b.md) [query](c.md?x=1#h)',
    'A [full][Ref One], a [ref one][] and a [REF  one] reference; [undefined][nope] is text.',
    '',
    '[ref one]: ./defs/target.md "Title"',
    '[ext]: https://example.com/x.md',
    '[ext] and [mail](mailto:a@b.c) and [web](https://x.y/z.md) and [proto](//host/p.md) are external.',
  ].join('\n');
  assert.deepEqual(
    linksOf(text).map((l) => described(text, l)),
    [
      { kind: 'inline', path: '../runbooks/runbook-a.md', fragment: undefined, written: '../runbooks/runbook-a.md', fragmentWritten: undefined, whole: '[the runbook](../runbooks/runbook-a.md)' },
      { kind: 'inline', path: 'runbook-b.md', fragment: 'Roll-back', written: 'runbook-b.md', fragmentWritten: 'Roll-back', whole: '[rollback](runbook-b.md#Roll-back "title")' },
      { kind: 'inline', path: '', fragment: 'summary', written: '', fragmentWritten: 'summary', whole: '[top](#summary)' },
      { kind: 'inline', path: 'my note.md', fragment: undefined, written: 'my note.md', fragmentWritten: undefined, whole: '[spaced](<my note.md>)' },
      { kind: 'inline', path: 'my note.md', fragment: undefined, written: 'my%20note.md', fragmentWritten: undefined, whole: "[encoded](my%20note.md 't')" },
      { kind: 'inline', path: 'a(1).md', fragment: undefined, written: 'a(1).md', fragmentWritten: undefined, whole: '[paren](a(1).md (t))' },
      { kind: 'inline', path: 'img/d.png', fragment: undefined, written: 'img/d.png', fragmentWritten: undefined, whole: '![diagram](img/d.png)' },
      { kind: 'inline', path: 'a)b.md', fragment: undefined, written: 'a\\)b.md', fragmentWritten: undefined, whole: '[escaped](a\\)b.md)' },
      { kind: 'inline', path: 'c.md', fragment: 'h', written: 'c.md', fragmentWritten: 'h', whole: '[query](c.md?x=1#h)' },
      { kind: 'reference', path: './defs/target.md', fragment: undefined, written: './defs/target.md', fragmentWritten: undefined, whole: '[full][Ref One]' },
      { kind: 'reference', path: './defs/target.md', fragment: undefined, written: './defs/target.md', fragmentWritten: undefined, whole: '[ref one][]' },
      { kind: 'reference', path: './defs/target.md', fragment: undefined, written: './defs/target.md', fragmentWritten: undefined, whole: '[REF  one]' },
      { kind: 'definition', path: './defs/target.md', fragment: undefined, written: './defs/target.md', fragmentWritten: undefined, whole: '[ref one]: ./defs/target.md' },
    ],
  );
});

test('links in code spans, fenced and indented code, comments and HTML blocks are not links; nor are near misses', () => {
  const text = [
    'Code `[a](x1.md)` and ``[b](x2.md)`` and <!-- [c](x3.md) -->.',
    '',
    '```',
    '[d](x4.md)',
    '```',
    '',
    '    [e](x5.md)',
    '',
    '<div>',
    '[f](x6.md)',
    '</div>',
    '',
    '\\[g](x7.md) [h] (x8.md) [i](x9 .md) [j](x10.md [k](x11.md "unclosed) [l](<x12.md)',
    'The outer of [a [nested](inner.md) link](outer.md) is text.',
    'Text then',
    '[def]: not-a-definition.md',
  ].join('\n');
  assert.deepEqual(linksOf(text).map((l) => l.path), ['inner.md']);
});

// ---- Held to markdown-it ----

/** A random body of link forms and near misses in prose, headings, lists, code and comments; every destination is unique. */
function randomBody(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  let n = 0;
  const labels: string[] = [];
  const dest = () => {
    const k = n++;
    return pick([`d${k}.md`, `../f/d${k}.md#h${k}`, `#h${k}`, `d${k}%20x.md`, `<d${k} x.md>`, `d${k}(1).md`, `d${k}\\).md`, `https://x.y/d${k}.md`, `d${k}.png`]);
  };
  const title = () => pick(['', ' "t"', " 't'", ' (t)', ' "a (b)"', ' "unclosed', ' x']);
  const link = (): string =>
    pick([
      () => `[text](${dest()}${title()})`,
      () => `![alt](${dest()})`,
      () => `[a [b] c](${dest()})`,
      () => `[a [b](${dest()}) c](${dest()})`,
      () => `![a [b](${dest()})](${dest()})`,
      () => `\`[code](${dest()})\``,
      () => `\\[esc](${dest()})`,
      () => `[sp] (${dest()})`,
      () => `[open](${dest()}`,
      () => `[x](( ${dest()})`,
      () => {
        const label = `r${labels.length}`;
        labels.push(label);
        return pick([`[t][${label}]`, `[${label}][]`, `[${label}]`, `[${label.toUpperCase()}]`]);
      },
      () => `[t][missing${n++}]`,
    ])();
  const words = () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(['db', 'the', 'outage', 'fix'])).join(' ');
  const prose = () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => `${words()} ${link()}`).join(' ');
  const blocks: Array<() => string> = [
    () => prose(),
    () => `${'#'.repeat(1 + Math.floor(next() * 3))} ${prose()}`,
    () => `${pick(['- ', '1. '])}${prose()}\n${pick(['- ', '1. '])}${prose()}`,
    () => `\`\`\`\n${prose()}\n\`\`\``,
    () => `    ${prose()}`,
    () => `<!-- ${prose()} -->`,
    () => `${prose()}\n${prose()}`,
  ];
  const body = Array.from({ length: 2 + Math.floor(next() * 6) }, () => pick(blocks)()).join('\n\n');
  // Definitions after their uses, some missing, some external; a later duplicate loses.
  const definitions = labels.filter(() => next() < 0.8).map((label) => `[${label}]: ${pick([`def-${label}.md`, `<def ${label}.md>`, `https://x.y/${label}`, `def-${label}.md "t"`, `def-${label}.md#h`])}`);
  if (labels.length > 0) definitions.push(`[${labels[0]}]: duplicate.md`);
  return `${body}\n\n${definitions.join('\n')}\n`;
}

/** The destinations of markdown-it's links and images, as it normalizes them, external ones left out. */
function reference(text: string): string[] {
  const hrefs: string[] = [];
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      const href = token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null;
      if (typeof href === 'string' && !/^(?:[a-z][a-z0-9+.-]+:|\/\/)/i.test(href)) hrefs.push(href);
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(text, {}));
  return hrefs.sort();
}

/** Ours, in markdown-it's spelling: each inline link and reference's destination as written, unescaped and normalized. */
function ours(text: string): string[] {
  const lines = text.split('\n');
  return linksOf(text)
    .filter((l) => l.kind !== 'definition')
    .map((l) => {
      const end = l.fragmentRange?.end ?? l.pathRange.end;
      const written = lines[l.pathRange.start.line].slice(l.pathRange.start.character, end.character);
      return md.normalizeLink(md.utils.unescapeAll(written));
    })
    .sort();
}

test('ordinary links agree with markdown-it (400 seeded bodies)', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const text = randomBody(seed);
    assert.deepEqual(ours(text), reference(text), `seed ${seed}:\n${text}`);
  }
});
